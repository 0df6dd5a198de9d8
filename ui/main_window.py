"""The main window: article list and marks list, the key legend, article text with its find
bar, and the label panel, with menus and the status bar.

It wires the pieces together and navigates; every labeling action goes through the
CodingSession (ui/coding/session.py), every long job through an operation (ui/operations) on
the task runner (ui/tasks.py). It implements the interface operations may use of it
(ui/project_window.py). After any action the text has the focus, so A, R, Tab and the number
keys always work.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.article_state import article_labels, worklist
from annotator.attribution_records import attribution_records
from annotator.model import Coder
from annotator.store import Project
from ui.coding.article_list import ArticleListPanel
from ui.coding.article_view import ArticleView
from ui.coding.attribution_links import AttributionLinker
from ui.coding.coding_menus import refresh_mark_actions
from ui.coding.find_bar import FindBar
from ui.coding.highlighter import Mark
from ui.coding.key_legend import KeyLegend
from ui.coding.label_panel import LabelPanel
from ui.coding.marks_list import MarksList
from ui.coding.scheme_picker import SchemePicker, scheme_keys
from ui.coding.session import CodingSession
from ui.coding.span_note import SpanNoteDialog
from ui.operations.import_articles import import_files
from ui.plain_text import plain_label
from ui.settings import Preferences
from ui.tasks import runner
from ui.theme import LAYER_STYLES, apply_theme, is_dark
from ui.window_menus import build_menus

IDLE_CAP_SECONDS = 120  # a pause longer than this does not count as time spent on an article


class MainWindow(QMainWindow):
    def __init__(
        self,
        project: Project,
        coder: Coder,
        preferences: Preferences,
        open_project: Callable[[Path], None] | None = None,
    ):
        super().__init__()
        self.project = project
        # a read-only project cannot record a new coder: they only read
        self.coder = (
            project.coders.get(coder.uuid) or coder
            if project.readonly
            else project.coders.ensure(coder.uuid, coder.name)
        )
        self.preferences = preferences
        self._open_project = open_project
        self.session = CodingSession(project, self.coder, self)
        self.article_id: int | None = None
        self.text = ""
        self.detection = "detection not loaded"
        self._last_input = time.monotonic()
        self._clock = time.monotonic()
        self._show_title()
        self.setAcceptDrops(True)

        codebook = project.codebook
        self.scheme_keys = scheme_keys(codebook)
        self.list_panel = ArticleListPanel()
        self.marks_list = MarksList(codebook)
        self.view = ArticleView(codebook)
        self.view.advance = preferences.advance_after_decision
        self.find_bar = FindBar(self.view)
        self.panel = LabelPanel(codebook)
        self.linker = AttributionLinker(
            self.view, self.panel.attributions, self.session, self.show_status
        )
        self.legend = KeyLegend(codebook, self.scheme_keys)
        self.mark_actions: list[tuple[QAction, QAction]] = []
        left = QSplitter(Qt.Orientation.Vertical)
        left.setObjectName("list_splitter")
        left.addWidget(self.list_panel)
        left.addWidget(self.marks_list)
        left.setSizes([420, 260])
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.setSpacing(0)
        middle_layout.addWidget(self.view, 1)
        middle_layout.addWidget(self.find_bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 600, 460])
        splitter.setObjectName("main_splitter")
        self.splitter = splitter
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(2)
        central_layout.addWidget(self.legend)
        central_layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self._build_toolbar()
        self.supervisor_menu = build_menus(self)
        refresh_mark_actions(self)
        self._build_status_bar()
        self._connect()

        self.view.set_font_size(preferences.font_size)
        self.list_panel.set_items(worklist(project, self.coder.uuid))
        if preferences.geometry is not None:
            self.restoreGeometry(preferences.geometry)
        else:
            self._fit_screen()
        if preferences.window_state is not None:
            self.restoreState(preferences.window_state)
        QApplication.instance().installEventFilter(self)
        first = next(iter(self.list_panel.visible_ids()), None)
        if first is not None:
            self.list_panel.select(first)
        self.view.setFocus()  # Tab, A and R work at once, without a click
        self._update_progress()

    # -- building ------------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar("Layers")
        bar.setObjectName("layers_toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addWidget(QLabel(" Show: "))
        self.layer_actions: dict[str, QAction] = {}
        for style in LAYER_STYLES:
            action = QAction(_swatch(style.colour), style.title, self)
            action.setCheckable(True)
            action.setChecked(self.preferences.layer_visible(style.key))
            action.setToolTip(
                f"Show or hide {style.title.lower()} (suggestions dotted, accepted spans filled)"
            )
            action.toggled.connect(self._layers_toggled)
            bar.addAction(action)
            self.layer_actions[style.key] = action
        bar.addSeparator()
        bar.addWidget(QLabel(" Active layer (L): "))
        self.layer_combo = QComboBox()
        for layer in self.project.codebook.layers:
            keys = ", ".join(f"{i} {label.title}" for i, label in enumerate(layer.labels, 1))
            self.layer_combo.addItem(layer.title, layer.name)
            self.layer_combo.setItemData(
                self.layer_combo.count() - 1, keys, Qt.ItemDataRole.ToolTipRole
            )
        self.layer_combo.currentIndexChanged.connect(self._active_layer_changed)
        self.layer_combo.activated.connect(lambda _i: self.view.setFocus())
        bar.addWidget(self.layer_combo)
        self.addToolBar(bar)
        self._active_layer_changed()
        self.view.set_hidden_layers(self.hidden_layers())

    def _build_status_bar(self) -> None:
        self.saved_label = plain_label("No changes yet")
        self.coder_label = plain_label()  # the coder's name: user data
        self.detection_label = QLabel(self.detection)
        self.progress_label = QLabel()
        bar = self.statusBar()
        bar.addWidget(self.saved_label)
        for widget in (self.coder_label, self.detection_label, self.progress_label):
            bar.addPermanentWidget(widget)
        self.coder_label.setText(f"Coder: {self.coder.name}")

    def _connect(self) -> None:
        view, session = self.view, self.session
        self.list_panel.article_chosen.connect(self.open_article)
        view.accept_requested.connect(self.linker.accept)
        view.reject_requested.connect(session.reject)
        view.create_requested.connect(
            lambda layer, label, start, end: session.add_span(
                self.article_id, layer, label, start, end
            )
        )
        view.relabel_requested.connect(session.relabel_span)
        view.delete_requested.connect(session.delete_span)
        view.resize_requested.connect(session.resize_span)
        view.link_requested.connect(session.link_to_record)
        view.piece_requested.connect(session.add_piece)
        view.note_requested.connect(self.note_on_span)
        view.marks_changed.connect(
            lambda: self.marks_list.set_marks(view.marks, view.text, view.offsets)
        )
        view.current_changed.connect(self.marks_list.show_current)
        self.marks_list.mark_chosen.connect(self._jump_to)
        self.list_panel.picked.connect(self.view.setFocus)
        self.panel.answered.connect(self.view.setFocus)
        self.panel.doc_label_changed.connect(
            lambda scheme, value: session.set_doc_label(self.article_id, scheme, value)
        )
        # queued: the attribute is saved (and the table redrawn) after its editor has closed
        self.panel.attributions.attribution_model.attribute_edited.connect(
            session.set_attribute, Qt.ConnectionType.QueuedConnection
        )
        table = self.panel.attributions
        table.span_chosen.connect(self._show_span)
        table.link_requested.connect(self.linker.link_chosen_span)
        table.unlink_requested.connect(session.unlink)
        table.leave_requested.connect(self.view.setFocus)
        session.article_changed.connect(self._article_changed)
        session.saved.connect(self._saved)
        session.failed.connect(self._show_problem)

    # -- articles ------------------------------------------------------------------------------

    def open_article(self, article_id: int) -> None:
        if article_id == self.article_id:
            return
        self._record_time()
        self.panel.commit_texts()
        self.article_id = article_id
        article = self.project.articles.get(article_id)
        self.text = article.text
        state = article_labels(self.project, article_id, self.coder.uuid)
        self.view.show_article(article.text, state.spans, state.suggestions)
        self._fill_panel(state)
        self.list_panel.select(article_id)
        if self.find_bar.isVisible():
            self.find_bar.search()

    def _fill_panel(self, state) -> None:
        article = self.project.articles.summary(self.article_id)
        where = " · ".join(x for x in (article.outlet, article.published) if x)
        self.panel.show_labels(
            f"{article.title}\n{where}" if where else article.title, state.doc_labels
        )
        records = attribution_records(state.spans, state.relations)
        self.view.records = records
        self.panel.show_attributions(records, self.text)

    def _article_changed(self, article_id: int) -> None:
        """After an action, its undo or its redo: redraw, bringing that article into view."""
        if article_id != self.article_id:
            self.open_article(article_id)
        state = article_labels(self.project, article_id, self.coder.uuid)
        self.view.set_items(state.spans, state.suggestions)
        self._fill_panel(state)
        self.list_panel.model.update_counts(
            article_id,
            state.progress.status,
            len(state.suggestions),
            len(state.spans) + len(state.doc_labels),
        )
        self._update_progress()

    def _show_span(self, span) -> None:
        for mark in self.view.marks:
            if mark.kind == "span" and mark.ref.uuid == span.uuid:
                self._jump_to(mark)
                return

    def _jump_to(self, mark: Mark) -> None:
        self.view.set_current(mark, scroll=True)
        self.view.setFocus()

    # -- coding actions the menus call ---------------------------------------------------------

    def accept_all(self) -> None:
        """Accept every shown suggestion of the active layer in this article: one undo step."""
        if self.article_id is None:
            return
        pending = self.view.pending_in_layer(self.view.active_layer)
        layer = self.layer_combo.currentText()
        if not pending:
            self.show_status(f"No {layer.lower()} suggestions left in this article.")
            return
        self.session.accept_all(pending)
        self.show_status(f"Accepted {len(pending)} {layer.lower()} suggestions (Ctrl+Z undoes all)")
        self.view.setFocus()

    def set_advance(self, on: bool) -> None:
        self.preferences.advance_after_decision = on
        self.view.advance = on

    def note_on_span(self, span=None) -> None:
        span = span or self.view.current_span()
        if span is None:
            self.show_status("Put the cursor on one of your spans to write a note on it (M).")
            return
        dialog = SpanNoteDialog(self.project.codebook, span, self.text, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.session.set_note(span, dialog.text())
        self.view.setFocus()

    def pick_answer(self, scheme_name: str) -> None:
        """F, S, T…: answer a document scheme from its numbered picker."""
        if self.article_id is None:
            return
        self.panel.commit_texts()
        book = self.project.codebook
        scheme = book.scheme(scheme_name)
        current = self.project.doc_labels.current(self.article_id, self.coder.uuid, scheme_name)
        source = book.excluded_by(scheme_name)
        taken = (
            self.project.doc_labels.current(self.article_id, self.coder.uuid, source)
            if (source)
            else None
        )
        picker = SchemePicker(
            scheme,
            current.value if current else None,
            self,
            excluded=taken.value if taken else None,
            excluded_why=book.scheme(source).title.lower() if source else "",
        )
        if picker.exec() == QDialog.DialogCode.Accepted:
            value = picker.value or None
            self.session.set_doc_label(self.article_id, scheme_name, value)
        self.view.setFocus()

    def focus_marks(self) -> None:
        self.marks_list.table.setFocus()
        if not self.marks_list.table.currentIndex().isValid() and self.marks_list.model.marks:
            self.marks_list.table.selectRow(0)

    def focus_list_filter(self) -> None:
        self.list_panel.search.setFocus()
        self.list_panel.search.selectAll()

    def go(self, step: int) -> None:
        target = self.list_panel.neighbour(self.article_id, step)
        if target is not None:
            self.list_panel.select(target)
        self.view.setFocus()

    def done_and_next(self) -> None:
        if self.article_id is None:
            return
        self.panel.commit_texts()
        self.session.set_status(self.article_id, "done")
        target = self.list_panel.next_to_do(self.article_id)
        if target is not None:
            self.list_panel.select(target)
        else:
            self.statusBar().showMessage("All articles in this list are done.", 5000)
        self.view.setFocus()

    # -- time spent ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            now = time.monotonic()
            if now - self._last_input > IDLE_CAP_SECONDS:
                self._clock = now  # back from a break: the break does not count
            self._last_input = now
        return False

    def _record_time(self) -> None:
        now = time.monotonic()
        if self.article_id is not None:
            active_until = min(now, self._last_input + IDLE_CAP_SECONDS)
            self.session.add_time(self.article_id, max(0.0, active_until - self._clock))
        self._clock = now

    # -- status bar and view settings ------------------------------------------------------------

    def _saved(self, when: str) -> None:
        self.saved_label.setText(f"Saved {when}")

    def _update_progress(self) -> None:
        items = self.list_panel.model.items
        done = self.list_panel.model.done  # kept as items change: no count over 10,000 rows
        queued = bool(items) and items[0].queue_position is not None
        what = "Your queue: done" if queued else "Done"
        self.progress_label.setText(f"{what} {done} / {len(items)}")
        self.progress_label.setToolTip(
            "The study plan gives you these articles, in this order (annotator plan)"
            if queued
            else ""
        )

    # -- what operations may use (ui/project_window.py) -------------------------------------------

    def widget(self) -> QWidget:
        return self

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def show_detection(self, text: str) -> None:
        self.detection = text
        self.detection_label.setText(f"Detection: {text}")

    def set_coder(self, coder: Coder) -> None:
        self.coder = self.session.coder = coder
        self.coder_label.setText(f"Coder: {coder.name}")
        self._show_title()

    def _show_title(self) -> None:
        """The project, its file and the coder: a coder copy is told apart from the project."""
        path, name = self.project.path, self.project.meta.name
        shown = path.name if path.stem == name else f"{path.name} ({name})"
        who = self.coder.name
        if len(self.project.coders.by_name(who)) > 1:  # two coders of one name: which one
            who += f" ({self.coder.short_id})"
        self.setWindowTitle(f"{shown} — coding as {who} — Media Bias Annotator")

    def focus_attributions(self) -> None:
        """Ctrl+T: into the attributions table (Esc there comes back to the text)."""
        self.panel.attributions.setFocus()

    def switch_project(self, path: Path) -> None:
        if self._open_project is not None:
            self._open_project(path)

    # -- view settings ---------------------------------------------------------------------------

    def hidden_layers(self) -> set[str]:
        return {key for key, action in self.layer_actions.items() if not action.isChecked()}

    def _layers_toggled(self) -> None:
        for key, action in self.layer_actions.items():
            self.preferences.set_layer_visible(key, action.isChecked())
        self.view.set_hidden_layers(self.hidden_layers())

    def _active_layer_changed(self) -> None:
        name = self.layer_combo.currentData()
        self.view.active_layer = name
        self.legend.show_layer(name, is_dark())
        if self.mark_actions:
            refresh_mark_actions(self)

    def cycle_layer(self) -> None:
        self.layer_combo.setCurrentIndex(
            (self.layer_combo.currentIndex() + 1) % max(1, self.layer_combo.count())
        )

    def change_font(self, step: int) -> None:
        self.preferences.font_size = self.preferences.font_size + step
        self.view.set_font_size(self.preferences.font_size)

    def set_dark(self, dark: bool) -> None:
        self.preferences.theme = "dark" if dark else "light"
        apply_theme(QApplication.instance(), self.preferences.theme)
        self.view.refresh_theme()
        self.legend.show_layer(self.view.active_layer, dark)

    def show_notices(self, notices: list[str]) -> None:
        """What the user should know about how the project was opened (read-only, no backup)."""
        if self.project.readonly:
            self.setWindowTitle(f"{self.windowTitle()} (read-only)")
        QMessageBox.information(self, "Project opened", "\n\n".join(notices))

    def _show_problem(self, message: str) -> None:
        QMessageBox.warning(self, "Not saved", f"{message}\n\nNothing else was changed.")

    # -- drag and drop import ------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            import_files(self, paths)

    # -- closing -------------------------------------------------------------------------------

    def _fit_screen(self) -> None:
        """1360 x 820 at most, within the screen's free area (a 1360 x 768 laptop included)."""
        screen = self.screen() or QApplication.primaryScreen()
        free = screen.availableGeometry() if screen is not None else None
        if free is None:
            self.resize(1360, 820)
            return
        frame = 40  # the window manager's title bar and borders
        self.resize(min(1360, free.width()), min(820, free.height() - frame))
        self.move(free.x() + (free.width() - self.width()) // 2, free.y())

    def release_project(self) -> None:
        self.panel.commit_texts()
        self._record_time()
        self.project.close()

    def closeEvent(self, event) -> None:
        if not self.project.closed:  # a restore released it already, after saving
            self.panel.commit_texts()
            self._record_time()
        runner().stop(ms=10_000)  # this window's jobs and its dialogs' (one project per process)
        self.preferences.save_window(self.saveGeometry(), self.saveState())
        QApplication.instance().removeEventFilter(self)
        super().closeEvent(event)

    def refresh_list(self) -> None:
        if self.project.closed:  # a job's callback after this window let its project go
            return
        current = self.article_id
        self.list_panel.set_items(worklist(self.project, self.coder.uuid))
        if current is not None:
            self.article_id = None
            self.list_panel.select(current)
            self.open_article(current)
        self._update_progress()

    @property
    def dark(self) -> bool:
        return is_dark()


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)
