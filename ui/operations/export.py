"""File › Export labels: write the chosen labels in the chosen format (the Export dialog
collects the choices and shows what was written)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from annotator.export import ExportOptions, export_project
from ui.tasks import Task, runner


def export_labels(
    parent: QWidget,
    project_path: Path,
    target: Path,
    options: ExportOptions,
    on_done: Callable,
    on_failed: Callable[[str], None],
    on_cancelled: Callable[[], None],
) -> Task:
    return runner().run(
        parent,
        "Exporting labels",
        lambda project, progress: export_project(project, target, options, progress),
        on_done,
        on_failed,
        on_cancelled,
        project=project_path,
    )
