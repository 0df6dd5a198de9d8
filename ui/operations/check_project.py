"""Help › Check project: the checks of ``annotator check`` (SQLite's integrity check, every
article's text against its content hash, every span against its article's text, the links
between rows), run in the background on a read-only connection, the findings shown in plain
words."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from annotator.store.consistency import CheckReport, check_project
from ui.project_window import ProjectWindow
from ui.tasks import Task, runner


def check_report_text(name: str, report: CheckReport) -> str:
    if report.ok:
        text = (
            f"{name} is fine: {report.articles} article(s) match their content hashes, and "
            f"{report.labels} span(s), suggestion(s) and gold span(s) lie within their texts."
        )
    else:
        text = "\n".join(
            [
                f"{name} has problems:",
                *report.lines(),
                "",
                "File › Restore from backup lists "
                "the backups; restoring one moves this file aside and never deletes it.",
            ]
        )
    if report.journal_pending:
        text += (
            "\n\nSaved changes are still in the -wal file beside it; they go into the project "
            "file when the project is closed."
        )
    return text


def check_open_project(w: ProjectWindow) -> Task:
    name = w.project.path.name

    def done(report: CheckReport) -> None:
        box = QMessageBox.information if report.ok else QMessageBox.warning
        box(w.widget(), "Check project", check_report_text(name, report))

    return runner().run(
        w.widget(),
        "Checking the project",
        lambda project, progress: check_project(project, progress),
        done,
        lambda message: QMessageBox.warning(w.widget(), "Check project", message),
        project=w.project.path,
    )
