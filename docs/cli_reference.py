"""Writes docs/cli.md, the command-line reference, from the ``--help`` of every command.

    .venv/bin/python docs/cli_reference.py

tests/core/test_cli_docs.py fails when docs/cli.md differs from what this writes, so the
reference cannot drift from the commands: change a command's help, run this, commit both.
It runs in a process of its own: it adds the desktop app's ``app`` command to the command
line, as the ``annotator`` script does.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from annotator.cli import app
from ui.launch import open_app

OUTPUT = Path(__file__).resolve().parent / "cli.md"
# Help as it shows in any terminal of 80 columns or more (click keeps 2 columns free), whatever
# the terminal this runs in.
WIDTH = 78

HEADER = """# Command-line reference

Generated from `--help` by `docs/cli_reference.py`; do not edit by hand (a test compares).

`annotator` with no arguments opens the desktop app; `annotator --self-test` checks an
installation (the desktop bundle too) and exits; `annotator --version` prints the version.
`python -m annotator` is the same program. Every command takes `--help`, and every command
but `app` takes `--json`: its result as one JSON document on stdout, for scripts (errors
stay one line on stderr, with exit status 1). The document is indented when stdout is a
terminal and on one line in a pipe or a file (`| python -m json.tool` indents it there).

Long work (import, detect, export, merge, train, compare) shows a progress bar on stderr
when stderr is a terminal; in a pipe, a file or CI nothing is drawn.

## Shell completion

`annotator --install-completion` completes commands, options and file names in your shell
(bash, zsh, fish or PowerShell, detected): it adds a line to the shell's start-up file, and
works from the next shell you open. `annotator --show-completion` prints the script for the
shell it runs in, to install by hand: in bash, `annotator --show-completion >
~/.annotator-complete.bash`, then `source ~/.annotator-complete.bash` in `~/.bashrc`.
Completion is for the `annotator` command (not `python -m annotator`).

## annotator
"""


def _context(command: Any, name: str, parent: typer.Context | None) -> typer.Context:
    return typer.Context(command, parent=parent, info_name=name, terminal_width=WIDTH)


def _sections(command: Any, context: typer.Context, level: int) -> list[str]:
    """The help of ``command`` and, for a group, of each of its commands (in help order)."""
    parts = ["```text", command.get_help(context).rstrip("\n"), "```", ""]
    for name, sub in getattr(command, "commands", {}).items():
        inner = _context(sub, name, context)
        parts += [f"{'#' * level} {inner.command_path}", ""]
        parts += _sections(sub, inner, level + 1)
    return parts


def render() -> str:
    """docs/cli.md's text."""
    app.command("app")(open_app)  # the desktop app's command, as ui.launch adds it
    root = typer.main.get_command(app)
    return "\n".join([HEADER, *_sections(root, _context(root, "annotator", None), 2)])


def main(argv: list[str]) -> None:
    """Write docs/cli.md; with ``--stdout``, print the text instead (the test compares it)."""
    text = render()
    if "--stdout" in argv:
        sys.stdout.write(text)
        return
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
