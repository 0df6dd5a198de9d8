"""Supervisor › Make a coder copy: the project for one coder, written to a new file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from annotator.exchange import CoderCopy, make_coder_copy
from ui.project_window import ProjectWindow
from ui.tasks import Task, runner


def write_coder_copy(window: ProjectWindow, name: str, target: Path) -> Task:
    def done(made: CoderCopy) -> None:
        QMessageBox.information(
            window.widget(),
            "Coder copy made",
            f"{made.path}\n\nFor {made.coder.name}: {made.articles} articles, "
            f"{made.suggestions} suggestions and none of the other coders' labels.",
        )

    def failed(message: str) -> None:
        QMessageBox.warning(window.widget(), "No coder copy made", message)

    return runner().run(
        window.widget(),
        "Making a coder copy",
        lambda project, progress: make_coder_copy(project, name, target),
        done,
        failed,
        project=window.project.path,
    )
