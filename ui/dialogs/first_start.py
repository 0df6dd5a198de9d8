"""The welcome dialog on first start: who is coding (their name stamps every label), and what
opens next: the sample project, or the file the app was started with."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class FirstStartDialog(QDialog):
    """Asks once for the coder's display name; it stamps every label they make."""

    def __init__(
        self, suggested_name: str, parent: QWidget | None = None, opens: Path | None = None
    ):
        """``opens``: the project the app opens next; None for the bundled sample."""
        super().__init__(parent)
        self.setWindowTitle("Welcome to Media Bias Annotator")
        if opens is None:
            after = (
                "The sample project opens next: five outlets' reports of the same story, with "
                "loaded words and attributions already suggested."
            )
        else:
            after = f"Next, <b>{escape(Path(opens).name)}</b> opens, the file you asked for."
        intro = QLabel(
            "<p><b>Who is coding?</b></p><p>Your name is saved with every label you make, so "
            "a supervisor can merge several coders' work and compare it. You can change it "
            f"later under <i>File › Coder name</i>.</p><p>{after}</p>"
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(suggested_name)
        self.name.selectAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start coding")
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Display name:"))
        layout.addWidget(self.name)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(460, 260)

    def coder_name(self) -> str:
        return self.name.text().strip()
