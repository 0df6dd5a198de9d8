"""File › Export labels: write the chosen labels in the chosen format (the Export dialog
collects the choices and shows what was written)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QWidget

from annotator.adjudication import without_unfinished_gold
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
    include_partial: bool = False,
) -> Task:
    """Gold leaves out partly adjudicated articles unless ``include_partial``."""

    def work(project, progress):
        chosen = options
        if not include_partial:
            selection = without_unfinished_gold(project, options.selection)
            chosen = replace(options, selection=selection)
        return export_project(project, target, chosen, progress)

    return runner().run(
        parent,
        "Exporting labels",
        work,
        on_done,
        on_failed,
        on_cancelled,
        project=project_path,
    )
