"""Start the desktop app: QApplication, first start, the project, the main window.

The window shows before spaCy loads; detection of a project that has no suggestions yet then
runs in the background.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.errors import AnnotatorError
from annotator.profile import default_coder_name, load_profile, save_profile
from annotator.project_detection import stored_detection
from annotator.sample import ensure_sample_project
from annotator.store import Project
from ui import crash_log
from ui.dialogs.first_start import FirstStartDialog
from ui.icons import DESKTOP_FILE_NAME, app_icon
from ui.main_window import MainWindow
from ui.operations.detect import detect as detect_suggestions
from ui.platform_libraries import platform_problem
from ui.settings import Preferences
from ui.theme import apply_theme


class App:
    """Holds the one open project and its window; File > Open swaps both."""

    def __init__(self, qt_app: QApplication, preferences: Preferences):
        self.qt_app = qt_app
        self.preferences = preferences
        self.project: Project | None = None
        self.window: MainWindow | None = None

    def open(self, path: Path, detect: bool = True) -> bool:
        try:
            project = Project.open(path)
        except AnnotatorError as exc:
            QMessageBox.critical(
                self.window, "Cannot open project", f"{exc}\n\nThe file was not changed."
            )
            return False
        old_window, old_project = self.window, self.project
        coder = load_profile() or save_profile(default_coder_name())
        self.project = project
        self.window = MainWindow(project, coder, self.preferences, self.open)
        self.preferences.add_recent(path)
        if old_window is not None:
            old_window.close()
        if old_project is not None:
            old_project.close()
        self.window.show()
        if detect and project.suggestions.count() == 0 and project.articles.count() > 0:
            detect_suggestions(self.window)
        else:
            earlier = stored_detection(project)
            self.window.show_detection(
                f"{earlier} (from an earlier run)"
                if earlier
                else "no suggestions yet (File › Detect suggestions)"
            )
        return True


def run(project_path: Path | None = None, *, first_start_dialog: bool = True) -> int:
    if QApplication.instance() is None:
        problem = platform_problem()  # Qt would abort the process, naming the wrong library
        if problem is not None:
            print(problem, file=sys.stderr)
            return 1
    qt_app = QApplication.instance() or QApplication(sys.argv)
    qt_app.setApplicationName("Media Bias Annotator")
    qt_app.setOrganizationName("media-bias-annotator")
    qt_app.setWindowIcon(app_icon())
    qt_app.setDesktopFileName(DESKTOP_FILE_NAME)  # docks match the window to its menu entry
    crash_log.install()
    preferences = Preferences()
    apply_theme(qt_app, preferences.theme)
    if load_profile() is None:
        name = default_coder_name()
        if first_start_dialog:
            dialog = FirstStartDialog(name, opens=project_path)
            dialog.exec()
            name = dialog.coder_name() or name
        save_profile(name)
    if project_path is None:
        try:
            project_path, _ = ensure_sample_project()
        except AnnotatorError as exc:
            QMessageBox.critical(None, "Cannot create the sample project", str(exc))
            return 1
    app = App(qt_app, preferences)
    if not app.open(Path(project_path)):
        return 1
    code = qt_app.exec()
    if app.project is not None:
        app.project.close()
    return code
