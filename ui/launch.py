"""The ``annotator`` console script: the desktop app with no arguments, else the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from annotator.cli import app as cli_app


def open_app(
    project: Annotated[
        Path | None, typer.Argument(help="Project to open; defaults to the sample project.")
    ] = None,
) -> None:
    """Open the desktop app (the default when no command is given)."""
    from ui.app import run  # Qt is imported only when the window is wanted

    raise typer.Exit(run(project))


cli_app.command("app")(open_app)


def main() -> None:
    if len(sys.argv) == 1:
        sys.argv.append("app")
    cli_app()


if __name__ == "__main__":
    main()
