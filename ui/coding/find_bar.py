"""Find in the article (Ctrl+F): every match lit in the text, the current one selected, so a
number key marks it. Enter or F3 goes to the next match, Shift+Enter or Shift+F3 back; Esc
closes the bar and gives the text the focus with the match still selected."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from ui.coding.article_view import ArticleView


class FindBar(QWidget):
    closed = Signal()

    def __init__(self, view: ArticleView):
        super().__init__()
        self.view = view
        self.hits: list[tuple[int, int]] = []  # Qt positions
        self.at = -1
        self.query = _FindEdit(placeholderText="Find in this article…")
        self.query.setObjectName("find_query")
        self.query.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setMinimumWidth(90)
        previous = QToolButton(text="▲", toolTip="Previous match (Shift+Enter, Shift+F3)")
        following = QToolButton(text="▼", toolTip="Next match (Enter, F3)")
        close = QToolButton(text="✕", toolTip="Close (Esc)")
        previous.clicked.connect(lambda: self.step(-1))
        following.clicked.connect(lambda: self.step(1))
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.query, 1)
        layout.addWidget(self.count)
        for button in (previous, following, close):
            layout.addWidget(button)
        self.query.textChanged.connect(self.search)
        self.query.step_requested.connect(self.step)
        self.query.close_requested.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        selected = self.view.textCursor().selectedText()
        if selected and len(selected) < 60 and "\u2029" not in selected:
            self.query.setText(selected)
        self.show()
        self.query.setFocus()
        self.query.selectAll()
        self.search()

    def close_bar(self) -> None:
        self.hide()
        self.view.set_find_hits([])
        self.view.setFocus()
        self.closed.emit()

    def search(self) -> None:
        """Find every match of the query (case aside) in the article; select the first one at
        or after the cursor."""
        wanted = self.query.text()
        to_qt = self.view.offsets.to_qt
        self.hits = (
            [
                (to_qt(m.start()), to_qt(m.end()))
                for m in re.finditer(re.escape(wanted), self.view.text, re.IGNORECASE)
            ]
            if wanted.strip()
            else []
        )
        here = self.view.textCursor().selectionStart()
        self.at = next((i for i, (start, _) in enumerate(self.hits) if start >= here), 0)
        self._show()

    def step(self, direction: int) -> None:
        if not self.isVisible():
            self.open_bar()
            return
        if self.hits:
            self.at = (self.at + direction) % len(self.hits)
        self._show()

    def _show(self) -> None:
        self.view.set_find_hits(self.hits)
        if not self.hits:
            self.count.setText("no match" if self.query.text().strip() else "")
            # no stale selection of an earlier, shorter query ("la" of "last week") left for
            # a number key to mark
            cursor = self.view.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.view.setTextCursor(cursor)
            return
        start, end = self.hits[self.at]
        cursor = self.view.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        self.count.setText(f"{self.at + 1} of {len(self.hits)}")


class _FindEdit(QLineEdit):
    step_requested = Signal(int)
    close_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.step_requested.emit(-1 if shift else 1)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.close_requested.emit()
            return
        super().keyPressEvent(event)
