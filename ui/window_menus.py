"""The main window's menus and keyboard shortcuts, and the small file actions behind them.

``build_menus`` wires the window's own widgets; the file actions use only the window's declared
interface (ui/project_window.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from annotator.errors import AnnotatorError
from annotator.paths import resource_path
from annotator.profile import save_profile
from annotator.project_detection import read_choice, read_sensitivity
from annotator.store import Project
from ui.dialogs import help_dialogs
from ui.dialogs.export_dialog import open_export_dialog
from ui.dialogs.suggester_dialog import choose_suggester
from ui.operations.check_project import check_open_project
from ui.operations.detect import detect
from ui.operations.import_articles import import_files
from ui.operations.restore import restore_from_backup
from ui.project_window import ProjectWindow
from ui.supervisor.supervisor_menu import SupervisorMenu

if TYPE_CHECKING:
    from ui.main_window import MainWindow

PROJECT_FILTER = "Annotator projects (*.sqlite *.db);;All files (*)"
IMPORT_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm *.jsonl *.csv *.json);;All files (*)"


def _action(window: MainWindow, menu: QMenu, text: str, slot, *shortcuts) -> QAction:
    action = QAction(text, window)
    keys = [QKeySequence(s) for s in shortcuts if s]
    if keys:
        action.setShortcuts(keys)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def build_menus(w: MainWindow) -> SupervisorMenu:
    """Fill the window's menu bar; returns its Supervisor menu."""
    bar = w.menuBar()
    file = bar.addMenu("&File")
    _action(w, file, "&New project…", lambda: new_project(w), QKeySequence.StandardKey.New)
    _action(w, file, "&Open project…", lambda: open_project(w), QKeySequence.StandardKey.Open)
    recent = file.addMenu("Open &recent")
    recent.aboutToShow.connect(lambda: _fill_recent(w, recent))
    file.addSeparator()
    _action(w, file, "&Import articles…", lambda: import_dialog(w, folder=False), "Ctrl+I")
    _action(w, file, "Import a &folder…", lambda: import_dialog(w, folder=True), "Ctrl+Shift+I")
    _action(w, file, "&Detect suggestions in all articles", lambda: detect(w))
    _action(
        w,
        file,
        "Choose the &suggester and its sensitivity (rules or a trained model)…",
        lambda: choose_suggester(w),
    )
    _action(w, file, "&Export labels…", lambda: open_export_dialog(w), "Ctrl+E")
    file.addSeparator()
    _action(w, file, "Project &info", lambda: project_info(w))
    _action(w, file, "Restore from &backup…", lambda: restore_from_backup(w))
    _action(w, file, "&Coder name…", lambda: rename_coder(w))
    file.addSeparator()
    _action(w, file, "&Quit", w.close, QKeySequence.StandardKey.Quit)

    edit = bar.addMenu("&Edit")
    undo = w.session.undo_stack.createUndoAction(w, "&Undo")
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    redo = w.session.undo_stack.createRedoAction(w, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit.addActions([undo, redo])
    edit.addSeparator()
    _action(w, edit, "&Accept suggestion", w.view.accept_here, "A")
    _action(w, edit, "&Reject suggestion", w.view.reject_here, "R")
    _action(w, edit, "&Delete span", w.view.delete_here, "Delete")
    marks = edit.addMenu("&Mark selection with label")
    for number in range(1, 10):
        _action(
            w,
            marks,
            f"Label {number} of the active layer",
            lambda n=number: w.view.label_here(n),
            str(number),
        )
    _action(w, edit, "Switch active &layer", w.cycle_layer, "L")
    _action(
        w,
        edit,
        "&Link the span to the attribution chosen in the table",
        w.linker.link_chosen_span,
        "Ctrl+L",
    )

    go = bar.addMenu("&Go")
    _action(w, go, "&Next article", lambda: w.go(1), "N", "J")
    _action(w, go, "&Previous article", lambda: w.go(-1), "P", "K")
    _action(w, go, "Mark &done and open next to do", w.done_and_next, "Ctrl+Return", "Ctrl+Enter")
    _action(w, go, "Next &suggestion (Tab in the text)", lambda: w.view.step_suggestion(True))
    _action(w, go, "&Filter the article list", lambda: w.list_panel.search.setFocus(), "Ctrl+F")
    _action(w, go, "&Attributions table", w.focus_attributions, "T")

    view = bar.addMenu("&View")
    _action(w, view, "&Larger text", lambda: w.change_font(1), "Ctrl++", "Ctrl+=")
    _action(w, view, "&Smaller text", lambda: w.change_font(-1), "Ctrl+-")
    dark = QAction("&Dark theme", w, checkable=True)
    dark.setChecked(w.preferences.theme == "dark")
    dark.toggled.connect(w.set_dark)
    view.addAction(dark)
    view.addSeparator()
    for action in w.layer_actions.values():
        view.addAction(action)

    supervisor = SupervisorMenu(w)
    bar.addMenu(supervisor)
    help_menu = bar.addMenu("&Help")
    _action(
        w, help_menu, "&Keyboard shortcuts", lambda: help_dialogs.shortcuts_dialog(w).exec(), "F1"
    )
    _action(
        w,
        help_menu,
        "&Codebook and guidelines",
        lambda: help_dialogs.codebook_dialog(
            w, w.project.codebook, resource_path("guidelines.md")
        ).exec(),
    )
    _action(w, help_menu, "Check &project", lambda: check_open_project(w))
    _action(w, help_menu, "&About", lambda: help_dialogs.AboutDialog(w, w.detection).exec())
    return supervisor


def _fill_recent(w: MainWindow, menu: QMenu) -> None:
    menu.clear()
    for entry in w.preferences.recent_projects:
        menu.addAction(entry).triggered.connect(lambda _=False, p=entry: w.switch_project(Path(p)))
    if menu.isEmpty():
        menu.addAction("(none yet)").setEnabled(False)


def new_project(w: ProjectWindow) -> None:
    name, _ = QFileDialog.getSaveFileName(
        w.widget(), "New project", str(Path.home() / "project.sqlite"), PROJECT_FILTER
    )
    if not name:
        return
    path = Path(name)
    if path.suffix == "":
        path = path.with_suffix(".sqlite")
    try:
        Project.create(path).close()
    except AnnotatorError as exc:
        QMessageBox.warning(w.widget(), "Cannot create project", str(exc))
        return
    w.switch_project(path)


def open_project(w: ProjectWindow) -> None:
    name, _ = QFileDialog.getOpenFileName(
        w.widget(), "Open project", str(w.project.path.parent), PROJECT_FILTER
    )
    if name:
        w.switch_project(Path(name))


def import_dialog(w: ProjectWindow, folder: bool) -> None:
    if folder:
        chosen = QFileDialog.getExistingDirectory(w.widget(), "Import a folder of articles")
        paths = [Path(chosen)] if chosen else []
    else:
        names, _ = QFileDialog.getOpenFileNames(w.widget(), "Import articles", "", IMPORT_FILTER)
        paths = [Path(n) for n in names]
    if paths:
        import_files(w, paths)


def project_info(w: ProjectWindow) -> None:
    counts = w.project.counts()
    meta, book = w.project.meta, w.project.codebook
    mine = w.project.status.counts(w.coder.uuid, counts["articles"])
    facts = [
        ("Project", meta.name),
        ("File", str(w.project.path)),
        ("Created", meta.created[:19]),
        ("Codebook", f"{book.name} v{book.version} ({book.hash[:12]})"),
        ("Articles", str(counts["articles"])),
        ("Suggestions", str(counts["suggestions"])),
        ("Coders", ", ".join(c.name for c in w.project.coders.list())),
        (
            "Labels (all coders)",
            f"{counts['spans']} spans, {counts['doc_labels']} document "
            f"labels, {counts['relations']} links",
        ),
        (
            "Your progress",
            f"{mine['done']} done, {mine['in_progress']} in progress, {mine['todo']} to do",
        ),
        ("Suggester", read_choice(w.project).describe()),
        ("Sensitivity", read_sensitivity(w.project).describe()),
        ("Detection", w.detection),
    ]
    help_dialogs.info_dialog(w.widget(), "Project info", facts).exec()


def rename_coder(w: ProjectWindow) -> None:
    name, ok = QInputDialog.getText(
        w.widget(), "Coder name", "Display name saved with your labels:", text=w.coder.name
    )
    if ok and name.strip():
        try:
            coder = w.project.coders.rename(save_profile(name).uuid, name)
        except AnnotatorError as exc:
            QMessageBox.warning(w.widget(), "Coder name", str(exc))
            return
        w.set_coder(coder)
