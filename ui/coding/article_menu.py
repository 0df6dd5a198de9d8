"""The article view's context menu: mark the selection (snapped to words), accept or reject a
suggestion, relabel, link, note or delete a span. Each item only asks the view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from annotator.attribution_records import (
    LAYER,
    AttributionRecord,
    records_to_join,
    records_to_piece,
    words_of,
)
from annotator.model import Span
from ui.coding.mark_descriptions import label_title

if TYPE_CHECKING:
    from ui.coding.article_view import ArticleView


def build_context_menu(view: ArticleView, pos: QPoint) -> QMenu:
    menu = view.createStandardContextMenu(pos)
    menu.addSeparator()
    selected = view.selection_range()
    if selected is not None:
        for layer in view.codebook.layers:
            submenu = menu.addMenu(f"Mark as {layer.title}")
            for label in layer.labels:
                submenu.addAction(label.title).triggered.connect(
                    lambda _=False, ln=layer.name, n=label.name: view.create(ln, n, *selected)
                )
    for mark in view.marks_at(view.cursorForPosition(pos).position()):
        if mark.kind == "suggestion":
            menu.addAction("Accept suggestion (A)").triggered.connect(
                lambda _=False, m=mark: view.decide(m, accept=True)
            )
            menu.addAction("Reject suggestion (R)").triggered.connect(
                lambda _=False, m=mark: view.decide(m, accept=False)
            )
        else:
            _span_items(view, menu, mark.ref)
    return menu


def _span_items(view: ArticleView, menu: QMenu, span: Span) -> None:
    title = label_title(view.codebook, span.layer, span.label)
    relabel = menu.addMenu(f"Change '{title}' to")
    try:
        labels = view.codebook.layer(span.layer).labels
    except KeyError:  # a layer outside the codebook: nothing to change it to
        labels = ()
    relabel.setEnabled(bool(labels))
    for label in labels:
        if label.name != span.label:
            relabel.addAction(label.title).triggered.connect(
                lambda _=False, n=label.name: view.relabel_requested.emit(span, n)
            )
    if span.layer == LAYER:  # a part of an attribution: the menu shows, maybe greyed
        records = records_to_join(span, view.records)
        link = menu.addMenu("Link to attribution (Ctrl+L)")
        link.setEnabled(bool(records))
        for record in records:
            link.addAction(record_title(record, view.text)).triggered.connect(
                lambda _=False, r=record: view.link_requested.emit(span, r)
            )
        wholes = records_to_piece(span, view.records)
        if wholes:  # "X, he said, Y": X is a piece of the content Y
            piece = menu.addMenu(f"Add as a piece of the {span.label} of")
            for record in wholes:
                piece.addAction(record_title(record, view.text)).triggered.connect(
                    lambda _=False, r=record: view.piece_requested.emit(span, r)
                )
    menu.addAction("Note on this span… (M)").triggered.connect(
        lambda: view.note_requested.emit(span)
    )
    menu.addAction("Delete span (Del)").triggered.connect(lambda: view.delete_requested.emit(span))


def record_title(record: AttributionRecord, text: str) -> str:
    """A record as a menu shows it: its parts' words, shortened, in order."""
    words = []
    for role in ("cue", "source", "content"):
        shown = " ".join(words_of(record, role, text).split())
        if shown:
            words.append(f"{role} “{shown if len(shown) <= 30 else shown[:29] + '…'}”")
    return ", ".join(words)
