"""The attributions table: each cue with its source and content, their attributes editable in
place (source type on the source, stance on the cue, quote type on the content)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from annotator.article_state import AttributionRow
from annotator.codebook import Attribute, Codebook
from annotator.model import Span

Index = QModelIndex | QPersistentModelIndex
TEXT_COLUMNS = (("Cue", "cue"), ("Source", "source"), ("Content", "content"))
NOT_SET = "—"
TEXT_WIDTHS = (64, 110, 110)  # cue, source, content: elided, widened by dragging


class AttributionModel(QAbstractTableModel):
    attribute_edited = Signal(object, str, object)  # Span, attribute name, value

    def __init__(self, codebook: Codebook):
        super().__init__()
        self.rows: list[AttributionRow] = []
        self.text = ""
        layer = codebook.layer("attribution") if _has_layer(codebook, "attribution") else None
        # (column title, which part of the row carries it, the attribute)
        self.attribute_columns: list[tuple[str, str, Attribute]] = []
        if layer is not None:
            for attribute in layer.attributes:
                if attribute.kind == "choice" and len(attribute.applies_to) == 1:
                    self.attribute_columns.append(
                        (attribute.title, attribute.applies_to[0], attribute)
                    )

    def set_rows(self, rows: list[AttributionRow], text: str) -> None:
        self.beginResetModel()
        self.rows, self.text = rows, text
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TEXT_COLUMNS) + len(self.attribute_columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section < len(TEXT_COLUMNS):
            return TEXT_COLUMNS[section][0]
        return self.attribute_columns[section - len(TEXT_COLUMNS)][0]

    def span_at(self, index: Index) -> Span | None:
        row = self.rows[index.row()]
        if index.column() < len(TEXT_COLUMNS):
            return getattr(row, TEXT_COLUMNS[index.column()][1])
        return getattr(row, self.attribute_columns[index.column() - len(TEXT_COLUMNS)][1])

    def attribute_at(self, index: Index) -> Attribute | None:
        if index.column() < len(TEXT_COLUMNS):
            return None
        return self.attribute_columns[index.column() - len(TEXT_COLUMNS)][2]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        span = self.span_at(index)
        attribute = self.attribute_at(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if span is None:
                return "" if role == Qt.ItemDataRole.DisplayRole else None
            if attribute is None:
                words = span.covered(self.text)
                if role == Qt.ItemDataRole.DisplayRole and len(words) > 60:
                    return words[:57] + "…"
                return words
            value = span.attrs.get(attribute.name)
            titles = {c.name: c.title for c in attribute.choices}
            return titles.get(value, NOT_SET)
        if role == Qt.ItemDataRole.EditRole and span is not None and attribute is not None:
            return span.attrs.get(attribute.name)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.attribute_at(index) is not None and self.span_at(index) is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        span, attribute = self.span_at(index), self.attribute_at(index)
        if role != Qt.ItemDataRole.EditRole or span is None or attribute is None:
            return False
        if span.attrs.get(attribute.name) != value:
            self.attribute_edited.emit(span, attribute.name, value)
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of the attribute's choices, opened by double-click, F2 or typing."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        attribute = index.model().attribute_at(index)
        combo = QComboBox(parent)
        combo.addItem(NOT_SET, None)
        for choice in attribute.choices:
            combo.addItem(choice.title, choice.name)
        return combo

    def setEditorData(self, editor: QComboBox, index: QModelIndex) -> None:
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
        editor.showPopup()

    def setModelData(self, editor: QComboBox, model, index: QModelIndex) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class AttributionTable(QTableView):
    span_chosen = Signal(object)  # Span: show it in the text

    def __init__(self, codebook: Codebook):
        super().__init__()
        self.attribution_model = AttributionModel(codebook)
        self.setModel(self.attribution_model)
        self.delegate = ChoiceDelegate(self)
        for column in range(len(TEXT_COLUMNS), self.attribution_model.columnCount()):
            self.setItemDelegateForColumn(column, self.delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.verticalHeader().hide()
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(TEXT_WIDTHS):
            header.resizeSection(column, width)
        for column in range(len(TEXT_COLUMNS), self.attribution_model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.clicked.connect(self._clicked)

    def _clicked(self, index: QModelIndex) -> None:
        span = self.attribution_model.span_at(index)
        if span is not None:
            self.span_chosen.emit(span)


def _has_layer(codebook: Codebook, name: str) -> bool:
    return any(layer.name == name for layer in codebook.layers)
