"""The agreement dashboard: a project's agreement figures as tables and charts.

Pick a document scheme or span layer; the tabs show the overall coefficients with their counts
and "no value" reasons beside per-label alpha bars, the coder pairs (a matrix to pick a pair,
its confusion heatmap, the table), each coder against the others, and the articles, most
contested first (double-clicking one, or Enter on it, asks the window to open it:
``article_opened``), and each coder's progress against the study plan. Labels and choices show
as the codebook's titles; each distinct "no value" reason is written once below the tables, and
a figure resting on fewer than ten units is marked. The figures are computed off the UI thread
on their own connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.agreement.project_result import ProjectAgreement, Section, figure_title
from annotator.agreement.report_files import write_report
from annotator.agreement.report_intervals import IntervalSettings
from annotator.codebook import Codebook
from annotator.errors import AnnotatorError
from annotator.study.progress import StudyProgress
from ui.operations.agreement import compute_agreement, compute_progress
from ui.plain_text import plain_label
from ui.supervisor.agreement_charts import AlphaBars
from ui.supervisor.figure_tables import (
    FEW_UNITS,
    CellTable,
    ReasonNotes,
    article_rows,
    few_units,
    few_units_warning,
    fit_columns,
    grid_rows,
    label_rows,
    overall_rows,
    table_view,
)
from ui.supervisor.pair_charts import ConfusionHeatmap, PairMatrix
from ui.supervisor.progress_table import ProgressTable
from ui.tasks import DialogWithTasks, Task

KIND_NAMES = {"attribute": "attribute of matched spans", "records": "attribution-wise"}
BAR_DEFAULTS = ("krippendorff_alpha", "unitized_alpha")
PAIR_DEFAULTS = ("krippendorff_alpha", "masi_alpha", "span_f1_exact", "attribution_agreement")
INTERVAL_SAMPLES, INTERVAL_SEED = 1000, 0


class AgreementDashboard(DialogWithTasks):
    article_opened = Signal(str)  # the article's uuid

    def __init__(
        self,
        project_path: Path,
        parent: QWidget | None = None,
        coders: Sequence[str] | None = None,
        result: ProjectAgreement | None = None,
        codebook: Codebook | None = None,
    ):
        super().__init__(parent)
        self.project_path, self.coders = Path(project_path), coders
        self.codebook = codebook
        self.titles: dict[str, str] = {}
        self.reason_numbers: dict[str, int] = {}
        self.result: ProjectAgreement | None = None
        self.section: Section | None = None
        self.task: Task | None = None
        self.setWindowTitle("Agreement")
        self.section_combo = QComboBox()
        self.section_combo.currentIndexChanged.connect(self._section_chosen)
        self.refresh_button = QPushButton("Recompute")
        self.refresh_button.clicked.connect(self.compute)
        self.intervals_box = QCheckBox(f"95% intervals ({INTERVAL_SAMPLES:,} resamples)")
        self.intervals_box.setToolTip(
            "A bootstrap over units (articles), seeded, so the same data give the same "
            "intervals; q is the share of resamples below .667 and .8"
        )
        self.intervals_box.setChecked(True)
        self.intervals_box.toggled.connect(self.compute)
        self.report_button = QPushButton("Export report…")
        self.report_button.setToolTip(
            "The tables with intervals and counts, the reasons, and a methods paragraph to "
            "paste (.md or .html), as `annotator agree --report` writes"
        )
        self.report_button.clicked.connect(self.export_report)
        self.report_button.setEnabled(False)
        self.status = plain_label("Computing…")  # names the project and its coders
        self.notes = plain_label()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: gray;")
        top = QHBoxLayout()
        top.addWidget(QLabel("Scheme or layer:"))
        top.addWidget(self.section_combo, 1)
        top.addWidget(self.intervals_box)
        top.addWidget(self.refresh_button)
        top.addWidget(self.report_button)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._overview_tab(), "Overview")
        self.tabs.addTab(self._pairs_tab(), "Coder pairs")
        self.coder_model = CellTable()
        self.coder_view = table_view(self.coder_model, stretch_last=False)
        self.tabs.addTab(self.coder_view, "Each coder")
        self.article_model = CellTable()
        self.article_view = table_view(self.article_model)
        self.article_view.doubleClicked.connect(self._open_article)
        self.article_view.activated.connect(self._open_article)
        self.tabs.addTab(self.article_view, "Articles")
        self.progress_table = ProgressTable()
        self.tabs.addTab(self.progress_table, "Coders' progress")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.notes)
        layout.addWidget(self.tabs, 1)
        self.resize(1180, 780)
        if result is not None:
            self.show_result(result)
        else:
            self.compute()

    def _overview_tab(self) -> QWidget:
        self.overall_model = CellTable()
        self.overall_view = table_view(self.overall_model)
        self.bar_combo = QComboBox()
        self.bar_combo.currentIndexChanged.connect(self._draw_bars)
        self.bars = AlphaBars()
        scroll = QScrollArea()
        scroll.setWidget(self.bars)
        scroll.setWidgetResizable(True)
        self.label_model = CellTable()
        self.label_view = table_view(self.label_model)
        bars_box = QWidget()
        bars_layout = QVBoxLayout(bars_box)
        bars_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("Per label:"))
        row.addWidget(self.bar_combo)
        row.addStretch(1)
        bars_layout.addLayout(row)
        bars_layout.addWidget(scroll, 1)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(bars_box)
        lower.addWidget(self.label_view)
        lower.setSizes([560, 560])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.overall_view)
        splitter.addWidget(lower)
        splitter.setSizes([170, 480])
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reasons.setStyleSheet("color: gray;")
        tab = QWidget()
        tab_layout = QVBoxLayout(tab)
        tab_layout.setContentsMargins(0, 0, 0, 0)
        tab_layout.addWidget(splitter, 1)
        tab_layout.addWidget(self.reasons)
        return tab

    def _pairs_tab(self) -> QWidget:
        self.pair_combo = QComboBox()
        self.pair_combo.currentIndexChanged.connect(self._draw_pairs)
        self.matrix = PairMatrix()
        self.matrix.pair_chosen.connect(self.show_pair)
        self.heatmap = ConfusionHeatmap()
        self.heatmap_title = plain_label()
        self.pair_model = CellTable()
        self.pair_view = table_view(self.pair_model, stretch_last=False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        row = QHBoxLayout()
        row.addWidget(QLabel("Figure:"))
        row.addWidget(self.pair_combo)
        row.addStretch(1)
        left_layout.addLayout(row)
        left_layout.addWidget(self.matrix, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.heatmap_title)
        right_layout.addWidget(self.heatmap, 1)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(left)
        charts.addWidget(right)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(charts)
        splitter.addWidget(self.pair_view)
        splitter.setSizes([430, 220])
        return splitter

    # -- computing ----------------------------------------------------------------------------

    def compute(self) -> None:
        if self.task is not None:
            return
        self.status.setText("Computing agreement…")
        self.refresh_button.setEnabled(False)
        intervals = (
            IntervalSettings(INTERVAL_SAMPLES, INTERVAL_SEED)
            if self.intervals_box.isChecked()
            else None
        )
        self.task = compute_agreement(
            self,
            self.project_path,
            self.coders,
            self._computed,
            self._failed,
            self._cancelled,
            intervals,
        )
        self.task.finished.connect(self._task_done)

    def _task_done(self) -> None:
        self.task = None
        self.refresh_button.setEnabled(True)

    def _computed(self, result: ProjectAgreement) -> None:
        self.show_result(result)
        compute_progress(self, self.project_path, self.show_progress, self._failed)

    def export_report(self, path: Path | None = None) -> None:
        """Write the reliability report of the figures shown (a file dialog asks where)."""
        if self.result is None:
            return
        if path is None:
            start = str(self.project_path.with_name(f"{self.project_path.stem}-reliability.html"))
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export the reliability report", start, "HTML (*.html);;Markdown (*.md)"
            )
            if not chosen:
                return
            path = Path(chosen)
        try:
            write_report(self.result, path)
        except AnnotatorError as error:
            QMessageBox.warning(self, "Export the reliability report", str(error))
            return
        self.status.setText(f"Wrote the reliability report to {path}")

    def show_progress(self, progress: StudyProgress) -> None:
        self.progress_table.show_progress(progress)

    def _failed(self, message: str) -> None:
        self.status.setText(f"Could not compute agreement: {message}")

    def _cancelled(self) -> None:
        self.status.setText("Cancelled; the figures shown are from before.")

    # -- showing ------------------------------------------------------------------------------

    def show_result(self, result: ProjectAgreement) -> None:
        self.result = result
        self.report_button.setEnabled(True)
        current = self.section_combo.currentData()
        self.section_combo.blockSignals(True)
        self.section_combo.clear()
        for section in result.sections:
            what = KIND_NAMES.get(section.kind, section.kind)
            self.section_combo.addItem(f"{section.title} ({what})", (section.kind, section.name))
        self.section_combo.blockSignals(False)
        found = self.section_combo.findData(current) if current is not None else -1
        self.section_combo.setCurrentIndex(max(found, 0))
        coders = ", ".join(result.coders) or "none"
        subsample = (
            f"; measured on the study plan's reliability subsample ({result.subsample} articles)"
            if result.subsample is not None
            else ""
        )
        self.status.setText(
            f"{result.project}: {result.articles} articles; coders: {coders}{subsample}"
        )
        self._section_chosen()

    def show_section(self, name: str, kind: str | None = None) -> None:
        """Show a section by name (and kind: a layer and its records share the name)."""
        for at in range(self.section_combo.count()):
            found_kind, found_name = self.section_combo.itemData(at)
            if found_name == name and kind in (None, found_kind):
                self.section_combo.setCurrentIndex(at)
                return
        raise KeyError(name)

    def _section_chosen(self) -> None:
        data = self.section_combo.currentData()
        if self.result is None or data is None:
            return
        section = self.result.section(data[1], data[0])
        self.section = section
        self.titles = self._titles(section)
        notes = [
            f"{section.measure.capitalize()}, {section.units} {section.unit_noun}",
            *section.notes,
        ]
        if _any_few_units(section):
            notes.append(f"⚠ marks a figure resting on fewer than {FEW_UNITS} units")
        self.notes.setText(" · ".join(note[0].upper() + note[1:] for note in notes))
        reasons = ReasonNotes()
        self.overall_model.set_rows(*overall_rows(section, reasons))
        self.label_model.set_rows(*label_rows(section, self.titles, reasons))
        self.reason_numbers = {r: at for at, r in enumerate(reasons.reasons, start=1)}
        self.reasons.setText(reasons.text())
        self.reasons.setVisible(bool(reasons.reasons))
        pairs = [(f"{p.coder_a} / {p.coder_b}", p.coefficients) for p in section.pairs]
        units = [p.units for p in section.pairs]
        self.pair_model.set_rows(*grid_rows("Pair", pairs, units))
        coders = [(c.coder, c.coefficients) for c in section.per_coder]
        self.coder_model.set_rows(*grid_rows("Coder", coders))
        self.article_model.set_rows(*article_rows(section, self.titles))
        for view in (self.overall_view, self.label_view, self.pair_view, self.coder_view):
            fit_columns(view)
        self.article_view.resizeColumnToContents(0)
        self.article_view.setColumnWidth(1, 320)
        _fill(self.bar_combo, _keys(section.per_label), BAR_DEFAULTS)
        _fill(
            self.pair_combo,
            _keys({p.coder_a: p.coefficients for p in section.pairs}),
            PAIR_DEFAULTS,
        )
        self._draw_bars()
        self._draw_pairs()
        if section.pairs:
            self.show_pair(section.pairs[0].coder_a, section.pairs[0].coder_b)
        else:
            self.show_pair("", "")

    def _draw_bars(self) -> None:
        key = self.bar_combo.currentData()
        if self.section is None or key is None:
            self.bars.set_items([])
            return
        items = [
            (self.titles.get(label, label), f[key])
            for label, f in self.section.per_label.items()
            if key in f
        ]
        self.bars.set_items(items, self.reason_numbers)

    def _draw_pairs(self) -> None:
        key = self.pair_combo.currentData()
        if self.section is None or key is None:
            self.matrix.set_pairs([], {})
            return
        values = {(p.coder_a, p.coder_b): p.coefficients[key] for p in self.section.pairs}
        self.matrix.set_pairs(self.section.coders, values)

    def show_pair(self, first: str, second: str) -> None:
        pair = self.section.pair(first, second) if self.section and first else None
        if pair is None or pair.confusion is None:
            self.heatmap.set_matrix(None)
            single = self.section is not None and self.section.measure.startswith("single")
            self.heatmap_title.setText(
                "Click a pair in the matrix."
                if single
                else "Confusion matrices are drawn for "
                "single-choice schemes; this section's pair figures are in the table below."
            )
            return
        self.matrix.choose(first, second)
        self.heatmap.set_matrix(pair.confusion, self.titles)
        # a plain-text label (coder names are shown as typed): the warning on a line of its own
        warning = f"\n{few_units_warning(pair.units)}" if pair.units < FEW_UNITS else ""
        self.heatmap_title.setText(
            f"{pair.coder_a} (rows) against {pair.coder_b} (columns): {pair.units} articles both "
            f"answered{warning}"
        )

    def _titles(self, section: Section) -> dict[str, str]:
        """The codebook's title of each label or choice of ``section``, by stored name."""
        if self.codebook is None:
            return {}
        try:
            if section.kind == "layer":
                found = self.codebook.layer(section.name)
                return {label.name: label.title for label in found.labels}
            scheme = self.codebook.scheme(section.name)
        except KeyError:
            return {}
        return {choice.name: choice.title for choice in scheme.choices}

    def _open_article(self, index: QModelIndex) -> None:
        if self.section is None or not index.isValid():
            return
        row = self.article_view.keep.mapToSource(index).row()
        if 0 <= row < len(self.section.per_article):
            self.article_opened.emit(self.section.per_article[row].article.uuid)


def _any_few_units(section: Section) -> bool:
    figures = [
        *section.overall.values(),
        *(r for f in section.per_label.values() for r in f.values()),
    ]
    figures += [r for p in section.pairs for r in p.coefficients.values()]
    return any(few_units(result) for result in figures)


def _keys(figures: dict[str, dict]) -> list[str]:
    return list(dict.fromkeys(k for f in figures.values() for k in f))


def _fill(combo: QComboBox, keys: list[str], preferred: tuple[str, ...]) -> None:
    combo.blockSignals(True)
    combo.clear()
    for key in keys:
        combo.addItem(figure_title(key), key)
    chosen = next((combo.findData(k) for k in preferred if k in keys), 0)
    combo.setCurrentIndex(chosen)
    combo.blockSignals(False)
