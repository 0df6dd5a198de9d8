"""The attributions table: one row per attribution record (a cue with its source and content),
what each record still misses, and its attributes (source type on the source, stance on the
cue, quote type on the content) edited in place from the keyboard or the mouse.

Keys in the table: F2 or Enter opens a choice list (on a text cell, Enter shows the span in
the article), 1-9 picks that choice at once, 0 / Delete clears it, Tab moves between cells,
Ctrl+L links the span chosen in the article to the row's record, Esc goes back to the text.
The table only reports what the coder asked for; the window turns it into undoable actions.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QMenu,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from annotator.attribution_records import (
    ROLE_LINKS,
    AttributionRecord,
    describe_missing,
    words_of,
)
from annotator.codebook import Attribute, Codebook
from annotator.model import Span

Index = QModelIndex | QPersistentModelIndex
TEXT_COLUMNS = (("Cue", "cue"), ("Source", "source"), ("Content", "content"))
FIRST_TEXT = 1  # column 0 says whether the record is complete
FIRST_ATTRIBUTE = FIRST_TEXT + len(TEXT_COLUMNS)
NOT_SET = "—"
INCOMPLETE = "!"
MUTED = QColor("#8c8c8c")
WARNING = QColor("#D55E00")  # Okabe-Ito vermillion
STATUS_WIDTH = 22
# Shares of the width left after the status column: cue, source, content, then each attribute.
TEXT_WEIGHTS = (0.8, 1.2, 1.4)
ATTRIBUTE_WEIGHT = 1.1
LINK_HINT = "select it in the text, then Ctrl+L (or right-click › Link to attribution)"
DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}


class AttributionModel(QAbstractTableModel):
    attribute_edited = Signal(object, str, object)  # Span, attribute name, value (None clears)

    def __init__(self, codebook: Codebook):
        super().__init__()
        self.rows: list[AttributionRecord[Span]] = []
        self.text = ""
        # (column title, the role that carries it, the attribute)
        self.attribute_columns: list[tuple[str, str, Attribute]] = []
        layer = next((x for x in codebook.layers if x.name == "attribution"), None)
        for attribute in layer.attributes if layer is not None else ():
            if attribute.kind == "choice" and len(attribute.applies_to) == 1:
                self.attribute_columns.append((attribute.title, attribute.applies_to[0], attribute))

    def set_rows(self, rows: list[AttributionRecord[Span]], text: str) -> None:
        self.beginResetModel()
        self.rows, self.text = rows, text
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_ATTRIBUTE + len(self.attribute_columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        attribute = self._attribute(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return ""
            if attribute is None:
                return TEXT_COLUMNS[section - FIRST_TEXT][0]
            return attribute.title
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == 0:
                return f"{INCOMPLETE}: the attribution misses a part"
            if attribute is None:
                return None
            keys = ", ".join(f"{n} {c.title}" for n, c in enumerate(attribute.choices, 1))
            return f"{attribute.title}: {keys}; 0 or Delete clears it. F2 or Enter: a list."
        return None

    # -- what a cell holds --------------------------------------------------------------------

    def role_at(self, index: Index) -> str | None:
        """The part of the record the cell shows (its text or its attribute); None: status."""
        column = index.column()
        if column == 0:
            return None
        if column < FIRST_ATTRIBUTE:
            return TEXT_COLUMNS[column - FIRST_TEXT][1]
        return self.attribute_columns[column - FIRST_ATTRIBUTE][1]

    def record_at(self, index: Index) -> AttributionRecord[Span]:
        return self.rows[index.row()]

    def span_at(self, index: Index) -> Span | None:
        role = self.role_at(index)
        return self.record_at(index).part(role) if role else None

    def _attribute(self, column: int) -> Attribute | None:
        if column < FIRST_ATTRIBUTE:
            return None
        return self.attribute_columns[column - FIRST_ATTRIBUTE][2]

    def attribute_at(self, index: Index) -> Attribute | None:
        return self._attribute(index.column())

    def why_disabled(self, index: Index) -> str | None:
        """Why an attribute cell cannot be edited (its part is missing), else None."""
        attribute, role = self.attribute_at(index), self.role_at(index)
        if attribute is None or role is None or self.span_at(index) is not None:
            return None
        what = attribute.title.lower()
        return f"No {role} in this attribution, so no {what}: link a {role} first ({LINK_HINT})."

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        record = self.record_at(index)
        if index.column() == 0:
            return self._status(record, role)
        span, attribute, part = self.span_at(index), self.attribute_at(index), self.role_at(index)
        missing = span is None
        if role == Qt.ItemDataRole.DisplayRole:
            if attribute is not None:
                return "" if missing else _choice_title(attribute, span.attrs.get(attribute.name))
            if missing:
                return f"no {part}"
            words = " ".join(words_of(record, part, self.text).split())
            return words if len(words) <= 60 else words[:57] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            if attribute is not None:
                if missing:
                    return self.why_disabled(index)
                value = _choice_title(attribute, span.attrs.get(attribute.name))
                last = len(attribute.choices)
                return f"{attribute.title}: {value}. 1–{last} choose, 0 clears, F2 a list."
            if missing:
                return f"This attribution has no {part} yet: {LINK_HINT}."
            return words_of(record, part, self.text)
        if role == Qt.ItemDataRole.ForegroundRole and missing:
            return MUTED
        if role == Qt.ItemDataRole.FontRole and missing and attribute is None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.EditRole and span is not None and attribute is not None:
            return span.attrs.get(attribute.name)
        return None

    def _status(self, record: AttributionRecord, role: int):
        if record.complete:
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return INCOMPLETE
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"This attribution has {describe_missing(record)} yet: {LINK_HINT}."
        if role == Qt.ItemDataRole.ForegroundRole:
            return WARNING
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
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

    def choose(self, index: Index, number: int) -> bool:
        """Choice ``number`` (1-based; 0 clears) of the cell's attribute; False if it has none."""
        attribute = self.attribute_at(index)
        if attribute is None or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        if number > len(attribute.choices):
            return False
        value = attribute.choices[number - 1].name if number else None
        return self.setData(index, value)


def _choice_title(attribute: Attribute, value) -> str:
    titles = {c.name: c.title for c in attribute.choices}
    return titles.get(value, NOT_SET if value in (None, "") else str(value))


class ChoiceDelegate(QStyledItemDelegate):
    """A list of the attribute's choices, opened by F2, Enter or a double-click; picking one
    (Enter or a click) saves it and closes the list."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        attribute = index.model().attribute_at(index)
        combo = QComboBox(parent)
        combo.addItem(NOT_SET, None)
        for number, choice in enumerate(attribute.choices, 1):
            combo.addItem(f"{number} {choice.title}", choice.name)
        combo.activated.connect(lambda _at, c=combo: self._chosen(c))
        return combo

    def _chosen(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QComboBox, index: QModelIndex) -> None:
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
        editor.showPopup()

    def setModelData(self, editor: QComboBox, model, index: QModelIndex) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class AttributionTable(QTableView):
    span_chosen = Signal(object)  # Span: show it in the text
    link_requested = Signal(object)  # AttributionRecord: link the text's chosen span to it
    unlink_requested = Signal(object, str)  # AttributionRecord, role
    leave_requested = Signal()  # Esc: back to the text

    def __init__(self, codebook: Codebook):
        super().__init__()
        self.attribution_model = AttributionModel(codebook)
        self.setModel(self.attribution_model)
        self.delegate = ChoiceDelegate(self)
        for column in range(FIRST_ATTRIBUTE, self.attribution_model.columnCount()):
            self.setItemDelegateForColumn(column, self.delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setTabKeyNavigation(True)
        self.verticalHeader().hide()
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(STATUS_WIDTH)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.clicked.connect(self._clicked)
        self._kept: tuple[str | None, int, int] | None = None
        self.attribution_model.modelAboutToBeReset.connect(self._keep_place)
        self.attribution_model.modelReset.connect(self._restore_place)

    # -- layout ------------------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Share the visible width out among the columns, so all of them always show."""
        count = self.attribution_model.columnCount()
        weights = [*TEXT_WEIGHTS, *[ATTRIBUTE_WEIGHT] * (count - FIRST_ATTRIBUTE)]
        room = max(0, self.viewport().width() - STATUS_WIDTH)
        header = self.horizontalHeader()
        header.resizeSection(0, STATUS_WIDTH)
        used = STATUS_WIDTH
        for column, weight in enumerate(weights, FIRST_TEXT):
            width = int(room * weight / sum(weights))
            if column == count - 1:
                width = max(0, self.viewport().width() - used)
            header.resizeSection(column, width)
            used += width

    def _keep_place(self) -> None:
        index = self.currentIndex()
        if index.isValid():
            first = self.attribution_model.record_at(index).parts[0]
            self._kept = (first.uuid, index.row(), index.column())

    def _restore_place(self) -> None:
        """After the rows are read again (an edit, undo), the same cell of the same record."""
        model, kept = self.attribution_model, self._kept
        self._kept = None
        if not model.rowCount():
            return
        row, column = 0, FIRST_TEXT
        if kept is not None:
            uuid, row, column = kept
            same = [i for i, r in enumerate(model.rows) if uuid in {p.uuid for p in r.parts}]
            row = same[0] if same else min(row, model.rowCount() - 1)
        self.setCurrentIndex(model.index(row, column))

    def current_record(self) -> AttributionRecord[Span] | None:
        index = self.currentIndex()
        return self.attribution_model.record_at(index) if index.isValid() else None

    # -- keyboard ----------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # The window's single-key shortcuts (1-9 label, Delete deletes a span) must not fire
        # while the coder edits this table: the keys are the table's here.
        if event.type() == QEvent.Type.ShortcutOverride and self._own_key(event):
            event.accept()
            return True
        return super().event(event)

    def _own_key(self, event: QKeyEvent) -> bool:
        key, modifiers = event.key(), event.modifiers()
        if modifiers & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier):
            return False
        return key in DIGIT_KEYS or key in (
            Qt.Key.Key_Delete,
            Qt.Key.Key_Backspace,
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_F2,
            Qt.Key.Key_Escape,
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index, key = self.currentIndex(), event.key()
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if control and key == Qt.Key.Key_L:
            record = self.current_record()
            if record is not None:
                self.link_requested.emit(record)
            return
        if self.state() != QAbstractItemView.State.EditingState and index.isValid():
            if key in DIGIT_KEYS and not control:
                self.attribution_model.choose(index, DIGIT_KEYS[key])
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.attribution_model.choose(index, 0)
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
                self._open(index)
                return
        if key == Qt.Key.Key_Escape and self.state() != QAbstractItemView.State.EditingState:
            self.leave_requested.emit()
            return
        super().keyPressEvent(event)

    def _open(self, index: QModelIndex) -> None:
        """Edit an attribute cell; a text cell shows its span in the article."""
        if self.attribution_model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            self.edit(index)
            return
        span = self.attribution_model.span_at(index)
        if span is not None and self.attribution_model.attribute_at(index) is None:
            self.span_chosen.emit(span)

    def _clicked(self, index: QModelIndex) -> None:
        span = self.attribution_model.span_at(index)
        if span is not None and self.attribution_model.attribute_at(index) is None:
            self.span_chosen.emit(span)

    # -- context menu ------------------------------------------------------------------------------

    def contextMenuEvent(self, event) -> None:
        index = self.indexAt(event.pos())
        if index.isValid():
            self.setCurrentIndex(index)
            self.context_menu(index).exec(event.globalPos())

    def context_menu(self, index: QModelIndex) -> QMenu:
        model = self.attribution_model
        menu = QMenu(self)
        record = model.record_at(index)
        attribute, span = model.attribute_at(index), model.span_at(index)
        if attribute is not None:
            reason = model.why_disabled(index)
            current = span.attrs.get(attribute.name) if span is not None else None
            for number, choice in enumerate(attribute.choices, 1):
                action = menu.addAction(f"{number}  {choice.title}")
                action.setCheckable(True)
                action.setChecked(choice.name == current)
                action.setEnabled(reason is None)
                action.triggered.connect(lambda _=False, n=number: model.choose(index, n))
            clear = menu.addAction("0  Clear")
            clear.setEnabled(reason is None and current is not None)
            clear.triggered.connect(lambda: model.choose(index, 0))
            if reason:
                menu.addSeparator()
                menu.addAction(reason).setEnabled(False)
            menu.addSeparator()
        elif span is not None:
            menu.addAction("Show in the text (Enter)").triggered.connect(
                lambda: self.span_chosen.emit(span)
            )
        link = menu.addAction("Link the span chosen in the text here (Ctrl+L)")
        link.triggered.connect(lambda: self.link_requested.emit(record))
        for role in ROLE_LINKS:
            if record.cue is not None and record.part(role) is not None:
                menu.addAction(f"Unlink the {role}").triggered.connect(
                    lambda _=False, r=role: self.unlink_requested.emit(record, r)
                )
        return menu
