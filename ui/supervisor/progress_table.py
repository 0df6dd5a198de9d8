"""The dashboard's "Coders' progress" tab: each coder against their queue (a study plan made with
``annotator plan``): assigned, of them in the reliability subsample, done, in progress, to do,
share done and time spent. Read from the project when the dashboard computes its figures."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from annotator.study.progress import StudyProgress, duration_text
from ui.supervisor.figure_tables import Cell, CellTable, count_cell, fit_columns, table_view

HEADERS = [
    "Coder",
    "Assigned",
    "Reliability subsample",
    "Done",
    "In progress",
    "To do",
    "Done %",
    "Time spent",
    "Per done article",
]


class ProgressTable(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.model = CellTable()
        self.view: QTableView = table_view(self.model, stretch_last=False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)

    def show_progress(self, progress: StudyProgress) -> None:
        if not progress.coders:
            self.note.setText(
                "No study plan, and no coder has worked yet. Plan the study with "
                "`annotator plan PROJECT --coders A,B,C --overlap 0.2`."
            )
        elif progress.planned:
            share = progress.done / progress.assigned if progress.assigned else 0.0
            self.note.setText(
                f"Study plan: {progress.done} of {progress.assigned} assigned articles done "
                f"({share:.0%}). Merge the coders' copies to bring their work in."
            )
        else:
            self.note.setText(
                "No study plan: every article counts as assigned to every coder who has worked."
            )
        rows = []
        for coder in progress.coders:
            outside = (
                f"; and {coder.done_outside} done outside the queue" if coder.done_outside else ""
            )
            share = coder.share_done
            per = coder.seconds_per_done
            rows.append(
                [
                    Cell(coder.name, f"{coder.name}{outside}"),
                    count_cell(coder.assigned),
                    count_cell(coder.reliability),
                    count_cell(coder.done),
                    count_cell(coder.in_progress),
                    count_cell(coder.todo),
                    Cell("" if share is None else f"{share:.0%}", sort=share or 0.0, number=True),
                    Cell(duration_text(coder.seconds), sort=coder.seconds, number=True),
                    Cell("" if per is None else duration_text(per), sort=per or 0.0, number=True),
                ]
            )
        self.model.set_rows(HEADERS, rows)
        fit_columns(self.view)
