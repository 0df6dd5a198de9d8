"""The ``annotator`` command line. ``ui.launch`` adds the desktop app on top of it.

One module per group of commands, each registering its commands on ``app`` when imported.
"""

from annotator.cli import (
    agree_commands,  # noqa: F401 - registers agree (a project's coders)
    agree_matrix_commands,  # noqa: F401 - registers agree-matrix (a reliability matrix file)
    compare_commands,  # noqa: F401 - registers compare
    detect_commands,  # noqa: F401 - registers the commands
    exchange_commands,  # noqa: F401 - registers the commands
    export_commands,  # noqa: F401 - registers the commands
    gold_commands,  # noqa: F401 - registers the commands
    project_commands,  # noqa: F401 - registers the commands
    study_commands,  # noqa: F401 - registers plan and progress
    train_commands,  # noqa: F401 - registers the commands
)
from annotator.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
