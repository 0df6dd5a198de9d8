"""Progress bars: drawn on stderr from the core's progress callbacks when stderr is a
terminal, and nothing at all otherwise (pipes, files, CI, scripts reading --json)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from annotator.cli import app
from annotator.cli.progress_bar import progress_bar
from annotator.paths import resource_path
from annotator.store import Project

runner = CliRunner()
SCRIPT = Path(sys.executable).parent / "annotator"
SAMPLES = resource_path("samples", "idlib-2020")


def test_the_bar_shows_the_core_s_notes_and_counts_on_a_terminal():
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with progress_bar("Importing", console=console) as progress:
        progress(0, None, "Reading a.jsonl")  # total unknown: a spinner
        progress(3, 10, "Reading b.jsonl")
    drawn = screen.getvalue()
    assert "Reading b.jsonl" in drawn and "3/10" in drawn
    assert "\x1b[" in drawn  # drawn with terminal controls, and taken away at the end


def test_no_terminal_no_bar_and_no_rich():
    # CliRunner's streams are not terminals: the callback is the core's silent default
    code = (
        "import sys; from annotator.cli.progress_bar import progress_bar\n"
        "with progress_bar('Importing') as progress:\n"
        "    progress(1, 2, 'Reading')\n"
        "print('rich' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert (result.stdout, result.stderr) == ("False\n", "")


@pytest.mark.parametrize("as_json", [False, True])
def test_an_import_in_a_pipe_prints_only_its_result(tmp_path, as_json):
    project = tmp_path / "p.sqlite"
    runner.invoke(app, ["new", str(project)])
    args = ["import", str(project), str(SAMPLES)] + (["--json"] if as_json else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    if as_json:
        assert json.loads(result.stdout)["added"] == 5
    else:
        assert result.stdout.startswith("5 article(s) added")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_an_import_with_stderr_on_a_terminal_draws_a_bar_and_keeps_stdout_clean(tmp_path):
    import pty

    project = tmp_path / "p.sqlite"
    runner.invoke(app, ["new", str(project)])
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [str(SCRIPT), "import", str(project), str(SAMPLES), "--json"],
            stdout=subprocess.PIPE,
            stderr=follower,
            env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
            timeout=120,
            check=False,
        )
        os.close(follower)
        follower = -1
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once read to the end
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert result.returncode == 0, drawn
    assert json.loads(result.stdout)["added"] == 5  # stdout: the JSON alone
    screen = drawn.decode("utf-8", errors="replace")
    # a bar with the importer's notes (the sample folder is one manifest of five articles)
    assert "\x1b[" in screen and "Importing" in screen, screen
    assert "Saved 5 article(s)" in screen and "1/1" in screen, screen


@pytest.fixture
def drawn(monkeypatch) -> list[tuple]:
    """Every command module's bars drawn on a forced terminal; the callback's calls recorded
    as (bar, done, total, note)."""
    from contextlib import contextmanager

    from annotator.cli import progress_bar as module

    calls: list[tuple] = []

    @contextmanager
    def recording(description, **options):
        console = Console(file=io.StringIO(), force_terminal=True, width=100)
        with module.progress_bar(description, console=console) as progress:

            def callback(done, total=None, note=""):
                calls.append((description, done, total, note))
                progress(done, total, note)

            yield callback

    for name in ("project", "detect", "export", "exchange", "train", "compare"):
        monkeypatch.setattr(f"annotator.cli.{name}_commands.progress_bar", recording)
    return calls


def invoke(*args) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.stdout


def test_long_commands_drive_their_bar_from_the_core_s_progress(tmp_path, drawn):
    project = tmp_path / "p.sqlite"
    invoke("new", project)
    work = [
        ("Importing", ["import", project, SAMPLES]),
        ("Detecting", ["detect", "--project", project, "--tier", "blank"]),
        ("Exporting", ["export", project, "-o", tmp_path / "a.jsonl", "--source", "all-coders"]),
        ("Comparing", ["compare", project, "--json"]),
    ]
    for bar, args in work:
        if bar == "Exporting":  # something to export: a coder's word in every article
            with Project.open(project) as opened:
                coder = opened.coders.add("Ann").uuid
                for article in opened.articles.ids():
                    opened.spans.add(article, coder, "loaded", "emotive", 0, 3)
        drawn.clear()
        invoke(*args)
        assert drawn, f"{bar}: no progress"
        assert {call[0] for call in drawn} == {bar}
        # counted against totals the core knows (a command may go through several steps)
        counted = [(done, total) for _, done, total, _ in drawn if total is not None]
        assert all(0 <= done <= total for done, total in counted), f"{bar}: {drawn}"
        assert any(done == total > 0 for done, total in counted), f"{bar}: {drawn}"


def test_merge_drives_its_bar(tmp_path, drawn):
    project = tmp_path / "p.sqlite"
    invoke("new", project)
    invoke("import", project, SAMPLES)
    copy = tmp_path / "ann.sqlite"
    invoke("coder-copy", project, "--coder", "Ann", "-o", copy)
    drawn.clear()
    invoke("merge", project, copy)
    assert drawn and {call[0] for call in drawn} == {"Merging"}
    _, done, total, _ = drawn[-1]
    assert done == total == 1, drawn  # one coder file merged
