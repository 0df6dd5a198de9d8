"""The disagreement browser: units where coders differ, most contested first; choosing one
shows the article with each coder's version side by side, and adjudicates into gold.

Listing the units and accepting agreed ones run on the task runner (ui/operations/gold.py);
taking one coder's version is one quick transaction on the window's project.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.adjudication import take_version
from annotator.codebook import Codebook
from annotator.disagreements import Unit, list_units
from annotator.errors import AnnotatorError
from annotator.model import Coder
from annotator.store import Project
from annotator.store.gold import replace_gold_spans, set_gold_answer
from ui.operations.gold import accept_agreed_units, find_disagreements
from ui.supervisor.unit_compare import UnitCompare, ask_answer, shown_version
from ui.tasks import DialogWithTasks, Task

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Disagreement", "State", "Article", "Scheme or layer", "Where", "Versions")


class UnitTable(QAbstractTableModel):
    def __init__(self, codebook: Codebook) -> None:
        super().__init__()
        self.codebook = codebook
        self.units: list[Unit] = []
        self.texts: dict[int, str] = {}

    def set_units(self, units: list[Unit], texts: dict[int, str]) -> None:
        self.beginResetModel()
        self.units, self.texts = units, texts
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.units)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        unit = self.units[index.row()]
        column = index.column()
        if column == 0:
            return f"{unit.disagreement:.2f}"
        if column == 1:
            state = "agreed" if unit.agreed else "disputed"
            return f"{state}, decided" if unit.decided else state
        if column == 2:
            return unit.title
        if column == 3:
            return self.codebook.section_title(unit.name)
        if column == 4:
            if unit.kind == "answer":
                return "the article"
            text = self.texts.get(unit.article_id, "")
            return f"“{text[unit.start : unit.end]}” ({unit.start}–{unit.end})"
        return " | ".join(
            f"{v.name}: {shown_version(self.codebook, unit, v.value)}" for v in unit.versions
        )


class DisagreementBrowser(DialogWithTasks):
    def __init__(
        self,
        project: Project,
        decider: Coder,
        parent: QWidget | None = None,
        units: list[Unit] | None = None,
    ):
        super().__init__(parent)
        self.project, self.decider = project, decider
        self.all_units: list[Unit] = []
        self.task: Task | None = None
        self.accepting: Task | None = None
        self.setWindowTitle("Disagreements and gold")
        self.disputed_only = QCheckBox("Disputed only")
        self.disputed_only.setChecked(True)
        self.undecided_only = QCheckBox("Not yet decided")
        self.name_filter = QComboBox()
        self.name_filter.addItem("All schemes and layers", None)
        for item in (*project.codebook.schemes, *project.codebook.layers):
            if getattr(item, "kind", "") != "text":
                self.name_filter.addItem(item.title, item.name)
        for control in (self.disputed_only, self.undecided_only):
            control.toggled.connect(self._refilter)
        self.name_filter.currentIndexChanged.connect(self._refilter)
        self.reload_button = QPushButton("Reload")
        self.reload_button.clicked.connect(self.load)
        self.accept_button = QPushButton("Accept all agreed units into gold")
        self.accept_button.clicked.connect(self.accept_agreed)
        self.status = QLabel("Loading…")
        self.model = UnitTable(project.codebook)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.compare = UnitCompare(project)
        self.compare.take_requested.connect(self.take)
        self.compare.own_requested.connect(self.own_version)
        top = QHBoxLayout()
        for widget in (self.disputed_only, self.undecided_only, self.name_filter):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.reload_button)
        top.addWidget(self.accept_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.compare)
        splitter.setSizes([260, 540])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self.resize(1320, 860)
        if units is not None:
            self.set_units(units)
        else:
            self.load()

    # -- loading and filtering --------------------------------------------------------------

    def load(self) -> None:
        if self.task is not None:
            return
        self.status.setText("Finding the units where coders differ…")
        self.task = find_disagreements(self, self.project.path, self.set_units, self._failed)
        self.task.finished.connect(self._task_done)

    def _task_done(self) -> None:
        self.task = None

    def _failed(self, message: str) -> None:
        self.status.setText(f"Could not list the units: {message}")

    def set_units(self, units: list[Unit]) -> None:
        self.all_units = units
        self._refilter()

    def shown_units(self) -> list[Unit]:
        name = self.name_filter.currentData()
        return [
            unit
            for unit in self.all_units
            if (not self.disputed_only.isChecked() or not unit.agreed)
            and (not self.undecided_only.isChecked() or not unit.decided)
            and (name is None or unit.name == name)
        ]

    def _refilter(self, keep: str | None = None) -> None:
        units = self.shown_units()
        articles = sorted({u.article_id for u in units if u.kind == "spans"})
        texts = self.project.articles.texts(articles) if articles else {}
        self.model.set_units(units, texts)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 300))
        disputed = [u for u in self.all_units if not u.agreed]
        agreed_open = sum(1 for u in self.all_units if u.agreed and not u.decided)
        self.status.setText(
            f"{len(self.all_units)} units coded by two or more coders: {len(disputed)} disputed "
            f"({sum(1 for u in disputed if not u.decided)} not yet decided), "
            f"{agreed_open} agreed without gold. Showing {len(units)}."
        )
        row = next((i for i, u in enumerate(units) if u.key == keep), 0)
        if units:
            self.table.selectRow(row)
        else:
            self.compare.show_unit(None)

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        units = self.model.units
        self.compare.show_unit(units[current.row()] if 0 <= current.row() < len(units) else None)

    # -- adjudicating -----------------------------------------------------------------------

    def take(self, coder: str) -> None:
        unit = self.compare.unit
        if unit is not None:
            self._decide(unit, lambda: take_version(self.project, unit, coder, self.decider.uuid))

    def own_version(self) -> None:
        """The supervisor's own answer; for a span unit, that the stretch has no span."""
        unit = self.compare.unit
        if unit is None:
            return
        who = self.decider.uuid
        if unit.kind == "spans":
            self._decide(
                unit,
                lambda: replace_gold_spans(
                    self.project, unit.article_id, unit.name, unit.start, unit.end, [], who
                ),
            )
            return
        value = ask_answer(self, self.project.codebook.scheme(unit.name))
        if value is not None:
            self._decide(
                unit, lambda: set_gold_answer(self.project, unit.article_id, unit.name, value, who)
            )

    def _decide(self, unit: Unit, write) -> None:
        try:
            write()
        except AnnotatorError as exc:
            QMessageBox.warning(self, "Not saved", f"{exc}\n\nNothing was changed.")
            return
        fresh = {u.key: u for u in list_units(self.project, article_id=unit.article_id)}
        self.all_units = [
            fresh.get(u.key, u) if u.article_id == unit.article_id else u for u in self.all_units
        ]
        self._refilter(keep=unit.key)
        self.compare.show_unit(fresh.get(unit.key))

    def accept_agreed(self) -> None:
        def done(result) -> None:
            QMessageBox.information(
                self,
                "Agreed units accepted",
                f"Into gold: {result.answers} agreed answers and {result.span_units} agreed span "
                f"units ({result.spans} spans), decided by {self.decider.name}.",
            )
            self.load()

        def failed(message: str) -> None:
            QMessageBox.warning(self, "Gold not changed", message)

        def finished() -> None:
            self.accepting = None

        self.accepting = accept_agreed_units(
            self, self.project.path, self.decider.uuid, done, failed
        )
        self.accepting.finished.connect(finished)
