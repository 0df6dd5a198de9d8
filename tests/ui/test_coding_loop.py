"""A coder's whole loop, driven by keys and clicks, then checked in the project file."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.article_state import article_labels
from annotator.store import Project
from tests.ui.conftest import ARTICLE_ONE, span_of


def select(view, start: int, end: int) -> None:
    """Select [start, end) (code points) the way a coder does, by moving the text cursor."""
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_qt(start))
    cursor.setPosition(view.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def state(window):
    return article_labels(window.project, window.article_id, window.coder.uuid)


def key(qtbot, widget, key, modifiers=Qt.KeyboardModifier.NoModifier, text=""):
    qtbot.keyClick(widget, key, modifiers)
    QApplication.processEvents()


def test_accept_reject_create_resize_delete_by_keyboard(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    view = window.view
    view.setFocus()
    assert window.article_id == 1
    assert len(state(window).suggestions) == 5

    key(qtbot, view, Qt.Key.Key_Tab)  # first suggestion: "Officials" (source)
    assert view.current.ref.layer == "source"
    key(qtbot, view, Qt.Key.Key_Tab)  # "said"
    key(qtbot, view, Qt.Key.Key_A)  # the cue, and its detected source with it
    key(qtbot, view, Qt.Key.Key_Tab)  # "regime"
    assert view.current.ref.label == "pejorative_label"
    key(qtbot, view, Qt.Key.Key_A)
    key(qtbot, view, Qt.Key.Key_Tab)  # "neutralized"
    key(qtbot, view, Qt.Key.Key_R)
    now = state(window)
    assert sorted((s.layer, s.label) for s in now.spans) == [
        ("attribution", "cue"),
        ("attribution", "source"),
        ("loaded", "pejorative_label"),
    ]
    assert {s.label for s in now.suggestions} == {"loaded_verb"}
    regime = next(s for s in now.spans if s.label == "pejorative_label")
    assert regime.attrs == {"neutral_alternative": "government"}
    assert "Saved" in window.saved_label.text()

    # select "30 terrorists" and press 3 (Emotive, active layer: loaded language)
    select(view, *span_of(ARTICLE_ONE, "30 terrorists"))
    key(qtbot, view, Qt.Key.Key_3)
    made = next(s for s in state(window).spans if s.label == "emotive")
    assert made.covered(ARTICLE_ONE) == "30 terrorists"

    # the new span is current: ] moves its start a word right, Alt+, its end a character left
    assert view.current.ref.uuid == made.uuid and not view.textCursor().hasSelection()
    key(qtbot, view, Qt.Key.Key_BracketRight)
    assert window.project.spans.get(made.uuid).covered(ARTICLE_ONE) == "terrorists"
    key(qtbot, view, Qt.Key.Key_Comma, Qt.KeyboardModifier.AltModifier)
    assert window.project.spans.get(made.uuid).covered(ARTICLE_ONE) == "terrorist"
    key(qtbot, view, Qt.Key.Key_BracketLeft)  # the start back a word
    key(qtbot, view, Qt.Key.Key_Period)  # the end to the end of its word, then the next one
    assert window.project.spans.get(made.uuid).covered(ARTICLE_ONE) == "30 terrorists"
    key(qtbot, view, Qt.Key.Key_Period)
    assert window.project.spans.get(made.uuid).covered(ARTICLE_ONE) == "30 terrorists near"
    for _ in range(3):
        key(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.project.spans.get(made.uuid).covered(ARTICLE_ONE) == "terrorist"

    # relabel with a number while the span is current, then delete it
    key(qtbot, view, Qt.Key.Key_1)
    assert window.project.spans.get(made.uuid).label == "pejorative_label"
    key(qtbot, view, Qt.Key.Key_Delete)
    assert made.uuid not in {s.uuid for s in state(window).spans}
    assert window.project.spans.get(made.uuid).deleted  # a tombstone, not a hole


def test_drag_a_span_edge_with_the_mouse(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    view = window.view
    start, end = span_of(ARTICLE_ONE, "neutralized")
    select(view, start, end)
    window.session.add_span(window.article_id, "loaded", "euphemism", start, end)
    span = next(s for s in state(window).spans if s.label == "euphemism")
    mark = next(m for m in view.marks if m.kind == "span")
    view.set_current(mark)

    def point_at(position: int) -> QPoint:
        cursor = QTextCursor(view.document())
        cursor.setPosition(position)
        rect = view.cursorRect(cursor)
        return QPoint(rect.x(), rect.center().y())

    def drag(source: int, target: int, alt: bool = False) -> None:
        held = Qt.KeyboardModifier.AltModifier if alt else Qt.KeyboardModifier.NoModifier
        qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(source))
        qtbot.mouseMove(view.viewport(), pos=point_at(target))
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, held, point_at(target))

    # the end edge of "neutralized" dragged into "30": it snaps to the end of that word
    drag(mark.end, mark.end + 3)
    moved = window.project.spans.get(span.uuid)
    assert moved.covered(ARTICLE_ONE) == 'neutralized" 30'
    # with Alt held, exactly where it was dropped: after the closing quote
    drag(view.current.end, mark.end + 1, alt=True)
    moved = window.project.spans.get(span.uuid)
    assert (moved.start, moved.end) == (start, end + 1)


def test_frames_attribution_and_note_from_the_panel(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    panel = window.panel
    primary = panel.single["primary_frame"]
    primary.setCurrentIndex(primary.findData("security_defense"))
    secondary = panel.multi["secondary_frames"]
    for row in range(secondary.count()):
        item = secondary.item(row)
        if item.data(Qt.ItemDataRole.UserRole) in ("political", "health_safety"):
            item.setCheckState(Qt.CheckState.Checked)
    note = panel.texts["note"]
    note.setFocus()
    qtbot.keyClicks(note, "a quote")  # letters typed in the note are not shortcuts
    assert window.panel.has_unsaved_text
    qtbot.waitUntil(lambda: "note" in state(window).doc_labels, timeout=3000)  # saved on a pause
    labels = state(window).doc_labels
    assert labels["primary_frame"].value == "security_defense"
    assert labels["secondary_frames"].value == ["health_safety", "political"]
    assert labels["note"].value == "a quote"
    assert state(window).spans == []  # the "a" typed in the note accepted nothing

    # accept the cue, and with it its source: one attribution row, source type editable
    window.session.accept(next(s for s in state(window).suggestions if s.label == "neutral"))
    model = panel.attributions.attribution_model
    assert model.rowCount() == 1
    row = model.rows[0]
    assert row.cue.covered(ARTICLE_ONE) == "said" and row.source.covered(ARTICLE_ONE) == (
        "Officials"
    )
    column = next(
        i
        for i in range(model.columnCount())
        if model.headerData(i, Qt.Orientation.Horizontal) == "Source type"
    )
    model.setData(model.index(0, column), "government")
    qtbot.waitUntil(lambda: "source_type" in window.project.spans.get(row.source.uuid).attrs)
    source = window.project.spans.get(row.source.uuid)
    assert source.attrs["source_type"] == "government"
    assert model.data(model.index(0, column)) == "Government or official"


def test_undo_and_redo_across_article_switches(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    view = window.view
    view.setFocus()
    key(qtbot, view, Qt.Key.Key_Tab)
    key(qtbot, view, Qt.Key.Key_Tab)
    key(qtbot, view, Qt.Key.Key_Tab)
    key(qtbot, view, Qt.Key.Key_A)  # accept "regime"
    accepted = state(window).spans[0]
    window.panel.single["primary_frame"].setCurrentIndex(1)  # Economic
    key(qtbot, view, Qt.Key.Key_N)  # next article
    assert window.article_id == 2
    key(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the frame
    assert window.article_id == 1  # brought back to show what was undone
    assert "primary_frame" not in state(window).doc_labels
    key(qtbot, view, Qt.Key.Key_J)  # J is next, too
    assert window.article_id == 2
    key(qtbot, view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the accept
    assert window.article_id == 1 and state(window).spans == []
    assert len(state(window).suggestions) == 5
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    key(qtbot, view, Qt.Key.Key_Z, redo)
    key(qtbot, view, Qt.Key.Key_Z, redo)
    assert [s.uuid for s in state(window).spans] == [accepted.uuid]
    assert state(window).doc_labels["primary_frame"].value == "economic"
    assert window.panel.single["primary_frame"].currentData() == "economic"
    key(qtbot, view, Qt.Key.Key_P)
    assert window.article_id == 1  # P at the first article stays there


def test_mark_done_moves_on_and_everything_survives_reopening(
    open_window, coding_project, coder, qtbot
):
    window = open_window(coding_project)
    view = window.view
    view.setFocus()
    key(qtbot, view, Qt.Key.Key_Tab)
    key(qtbot, view, Qt.Key.Key_Tab)
    key(qtbot, view, Qt.Key.Key_Tab)
    key(qtbot, view, Qt.Key.Key_A)
    window.panel.single["tone"].setCurrentIndex(2)
    key(qtbot, view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.article_id == 2
    assert window.project.status.get(1, coder.uuid).status == "done"
    assert window.progress_label.text() == "Done 1 / 3"
    key(qtbot, view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.article_id == 3
    before = state(window)
    window.close()
    window.project.close()
    with Project.open(coding_project, readonly=True) as project:
        first = article_labels(project, 1, coder.uuid)
        assert [s.label for s in first.spans] == ["pejorative_label"]
        assert first.doc_labels["tone"].value == "negative"
        assert first.progress.status == "done" and first.progress.seconds >= 0
        assert project.status.get(2, coder.uuid).status == "done"
        assert article_labels(project, 3, coder.uuid).spans == before.spans


def test_filters_and_list_navigation(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    panel = window.list_panel
    qtbot.keyClicks(panel.search, "geneva")
    assert panel.visible_ids() == [2]
    panel.search.clear()
    panel.outlet.setCurrentIndex(panel.outlet.findData("Outlet A"))
    assert panel.visible_ids() == [1, 3]
    panel.outlet.setCurrentIndex(0)
    window.session.set_status(2, "done")
    panel.status.setCurrentIndex(panel.status.findData("done"))
    assert panel.visible_ids() == [2]
    assert panel.model.items[1].status == "done"


def test_context_menu_and_tooltip(open_window, coding_project, qtbot):
    from ui.coding.article_menu import build_context_menu
    from ui.coding.mark_descriptions import describe_marks

    window = open_window(coding_project)
    view = window.view
    regime = next(m for m in view.marks if m.ref.label == "pejorative_label")
    tip = describe_marks(view.codebook, [regime])
    assert "Suggested: Pejorative label" in tip and "Neutral alternative: <b>government" in tip

    select(view, *span_of(ARTICLE_ONE, "shelled"))
    menu = build_context_menu(view, view.cursorRect().center())
    qtbot.addWidget(menu)
    mark_as = {a.text(): a for a in menu.actions() if a.menu()}
    emotive = next(
        a
        for a in mark_as["Mark as Loaded language"].menu().actions()
        if a.text() == "Emotive or intensifying word"
    )
    emotive.trigger()
    span = next(s for s in state(window).spans if s.label == "emotive")
    assert span.covered(ARTICLE_ONE) == "shelled"
    tip = describe_marks(view.codebook, [m for m in view.marks if m.kind == "span"])
    assert "Emotive or intensifying word" in tip and "marked by you" in tip
