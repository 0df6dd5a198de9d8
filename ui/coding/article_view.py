"""The article text with its marks: keyboard and mouse labeling, tooltips, span resizing.

The view only reports what the coder asked for (signals in code point offsets); the main
window turns each request into a core action on the undo stack. Selections and dragged span
edges snap to whole words (annotator/word_bounds.py) unless Alt is held; span edges also step
a word (or, with Alt, a character) at a time by key.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip

from annotator.codebook import Codebook
from annotator.detect_layers import highlight_key, suggestion_target
from annotator.model import Span, Suggestion
from annotator.word_bounds import snap_to_words, step_edge, trim_spaces
from ui.coding.article_menu import build_context_menu
from ui.coding.highlighter import Mark, MarkHighlighter
from ui.coding.mark_descriptions import describe_marks
from ui.coding.offsets import OffsetMap
from ui.theme import FIND_COLOUR, fill_colour, is_dark

EDGE_PIXELS = 5


class ArticleView(QPlainTextEdit):
    accept_requested = Signal(object)  # Suggestion
    reject_requested = Signal(object)  # Suggestion
    create_requested = Signal(str, str, int, int)  # layer, label, start, end
    relabel_requested = Signal(object, str)  # Span, label
    delete_requested = Signal(object)  # Span
    resize_requested = Signal(object, int, int)  # Span, start, end
    link_requested = Signal(object, object)  # Span, AttributionRecord it should join
    piece_requested = Signal(object, object)  # Span, AttributionRecord's part it is a piece of
    note_requested = Signal(object)  # Span: the coder wants to write its note
    current_changed = Signal(object)  # Mark or None
    marks_changed = Signal()  # the marks were drawn anew (an article, an action, undo)

    def __init__(self, codebook: Codebook):
        super().__init__()
        self.codebook = codebook
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.viewport().setMouseTracking(True)
        self.highlighter = MarkHighlighter(self.document())
        self.text = ""
        self.offsets = OffsetMap("")
        self.marks: list[Mark] = []
        self.records: list = []  # the coder's attribution records, for the context menu
        self.current: Mark | None = None
        self.active_layer = codebook.layers[0].name if codebook.layers else ""
        self._drag: tuple[Mark, str] | None = None  # span being resized, and which end
        self._expect: tuple | None = None  # (layer, label, start, end) of a span just asked for
        self.advance = False  # after accept or reject, make the next suggestion current
        self._advance_from: int | None = None  # where the suggestion just decided was
        self.find_hits: list[tuple[int, int]] = []  # Qt positions of the find bar's matches

    # -- content ---------------------------------------------------------------------------

    def show_article(self, text: str, spans: list[Span], suggestions: list[Suggestion]) -> None:
        self.text = text
        self.offsets = OffsetMap(text)
        self.current = None
        self.find_hits = []
        self.highlighter.marks, self.highlighter.by_block = [], {}
        self.setPlainText(text)
        self.set_items(spans, suggestions)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_items(self, spans: list[Span], suggestions: list[Suggestion]) -> None:
        """Redraw after a change, keeping the current mark if it still exists."""
        to_qt = self.offsets.to_qt
        marks = [
            Mark(to_qt(s.start), to_qt(s.end), highlight_key(s.layer, s.label), "span", s)
            for s in spans
        ]
        marks += [
            Mark(to_qt(s.start), to_qt(s.end), highlight_key(s.layer, s.label), "suggestion", s)
            for s in suggestions
        ]
        marks.sort(key=lambda m: (m.start, m.end))
        self.marks = marks
        self.highlighter.set_marks(marks)
        if self._expect is not None:  # a span the coder just made becomes the current one
            made = [
                m
                for m in marks
                if m.kind == "span"
                and (m.ref.layer, m.ref.label, m.ref.start, m.ref.end) == self._expect
            ]
            self._expect = None
            if made:
                self.current = made[0]
        if self.current is not None:
            same = [m for m in marks if _identity(m) == _identity(self.current)]
            self.current = same[0] if same else None
        self._draw_current()
        self.marks_changed.emit()
        if self._advance_from is not None:
            here, self._advance_from = self._advance_from, None
            following = [m for m in self.visible_marks() if m.kind == "suggestion"]
            after = [m for m in following if m.start >= here]
            if after or following:
                self.set_current((after or following)[0], scroll=True)

    def set_hidden_layers(self, hidden: set[str]) -> None:
        self.highlighter.set_hidden(hidden)
        if self.current is not None and self.current.key in hidden:
            self.set_current(None)

    def set_font_size(self, points: int) -> None:
        font = QFont(self.font())
        font.setPointSize(points)
        self.setFont(font)

    def refresh_theme(self) -> None:
        self.highlighter.set_dark(is_dark())
        self._draw_current()

    # -- what is under the cursor ------------------------------------------------------------

    def visible_marks(self) -> list[Mark]:
        return [m for m in self.marks if m.key not in self.highlighter.hidden]

    def marks_at(self, position: int) -> list[Mark]:
        """Marks covering a Qt position, innermost first; a cursor just after a word counts."""
        found = [m for m in self.visible_marks() if m.start <= position < m.end]
        if not found:
            found = [m for m in self.visible_marks() if m.start < position == m.end]
        return sorted(found, key=lambda m: m.length)

    def selection_range(self, exact: bool = False) -> tuple[int, int] | None:
        """The selection in code points, snapped to whole words unless ``exact``; or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.offsets.from_qt(cursor.selectionStart())
        end = self.offsets.from_qt(cursor.selectionEnd())
        start, end = (trim_spaces if exact else snap_to_words)(self.text, start, end)
        return (start, end) if end > start else None

    def _here(self, kind: str) -> Mark | None:
        if self.current is not None and self.current.kind == kind:
            return self.current
        cursor = self.textCursor()
        if cursor.hasSelection():
            a, b = cursor.selectionStart(), cursor.selectionEnd()
            overlapping = [
                m for m in self.visible_marks() if m.kind == kind and m.start < b and m.end > a
            ]
            if overlapping:
                return max(overlapping, key=lambda m: min(m.end, b) - max(m.start, a))
        for mark in self.marks_at(cursor.position()):
            if mark.kind == kind:
                return mark
        return None

    def set_current(self, mark: Mark | None, scroll: bool = False) -> None:
        self.current = mark
        if mark is not None and scroll:
            cursor = self.textCursor()
            cursor.setPosition(mark.start)
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self._draw_current()
        self.current_changed.emit(mark)

    def set_find_hits(self, hits: list[tuple[int, int]]) -> None:
        """Matches of the find bar (Qt positions), drawn until the next search."""
        self.find_hits = hits
        self._draw_current()

    def _draw_current(self) -> None:
        selections = []
        for start, end in self.find_hits:
            hit = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            hit.cursor = cursor
            hit.format.setBackground(QColor(FIND_COLOUR))
            selections.append(hit)
        if self.current is not None and self.current.key not in self.highlighter.hidden:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.current.start)
            cursor.setPosition(self.current.end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            colour = fill_colour(self.current.key, is_dark())
            colour.setAlpha(200)
            selection.format.setBackground(colour)
            selection.format.setProperty(QTextFormat.Property.FontUnderline, True)
            selections.append(selection)
        self.setExtraSelections(selections)

    # -- actions the window's shortcuts call -------------------------------------------------

    def accept_here(self) -> bool:
        return self.decide(self._here("suggestion"), accept=True)

    def reject_here(self) -> bool:
        return self.decide(self._here("suggestion"), accept=False)

    def decide(self, mark: Mark | None, accept: bool) -> bool:
        """Accept or reject a suggestion; with ``advance`` on, the next one becomes current."""
        if mark is None or mark.kind != "suggestion":
            return False
        if self.advance:
            self._advance_from = mark.start
        (self.accept_requested if accept else self.reject_requested).emit(mark.ref)
        return True

    def pending_in_layer(self, layer: str) -> list[Suggestion]:
        """The shown suggestions that would become spans of codebook layer ``layer``."""
        return [
            m.ref
            for m in self.visible_marks()
            if m.kind == "suggestion" and suggestion_target(m.ref)[0] == layer
        ]

    def current_span(self) -> Span | None:
        """The coder's span under the cursor (or the current mark), if any."""
        mark = self._here("span")
        return mark.ref if mark is not None else None

    def delete_here(self) -> bool:
        mark = self._here("span")
        if mark is not None:
            self.delete_requested.emit(mark.ref)
        return mark is not None

    def label_here(self, number: int, exact: bool = False) -> bool:
        """Number key: mark the selection (snapped to words unless ``exact``) with label N of
        the active layer, or relabel the current span."""
        try:
            layer = self.codebook.layer(self.active_layer)
        except KeyError:
            return False
        if not 1 <= number <= len(layer.labels):
            return False
        label = layer.labels[number - 1].name
        selected = self.selection_range(exact)
        if selected is not None:
            self.create(layer.name, label, *selected)
            return True
        mark = self._here("span")
        if mark is not None and mark.ref.layer == layer.name:
            self.relabel_requested.emit(mark.ref, label)
            return True
        return False

    def create(self, layer: str, label: str, start: int, end: int) -> None:
        """Ask for a new span; the selection clears and the new span becomes current."""
        self._expect = (layer, label, start, end)
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)
        self.create_requested.emit(layer, label, start, end)

    def step_suggestion(self, forward: bool = True) -> None:
        """Tab / Shift+Tab: the next pending suggestion after (or before) the cursor."""
        pending = [m for m in self.visible_marks() if m.kind == "suggestion"]
        if not pending:
            return
        here = self.current.start if self.current is not None else self.textCursor().position()
        if forward:
            after = [
                m for m in pending if m.start > here or (m.start == here and self.current is None)
            ]
            target = after[0] if after else pending[0]
        else:
            before = [m for m in pending if m.start < here]
            target = before[-1] if before else pending[-1]
        self.set_current(target, scroll=True)

    def move_edge(self, edge: str, step: int, by_word: bool = True) -> bool:
        """Move the start or end of the current span one word (or character) left or right."""
        mark = self.current if self.current is not None else self._here("span")
        if mark is None or mark.kind != "span":
            return False
        span: Span = mark.ref
        start, stop = step_edge(self.text, span.start, span.end, edge, step, by_word)
        if (start, stop) != (span.start, span.end):
            self.current = mark
            self.resize_requested.emit(span, start, stop)
        return True

    # -- keyboard ----------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Tab would move the focus out of the text before keyPressEvent sees it
        if event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
        ):
            self.step_suggestion(event.key() == Qt.Key.Key_Tab)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.current is not None:
            self.set_current(None)
            return
        super().keyPressEvent(event)

    # -- mouse -------------------------------------------------------------------------------

    def _position(self, point: QPoint) -> int:
        return self.cursorForPosition(point).position()

    def _edge_at(self, point: QPoint) -> tuple[Mark, str] | None:
        """A span end within a few pixels of the pointer: the handle for dragging."""
        candidates = [m for m in self.marks_at(self._position(point)) if m.kind == "span"]
        if self.current is not None and self.current.kind == "span":
            candidates.insert(0, self.current)
        for mark in candidates:
            for end, position in (("start", mark.start), ("end", mark.end)):
                cursor = QTextCursor(self.document())
                cursor.setPosition(position)
                rect = self.cursorRect(cursor)
                if abs(point.x() - rect.x()) <= EDGE_PIXELS and rect.top() <= point.y() <= (
                    rect.bottom()
                ):
                    return mark, end
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            edge = self._edge_at(event.position().toPoint())
            if edge is not None:
                self._drag = edge
                self.set_current(edge[0])
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if self._drag is not None:
            mark, end = self._drag
            position = self._position(point)
            start, stop = (position, mark.end) if end == "start" else (mark.start, position)
            if stop > start:
                moved = Mark(start, stop, mark.key, mark.kind, mark.ref)
                self.highlighter.set_marks([moved if m is mark else m for m in self.marks])
                self._drag = (moved, end)
                self.marks = [moved if m is mark else m for m in self.marks]
                self.current = moved
                self._draw_current()
            return
        shape = Qt.CursorShape.SizeHorCursor if self._edge_at(point) else Qt.CursorShape.IBeamCursor
        self.viewport().setCursor(shape)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            mark, edge = self._drag
            self._drag = None
            span: Span = mark.ref
            start, end = self.offsets.from_qt(mark.start), self.offsets.from_qt(mark.end)
            if not event.modifiers() & Qt.KeyboardModifier.AltModifier:
                snapped = snap_to_words(self.text, start, end)
                # only the dragged edge snaps; the other stays where the coder left it
                start, end = (snapped[0], end) if edge == "start" else (start, snapped[1])
            if (start, end) != (span.start, span.end) and end > start:
                self.resize_requested.emit(span, start, end)
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            under = self.marks_at(self._position(event.position().toPoint()))
            self.set_current(under[0] if under else None)

    # -- tooltip and context menu --------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            marks = self.marks_at(self._position(event.pos()))
            if marks:
                QToolTip.showText(
                    event.globalPos(), describe_marks(self.codebook, marks), self.viewport()
                )
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event) -> None:
        build_context_menu(self, event.pos()).exec(event.globalPos())


def _identity(mark: Mark) -> tuple:
    return (mark.kind, mark.ref.uuid if mark.kind == "span" else mark.ref.id)
