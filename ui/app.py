"""Start the desktop app: QApplication, first start, the project, the main window.

The window shows before spaCy loads; detection of a project that has no suggestions yet then
runs in the background.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.errors import AnnotatorError, ProjectLockedError
from annotator.profile import default_coder_name, load_profile, save_profile
from annotator.project_detection import stored_detection
from annotator.sample import ensure_sample_project
from annotator.store import Project
from annotator.store.backup import list_backups
from ui import crash_log
from ui.dialogs.coder_identity import who_codes
from ui.dialogs.first_start import FirstStartDialog
from ui.icons import DESKTOP_FILE_NAME, app_icon
from ui.main_window import MainWindow
from ui.operations.detect import detect as detect_suggestions
from ui.operations.restore import choose_and_restore, tell_outcome
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
            # a file or folder that cannot be written opens read-only, with a notice saying why
            project = Project.open(path, read_only_if_needed=True)
        except AnnotatorError as exc:
            QMessageBox.critical(
                self.window, "Cannot open project", f"{exc}\n\nThe file was not changed."
            )
            return self._offer_restore(path, exc, detect)
        old_window, old_project = self.window, self.project
        coder = who_codes(
            self.window, project, load_profile() or save_profile(default_coder_name())
        )
        if coder is None:
            project.close()
            return False
        self.project = project
        self.window = MainWindow(project, coder, self.preferences, self.open)
        self.preferences.add_recent(path)
        if old_window is not None:
            old_window.close()
        if old_project is not None:
            old_project.close()
        self.window.show()
        if project.notices:
            self.window.show_notices(project.notices)
        if project.readonly:
            self.window.show_detection("read-only: nothing is detected or saved")
        elif detect and project.suggestions.count() == 0 and project.articles.count() > 0:
            detect_suggestions(self.window)
        else:
            earlier = stored_detection(project)
            self.window.show_detection(
                f"{earlier} (from an earlier run)"
                if earlier
                else "no suggestions yet (File › Detect suggestions)"
            )
        return True

    def _offer_restore(self, path: Path, exc: AnnotatorError, detect: bool) -> bool:
        """A damaged project: offer its backups (a locked or read-only one is no case for it)."""
        if isinstance(exc, ProjectLockedError) or not path.exists():
            return False
        try:
            if not list_backups(path):
                return False
        except AnnotatorError:
            return False
        answer = QMessageBox.question(
            self.window,
            "Restore from backup?",
            f"{path.name} has backups. Restore one? The file as it is now is moved aside, "
            "never deleted.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        outcome = choose_and_restore(self.window, path)
        if outcome is None:
            return False
        tell_outcome(self.window, outcome)
        return outcome[0] and self.open(path, detect)


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
