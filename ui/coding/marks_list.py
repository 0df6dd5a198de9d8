"""All marks in the open article, the coder's spans and the pending suggestions, in text order;
Enter, a click or a double-click jumps to one in the text (and gives the text the focus)."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.codebook import Codebook
from annotator.detect_layers import suggestion_target
from annotator.labeling import SPAN_NOTE
from ui.coding.highlighter import Mark
from ui.coding.mark_descriptions import describe_marks
from ui.theme import STYLE_BY_KEY

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Label", "Words", "State")
MAX_WORDS = 80


def _icon(key: str, filled: bool) -> QIcon:
    """A square in the layer's colour: filled for the coder's span, an outline for a suggestion."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    colour = QColor(STYLE_BY_KEY[key].colour)
    painter.setPen(QPen(colour, 2, Qt.PenStyle.SolidLine if filled else Qt.PenStyle.DotLine))
    if filled:
        painter.setBrush(colour)
    painter.drawRect(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class MarksModel(QAbstractTableModel):
    def __init__(self, codebook: Codebook):
        super().__init__()
        self.codebook = codebook
        self.marks: list[Mark] = []
        self.text = ""
        self.offsets = None
        self._icons: dict[tuple[str, bool], QIcon] = {}
        self._titles: dict[tuple[str, str], str] = {}
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_marks(self, marks: list[Mark], text: str, offsets) -> None:
        """Show ``marks``; after a label action in the same article only the rows that changed
        are redrawn (a reset would lay out and paint the whole table again)."""
        marks = list(marks)
        if text is self.text and len(marks) == len(self.marks):
            rows = [row for row, (a, b) in enumerate(zip(self.marks, marks, strict=True)) if a != b]
            self.marks, self.offsets = marks, offsets
            for row in rows:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
            return
        self.beginResetModel()
        self.marks, self.text, self.offsets = marks, text, offsets
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.marks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def _title(self, mark: Mark) -> str:
        if mark.kind == "span":
            layer, label = mark.ref.layer, mark.ref.label
        else:
            layer, label, _ = suggestion_target(mark.ref)
        if (layer, label) not in self._titles:
            self._titles[layer, label] = self.codebook.label_title(layer, label)
        return self._titles[layer, label]

    def _words(self, mark: Mark) -> str:
        words = " ".join(self.text[mark.ref.start : mark.ref.end].split())
        return words if len(words) <= MAX_WORDS else words[: MAX_WORDS - 1] + "…"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        mark = self.marks[index.row()]
        column = index.column()
        mine = mark.kind == "span"
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self._title(mark)
            if column == 1:
                return self._words(mark)
            noted = mine and mark.ref.attrs.get(SPAN_NOTE)
            return ("mine · note" if noted else "mine") if mine else "suggested"
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            key = (mark.key, mine)
            if key not in self._icons:
                self._icons[key] = _icon(*key)
            return self._icons[key]
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe_marks(self.codebook, [mark])
        if role == Qt.ItemDataRole.FontRole and not mine:
            return self._italic
        if role == Qt.ItemDataRole.ForegroundRole and not mine and column == 2:
            return QColor("#8c8c8c")
        return None


class MarksList(QWidget):
    """The table of marks with a heading that counts them."""

    mark_chosen = Signal(object)  # Mark

    def __init__(self, codebook: Codebook):
        super().__init__()
        self.model = MarksModel(codebook)
        self.heading = QLabel("Marks in this article")
        self.table = QTableView()
        self.table.setObjectName("marks_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 130)
        header.resizeSection(2, 78)
        header.moveSection(2, 1)  # state beside the label; the words take what is left
        self.table.activated.connect(self._chosen)
        self.table.clicked.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)

    def resizeEvent(self, event) -> None:
        # a heading of fixed size: its counts change with every label action, and a label
        # whose size may change has the whole window laid out and painted again each time
        self.heading.setFixedSize(self.width(), self.heading.sizeHint().height())
        super().resizeEvent(event)

    def set_marks(self, marks: list[Mark], text: str, offsets) -> None:
        self.model.set_marks(marks, text, offsets)
        mine = sum(1 for m in marks if m.kind == "span")
        self.heading.setText(
            f"Marks in this article: {mine} mine, {len(marks) - mine} suggested"
            "  <span style='color:gray'>(Ctrl+J)</span>"
        )

    def show_current(self, mark: Mark | None) -> None:
        """Select the row of the mark current in the text, without taking the focus."""
        if mark is None:
            self.table.clearSelection()
            return
        for row, candidate in enumerate(self.model.marks):
            if candidate is mark:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.mark_chosen.emit(self.model.marks[index.row()])
