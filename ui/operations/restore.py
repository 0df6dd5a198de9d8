"""File › Restore from backup, and the same offer when a project cannot be opened.

The backups are listed newest first with what each holds; the chosen one is verified, the
project file and its -wal/-shm are moved aside (never deleted) and the backup is put in place
(annotator.store.restore). The open project is closed first, since its file is moved, and the
restored one is opened in its place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.store.restore import BackupSummary, restore_backup, summarize_backups
from ui.plain_text import plain_label
from ui.project_window import ProjectWindow
from ui.tasks import runner


def describe_backup(backup: BackupSummary) -> str:
    if backup.counts is None:
        holds = f"cannot be read: {backup.problem}"
    else:
        holds = f"{backup.counts['articles']} articles, {backup.counts['labels']} labels"
    return f"{backup.taken:%Y-%m-%d %H:%M:%S} UTC · {backup.reason} · {holds}"


class BackupChooser(QDialog):
    """The project's backups, newest first; a backup that cannot be read cannot be chosen."""

    def __init__(self, parent: QWidget | None, project: Path, backups: list[BackupSummary]):
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.backups = backups
        intro = plain_label(
            f"Backups of {project}, newest first. The project as it is now, with its -wal and "
            "-shm files, is moved aside beside it (never deleted), and the backup you choose "
            "is put in its place."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        for backup in backups:
            item = QListWidgetItem(describe_backup(backup))
            if backup.counts is None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        usable = [n for n, b in enumerate(backups) if b.counts is not None]
        if usable:
            self.list.setCurrentRow(usable[0])
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(usable))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(620, 360)

    def chosen(self) -> Path | None:
        row = self.list.currentRow()
        if row < 0 or self.backups[row].counts is None:
            return None
        return self.backups[row].path


def choose_and_restore(
    parent: QWidget | None,
    project: Path,
    before: Callable[[], None] = lambda: None,
    choose: Callable[[BackupChooser], Path | None] | None = None,
) -> tuple[bool, str] | None:
    """Let the user choose a backup of ``project`` and put it in place. None when nothing was
    chosen; else (restored, what to tell the user), told by the caller once the project is
    open again. ``before`` runs once the choice is made (the window releases its project
    there); ``choose`` stands in for showing the dialog (tests)."""
    try:
        backups = summarize_backups(project)
    except AnnotatorError as exc:
        QMessageBox.warning(parent, "Restore from backup", str(exc))
        return None
    if not backups:
        QMessageBox.information(
            parent,
            "Restore from backup",
            f"There are no backups of {project}. They are taken when a project is opened for "
            "writing (at most one each 15 minutes, the newest ten kept).",
        )
        return None
    dialog = BackupChooser(parent, project, backups)
    chosen = choose(dialog) if choose else (dialog.chosen() if dialog.exec() else None)
    if chosen is None:
        return None
    before()
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        report = restore_backup(project, chosen)
    except (AnnotatorError, OSError) as exc:
        return False, (
            f"{exc}\n\nNothing was deleted: the project's files are in their folder, under "
            "their own names or moved aside as NAME.before-restore-TIME.sqlite."
        )
    finally:
        QApplication.restoreOverrideCursor()
    return True, "\n".join(report.lines())


def tell_outcome(parent: QWidget | None, outcome: tuple[bool, str]) -> None:
    restored, message = outcome
    if restored:
        QMessageBox.information(parent, "Restored", message)
    else:
        QMessageBox.warning(parent, "Not restored", message)


def restore_from_backup(w: ProjectWindow) -> None:
    """File › Restore from backup: release the project, restore, open the restored one."""
    if not runner().idle:
        QMessageBox.information(
            w.widget(),
            "Restore from backup",
            f"Wait for “{runner().running_title()}” to finish, then restore.",
        )
        return
    path = w.project.path
    outcome = choose_and_restore(w.widget(), path, w.release_project)
    if outcome is not None:  # restored or not, the file is opened again (the backup if restored)
        w.switch_project(path)
        tell_outcome(None, outcome)
