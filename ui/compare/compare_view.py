"""Supervisor › Compare outlets: how the groups of articles (outlets, by default) covered a
story, from one named label source, as docs/compare.md describes.

Pick the labels (the detector's suggestions, gold, one coder or all coders pooled), what to
group by and a story, then Compare: the comparison runs on the task runner (progress,
Cancel; ui/operations/compare.py). Three tabs show its figures: small multiples of each
figure with 95% interval whiskers, the word-choice table (a click on a cell shows its
sentences) and the aligned facts with loaded words and cues lit. Figures export as PNG or SVG,
tables as CSV. Names are the codebook's titles, never internal ids.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.compare import Chart, Comparison
from annotator.compare.term_sentences import TermSentence
from annotator.errors import AnnotatorError
from annotator.store import compare_rows
from annotator.store.gold import articles_with_gold
from annotator.store.project import Project
from ui.compare.aligned_panel import AlignedPanel
from ui.compare.chart_export import CHART_FILTERS, save_chart, save_tables
from ui.compare.chart_panels import ChartPanels
from ui.compare.word_choice_panel import WordChoicePanel
from ui.operations.compare import compare_outlets, find_term_sentences
from ui.tasks import DialogWithTasks, Task

GROUPINGS = (
    ("outlet", "Outlet"),
    ("story", "Story"),
    ("source", "Source"),
    ("published:year", "Year published"),
    ("published:month", "Month published"),
    ("published:week", "Week published"),
    ("published:day", "Day published"),
)


def label_sources(project: Project) -> list[tuple[str, str]]:
    """``(source as compare_project reads it, what the user sees)`` for the project's labels:
    each detector's suggestions, gold when there is any, every coder pooled and each coder."""
    sources = [
        (f"suggestions:{name}", f"Suggestions ({name})")
        for name in compare_rows.detector_names(project)
    ]
    if articles_with_gold(project):
        sources.append(("gold", "Gold (adjudicated)"))
    coders = project.coders.list()
    if coders:
        sources.append(("all-coders", "All coders, pooled"))
        sources += [(f"coder:{c.name}", f"Coder {c.name}") for c in coders]
    return sources


class CompareView(DialogWithTasks):
    def __init__(self, project: Project, parent: QWidget | None = None, compute: bool = True):
        super().__init__(parent)
        self.project_path = project.path
        self.comparison: Comparison | None = None
        self.task: Task | None = None
        self.setWindowTitle(f"Compare outlets — {project.meta.name}")
        self.source_combo = QComboBox()
        for source, title in label_sources(project):
            self.source_combo.addItem(title, source)
        self.by_combo = QComboBox()
        for by, title in GROUPINGS:
            self.by_combo.addItem(title, by)
        self.story_combo = QComboBox()
        self.story_combo.addItem("All stories", None)
        for story, count in compare_rows.story_counts(project):
            if story:
                self.story_combo.addItem(f"{story} ({count})", story)
        self.compare_button = QPushButton("&Compare")
        self.compare_button.setDefault(True)
        self.compare_button.clicked.connect(lambda: self.compute())
        controls = QHBoxLayout()
        for text, combo in (
            ("&Labels:", self.source_combo),
            ("&Group by:", self.by_combo),
            ("&Story:", self.story_combo),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            controls.addWidget(label)
            controls.addWidget(combo, 1)
        controls.addWidget(self.compare_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: gray;")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._figures_tab(), "&Figures")
        self.word_choice = WordChoicePanel()
        self.word_choice.term_chosen.connect(self.show_term)
        self.tabs.addTab(self.word_choice, "&Word choice")
        self.aligned = AlignedPanel()
        self.tabs.addTab(self.aligned, "&Aligned facts")
        self.export_chart_button = QPushButton("Export &figure…")
        self.export_chart_button.clicked.connect(lambda: self.export_chart())
        self.export_tables_button = QPushButton("Export &tables (CSV)…")
        self.export_tables_button.clicked.connect(lambda: self.export_tables())
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.export_chart_button)
        bottom.addWidget(self.export_tables_button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(self.notes)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self._set_exports()
        self._fit_screen(1180, 760)
        if not self.source_combo.count():
            self.status.setText(
                "Nothing to compare yet: the project has no suggestions and no coder's labels."
            )
            self.compare_button.setEnabled(False)
        elif compute:
            self.compute()

    def _fit_screen(self, width: int, height: int) -> None:
        """The size asked for, or the screen's free area less a margin when that is smaller."""
        screen = (self.parentWidget() or self).screen()
        free = screen.availableGeometry() if screen is not None else None
        if free is not None:
            width, height = min(width, free.width() - 40), min(height, free.height() - 60)
        self.resize(width, height)

    def _figures_tab(self) -> QWidget:
        self.figure_combo = QComboBox()
        self.figure_combo.currentIndexChanged.connect(self._show_figure)
        self.figure_note = QLabel()
        self.figure_note.setWordWrap(True)
        self.figure_note.setStyleSheet("color: gray;")
        self.panels = ChartPanels()
        scroll = QScrollArea()
        scroll.setWidget(self.panels)
        scroll.setWidgetResizable(True)
        row = QHBoxLayout()
        row.addWidget(QLabel("Figure:"))
        row.addWidget(self.figure_combo, 1)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.figure_note)
        layout.addWidget(scroll, 1)
        return box

    # -- choosing -----------------------------------------------------------------------------

    def choose(self, source: str | None = None, by: str | None = None, story: str | None = None):
        """Set the controls (what a test or a caller asks for); ``compute`` runs it."""
        for combo, value in ((self.source_combo, source), (self.by_combo, by)):
            if value is not None:
                at = combo.findData(value)
                if at < 0:
                    raise KeyError(value)
                combo.setCurrentIndex(at)
        if story is not None:
            at = self.story_combo.findData(story)
            if at < 0:
                raise KeyError(story)
            self.story_combo.setCurrentIndex(at)

    # -- computing ----------------------------------------------------------------------------

    def compute(self) -> None:
        if self.task is not None or not self.source_combo.count():
            return
        source, by = self.source_combo.currentData(), self.by_combo.currentData()
        story = self.story_combo.currentData()
        self.status.setText(f"Comparing by {self.by_combo.currentText().lower()}…")
        self.compare_button.setEnabled(False)
        self.task = compare_outlets(
            self,
            self.project_path,
            source,
            by,
            story,
            self.show_comparison,
            self._failed,
            self._cancelled,
        )
        self.task.finished.connect(self._task_done)

    def _task_done(self) -> None:
        self.task = None
        self.compare_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        self.status.setText(f"Could not compare: {message}")

    def _cancelled(self) -> None:
        shown = "the figures shown are from before" if self.comparison else "nothing to show"
        self.status.setText(f"Cancelled; {shown}.")

    # -- showing ------------------------------------------------------------------------------

    def show_comparison(self, comparison: Comparison) -> None:
        self.comparison = comparison
        groups = ", ".join(f"{g.name} ({g.articles})" for g in comparison.groups)
        story = f", story “{comparison.story}”" if comparison.story else ""
        self.status.setText(
            f"<b>Labels: {comparison.source_description}</b><br>"
            f"By {comparison.by}{story}: {groups} articles"
        )
        self.notes.setText(" · ".join(comparison.notes))
        current = self.figure_combo.currentData()
        self.figure_combo.blockSignals(True)
        self.figure_combo.clear()
        for at, chart in enumerate(self.figures()):
            self.figure_combo.addItem(chart.title, at)
        self.figure_combo.blockSignals(False)
        found = self.figure_combo.findData(current) if current is not None else -1
        self.figure_combo.setCurrentIndex(max(found, 0))
        self._show_figure()
        self.word_choice.set_choices(comparison.word_choice)
        self.aligned.show_comparison(comparison)
        self._set_exports()

    def figures(self) -> list[Chart]:
        """The charts of the Figures tab: loaded language, attribution, answers."""
        if self.comparison is None:
            return []
        c = self.comparison
        return [*((c.loaded,) if c.loaded else ()), *c.attribution, *c.answers]

    @property
    def chart(self) -> Chart | None:
        """The figure shown (the one exported)."""
        charts, at = self.figures(), self.figure_combo.currentIndex()
        return charts[at] if 0 <= at < len(charts) else None

    def show_figure(self, key: str) -> None:
        for at, chart in enumerate(self.figures()):
            if chart.key == key:
                self.figure_combo.setCurrentIndex(at)
                return
        raise KeyError(key)

    def _show_figure(self) -> None:
        chart = self.chart
        self.panels.set_chart(chart)
        if chart is None:
            self.figure_note.setText("")
            return
        units = sorted(set(chart.interval_units)) or ["none"]
        self.figure_note.setText(
            f"{chart.description} Bars: the figure; whiskers: its 95% bootstrap interval "
            f"(resampling {', '.join(units)}). Hover a bar for the counts behind it."
        )

    def _set_exports(self) -> None:
        self.export_chart_button.setEnabled(self.chart is not None)
        self.export_tables_button.setEnabled(self.comparison is not None)

    # -- word choice --------------------------------------------------------------------------

    def show_term(self, group: str, word_group: str, term: str) -> None:
        if self.comparison is None:
            return
        find_term_sentences(
            self,
            self.project_path,
            self.comparison,
            group,
            word_group,
            term,
            lambda found: self._sentences_found(group, term, found),
            self.word_choice.show_message,
        )

    def _sentences_found(self, group: str, term: str, found: list[TermSentence]) -> None:
        self.word_choice.show_sentences(group, term, found)

    # -- export -------------------------------------------------------------------------------

    def export_chart(self, path: Path | None = None) -> Path | None:
        chart = self.chart
        if chart is None or self.comparison is None:
            return None
        if path is None:
            suggested = self.project_path.parent / f"{chart.key}.png"
            name, _ = QFileDialog.getSaveFileName(
                self, "Export figure", str(suggested), CHART_FILTERS
            )
            if not name:
                return None
            path = Path(name)
        try:
            saved = save_chart(chart, self.comparison, path, self.font())
        except OSError as exc:
            QMessageBox.warning(self, "Export figure", f"Could not save {path}: {exc}")
            return None
        self.status.setText(f"Saved {saved}")
        return saved

    def export_tables(self, folder: Path | None = None) -> list[Path]:
        if self.comparison is None:
            return []
        if folder is None:
            name = QFileDialog.getExistingDirectory(
                self, "Export tables into a folder", str(self.project_path.parent)
            )
            if not name:
                return []
            folder = Path(name)
        try:
            written = save_tables(self.comparison, folder)
        except (OSError, AnnotatorError) as exc:
            QMessageBox.warning(self, "Export tables", f"Could not write into {folder}: {exc}")
            return []
        self.status.setText(f"Saved {len(written)} CSV tables in {folder}")
        return written
