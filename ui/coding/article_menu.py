"""The article view's context menu: mark the selection (snapped to words), accept or reject a
suggestion, relabel, link, note or delete a span. Each item only asks the view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from annotator.labeling import cue_link, linkable_cues
from annotator.model import Span

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
    layer = view.codebook.layer(span.layer)
    relabel = menu.addMenu(f"Change “{view.codebook.label_title(span.layer, span.label)}” to")
    for label in layer.labels:
        if label.name != span.label:
            relabel.addAction(label.title).triggered.connect(
                lambda _=False, n=label.name: view.relabel_requested.emit(span, n)
            )
    if cue_link(span) is not None:  # a source or a content: the menu shows, maybe greyed
        cues = linkable_cues(span, (m.ref for m in view.marks if m.kind == "span"))
        link = menu.addMenu("Link to cue")
        link.setEnabled(bool(cues))
        for cue in cues:
            link.addAction(f"“{cue.covered(view.text)}”").triggered.connect(
                lambda _=False, c=cue: view.link_requested.emit(span, c)
            )
    menu.addAction("Note on this span… (M)").triggered.connect(
        lambda: view.note_requested.emit(span)
    )
    menu.addAction("Delete span (Del)").triggered.connect(lambda: view.delete_requested.emit(span))
