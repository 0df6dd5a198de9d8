"""Answering a document scheme by keys: F opens the primary frame's picker, S the secondary
frames', T the tone's (``scheme_keys``). Choices are numbered; typing a number picks one (two
digits for 10-15: "1" waits a moment for a second digit), Enter confirms, Delete clears, Esc
closes. Each choice's definition from the codebook shows beside the list.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.codebook import Codebook, Scheme

DIGIT_WAIT_MS = 900  # after "1" of fifteen choices, how long a second digit may follow
TAKEN_KEYS = frozenset("ARNPJKLM")  # keys the coding window already uses


def scheme_keys(codebook: Codebook) -> dict[str, str]:
    """A letter for each choice scheme: the first free initial of a word of its title
    ("Primary frame" -> F, since P is taken; "Secondary frames" -> S; "Tone …" -> T)."""
    taken = set(TAKEN_KEYS)
    keys: dict[str, str] = {}
    for scheme in codebook.schemes:
        if scheme.kind == "text":
            continue
        initials = [word[0].upper() for word in scheme.title.split() if word[:1].isalpha()]
        letters = initials + [c.upper() for c in scheme.title if c.isalpha()]
        free = next((c for c in letters if c not in taken and "A" <= c <= "Z"), None)
        if free is not None:
            keys[scheme.name] = free
            taken.add(free)
    return keys


class SchemePicker(QDialog):
    """One scheme's choices by number. ``value`` holds the answer once accepted."""

    def __init__(
        self,
        scheme: Scheme,
        current: object,
        parent: QWidget | None = None,
        excluded: str | None = None,
        excluded_why: str = "",
    ):
        super().__init__(parent)
        self.scheme = scheme
        self.multi = scheme.kind == "multi"
        self.value: object = current
        self.typed = ""
        self.setWindowTitle(scheme.title)
        self.list = QListWidget()
        self.list.setObjectName("choices")
        chosen = set(current or []) if self.multi else {current}
        for number, choice in enumerate(scheme.choices, 1):
            item = QListWidgetItem(f"{number:>2}   {choice.title}")
            item.setData(Qt.ItemDataRole.UserRole, choice.name)
            item.setToolTip(choice.description)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if self.multi:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
                item.setCheckState(
                    Qt.CheckState.Checked if choice.name in chosen else Qt.CheckState.Unchecked
                )
            if choice.name == excluded:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
                item.setText(f"{item.text()}   ({excluded_why})")
                if self.multi:
                    item.setCheckState(Qt.CheckState.Unchecked)
            item.setFlags(flags)
            self.list.addItem(item)
            if not self.multi and choice.name == current:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self.definition = QLabel()
        self.definition.setObjectName("definition")
        self.definition.setWordWrap(True)
        self.definition.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.definition.setMinimumWidth(220)
        self.list.currentRowChanged.connect(self._show_definition)
        self.list.itemActivated.connect(lambda _item: self._confirm())
        self.list.installEventFilter(self)
        how = (
            "Type a number (or Space) to tick a frame, Enter to save."
            if self.multi
            else "Type its number; Enter confirms."
        )
        hint = QLabel(f"{how} Delete clears the answer; Esc closes without a change.")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addWidget(self.list, 3)
        columns.addWidget(self.definition, 2)
        layout = QVBoxLayout(self)
        if scheme.description:
            about = QLabel(scheme.description)
            about.setWordWrap(True)
            layout.addWidget(about)
        layout.addLayout(columns, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.digit_timer = QTimer(self, singleShot=True, interval=DIGIT_WAIT_MS)
        self.digit_timer.timeout.connect(self._digits_done)
        self.resize(640, min(520, 120 + 22 * len(scheme.choices)))
        self._show_definition(self.list.currentRow())
        self.list.setFocus()

    # -- keys ----------------------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:
        if event.type() == event.Type.KeyPress and self._key(event):
            return True
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        text, key = event.text(), event.key()
        if text.isdigit():
            self._digit(text)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._confirm()
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.value = [] if self.multi else None
            self.accept()
            return True
        if key == Qt.Key.Key_Space and self.multi:
            self._toggle(self.list.currentRow())
            return True
        return False

    def _digit(self, digit: str) -> None:
        self.typed += digit
        count = self.list.count()
        number = int(self.typed)
        if not 1 <= number <= count:
            self.typed = digit if 1 <= int(digit) <= count else ""
            number = int(self.typed) if self.typed else 0
            if not number:
                return
        self.list.setCurrentRow(number - 1)
        longer = any(str(n).startswith(self.typed) and n != number for n in range(1, count + 1))
        if longer:
            self.digit_timer.start()  # "1" of 15: a second digit may follow
        else:
            self._digits_done()

    def _digits_done(self) -> None:
        self.digit_timer.stop()
        if not self.typed:
            return
        row = int(self.typed) - 1
        self.typed = ""
        if self.multi:
            self._toggle(row)
        else:
            self._choose(row)

    def _toggle(self, row: int) -> None:
        item = self.list.item(row)
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        on = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if on else Qt.CheckState.Checked)

    def _choose(self, row: int) -> None:
        item = self.list.item(row)
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.value = item.data(Qt.ItemDataRole.UserRole)
            self.accept()

    def _confirm(self) -> None:
        if self.digit_timer.isActive():
            self.digit_timer.stop()
            self.typed = ""
        if self.multi:
            self.value = [
                self.list.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(self.list.count())
                if self.list.item(row).checkState() == Qt.CheckState.Checked
            ]
            self.accept()
        else:
            self._choose(self.list.currentRow())

    def _show_definition(self, row: int) -> None:
        if 0 <= row < len(self.scheme.choices):
            choice = self.scheme.choices[row]
            text = choice.description or "(no definition in the codebook)"
            self.definition.setText(f"<b>{escape(choice.title)}</b><br><br>{escape(text)}")
