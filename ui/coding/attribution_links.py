"""Linking spans into attribution records from the keyboard: Ctrl+L links the span chosen in
the text to the record chosen in the attributions table (or offers the records it fits), and
accepting a source or content that no cue holds offers to link it to one.

Offers are small popup menus, driven by the arrow keys, Enter and Esc; ``menu`` holds the one
showing, so a test can pick from it as a coder would.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QMenu

from annotator.attribution_editing import CueOffer, cue_offer
from annotator.attribution_records import AttributionRecord, records_to_join, role_link
from annotator.model import Span, Suggestion
from ui.coding.article_menu import record_title
from ui.coding.article_view import ArticleView
from ui.coding.attributions import AttributionTable
from ui.coding.session import CodingSession


class AttributionLinker(QObject):
    def __init__(
        self,
        view: ArticleView,
        table: AttributionTable,
        session: CodingSession,
        tell,  # shows a passing message (the status bar)
    ):
        super().__init__(view)
        self.view, self.table, self.session, self.tell = view, table, session, tell
        self.menu: QMenu | None = None

    def link_chosen_span(self, record: AttributionRecord | None = None) -> None:
        """Ctrl+L: the span chosen in the text joins ``record`` (default: the table's row)."""
        span = self.view.current_span()
        if span is None or span.layer != "attribution":
            self.tell("Choose a cue, source or content in the text first (click it), then Ctrl+L.")
            return
        fits = records_to_join(span, self.view.records)
        record = record or self.table.current_record()
        if record is not None and any(r == record for r in fits):
            self.session.link_to_record(span, record)
            return
        if not fits:
            what = "without a cue" if span.label == "cue" else "with a cue"
            self.tell(f"No attribution {what} to link this {span.label} to.")
            return
        self._popup(f"Link this {span.label} to", span, fits, None)

    def accept(self, suggestion: Suggestion) -> None:
        """Accept; a source or content that no cue holds then gets an offer of cues."""
        span = self.session.accept(suggestion)
        if span is None or role_link(span) is None:
            return
        offer = cue_offer(self.session.project, self.session.coder.uuid, span, suggestion)
        if offer is not None and not offer.empty:
            self._popup(f"Link this {span.label} to a cue", span, offer.records, offer)

    def _popup(
        self,
        title: str,
        span: Span,
        records: list[AttributionRecord],
        offer: CueOffer | None,
    ) -> None:
        menu = QMenu(self.view)
        menu.setTitle(title)
        menu.addSection(title)
        if offer is not None and offer.detected is not None:
            detected = offer.detected
            words = self.view.text[detected.start : detected.end]
            menu.addAction(f"The detected cue “{words}” (accept it)").triggered.connect(
                lambda: self.session.accept(detected)
            )
        for record in records:
            menu.addAction(record_title(record, self.view.text)).triggered.connect(
                lambda _=False, r=record: self.session.link_to_record(span, r)
            )
        menu.addAction("Leave it without a cue (Esc)" if offer else "Cancel (Esc)")
        menu.setActiveAction(next(a for a in menu.actions() if not a.isSeparator()))
        self.menu = menu
        menu.popup(self._where(span))

    def _where(self, span: Span) -> QPoint:
        cursor = self.view.textCursor()
        cursor.setPosition(self.view.offsets.to_qt(span.end))
        return self.view.viewport().mapToGlobal(self.view.cursorRect(cursor).bottomRight())
