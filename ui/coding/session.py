"""A coder's session on one project: every labeling action goes through here.

Each method calls one core action (annotator.labeling), which commits before returning, and
pushes its Change on the undo stack. ``article_changed`` then tells the window what to redraw;
``failed`` carries a message for a user mistake (nothing was saved, nothing is lost).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from annotator import attribution_editing, labeling
from annotator.attribution_records import AttributionRecord
from annotator.errors import AnnotatorError
from annotator.model import Coder, Span, Suggestion
from annotator.store import Project
from ui.coding.undo_commands import WRITE_ERRORS, ChangeCommand


class CodingSession(QObject):
    article_changed = Signal(int)  # an action (or its undo/redo) changed this article
    saved = Signal(str)  # time of the last commit, HH:MM:SS
    failed = Signal(str)

    def __init__(self, project: Project, coder: Coder, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.coder = coder
        self.undo_stack = QUndoStack(self)

    def _push(self, change: labeling.Change) -> None:
        self.undo_stack.push(
            ChangeCommand(self.project, change, self._changed, self._replay_failed)
        )

    def _replay_failed(self, message: str) -> None:
        # The stack moved past a step that did not happen: its history can't be trusted now.
        QTimer.singleShot(0, self.undo_stack.clear)
        self.failed.emit(
            f"{message}\n\nThe undo history was cleared; your saved labels are "
            "as they were before this attempt."
        )

    def _changed(self, article_id: int) -> None:
        self.saved.emit(datetime.now().strftime("%H:%M:%S"))
        self.article_changed.emit(article_id)

    def _run(self, action, *args: Any) -> Any:
        if self.project.readonly:
            self.failed.emit(
                f"{self.project.path.name} is open read-only, so labels cannot be saved. Copy "
                "the project somewhere you can write, and open the copy to work on it."
            )
            return None
        try:
            result = action(self.project, *args)
        except WRITE_ERRORS as exc:
            self.failed.emit(
                str(exc)
                if isinstance(exc, AnnotatorError)
                else f"The project file could not be written: {exc}"
            )
            return None
        change = result[1] if isinstance(result, tuple) else result
        self._push(change)
        return result

    # -- the actions ---------------------------------------------------------------------------

    def accept(self, suggestion: Suggestion) -> Span | None:
        """Accept a suggestion (a cue with its detected parts); returns the new span."""
        result = self._run(labeling.accept_suggestion, self.coder.uuid, suggestion)
        return result[0] if result else None

    def accept_all(self, suggestions: list[Suggestion]) -> None:
        """Accept several suggestions of one article as one action (one undo step)."""
        if suggestions:
            self._run(labeling.accept_suggestions, self.coder.uuid, suggestions)

    def reject(self, suggestion: Suggestion) -> None:
        self._run(labeling.reject_suggestion, self.coder.uuid, suggestion)

    def add_span(self, article_id: int, layer: str, label: str, start: int, end: int) -> None:
        self._run(labeling.add_span, self.coder.uuid, article_id, layer, label, start, end)

    def delete_span(self, span: Span) -> None:
        self._run(labeling.delete_span, span.uuid)

    def resize_span(self, span: Span, start: int, end: int) -> None:
        self._run(lambda project: labeling.update_span(project, span.uuid, start=start, end=end))

    def relabel_span(self, span: Span, label: str) -> None:
        self._run(lambda project: labeling.update_span(project, span.uuid, label=label))

    def set_attribute(self, span: Span, name: str, value: Any) -> None:
        current = self.project.spans.get(span.uuid).attrs
        attrs = {k: v for k, v in {**current, name: value}.items() if v not in (None, "")}
        self._run(lambda project: labeling.update_span(project, span.uuid, attrs=attrs))

    def link_to_record(self, span: Span, record: AttributionRecord) -> None:
        self._run(attribution_editing.link_to_record, self.coder.uuid, span, record)

    def add_piece(self, span: Span, record: AttributionRecord) -> None:
        self._run(attribution_editing.add_piece, self.coder.uuid, span, record)

    def unlink(self, record: AttributionRecord, role: str) -> None:
        self._run(attribution_editing.unlink, self.coder.uuid, record, role)

    def set_note(self, span: Span, note: str) -> None:
        if note.strip() != str(self.project.spans.get(span.uuid).attrs.get(labeling.SPAN_NOTE, "")):
            self._run(labeling.set_span_note, span.uuid, note)

    def set_doc_label(self, article_id: int, scheme: str, value: Any) -> None:
        if (
            value is None
            and self.project.doc_labels.current(article_id, self.coder.uuid, scheme) is None
        ):
            return  # clearing what was never set: nothing to do
        self._run(labeling.set_doc_label, self.coder.uuid, article_id, scheme, value)

    def set_status(self, article_id: int, status: str) -> None:
        if self.project.status.get(article_id, self.coder.uuid).status != status:
            self._run(labeling.set_status, self.coder.uuid, article_id, status)

    def add_time(self, article_id: int, seconds: float) -> None:
        """Time is bookkeeping, not an action: saved at once, never undone."""
        if seconds >= 1 and not self.project.readonly:
            self.project.status.add_time(article_id, self.coder.uuid, seconds)
