"""The disagreement browser: units where coders differ, most contested first; choosing one
shows the article with each coder's version side by side, and adjudicates into gold.

Listing the units and accepting agreed ones run on the task runner (ui/operations/gold.py);
taking one coder's version is one quick transaction on the window's project.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
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

from annotator.adjudication import article_progress, take_attribute, take_version
from annotator.codebook import Codebook
from annotator.disagreements import Unit, list_units
from annotator.errors import AnnotatorError
from annotator.model import Coder
from annotator.store import Project
from annotator.store.gold import replace_gold_spans, set_gold_answer
from ui.operations.gold import accept_agreed_units, find_disagreements
from ui.plain_text import plain_label
from ui.supervisor.unit_compare import UnitCompare, ask_answer, shown_attribute, shown_version
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
            f"{v.name}: {shown_version(self.codebook, unit, v.value)}{_differs(unit, v)}"
            for v in unit.versions
        )


def _differs(unit: Unit, version) -> str:
    """The version's values of the attributes coders differ on, if any."""
    names = unit.disputed_attributes
    if not names or not version.value:
        return ""
    return " (" + ", ".join(f"{n} {shown_attribute(version.attribute(n))}" for n in names) + ")"


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
        self.status = plain_label("Loading…")  # names coders and articles
        self.progress = plain_label()  # names an article
        self.progress.setWordWrap(True)
        self.keys = QLabel(
            "Keys: ↑/↓ choose a unit · Tab to the buttons, Space presses one · Ctrl+1…9 take "
            "that coder's version"
        )
        self.keys.setEnabled(False)
        self.model = UnitTable(project.codebook)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the buttons
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.compare = UnitCompare(project)
        self.compare.take_requested.connect(self.take)
        self.compare.own_requested.connect(self.own_version)
        self.compare.attribute_requested.connect(self.take_attribute)
        for number in range(1, 10):  # Ctrl+1…9: take the n-th coder's version
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda n=number: self.take_nth(n))
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
        layout.addWidget(self.progress)
        layout.addWidget(self.keys)
        layout.addWidget(splitter, 1)
        screen = self.screen().availableGeometry()  # a small laptop: fit its screen
        self.resize(min(1320, screen.width() - 40), min(860, screen.height() - 40))
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
        unit = units[current.row()] if 0 <= current.row() < len(units) else None
        self.compare.show_unit(unit)
        self._show_progress(unit)
        panel = self.compare.attributes
        if panel is not None:  # Tab from the list goes to the attribute buttons first
            previous: QWidget = self.table
            for button in panel.buttons.values():
                QWidget.setTabOrder(previous, button)
                previous = button

    def _show_progress(self, unit: Unit | None) -> None:
        articles = article_progress(self.all_units)
        finished = sum(1 for a in articles.values() if a.finished)
        text = f"Articles fully adjudicated: {finished} of {len(articles)}."
        if unit is not None and unit.article_id in articles:
            a = articles[unit.article_id]
            text += (
                f" This article: {a.decided} of {a.units} units decided, {a.disputed} disputed, "
                f"{a.open} open, {a.waiting} agreed not yet accepted."
            )
        self.progress.setText(text)

    # -- adjudicating -----------------------------------------------------------------------

    def take(self, coder: str) -> None:
        unit = self.compare.unit
        if unit is not None:
            self._decide(unit, lambda: take_version(self.project, unit, coder, self.decider.uuid))

    def take_nth(self, number: int) -> None:
        unit = self.compare.unit
        if unit is not None and number <= len(unit.versions):
            self.take(unit.versions[number - 1].coder)

    def take_attribute(self, attribute: str, value: object) -> None:
        unit = self.compare.unit
        if unit is not None:
            who = self.decider.uuid
            self._decide(unit, lambda: take_attribute(self.project, unit, attribute, value, who))

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
        self._show_progress(fresh.get(unit.key))
        self.table.setFocus()  # the next unit is a ↓ away

    def accept_agreed(self) -> None:
        def done(result) -> None:
            QMessageBox.information(
                self,
                "Agreed units accepted",
                f"{result.sentence()}. Decided by {self.decider.name.rstrip('.')}.",
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
