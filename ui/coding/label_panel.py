"""The label panel: document schemes (frames, tone, note) and the attributions table.

Built from the codebook, so a changed codebook changes the panel. Reports each answer as a
signal; the window saves it as an undoable action. A multi-choice scheme that repeats a
single-choice scheme's choices greys out that scheme's answer (secondary frames never hold the
primary frame). ``answered`` tells the window a choice was made with the mouse or a key here,
so it can hand the focus back to the text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.codebook import Codebook, Scheme
from annotator.model import DocLabel
from ui.coding.attributions import AttributionTable
from ui.plain_text import plain_label

NOTE_DELAY_MS = 1200
ATTRIBUTION_KEYS = (
    "Ctrl+T table · F2/Enter edit · 1–9 choose · Tab next cell · Ctrl+L link the span chosen in "
    "the text · Esc back"
)
NONE_CHOSEN = "—"


class LabelPanel(QWidget):
    doc_label_changed = Signal(str, object)  # scheme, value (None clears)
    answered = Signal()  # a choice was made here: the text may take the focus back

    def __init__(self, codebook: Codebook):
        super().__init__()
        self.codebook = codebook
        self.single: dict[str, QComboBox] = {}
        self.multi: dict[str, QListWidget] = {}
        self.multi_boxes: dict[str, tuple[QGroupBox, str]] = {}
        self.texts: dict[str, QPlainTextEdit] = {}
        self.saved_text: dict[str, str] = {}
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        self.title = plain_label()  # the article's title: user data
        self.title.setWordWrap(True)
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        layout.addWidget(self.title)
        form = QFormLayout()
        layout.addLayout(form)
        for scheme in codebook.schemes:
            if scheme.kind == "single":
                form.addRow(f"{scheme.title}:", self._single(scheme))
            elif scheme.kind == "multi":
                layout.addWidget(self._multi(scheme))
        self.attributions = AttributionTable(codebook)
        self.attribution_box = QGroupBox("Attributions")
        box_layout = QVBoxLayout(self.attribution_box)
        box_layout.setContentsMargins(4, 4, 4, 4)
        box_layout.addWidget(self.attributions)
        keys = QLabel(ATTRIBUTION_KEYS)
        keys.setWordWrap(True)
        keys.setStyleSheet("color: gray;")
        box_layout.addWidget(keys)
        layout.addWidget(self.attribution_box, stretch=1)
        for scheme in codebook.schemes:
            if scheme.kind == "text":
                layout.addWidget(QLabel(f"{scheme.title}:"))
                layout.addWidget(self._text(scheme))
        self.note_timer = QTimer(self, singleShot=True, interval=NOTE_DELAY_MS)
        self.note_timer.timeout.connect(self.commit_texts)

    # -- widgets ---------------------------------------------------------------------------

    def _single(self, scheme: Scheme) -> QComboBox:
        combo = QComboBox()
        combo.setToolTip(scheme.description)
        combo.addItem(NONE_CHOSEN, None)
        for choice in scheme.choices:
            combo.addItem(choice.title, choice.name)
            if choice.description:
                combo.setItemData(
                    combo.count() - 1, choice.description, Qt.ItemDataRole.ToolTipRole
                )
        combo.currentIndexChanged.connect(
            lambda _i, s=scheme.name, c=combo: self._emit(s, c.currentData())
        )
        combo.activated.connect(lambda _i: self.answered.emit())
        self.single[scheme.name] = combo
        return combo

    def _multi(self, scheme: Scheme) -> QGroupBox:
        box = QGroupBox(scheme.title)
        box.setToolTip(scheme.description)
        items = QListWidget()
        items.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        items.setMaximumHeight(150)
        for choice in scheme.choices:
            item = QListWidgetItem(choice.title)
            item.setData(Qt.ItemDataRole.UserRole, choice.name)
            item.setToolTip(choice.description)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            items.addItem(item)
        items.itemChanged.connect(lambda _item, s=scheme.name: self._emit_multi(s))
        items.itemClicked.connect(lambda _item: self.answered.emit())
        self.multi_boxes[scheme.name] = (box, scheme.title)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(items)
        self.multi[scheme.name] = items
        return box

    def _text(self, scheme: Scheme) -> QPlainTextEdit:
        edit = _NoteEdit()
        edit.setPlaceholderText(scheme.description)
        edit.setMaximumHeight(90)
        edit.setTabChangesFocus(True)
        edit.textChanged.connect(self._text_changed)
        edit.focus_lost.connect(self.commit_texts)
        edit.escaped.connect(self.answered)
        self.texts[scheme.name] = edit
        return edit

    # -- showing an article's answers -----------------------------------------------------------

    def show_attributions(self, records, text: str) -> None:
        self.attributions.attribution_model.set_rows(records, text)
        incomplete = sum(1 for record in records if not record.complete)
        counts = f" ({len(records)}, {incomplete} incomplete)" if incomplete else ""
        self.attribution_box.setTitle(f"Attributions{counts or f' ({len(records)})'}")

    def show_labels(self, title: str, doc_labels: dict[str, DocLabel]) -> None:
        self.commit_texts()
        self._loading = True
        try:
            self.title.setText(title)
            for name, combo in self.single.items():
                label = doc_labels.get(name)
                _drop_unknown(combo)
                index = combo.findData(label.value) if label else 0
                if label is not None and index < 0:  # an answer outside the codebook (merged)
                    combo.addItem(f"unknown label ({label.value})", label.value)
                    index = combo.count() - 1
                    combo.setItemData(index, True, _UNKNOWN_ROLE)
                combo.setCurrentIndex(max(index, 0))
            for name, items in self.multi.items():
                label = doc_labels.get(name)
                chosen = _chosen_set(label.value) if label else set()
                items.blockSignals(True)  # each item's change would re-read the whole list
                for row in range(items.count()):
                    item = items.item(row)
                    on = item.data(Qt.ItemDataRole.UserRole) in chosen
                    state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
                    if item.checkState() != state:
                        item.setCheckState(state)
                items.blockSignals(False)
                self._count_chosen(name, len(chosen))
            for name, edit in self.texts.items():
                label = doc_labels.get(name)
                value = label.value if label else ""
                value = value if isinstance(value, str) else str(value)
                edit.setPlainText(value)
                self.saved_text[name] = value
            self._grey_out_excluded()
        finally:
            self._loading = False

    def _grey_out_excluded(self) -> None:
        """In a multi-choice scheme, the answer of the scheme it may not repeat is greyed."""
        for name, items in self.multi.items():
            source = self.codebook.excluded_by(name)
            combo = self.single.get(source) if source else None
            if combo is None:
                continue
            taken = combo.currentData()
            why = f" ({self.codebook.scheme(source).title.lower()})"
            items.blockSignals(True)  # flags and texts are not answers
            for row in range(items.count()):
                item = items.item(row)
                title = self.codebook.choice_title(name, item.data(Qt.ItemDataRole.UserRole))
                excluded = item.data(Qt.ItemDataRole.UserRole) == taken
                flags = Qt.ItemFlag.ItemIsUserCheckable
                flags = flags if excluded else flags | Qt.ItemFlag.ItemIsEnabled
                text = title + why if excluded else title
                if item.flags() != flags:
                    item.setFlags(flags)
                if item.text() != text:
                    item.setText(text)
            items.blockSignals(False)

    # -- reporting answers ------------------------------------------------------------------------

    def _emit(self, scheme: str, value: Any) -> None:
        if not self._loading:
            self.doc_label_changed.emit(scheme, value)

    def _emit_multi(self, scheme: str) -> None:
        items = self.multi[scheme]
        chosen = [
            items.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(items.count())
            if items.item(row).checkState() == Qt.CheckState.Checked
        ]
        self._count_chosen(scheme, len(chosen))
        self._emit(scheme, chosen or None)

    def _count_chosen(self, scheme: str, chosen: int) -> None:
        box, title = self.multi_boxes[scheme]
        box.setTitle(f"{title} ({chosen} chosen)" if chosen else title)

    def _text_changed(self) -> None:
        if not self._loading:
            self.note_timer.start()

    def commit_texts(self) -> None:
        """Save typed notes that differ from what was saved; called on pause, focus-out, switch."""
        self.note_timer.stop()
        for name, edit in self.texts.items():
            value = edit.toPlainText().strip()
            if value != self.saved_text.get(name, ""):
                self.saved_text[name] = value
                self._emit(name, value or None)

    @property
    def has_unsaved_text(self) -> bool:
        return any(
            edit.toPlainText().strip() != self.saved_text.get(name, "")
            for name, edit in self.texts.items()
        )


class _NoteEdit(QPlainTextEdit):
    focus_lost = Signal()
    escaped = Signal()  # Esc: back to the text

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)


_UNKNOWN_ROLE = Qt.ItemDataRole.UserRole + 1  # marks an item added for an unknown answer


def _drop_unknown(combo: QComboBox) -> None:
    for index in reversed(range(combo.count())):
        if combo.itemData(index, _UNKNOWN_ROLE):
            combo.removeItem(index)


def _chosen_set(value: Any) -> set:
    """A multiple-choice answer as a set (a single value, or a list of hashable values)."""
    if isinstance(value, list):
        return {v for v in value if isinstance(v, (str, int, float, bool))}
    return {value} if isinstance(value, (str, int, float, bool)) else set()
