"""Long jobs started from the window: importing articles and running detection.

Each runs as a Task (ui/workers.py) on its own project connection, and the window refreshes
when it ends. Cancel rolls the job back: an import or a detection run is one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from annotator.ingest import ImportOptions, import_paths
from annotator.store import Project
from ui.detection import detect_in_project
from ui.workers import Task

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _start(window: MainWindow, task: Task) -> Task:
    window.tasks.append(task)
    task.finished.connect(lambda: window.tasks.remove(task) if task in window.tasks else None)
    return task


def import_files(window: MainWindow, paths: list[Path], skip_bad: bool = False) -> Task:
    project_path = window.project.path

    def work(progress):
        with Project.open(project_path, backup=False) as project:
            return import_paths(project, paths, ImportOptions(skip_bad=skip_bad), progress)

    def done(report) -> None:
        window.refresh_list()
        lines = [report.summary() + "."]
        lines += [
            f"{name}: not UTF-8, read as {encoding}" for name, encoding in report.encodings.items()
        ]
        lines += [f"Skipped {problem}" for problem in report.skipped[:20]]
        if len(report.skipped) > 20:
            lines.append(f"… and {len(report.skipped) - 20} more")
        QMessageBox.information(window, "Import finished", "\n".join(lines))
        if report.added:
            detect(window, report.added)

    def failed(message: str) -> None:
        if skip_bad:
            QMessageBox.warning(window, "Import failed", message)
            return
        answer = QMessageBox.question(
            window,
            "Import stopped",
            f"{message}\n\nImport the other files and lines, and list what was skipped?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            import_files(window, paths, skip_bad=True)

    def cancelled() -> None:
        window.statusBar().showMessage("Import cancelled; nothing was imported.", 8000)

    return _start(window, Task(window, "Importing articles", work, done, failed, cancelled))


def detect(
    window: MainWindow, article_ids: list[int] | None = None, show_dialog: bool = True
) -> Task:
    """Detect suggestions in some articles (None: all) and redraw when done."""
    project_path = window.project.path
    window.set_tier("loading…")

    def done(result) -> None:
        window.set_tier(result["description"])
        window.refresh_list()
        window.statusBar().showMessage(
            f"Detection: {result['suggestions']} suggestion(s) in {result['articles']} article(s).",
            8000,
        )

    def failed(message: str) -> None:
        window.set_tier("failed")
        QMessageBox.warning(window, "Detection failed", message)

    def cancelled() -> None:
        window.set_tier("cancelled")
        window.statusBar().showMessage("Detection cancelled; suggestions are as they were.", 8000)

    return _start(
        window,
        Task(
            window,
            "Detecting loaded language and attribution",
            lambda progress: detect_in_project(project_path, article_ids, progress),
            done,
            failed,
            cancelled,
            show_dialog=show_dialog,
        ),
    )
