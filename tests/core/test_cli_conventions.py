"""What every command shares: --json, examples on their own lines, help that fits 80 columns,
--version, shell completion, and ``python -m annotator`` being the ``annotator`` program."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
import types
from importlib import metadata
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from annotator import __version__
from annotator.cli import app

runner = CliRunner()
SCRIPT = Path(sys.executable).parent / "annotator"
WIDTH = 80


def commands() -> list[tuple[str, typer.Context]]:
    """(name, context) of every command that runs something, subcommands included."""
    found = []

    def walk(command, context):
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            found.append((context.command_path, context))
            return
        for name, sub in subcommands.items():
            walk(sub, typer.Context(sub, parent=context, info_name=name, terminal_width=WIDTH))

    root = typer.main.get_command(app)
    walk(root, typer.Context(root, info_name="annotator", terminal_width=WIDTH))
    return found


COMMANDS = commands()


def test_every_command_is_found():
    names = {name for name, _ in COMMANDS}
    assert {"annotator detect", "annotator coder add", "annotator backup"} <= names


@pytest.mark.parametrize(("name", "context"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_takes_json(name, context):
    options = {opt for param in context.command.params for opt in param.opts}
    assert "--json" in options, f"{name} has no --json"


@pytest.mark.parametrize(("name", "context"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_shows_examples_one_per_line(name, context):
    help_text = context.command.get_help(context)
    lines = help_text.splitlines()
    too_wide = [line for line in lines if len(line) > WIDTH]
    assert not too_wide, f"{name}: wider than {WIDTH} columns: {too_wide}"
    heads = [n for n, line in enumerate(lines) if line.strip() in ("Example:", "Examples:")]
    assert len(heads) == 1, f"{name}: needs one Example(s): block"
    block = []
    for line in lines[heads[0] + 1 :]:
        if not line.strip():
            break
        block.append(line)
    assert block, f"{name}: an empty Example(s): block"
    continued = False
    for line in block:
        # each example starts its own line; a long one goes on after a trailing backslash
        if not continued:
            assert line.lstrip().startswith("annotator "), f"{name}: {line!r}"
            assert line.count("annotator ") == 1, f"{name}: two examples on a line: {line!r}"
        continued = line.endswith("\\")
    assert not continued, f"{name}: the last example ends with a backslash"


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"annotator {__version__}\n"
    # the package's metadata (pyproject.toml) says the same
    assert metadata.version("media-bias-annotator") == __version__


def test_completion_is_on_and_completes_commands_and_options():
    shown = runner.invoke(app, ["--help"]).output
    assert "--install-completion" in shown and "--show-completion" in shown
    asked = {"_ANNOTATOR_COMPLETE": "complete_bash", "COMP_CWORD": "1"}
    result = runner.invoke(
        app, [], env={**asked, "COMP_WORDS": "annotator exp"}, prog_name="annotator"
    )
    assert result.output.split() == ["export"]
    asked["COMP_CWORD"] = "3"
    words = "annotator export study.sqlite --fo"
    result = runner.invoke(app, [], env={**asked, "COMP_WORDS": words}, prog_name="annotator")
    assert set(result.output.split()) == {"--format", "--force"}


@pytest.fixture
def fake_desktop_app(monkeypatch):
    """ui.app with a ``run`` that records its call instead of opening a window."""
    calls: list[tuple] = []

    def run(*args):
        calls.append(args)
        return 0

    monkeypatch.setitem(sys.modules, "ui.app", types.SimpleNamespace(run=run))
    return calls


def test_the_completion_script_running_annotator_does_not_open_the_app():
    # what the installed bash completion runs: the `annotator` script with no arguments and
    # these variables (typer names the variable after the program as the shell calls it)
    asked = {"_ANNOTATOR_COMPLETE": "complete_bash", "COMP_WORDS": "annotator mer"}
    result = subprocess.run(
        [str(SCRIPT)],
        env={**os.environ, **asked, "COMP_CWORD": "1"},
        capture_output=True,
        text=True,
        timeout=60,  # an app opened instead would still be running
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["merge"]


def test_python_m_annotator_with_no_command_opens_the_desktop_app(monkeypatch, fake_desktop_app):
    monkeypatch.setattr(sys, "argv", [str(Path("annotator", "__main__.py"))])
    with pytest.raises(SystemExit) as ended:
        runpy.run_module("annotator", run_name="__main__", alter_sys=True)
    assert ended.value.code == 0
    assert fake_desktop_app == [()]  # ui.app.run(): the app on the sample project


def test_python_m_annotator_is_the_annotator_program():
    env = {**os.environ, "COLUMNS": "80"}

    def shown(*argv: str) -> str:
        result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    for args in (["--help"], ["app", "--help"], ["--version"]):
        by_script = shown(str(SCRIPT), *args)
        by_module = shown(sys.executable, "-m", "annotator", *args)
        assert by_module == by_script.replace("Usage: annotator", "Usage: python -m annotator")
