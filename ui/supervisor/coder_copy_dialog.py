"""Make a coder copy: for whom. A copy is made for a coder the project knows (chosen from its
coders, their short id shown when names repeat) or for a new coder given by the id in their own
profile, so that the coder opening the copy with their profile is the coder it was made for,
not a second coder of the same name."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.model import Coder, shown_coder_names

NEW = "new"
UUID = re.compile(r"^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$")


class CoderCopyDialog(QDialog):
    def __init__(self, coders: list[Coder], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Make a coder copy")
        shown = shown_coder_names(coders)
        self.coder = QComboBox()
        for coder in coders:
            self.coder.addItem(f"{shown[coder.uuid]} — id {coder.short_id}", coder.uuid)
        self.coder.addItem("A new coder (from their profile id)…", NEW)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Their display name")
        self.profile_id = QLineEdit()
        self.profile_id.setPlaceholderText("The id in their profile (Help › About shows it)")
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("For:", self.coder)
        form.addRow("Name:", self.name)
        form.addRow("Profile id:", self.profile_id)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "The copy carries the coder's id: when they open it with their own profile, "
                "their labels are theirs, and merge back under the same coder."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.why)
        layout.addWidget(self.buttons)
        for signal in (self.coder.currentIndexChanged, self.name.textChanged):
            signal.connect(self._check)
        self.profile_id.textChanged.connect(self._check)
        self.coders = {coder.uuid: coder for coder in coders}
        self._check()

    def chosen(self) -> tuple[str, str | None]:
        """(name, coder id): a known coder's, or the new coder's (id None: a new one)."""
        data = self.coder.currentData()
        if data != NEW:
            return self.coders[data].name, data
        text = self.profile_id.text().strip()
        return self.name.text().strip(), text or None

    def _check(self) -> None:
        new = self.coder.currentData() == NEW
        for field in (self.name, self.profile_id):
            field.setEnabled(new)
        problem = ""
        if new:
            name, uuid = self.chosen()
            if not name:
                problem = "Give the new coder's name."
            elif uuid is not None and not UUID.match(uuid):
                problem = "A profile id looks like 1b4e28ba-2fa1-11d2-883f-0016d3cca427."
            elif uuid is None:
                problem = (
                    "Without their profile id the copy gets a new id; when they open it, the "
                    "app asks them whether to code as this coder."
                )
        self.why.setText(problem)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not new or (bool(self.name.text().strip()) and "looks like" not in problem))
