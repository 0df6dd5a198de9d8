"""The coder's note on one span (M, or the span's context menu): a small dialog with the span's
words and label; an empty note removes it. Saved as the span's ``note`` attribute."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.codebook import Codebook
from annotator.labeling import SPAN_NOTE
from annotator.model import Span


class SpanNoteDialog(QDialog):
    def __init__(self, codebook: Codebook, span: Span, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Note on a span")
        words = " ".join(span.covered(text).split())
        if len(words) > 120:
            words = words[:119] + "…"
        label = codebook.label_title(span.layer, span.label)
        about = QLabel(f"<b>{escape(label)}</b>: “{escape(words)}”")
        about.setWordWrap(True)
        self.note = QPlainTextEdit(str(span.attrs.get(SPAN_NOTE, "")))
        self.note.setObjectName("span_note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("Why you marked it so, a doubt for the supervisor…")
        hint = QLabel("Saved with the span; an empty note removes it. Ctrl+Enter saves.")
        hint.setStyleSheet("color: gray;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setShortcut("Ctrl+Return")
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.note, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(480, 260)
        self.note.setFocus()
        cursor = self.note.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.note.setTextCursor(cursor)

    def text(self) -> str:
        return self.note.toPlainText().strip()
