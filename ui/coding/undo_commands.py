"""The undo stack's commands: each wraps one core Change (annotator.labeling)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.errors import AnnotatorError
from annotator.labeling import Change
from annotator.store import Project

# What can go wrong when the project file is written: a user's doing, never a crash.
WRITE_ERRORS = (AnnotatorError, sqlite3.Error)


class ChangeCommand(QUndoCommand):
    """An action already done by the core; undo and redo replay its Change.

    QUndoStack.push() calls redo() at once; the action has happened by then, so the first call
    only reports it. ``done`` is told which article changed, so the window can show it (undo
    after moving to another article brings that article back into view). If replaying fails
    (the file became unwritable, say), ``failed`` is told; the Change rolled back as a whole,
    so the project is as it was before the attempt.
    """

    def __init__(
        self,
        project: Project,
        change: Change,
        done: Callable[[int], None],
        failed: Callable[[str], None],
    ):
        super().__init__(change.description)
        self.project = project
        self.change = change
        self.done = done
        self.failed = failed
        self.first = True

    def redo(self) -> None:
        if self.first:
            self.first = False
        elif not self._replay(self.change.redo, "redo"):
            return
        self.done(self.change.article_id)

    def undo(self) -> None:
        if self._replay(self.change.undo, "undo"):
            self.done(self.change.article_id)

    def _replay(self, step: Callable[[Project], None], name: str) -> bool:
        try:
            step(self.project)
        except WRITE_ERRORS as exc:
            self.failed(f"Could not {name} “{self.text()}”: {exc}")
            return False
        return True
