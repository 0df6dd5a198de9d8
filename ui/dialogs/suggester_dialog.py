"""File › Choose the suggester: the built-in rules and lexicons, a model trained with
``annotator train``, or both merged, and how sure the rules' suggestions must be, per layer
(high recall, balanced, high precision). Both are the project's (annotator/project_detection.py:
the CLI and every coder's app fill the project the same way); choosing detects again in every
article (ui/operations/detect.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.detect_layers import DETECT_LAYERS
from annotator.project_detection import (
    Sensitivity,
    SuggesterChoice,
    read_choice,
    read_sensitivity,
)
from annotator.training.model_folder import ModelError, inspect_model_folder
from ui.operations.detect import use_suggester
from ui.project_window import ProjectWindow
from ui.tasks import Task

LAYER_NAMES = {
    "loaded": "Loaded language",
    "attribution_cue": "Attribution cues",
    "source": "Sources",
    "quote": "Content (what was said)",
}
LEVELS = (
    ("high_recall", "High recall: more suggestions, more of them wrong"),
    ("balanced", "Balanced"),
    ("high_precision", "High precision: fewer suggestions, most of them right"),
)


class SuggesterDialog(QDialog):
    def __init__(
        self,
        current: SuggesterChoice,
        parent: QWidget | None = None,
        sensitivity: Sensitivity | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Suggester")
        self.tier = current.rules or "auto"  # the rules' tier is kept as it is
        self.rules = QRadioButton("Built-in rules and lexicons")
        self.model = QRadioButton("A model trained with 'annotator train':")
        self.both = QRadioButton("Both: the rules and the model, their suggestions merged")
        self.path = QLineEdit(str(current.model or ""))
        self.path.setPlaceholderText("Model folder")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.levels = self._sensitivity_box(sensitivity or Sensitivity())
        if current.merged:
            self.both.setChecked(True)
        else:
            (self.model if current.model else self.rules).setChecked(True)
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
            "Suggestions come from the project's suggester, the same for every coder and for "
            "'annotator detect --project'. Choosing one detects again in every article; "
            "coders' labels and their accept/reject decisions stay as they are."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.rules)
        layout.addWidget(self.model)
        layout.addWidget(self.both)
        layout.addLayout(row)
        layout.addWidget(self.about)
        layout.addWidget(self.levels)
        layout.addWidget(self.buttons)
        self.path.textChanged.connect(self._check)
        for button in (self.rules, self.model, self.both):
            button.toggled.connect(self._check)
        self._check()
        self.resize(560, 420)

    def _sensitivity_box(self, sensitivity: Sensitivity) -> QGroupBox:
        box = QGroupBox("How sure a rule's suggestion must be to be shown")
        form = QFormLayout(box)
        self.level_boxes: dict[str, QComboBox] = {}
        for layer in DETECT_LAYERS:
            combo = QComboBox()
            for level, text in LEVELS:
                combo.addItem(text, level)
            current = sensitivity.level(layer)
            if not isinstance(current, str):  # a minimum score chosen in the command line
                combo.addItem(f"Minimum score {current:g} (chosen in the command line)", current)
            combo.setCurrentIndex(combo.findData(current))
            combo.setAccessibleName(f"Sensitivity of {LAYER_NAMES[layer]}")
            form.addRow(LAYER_NAMES[layer] + ":", combo)
            self.level_boxes[layer] = combo
        return box

    def sensitivity(self) -> Sensitivity:
        return Sensitivity({layer: box.currentData() for layer, box in self.level_boxes.items()})

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Model folder", self.path.text())
        if folder:
            self.path.setText(folder)
            if self.rules.isChecked():
                self.model.setChecked(True)

    def choice(self) -> SuggesterChoice:
        if self.rules.isChecked():
            return SuggesterChoice(self.tier)
        folder = Path(self.path.text().strip())
        return SuggesterChoice(self.tier if self.both.isChecked() else None, folder)

    def _check(self) -> None:
        ok = True
        self.levels.setEnabled(not self.model.isChecked())  # the rules' scores only
        if self.rules.isChecked():
            self.about.setText("The lexicons and rules in resources/lexicons.")
        else:
            try:
                self.about.setText(inspect_model_folder(self.path.text().strip()).describe())
            except ModelError as exc:
                self.about.setText(str(exc) if self.path.text().strip() else "Choose a folder.")
                ok = False
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


def choose_suggester(window: ProjectWindow) -> Task | None:
    """Ask which suggester the project uses and how sure its suggestions must be; keep both and
    detect in every article.

    Returns the detection task started, or None when cancelled.
    """
    project = window.project
    dialog = SuggesterDialog(read_choice(project), window.widget(), read_sensitivity(project))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return use_suggester(window, dialog.choice(), dialog.sensitivity())
