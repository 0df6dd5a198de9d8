"""The ``annotator`` command line. ``ui.launch`` adds the desktop app on top of it."""

import annotator.cli.agreement_commands  # noqa: F401 - registers the commands
from annotator.cli import (
    agree_commands,  # noqa: F401 - registers the commands
    compare_commands,  # noqa: F401 - registers the commands
    detect_commands,  # noqa: F401 - registers the commands
    exchange_commands,  # noqa: F401 - registers the commands
    export_commands,  # noqa: F401 - registers the commands
    gold_commands,  # noqa: F401 - registers the commands
    project_commands,  # noqa: F401 - registers the commands
    train_commands,  # noqa: F401 - registers the commands
)
from annotator.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
