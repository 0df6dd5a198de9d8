"""The ``annotator`` console script: the desktop app with no arguments, else the command line.

With no arguments the window opens without loading the command line (typer, and the commands'
own imports), so it shows as fast as possible.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path
from typing import Annotated

import typer


def open_app(
    project: Annotated[
        Path | None, typer.Argument(help="Project to open; defaults to the sample project.")
    ] = None,
) -> None:
    """Open the desktop app (the default when no command is given)."""
    from ui.app import run  # Qt is imported only when the window is wanted

    raise typer.Exit(run(project))


def main() -> None:
    multiprocessing.freeze_support()  # a frozen bundle's worker processes (detect, compare)
    if "--self-test" in sys.argv[1:]:  # first: it must work in the desktop bundle too
        from ui.self_test import main as self_test

        self_test()
    if len(sys.argv) == 1:
        from ui.app import run

        sys.exit(run())
    from annotator.cli import app as cli_app

    cli_app.command("app")(open_app)
    cli_app()


if __name__ == "__main__":
    main()
