"""Supervisor > Merge coder files… and Make a coder copy…, run off the UI thread.

The merge first computes its report (the merge itself, rolled back), shows it, and only on
confirmation merges for real; problems marked STOP need "merge anyway". A coder copy asks for
the coder's name and where to write the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.exchange import MergeReport, make_coder_copy, merge_coder_files, preview_merge
from annotator.exchange.merge_summary import file_lines
from annotator.store import Project
from ui.workers import Task

if TYPE_CHECKING:
    from ui.main_window import MainWindow

PROJECT_FILTER = "Annotator projects (*.sqlite *.db);;All files (*)"


class MergeDialog(QDialog):
    """The report of a merge not yet made: Merge, or Cancel."""

    def __init__(self, report: MergeReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Merge coder files")
        blocking = report.blocking
        intro = QLabel(
            f"<b>{len(report.files)} file(s) checked; nothing has been written yet.</b> "
            + (
                f"<span style='color:#D55E00'>{len(blocking)} problem(s) marked STOP.</span>"
                if blocking
                else "Nothing stops this merge."
            )
        )
        intro.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setHtml(report_html(report))
        self.force = QCheckBox("Merge anyway: what is listed as skipped is skipped")
        self.force.setVisible(bool(blocking))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.merge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setText("Merge")
        self.merge_button.setEnabled(not blocking)
        self.force.toggled.connect(lambda on: self.merge_button.setEnabled(on or not blocking))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.force)
        layout.addWidget(self.buttons)
        self.resize(760, 520)


def report_html(report: MergeReport) -> str:
    parts = []
    for file_report in report.files:
        lines = file_lines(file_report)
        items = []
        for line in lines[1:]:
            text = escape(line.strip())
            if "[STOP]" in line:
                text = f"<span style='color:#D55E00'><b>{text}</b></span>"
            items.append(f"<li>{text}</li>")
        parts.append(f"<p><b>{escape(lines[0])}</b></p><ul>{''.join(items)}</ul>")
    return "".join(parts)


def _start(window: MainWindow, task: Task) -> Task:
    window.tasks.append(task)
    task.finished.connect(lambda: window.tasks.remove(task) if task in window.tasks else None)
    return task


def merge_files(window: MainWindow, paths: Sequence[Path] | None = None) -> Task | None:
    """Choose coder files, show the report, merge on confirmation."""
    if paths is None:
        names, _ = QFileDialog.getOpenFileNames(
            window, "Merge coder files", str(window.project.path.parent), PROJECT_FILTER
        )
        paths = [Path(name) for name in names]
    if not paths:
        return None
    project_path = window.project.path

    def work(progress):
        with Project.open(project_path, backup=False) as project:
            return preview_merge(project, paths, progress)

    def checked(report: MergeReport) -> None:
        dialog = MergeDialog(report, window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            _merge(window, paths, dialog.force.isChecked())

    def failed(message: str) -> None:
        QMessageBox.warning(window, "Cannot merge", f"{message}\n\nNothing was written.")

    return _start(window, Task(window, "Checking coder files", work, checked, failed))


def _merge(window: MainWindow, paths: Sequence[Path], force: bool) -> Task:
    project_path = window.project.path

    def work(progress):
        with Project.open(project_path, backup=False) as project:
            return merge_coder_files(project, paths, force=force, progress=progress)

    def done(report: MergeReport) -> None:
        window.refresh_list()
        totals = report.totals()
        QMessageBox.information(
            window,
            "Merged",
            f"Merged {len(report.files)} file(s): {totals['spans'].new} new and "
            f"{totals['spans'].updated} updated spans, {totals['doc_labels'].new} new and "
            f"{totals['doc_labels'].updated} updated document labels.",
        )

    def failed(message: str) -> None:
        QMessageBox.warning(window, "Merge failed", f"{message}\n\nThe project is as it was.")

    def cancelled() -> None:
        window.statusBar().showMessage("Merge cancelled; the project is as it was.", 8000)

    return _start(window, Task(window, "Merging coder files", work, done, failed, cancelled))


def coder_copy(window: MainWindow, name: str | None = None, target: Path | None = None):
    """Ask for a coder's name and a file, and write their copy of the project."""
    if name is None:
        name, ok = QInputDialog.getText(window, "Make a coder copy", "The coder's name:")
        if not ok or not name.strip():
            return None
    if target is None:
        suggested = window.project.path.with_name(
            f"{window.project.path.stem}-{name.strip().lower().replace(' ', '-')}.sqlite"
        )
        chosen, _ = QFileDialog.getSaveFileName(
            window, "Save the coder copy as", str(suggested), PROJECT_FILTER
        )
        if not chosen:
            return None
        target = Path(chosen)
    project_path = window.project.path

    def work(progress):
        with Project.open(project_path, readonly=True) as project:
            return make_coder_copy(project, name, target)

    def done(made) -> None:
        QMessageBox.information(
            window,
            "Coder copy made",
            f"{made.path}\n\nFor {made.coder.name}: {made.articles} articles, "
            f"{made.suggestions} suggestions and none of the other coders' labels.",
        )

    def failed(message: str) -> None:
        QMessageBox.warning(window, "No coder copy made", message)

    return _start(window, Task(window, "Making a coder copy", work, done, failed))
