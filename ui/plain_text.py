"""User data shown as plain text. Qt guesses: a label or tooltip whose text looks like HTML is
rendered as rich text, so an article title ``<img src=/local/file width=900>`` or a coder named
``<b>Ann</b>`` would load a local file or restyle the window. Every label that shows titles,
coder names, file names or messages built from them is made here, with the guess turned off."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_label(text: str = "") -> QLabel:
    """A QLabel that shows ``text`` (and whatever is set later) exactly as written."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as written (tooltips have no text format of their own)."""
    return "<qt>" + escape(text).replace("\n", "<br>") + "</qt>"


def rich_label(text: str = "") -> QLabel:
    """A QLabel for markup the code builds itself, every piece of user data in it passed
    through ``html.escape`` first (so it is rich text by decision, not by Qt's guess)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(text)
    return label
