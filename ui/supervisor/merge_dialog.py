"""Supervisor > Merge coder files… and Make a coder copy…: what to ask the supervisor.

The merge first computes its report (the merge itself, rolled back), shows it, and only on
confirmation merges for real; problems marked STOP need "merge anyway". A coder copy asks for
the coder's name and where to write the file. The work is in ui/operations (merge, coder_copy).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.exchange import MergeReport
from annotator.exchange.merge_summary import file_lines
from ui.dialogs import file_choice
from ui.operations.coder_copy import write_coder_copy
from ui.operations.merge import check_coder_files
from ui.operations.merge import merge_files as merge_checked_files
from ui.project_window import ProjectWindow
from ui.supervisor.coder_copy_dialog import CoderCopyDialog
from ui.tasks import Task

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


def merge_files(window: ProjectWindow, paths: Sequence[Path] | None = None) -> Task | None:
    """Choose coder files, show the report, merge on confirmation."""
    if paths is None:
        names = file_choice.open_files(window.widget(), "Merge coder files", PROJECT_FILTER)
        paths = [Path(name) for name in names]
    if not paths:
        return None
    chosen = list(paths)

    def checked(report: MergeReport) -> None:
        dialog = MergeDialog(report, window.widget())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            merge_checked_files(window, chosen, dialog.force.isChecked())

    return check_coder_files(window, chosen, checked)


def coder_copy(
    window: ProjectWindow,
    name: str | None = None,
    target: Path | None = None,
    coder_id: str | None = None,
) -> Task | None:
    """Ask for whom (a coder of the project, or a new one by profile id) and a file, and
    write their copy of the project."""
    if name is None:
        dialog = CoderCopyDialog(window.project.coders.list(), window.widget())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        name, coder_id = dialog.chosen()
    if target is None:
        suggested = f"{window.project.path.stem}-{name.strip().lower().replace(' ', '-')}.sqlite"
        chosen = file_choice.save_file(
            window.widget(), "Save the coder copy as", suggested, PROJECT_FILTER
        )
        if not chosen:
            return None
        target = Path(chosen)
    return write_coder_copy(window, name, target, coder_id)
