"""The undo stack's commands: each wraps one core Change (annotator.labeling)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.labeling import Change
from annotator.store import Project


class ChangeCommand(QUndoCommand):
    """An action already done by the core; undo and redo replay its Change.

    QUndoStack.push() calls redo() at once; the action has happened by then, so the first call
    only reports it. ``done`` is told which article changed, so the window can show it (undo
    after moving to another article brings that article back into view).
    """

    def __init__(self, project: Project, change: Change, done: Callable[[int], None]):
        super().__init__(change.description)
        self.project = project
        self.change = change
        self.done = done
        self.first = True

    def redo(self) -> None:
        if self.first:
            self.first = False
        else:
            self.change.redo(self.project)
        self.done(self.change.article_id)

    def undo(self) -> None:
        self.change.undo(self.project)
        self.done(self.change.article_id)
