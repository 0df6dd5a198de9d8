"""The ``annotator`` console script: the desktop app with no arguments, else the command line.

With no arguments the window opens without loading the command line (typer, and the commands'
own imports), so it shows as fast as possible.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

# typer's completion variable for the program named "annotator" (_{NAME}_COMPLETE)
COMPLETE_VAR = "_ANNOTATOR_COMPLETE"


def open_app(
    project: Annotated[
        Path | None, typer.Argument(help="Project to open; defaults to the sample project.")
    ] = None,
) -> None:
    """Open the desktop app (the default when no command is given)."""
    from ui.app import run  # Qt is imported only when the window is wanted

    raise typer.Exit(run(project))


def completing() -> bool:
    """The shell asks for completions: its completion script runs ``annotator`` with no
    arguments and this variable set (``annotator --install-completion``)."""
    return COMPLETE_VAR in os.environ


def main() -> None:
    if getattr(sys, "frozen", False):  # a frozen bundle's worker processes (detect, compare)
        import multiprocessing

        multiprocessing.freeze_support()
    if "--self-test" in sys.argv[1:]:  # first: it must work in the desktop bundle too
        from ui.self_test import main as self_test

        self_test()
    if len(sys.argv) == 1 and not completing():
        from ui.app import run

        sys.exit(run())
    from annotator.cli import app as cli_app

    cli_app.command("app")(open_app)
    cli_app()


if __name__ == "__main__":
    main()
