"""The article view's context menu: mark the selection, accept or reject a suggestion,
relabel, link or delete a span. Each item only emits the view's request signals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from annotator.labeling import cue_link, linkable_cues
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
                lambda _=False, s=mark.ref: view.accept_requested.emit(s)
            )
            menu.addAction("Reject suggestion (R)").triggered.connect(
                lambda _=False, s=mark.ref: view.reject_requested.emit(s)
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
    if cue_link(span) is not None:  # a source or a content: the menu shows, maybe greyed
        cues = linkable_cues(span, (m.ref for m in view.marks if m.kind == "span"))
        link = menu.addMenu("Link to cue")
        link.setEnabled(bool(cues))
        for cue in cues:
            link.addAction(f"“{cue.covered(view.text)}”").triggered.connect(
                lambda _=False, c=cue: view.link_requested.emit(span, c)
            )
    menu.addAction("Delete span (Del)").triggered.connect(lambda: view.delete_requested.emit(span))
