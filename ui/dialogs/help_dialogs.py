"""The Help menu's dialogs and project info: keyboard shortcuts, codebook, project info, about."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.codebook import Codebook
from annotator.paths import data_dir
from annotator.profile import load_profile

SHORTCUTS = (
    ("Labeling", ""),
    ("A / R", "Accept / reject the suggestion under the cursor or selection"),
    ("Tab / Shift+Tab", "Next / previous suggestion"),
    ("1 – 9", "Mark the selection with that label of the active layer (or relabel the span)"),
    ("L", "Switch the active layer (loaded language / attribution)"),
    ("Shift+← / Shift+→", "Move the end of the current span by one character"),
    ("Alt+Shift+← / →", "Move the start of the current span by one character"),
    ("Drag a span's edge", "Resize it with the mouse"),
    ("Delete", "Delete the span under the cursor"),
    ("Esc", "Clear the current mark"),
    ("Attributions", ""),
    ("A on a cue", "Accept the cue with the source and content detected for it, in one step"),
    ("Ctrl+L", "Link the span chosen in the text to the attribution chosen in the table"),
    ("Ctrl+T", "Go to the attributions table (Esc: back to the text)"),
    ("F2 / Enter", "In the table: choose a value from a list (Enter on a text cell: show it)"),
    ("1 – 9, 0", "In the table: pick that value of the cell's attribute; 0 or Delete clears"),
    ("Articles", ""),
    ("N / J", "Next article"),
    ("P / K", "Previous article"),
    ("Ctrl+Enter", "Mark done and open the next article to do"),
    ("Ctrl+F", "Filter the article list"),
    ("Everything", ""),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo any labeling action, also after switching articles"),
    ("Ctrl++ / Ctrl+-", "Larger / smaller text"),
    ("F1", "This sheet"),
)


def _html_dialog(parent: QWidget, title: str, html: str, size=(640, 560)) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    browser = QTextBrowser()
    browser.setOpenExternalLinks(True)
    browser.setHtml(html)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(*size)
    return dialog


def shortcuts_dialog(parent: QWidget) -> QDialog:
    rows = []
    for keys, meaning in SHORTCUTS:
        if not meaning:
            rows.append(f"<tr><td colspan=2><h3>{escape(keys)}</h3></td></tr>")
        else:
            rows.append(
                f"<tr><td style='padding-right:16px'><b>{escape(keys)}</b></td>"
                f"<td>{escape(meaning)}</td></tr>"
            )
    return _html_dialog(parent, "Keyboard shortcuts", f"<table>{''.join(rows)}</table>")


def codebook_dialog(parent: QWidget, codebook: Codebook, guidelines: Path | None) -> QDialog:
    parts = [
        f"<h2>{escape(codebook.name)} <small>v{escape(codebook.version)}</small></h2>",
        f"<p>{escape(codebook.description)}</p>",
    ]
    for layer in codebook.layers:
        parts.append(f"<h3>{escape(layer.title)}</h3><p>{escape(layer.description)}</p><ol>")
        parts += [
            f"<li><b>{escape(label.title)}</b>: {escape(label.description)}</li>"
            for label in layer.labels
        ]
        parts.append("</ol>")
        for attribute in layer.attributes:
            if attribute.choices:
                choices = ", ".join(escape(c.title) for c in attribute.choices)
                parts.append(f"<p><i>{escape(attribute.title)}</i>: {choices}</p>")
    for scheme in codebook.schemes:
        parts.append(f"<h3>{escape(scheme.title)}</h3><p>{escape(scheme.description)}</p>")
        if scheme.choices and scheme.name != "secondary_frames":
            parts.append("<p>" + " · ".join(escape(c.title) for c in scheme.choices) + "</p>")
    if guidelines is not None and guidelines.is_file():
        link = QUrl.fromLocalFile(str(guidelines)).toString()
        parts.append(
            f"<hr><p>Full annotation guidelines: <a href='{link}'>{escape(guidelines.name)}</a></p>"
        )
    parts.append(f"<p style='color:gray'>Codebook hash {codebook.hash[:16]}…</p>")
    return _html_dialog(parent, "Codebook and guidelines", "".join(parts))


def info_dialog(parent: QWidget, title: str, facts: list[tuple[str, str]]) -> QDialog:
    rows = "".join(
        f"<tr><td style='padding-right:16px'><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>"
        for k, v in facts
    )
    return _html_dialog(parent, title, f"<table>{rows}</table>", size=(560, 380))


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget, tier: str):
        super().__init__(parent)
        self.setWindowTitle("About Media Bias Annotator")
        folder = data_dir()
        me = load_profile()
        identity = (
            f"<p>You code as {escape(me.name)}, coder id<br><code>{escape(me.uuid)}</code><br>"
            "(give it to your supervisor for a coder copy made for you)</p>"
            if me
            else ""
        )
        text = QLabel(
            f"<h3>Media Bias Annotator {escape(__version__)}</h3>"
            "<p>Offline coding of loaded language, attribution and framing in news.</p>"
            f"<p>Detection: {escape(tier)}</p>"
            f"{identity}"
            f"<p>Data folder (sample project, backups):<br><code>{escape(str(folder))}</code></p>"
        )
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_folder = QPushButton("Open data folder")
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        )
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(open_folder)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(buttons)
        self.resize(480, 300)
