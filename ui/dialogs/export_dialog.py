"""The Export dialog: format, whose labels, layers, schemes, status and where to write; the
export runs on the task runner (ui/operations/export.py: progress, Cancel) and the dialog
shows what was written.

All the rules live in annotator.export; this module only collects the choices. The path
offered starts in the folder last chosen in a file dialog (the project's before any) and follows
the format and the source, but a folder or a name the user chose is kept when either changes
(only the ending changes: ".jsonl" for a file, none for a folder).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from annotator.export import ExportOptions, Selection, Source
from annotator.export.project_export import existing_outputs
from ui.operations.export import export_labels
from ui.project_window import ProjectWindow
from ui.settings import Preferences
from ui.tasks import Task

FORMATS = (
    ("jsonl", "JSONL (Prodigy-style spans, one article a line)"),
    ("spacy", "spaCy DocBin (train.spacy and dev.spacy)"),
    ("csv", "CSV (a file per layer, one for document labels)"),
    ("parquet", "Parquet (spans and document labels)"),
)
STATUSES = (("Any status", None), ("Done", "done"), ("In progress", "in_progress"))


def _checklist(names: list[tuple[str, str]]) -> QListWidget:
    widget = QListWidget()
    for name, title in names:
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        widget.addItem(item)
    widget.setMaximumHeight(22 * max(2, min(len(names), 5)) + 8)
    return widget


def _checked(widget: QListWidget) -> tuple[str, ...]:
    items = (widget.item(i) for i in range(widget.count()))
    return tuple(
        item.data(Qt.ItemDataRole.UserRole)
        for item in items
        if item.checkState() == Qt.CheckState.Checked
    )


class ExportDialog(QDialog):
    def __init__(self, window: ProjectWindow):
        super().__init__(window.widget())
        self.window_ = window
        self.project_path: Path = window.project.path
        self.task: Task | None = None
        book = window.project.codebook
        self.setWindowTitle("Export labels")
        self.format = QComboBox()
        for name, title in FORMATS:
            self.format.addItem(title, name)
        if importlib.util.find_spec("pyarrow") is None:
            self.format.model().item(3).setEnabled(False)
            self.format.setItemData(3, "Needs pyarrow: pip install 'media-bias-annotator[parquet]'")
        self.source = QComboBox()
        self.source.addItem("Gold (adjudicated)", "gold")
        self.source.addItem("All coders", "all-coders")
        for coder in window.project.coders.list():
            self.source.addItem(f"Coder: {coder.name}", f"coder:{coder.name}")
        self.layers = _checklist([(layer.name, layer.title) for layer in book.layers])
        self.schemes = _checklist([(scheme.name, scheme.title) for scheme in book.schemes])
        self.partial = QCheckBox("Include partly adjudicated articles")
        self.partial.setToolTip(
            "Gold of an article with undecided units lacks their labels, which teaches a model "
            "that those passages carry none. Left out unless checked."
        )
        self.partial_note = QLabel(
            "Gold export takes only fully adjudicated articles; the summary lists those left out."
        )
        self.partial_note.setWordWrap(True)
        self.status = QComboBox()
        for title, value in STATUSES:
            self.status.addItem(title, value)
        self.dev_fraction = QDoubleSpinBox()
        self.dev_fraction.setRange(0.0, 0.9)
        self.dev_fraction.setSingleStep(0.05)
        self.dev_fraction.setValue(0.2)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.path = QLineEdit()
        self.offered = ""  # the path last filled in by the dialog, not typed or browsed
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setPlaceholderText("What was written appears here.")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self._layout(browse)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.source.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    def _layout(self, browse: QPushButton) -> None:
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Format:", self.format)
        form.addRow("Labels from:", self.source)
        form.addRow("", self.partial)
        form.addRow("", self.partial_note)
        form.addRow("Layers:", self.layers)
        form.addRow("Document schemes:", self.schemes)
        form.addRow("Articles:", self.status)
        form.addRow("Dev share (spaCy):", self.dev_fraction)
        form.addRow("Split seed (spaCy):", self.seed)
        form.addRow("Write to:", path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 620)

    # -- choices ---------------------------------------------------------------------------

    def options(self, force: bool = False) -> ExportOptions:
        book = self.window_.project.codebook
        layers = _checked(self.layers)
        schemes = _checked(self.schemes)
        selection = Selection(
            Source.parse(self.source.currentData()),
            None if len(layers) == len(book.layers) else layers,
            None if len(schemes) == len(book.schemes) else schemes,
            self.status.currentData(),
        )
        return ExportOptions(
            format=self.format.currentData(),
            selection=selection,
            force=force,
            dev_fraction=self.dev_fraction.value(),
            seed=self.seed.value(),
        )

    def _format_changed(self) -> None:
        fmt = self.format.currentData()
        for widget in (self.dev_fraction, self.seed):
            widget.setEnabled(fmt == "spacy")
        gold = self.source.currentData() == "gold"
        self.partial.setEnabled(gold)
        self.partial_note.setVisible(gold)
        current = self.path.text().strip()
        folder = (
            Path(current).parent
            if current
            else Preferences().last_folder_or(self.project_path.parent)
        )
        if current and current != self.offered:  # the user's own name: keep it, fix the ending
            name = Path(current).name.removesuffix(".jsonl")
            self.path.setText(str(folder / (f"{name}.jsonl" if fmt == "jsonl" else name)))
            return
        source = str(self.source.currentData()).replace("coder:", "").replace(" ", "_")
        stem = f"{self.project_path.stem}-{source}"
        suffix = ".jsonl" if fmt == "jsonl" else f"-{fmt}"
        self.offered = str(folder / f"{stem}{suffix}")
        self.path.setText(self.offered)

    def _browse(self) -> None:
        if self.format.currentData() == "jsonl":
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export to", self.path.text(), "JSON Lines (*.jsonl)"
            )
        else:
            chosen = QFileDialog.getExistingDirectory(self, "Export into folder", self.path.text())
        if chosen:
            Preferences().remember_folder(chosen)
            self.path.setText(chosen)

    # -- running ---------------------------------------------------------------------------

    def start(self) -> Task | None:
        """Export in the background; asks before replacing files. None if nothing started."""
        if self.task is not None or not self.path.text().strip():
            return None
        target = Path(self.path.text().strip())
        options = self.options()
        layers = list(
            options.selection.layers or [x.name for x in self.window_.project.codebook.layers]
        )
        existing = existing_outputs(target, options, layers)
        if existing:
            names = "\n".join(str(p) for p in existing[:5])
            answer = QMessageBox.question(
                self,
                "Replace files?",
                f"These files exist already:\n{names}\n\nReplace them?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            options = self.options(force=True)
        self.export_button.setEnabled(False)
        self.summary.setPlainText("Exporting…")
        self.task = export_labels(
            self,
            self.project_path,
            target,
            options,
            self._done,
            self._failed,
            self._cancelled,
            include_partial=self.partial.isChecked(),
        )
        return self.task

    def _finish(self, text: str) -> None:
        self.task = None
        self.export_button.setEnabled(True)
        self.summary.setPlainText(text)

    def _done(self, summary) -> None:
        self._finish("\n".join(summary.lines()))
        self.window_.show_status(f"Exported {summary.articles} article(s) to {summary.path}")

    def _failed(self, message: str) -> None:
        self._finish(f"Nothing was exported.\n{message}")
        QMessageBox.warning(self, "Export failed", message)

    def _cancelled(self) -> None:
        self._finish("Export cancelled; nothing was written.")


def open_export_dialog(window: ProjectWindow) -> ExportDialog:
    """Show the Export dialog for ``window``'s project; returns it."""
    dialog = ExportDialog(window)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    return dialog
