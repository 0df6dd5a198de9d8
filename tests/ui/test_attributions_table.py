"""The attributions table driven by keys: records with what they miss, attributes picked with
number keys, F2 and Enter, linking with Ctrl+L, the offer after accepting a lone part, and
seven columns that fit the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from annotator.store import Project
from tests.ui.conftest import ARTICLE_ONE, known_suggestions, span_of
from tests.ui.test_coding_loop import key, select, state


def column(model, title: str) -> int:
    return next(
        i
        for i in range(model.columnCount())
        if model.headerData(i, Qt.Orientation.Horizontal) == title
    )


def go_to(qtbot, view, wanted: str) -> None:
    """Tab through the suggestions until the one over ``wanted`` is current."""
    for _ in range(10):
        key(qtbot, view, Qt.Key.Key_Tab)
        if view.text[view.current.ref.start : view.current.ref.end] == wanted:
            return
    raise AssertionError(f"no suggestion over {wanted!r}")


def test_a_record_from_cue_to_content_edited_by_keys(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    view, table = window.view, window.panel.attributions
    model = table.attribution_model
    view.setFocus()
    go_to(qtbot, view, "said")
    key(qtbot, view, Qt.Key.Key_A)  # the cue and its detected source, one step
    (record,) = model.rows
    assert record.cue.covered(ARTICLE_ONE) == "said"
    assert record.source.covered(ARTICLE_ONE) == "Officials"
    assert record.missing == ("content",)
    content, quote = column(model, "Content"), column(model, "Quote type")
    assert model.data(model.index(0, 0)) == "!"
    assert "no content" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, content)) == "no content"
    why = model.data(model.index(0, quote), Qt.ItemDataRole.ToolTipRole)
    assert why.startswith("No content in this attribution, so no quote type")
    assert not model.flags(model.index(0, quote)) & Qt.ItemFlag.ItemIsEditable
    assert window.panel.attribution_box.title() == "Attributions (1, 1 incomplete)"

    # Ctrl+T: into the table; Tab to the stance; 2 picks "Distancing" (not the window's "label 2")
    key(qtbot, view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert table.hasFocus()
    stance = column(model, "Cue stance")
    table.setCurrentIndex(model.index(0, 1))
    while table.currentIndex().column() != stance:
        key(qtbot, table, Qt.Key.Key_Tab)
    spans_before = len(state(window).spans)
    key(qtbot, table, Qt.Key.Key_2)
    assert window.project.spans.get(record.cue.uuid).attrs["stance"] == "distancing"
    assert len(state(window).spans) == spans_before
    assert model.data(model.index(0, stance)) == "Distancing"
    key(qtbot, table, Qt.Key.Key_Delete)  # clears it; the cue span stays
    assert "stance" not in window.project.spans.get(record.cue.uuid).attrs
    assert len(state(window).spans) == spans_before

    # F2 opens the list; Down and Enter pick the first choice and save it
    table.setCurrentIndex(model.index(0, stance))
    key(qtbot, table, Qt.Key.Key_F2)
    assert table.state() == QAbstractItemView.State.EditingState
    popup = QApplication.focusWidget().view()  # the list is open: keys go to it
    qtbot.waitUntil(popup.isVisible)
    key(qtbot, popup, Qt.Key.Key_Down)
    key(qtbot, popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert window.project.spans.get(record.cue.uuid).attrs["stance"] == "neutral"

    # Ctrl+Z in the window undoes the pick
    key(qtbot, table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "stance" not in window.project.spans.get(record.cue.uuid).attrs

    # Esc goes back to the text; mark the content there (attribution layer, label 3)
    key(qtbot, table, Qt.Key.Key_Escape)
    assert view.hasFocus()
    key(qtbot, view, Qt.Key.Key_L)  # active layer: attribution
    words = span_of(ARTICLE_ONE, 'the regime "neutralized" 30 terrorists near the border')
    select(view, *words)
    key(qtbot, view, Qt.Key.Key_3)
    made = view.current.ref
    assert (made.label, made.start, made.end) == ("content", *words)
    assert len(model.rows) == 2  # a content without a cue is a record of its own
    table.setCurrentIndex(model.index(next(i for i, r in enumerate(model.rows) if r.cue), 1))
    key(qtbot, view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # link it there
    (record,) = model.rows
    assert record.complete and record.content.uuid == made.uuid
    assert model.data(model.index(0, 0)) == ""
    table.setFocus()
    table.setCurrentIndex(model.index(0, quote))
    key(qtbot, table, Qt.Key.Key_1)  # Direct
    assert window.project.spans.get(made.uuid).attrs["quote_type"] == "direct"

    # the table's menu unlinks the content; Ctrl+Z links it back
    menu = table.context_menu(model.index(0, content))
    unlink = next(a for a in menu.actions() if a.text() == "Unlink the content")
    unlink.trigger()
    assert len(model.rows) == 2
    key(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(model.rows) == 1 and model.rows[0].complete


def test_accepting_a_lone_source_offers_its_detected_cue(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    view = window.view
    view.setFocus()
    go_to(qtbot, view, "Officials")
    key(qtbot, view, Qt.Key.Key_A)
    menu = window.linker.menu
    assert menu is not None and menu.isVisible()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["The detected cue “said” (accept it)", "Leave it without a cue (Esc)"]
    assert menu.activeAction().text() == texts[0]
    key(qtbot, menu, Qt.Key.Key_Return)
    (record,) = window.panel.attributions.attribution_model.rows
    assert record.cue.covered(ARTICLE_ONE) == "said"
    assert record.source.covered(ARTICLE_ONE) == "Officials"


def test_accepting_a_lone_content_offers_its_detected_cue(open_window, coding_project, qtbot):
    """As for a source: a content accepted on its own is offered the cue that was detected
    with it, and Enter makes the record."""
    with Project.open(coding_project) as project:
        article = project.articles.ids()[0]
        said = span_of(ARTICLE_ONE, "said")
        content = span_of(ARTICLE_ONE, 'the regime "neutralized" 30 terrorists near the border')
        quote = {
            "layer": "quote",
            "label": "indirect",
            "start": content[0],
            "end": content[1],
            "explanation": {"cue": list(said)},
        }
        found = [*known_suggestions(ARTICLE_ONE), quote]
        project.suggestions.replace(article, "test-detector", "1", found)
    window = open_window(coding_project)
    view = window.view
    view.setFocus()
    go_to(qtbot, view, ARTICLE_ONE[content[0] : content[1]])
    key(qtbot, view, Qt.Key.Key_A)
    menu = window.linker.menu
    assert menu is not None and menu.isVisible()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[0] == "The detected cue “said” (accept it)"
    key(qtbot, menu, Qt.Key.Key_Return)
    (record,) = [r for r in window.panel.attributions.attribution_model.rows if r.content]
    assert record.cue.covered(ARTICLE_ONE) == "said"
    assert record.content.covered(ARTICLE_ONE).startswith("the regime")


def test_seven_columns_fit_at_1360_by_768(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    window.resize(1360, 768)
    qtbot.waitUntil(lambda: window.width() == 1360)
    QApplication.processEvents()
    table = window.panel.attributions
    header = table.horizontalHeader()
    assert table.attribution_model.columnCount() == 7
    widths = [header.sectionSize(i) for i in range(7)]
    assert sum(widths) <= table.viewport().width()
    assert min(widths[1:]) >= 40
    assert not table.horizontalScrollBar().isVisible()
