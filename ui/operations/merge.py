"""Supervisor › Merge coder files: check the files (the merge made and rolled back, for its
report), then merge for real. A merge is one transaction: Cancel leaves the project as it was."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from annotator.exchange import MergeReport, merge_coder_files, preview_merge
from ui.project_window import ProjectWindow
from ui.tasks import Task, runner


def check_coder_files(
    window: ProjectWindow, paths: Sequence[Path], on_checked: Callable[[MergeReport], None]
) -> Task:
    def failed(message: str) -> None:
        QMessageBox.warning(window.widget(), "Cannot merge", f"{message}\n\nNothing was written.")

    return runner().run(
        window.widget(),
        "Checking coder files",
        lambda project, progress: preview_merge(project, paths, progress),
        on_checked,
        failed,
        project=window.project.path,
        write=True,
    )


def merge_files(window: ProjectWindow, paths: Sequence[Path], force: bool) -> Task:
    def done(report: MergeReport) -> None:
        window.refresh_list()
        totals = report.totals()
        QMessageBox.information(
            window.widget(),
            "Merged",
            f"Merged {len(report.files)} file(s): {totals['spans'].new} new and "
            f"{totals['spans'].updated} updated spans, {totals['doc_labels'].new} new and "
            f"{totals['doc_labels'].updated} updated document labels.",
        )

    def failed(message: str) -> None:
        QMessageBox.warning(
            window.widget(), "Merge failed", f"{message}\n\nThe project is as it was."
        )

    def cancelled() -> None:
        window.show_status("Merge cancelled; the project is as it was.")

    return runner().run(
        window.widget(),
        "Merging coder files",
        lambda project, progress: merge_coder_files(project, paths, force=force, progress=progress),
        done,
        failed,
        cancelled,
        project=window.project.path,
        write=True,
    )
