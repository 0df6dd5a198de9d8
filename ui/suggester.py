"""Choosing the suggester: the built-in rules and lexicons, or a model trained with
``annotator train``. The choice is kept in the preferences file and used by every detection
run (ui/detection.py); choosing runs detection on the whole project at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.paths import config_dir
from annotator.training.model_folder import ModelError, inspect_model_folder

if TYPE_CHECKING:
    from ui.workers import Task

MODEL_KEY = "suggester/model"


def _settings() -> QSettings:
    # The preferences file of ui/settings.py; a QSettings per call is safe in worker threads.
    return QSettings(str(config_dir() / "ui.ini"), QSettings.Format.IniFormat)


def chosen_model() -> Path | None:
    """The model folder chosen as the suggester, or None for the built-in rules."""
    value = _settings().value(MODEL_KEY, "")
    return Path(value) if isinstance(value, str) and value else None


def set_chosen_model(path: Path | None) -> None:
    settings = _settings()
    settings.setValue(MODEL_KEY, str(path) if path else "")
    settings.sync()


class SuggesterDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Suggester")
        current = chosen_model()
        self.rules = QRadioButton("Built-in rules and lexicons")
        self.model = QRadioButton("A model trained with 'annotator train':")
        self.path = QLineEdit(str(current or ""))
        self.path.setPlaceholderText("Model folder")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.about = QLabel()
        self.about.setWordWrap(True)
        (self.model if current else self.rules).setChecked(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Use and detect")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Suggestions come from one suggester. Choosing one detects again in every "
            "article; coders' labels and their accept/reject decisions stay as they are."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.rules)
        layout.addWidget(self.model)
        layout.addLayout(row)
        layout.addWidget(self.about)
        layout.addWidget(self.buttons)
        self.path.textChanged.connect(self._check)
        self.rules.toggled.connect(self._check)
        self._check()
        self.resize(520, 240)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Model folder", self.path.text())
        if folder:
            self.path.setText(folder)
            self.model.setChecked(True)

    def choice(self) -> Path | None:
        return Path(self.path.text().strip()) if self.model.isChecked() else None

    def _check(self) -> None:
        ok = True
        if self.model.isChecked():
            try:
                self.about.setText(inspect_model_folder(self.path.text().strip()).describe())
            except ModelError as exc:
                self.about.setText(str(exc) if self.path.text().strip() else "Choose a folder.")
                ok = False
        else:
            self.about.setText("The lexicons and rules in resources/lexicons.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


def choose_suggester(window) -> Task | None:
    """Ask which suggester to use; keep the choice and detect in every article with it.

    Returns the detection task started (ui/project_jobs.detect), or None when cancelled.
    """
    dialog = SuggesterDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    set_chosen_model(dialog.choice())
    from ui.project_jobs import detect

    return detect(window)
