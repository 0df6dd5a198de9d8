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
installation (the desktop bundle too) and exits. Every command takes `--help`.
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
