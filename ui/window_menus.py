"""The main window's menus and keyboard shortcuts, and the small file actions behind them.

``build_menus`` wires the window's own widgets; the file actions use only the window's declared
interface (ui/project_window.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from annotator.errors import AnnotatorError
from annotator.paths import resource_path
from annotator.profile import save_profile
from annotator.project_detection import read_choice, read_sensitivity
from annotator.store import Project
from ui.coding.coding_menus import add_action, build_edit_menu, build_go_menu
from ui.dialogs import file_choice, help_dialogs
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


def _export(w: MainWindow) -> None:
    # the export code (and the gold rules under it) loads when the dialog is first asked for
    from ui.dialogs.export_dialog import open_export_dialog

    open_export_dialog(w)


def build_menus(w: MainWindow) -> SupervisorMenu:
    """Fill the window's menu bar; returns its Supervisor menu."""
    bar = w.menuBar()
    file = bar.addMenu("&File")
    add_action(w, file, "&New project…", lambda: new_project(w), QKeySequence.StandardKey.New)
    add_action(w, file, "&Open project…", lambda: open_project(w), QKeySequence.StandardKey.Open)
    recent = file.addMenu("Open &recent")
    recent.aboutToShow.connect(lambda: _fill_recent(w, recent))
    file.addSeparator()
    add_action(w, file, "&Import articles…", lambda: import_dialog(w, folder=False), "Ctrl+I")
    add_action(w, file, "Import a &folder…", lambda: import_dialog(w, folder=True), "Ctrl+Shift+I")
    add_action(w, file, "&Detect suggestions in all articles", lambda: detect(w))
    add_action(
        w,
        file,
        "Choose the &suggester and its sensitivity (rules or a trained model)…",
        lambda: choose_suggester(w),
    )
    add_action(w, file, "&Export labels…", lambda: _export(w), "Ctrl+E")
    file.addSeparator()
    add_action(w, file, "Project &info", lambda: project_info(w))
    add_action(w, file, "Restore from &backup…", lambda: restore_from_backup(w))
    add_action(w, file, "&Coder name…", lambda: rename_coder(w))
    file.addSeparator()
    add_action(w, file, "&Quit", w.close, QKeySequence.StandardKey.Quit)

    build_edit_menu(w, bar.addMenu("&Edit"))
    build_go_menu(w, bar.addMenu("&Go"))

    view = bar.addMenu("&View")
    add_action(w, view, "&Larger text", lambda: w.change_font(1), "Ctrl++", "Ctrl+=")
    add_action(w, view, "&Smaller text", lambda: w.change_font(-1), "Ctrl+-")
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
    add_action(
        w, help_menu, "&Keyboard shortcuts", lambda: help_dialogs.shortcuts_dialog(w).exec(), "F1"
    )
    add_action(
        w,
        help_menu,
        "&Codebook and guidelines",
        lambda: help_dialogs.codebook_dialog(
            w, w.project.codebook, resource_path("guidelines.md")
        ).exec(),
    )
    add_action(w, help_menu, "Check &project", lambda: check_open_project(w))
    add_action(w, help_menu, "&About", lambda: help_dialogs.AboutDialog(w, w.detection).exec())
    return supervisor


def _fill_recent(w: MainWindow, menu: QMenu) -> None:
    menu.clear()
    for entry in w.preferences.recent_projects:
        menu.addAction(entry).triggered.connect(lambda _=False, p=entry: w.switch_project(Path(p)))
    if menu.isEmpty():
        menu.addAction("(none yet)").setEnabled(False)


def new_project(w: ProjectWindow) -> None:
    name = file_choice.save_file(w.widget(), "New project", "project.sqlite", PROJECT_FILTER)
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
    name = file_choice.open_file(w.widget(), "Open project", PROJECT_FILTER)
    if name:
        w.switch_project(Path(name))


def import_dialog(w: ProjectWindow, folder: bool) -> None:
    if folder:
        chosen = file_choice.folder(w.widget(), "Import a folder of articles")
        paths = [Path(chosen)] if chosen else []
    else:
        names = file_choice.open_files(w.widget(), "Import articles", IMPORT_FILTER)
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
