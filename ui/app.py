"""Start the desktop app: a QApplication and the main window on a project."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.errors import AnnotatorError
from annotator.profile import current_coder
from annotator.sample import ensure_sample_project
from annotator.store import Project
from ui.main_window import MainWindow


def run(project_path: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Media Bias Annotator")
    try:
        if project_path is None:
            project_path, _ = ensure_sample_project()
        project = Project.open(project_path)
    except AnnotatorError as exc:
        QMessageBox.critical(None, "Cannot open project", str(exc))
        return 1
    window = MainWindow(project, current_coder())
    window.show()
    code = app.exec()
    project.close()
    return code
