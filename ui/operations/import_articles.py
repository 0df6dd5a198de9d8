"""File › Import articles (and dropping files on the window): import, then detect in the new
articles. An import is one transaction: a Cancel or a failure leaves the project as it was."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from ui.operations.detect import detect
from ui.project_window import ProjectWindow
from ui.tasks import Task, runner

if TYPE_CHECKING:
    from annotator.ingest import ImportReport

SHOWN_PROBLEMS = 20


def import_files(window: ProjectWindow, paths: list[Path], skip_bad: bool = False) -> Task:
    def work(project, progress) -> ImportReport:
        from annotator.ingest import ImportOptions, import_paths  # not at launch: 0.15 s

        return import_paths(project, paths, ImportOptions(skip_bad=skip_bad), progress)

    def done(report: ImportReport) -> None:
        window.refresh_list()
        lines = [report.summary() + "."]
        lines += [
            f"{name}: not UTF-8, read as {encoding}" for name, encoding in report.encodings.items()
        ]
        lines += [f"Skipped {problem}" for problem in report.skipped[:SHOWN_PROBLEMS]]
        if len(report.skipped) > SHOWN_PROBLEMS:
            lines.append(f"… and {len(report.skipped) - SHOWN_PROBLEMS} more")
        QMessageBox.information(window.widget(), "Import finished", "\n".join(lines))
        if report.added:
            detect(window, report.added)

    def failed(message: str) -> None:
        if skip_bad:
            QMessageBox.warning(window.widget(), "Import failed", message)
            return
        answer = QMessageBox.question(
            window.widget(),
            "Import stopped",
            f"{message}\n\nImport the other files and lines, and list what was skipped?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            import_files(window, paths, skip_bad=True)

    def cancelled() -> None:
        window.show_status("Import cancelled; nothing was imported.")

    return runner().run(
        window.widget(),
        "Importing articles",
        work,
        done,
        failed,
        cancelled,
        project=window.project.path,
        write=True,
    )
