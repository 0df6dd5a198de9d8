"""Issue 15, a coder's hour: each item driven by keys in a real window (offscreen), checked in
the project file or on screen, and the whole session with no Qt warning in the log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QListWidget

from annotator.article_state import article_labels
from annotator.store import Project
from tests.ui.conftest import ARTICLE_ONE, span_of
from tests.ui.test_coding_loop import key, select
from ui.coding.scheme_picker import SchemePicker
from ui.coding.span_note import SpanNoteDialog

CTRL, ALT, SHIFT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.ShiftModifier,
)


# What the offscreen platform plugin itself says of what it lacks (a window manager, a keyboard
# to grab for a combo box's popup); under xcb, as a coder runs the app, none is written.
OFFSCREEN_ONLY = {
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
    "This plugin does not support grabbing the keyboard",
}


def state(window):
    return article_labels(window.project, window.article_id, window.coder.uuid)


def when_modal(kind, act, qtbot):
    """Run ``act(dialog)`` once a modal dialog of ``kind`` is up and active (its exec() blocks
    the test); a dialog still open 5 s later is closed, so a broken key fails, never hangs."""
    tries = []

    def attempt():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            tries.append(1)
            if len(tries) < 250:
                QTimer.singleShot(20, attempt)
            return
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
        QTimer.singleShot(5000, dialog.reject)
        act(dialog)

    QTimer.singleShot(0, attempt)


def back_to(window, qtbot) -> None:
    """Offscreen, the window is not made active again when a modal dialog closes (a window
    manager does that); its shortcuts wait for it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def has_focus(window, widget) -> bool:
    """``widget`` holds the window's focus (offscreen, a closed dialog may leave the window
    itself inactive for a moment, which hasFocus() would count against it)."""
    return window.focusWidget() is widget


def test_the_key_legend_and_the_edit_menu_name_the_labels(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    window.resize(1360, 768)
    legend = window.legend
    assert legend.isVisible()
    text = legend.text()
    assert "Loaded language" in text and "Pejorative label" in text and "Emotive" in text
    assert "pejorative_label" not in text
    # at 1360 pixels the legend wraps inside the window: nothing hides behind an overflow button
    assert legend.width() <= window.width()
    assert legend.heightForWidth(legend.width()) <= legend.height() + 1
    names = [a.text() for a, _ in window.mark_actions if a.isVisible()]
    assert names[0] == "&1 Pejorative label"
    key(qtbot, window.view, Qt.Key.Key_L)  # the next layer: legend and menu follow it
    assert window.legend.text() != text
    assert [a.text() for a, _ in window.mark_actions if a.isVisible()] != names
    assert window.view.hasFocus()


def test_a_sloppy_selection_snaps_to_words_and_alt_keeps_characters(
    open_window, coding_project, qtbot
):
    window = open_window(coding_project)
    view = window.view
    start, end = span_of(ARTICLE_ONE, "30 terrorists")
    select(view, start + 1, end - 2)  # "0 terrorist"
    key(qtbot, view, Qt.Key.Key_3)
    snapped = next(s for s in state(window).spans if s.label == "emotive")
    assert snapped.covered(ARTICLE_ONE) == "30 terrorists"
    start, end = span_of(ARTICLE_ONE, "border")
    select(view, start, end - 1)
    key(qtbot, view, Qt.Key.Key_2, ALT)  # exactly as selected
    exact = next(s for s in state(window).spans if s.label == "euphemism")
    assert exact.covered(ARTICLE_ONE) == "borde"
    assert view.hasFocus()


def test_frames_by_keys_with_definitions_and_secondary_without_the_primary(
    open_window, coding_project, qtbot
):
    window = open_window(coding_project)
    book = window.project.codebook
    frames = book.scheme("primary_frame").choices
    seen: dict = {}

    def pick_second(picker):
        choices = picker.findChild(QListWidget, "choices")
        qtbot.keyClick(choices, Qt.Key.Key_2)  # 2 of 15: waits a moment for a second digit
        seen["definition"] = picker.definition.text()
        qtbot.keyClick(choices, Qt.Key.Key_Return)

    assert window.scheme_keys["primary_frame"] == "F"
    when_modal(SchemePicker, pick_second, qtbot)
    key(qtbot, window.view, Qt.Key.Key_F)
    answer = window.project.doc_labels.current(
        window.article_id, window.coder.uuid, "primary_frame"
    )
    assert answer.value == frames[1].name
    assert frames[1].title in seen["definition"] and frames[1].description[:40] in (
        seen["definition"].replace("&#x27;", "'")
    )
    assert has_focus(window, window.view)
    back_to(window, qtbot)

    def tick(picker):
        choices = picker.findChild(QListWidget, "choices")
        seen["primary_item"] = choices.item(1)
        qtbot.keyClick(choices, Qt.Key.Key_2)  # the primary frame: cannot be ticked
        qtbot.keyClick(choices, Qt.Key.Key_Space)  # nor with Space on it
        choices.setCurrentRow(0)
        qtbot.keyClick(choices, Qt.Key.Key_Space)  # the first frame
        qtbot.keyClick(choices, Qt.Key.Key_Return)

    when_modal(SchemePicker, tick, qtbot)
    key(qtbot, window.view, Qt.Key.Key_S)
    secondary = window.project.doc_labels.current(
        window.article_id, window.coder.uuid, "secondary_frames"
    )
    assert secondary.value == [frames[0].name]
    assert not seen["primary_item"].flags() & Qt.ItemFlag.ItemIsEnabled
    assert "primary frame" in seen["primary_item"].text()


def test_the_article_list_shows_status_at_a_glance_and_fits(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    window.resize(1360, 768)
    QApplication.processEvents()
    table = window.list_panel.table
    model = table.model()
    assert model.index(0, 0).data() == "○"
    key(qtbot, window.view, Qt.Key.Key_Return, CTRL)  # done, next to do
    assert model.index(0, 0).data() == "✓"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Done"
    assert window.article_id == 2 and window.view.hasFocus()
    shown = [c for c in range(model.columnCount()) if not table.isColumnHidden(c)]
    assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width()  # all fit


def test_focus_returns_to_the_text_after_the_panel_and_the_list(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    notes = window.panel.texts["note"]
    notes.setFocus()
    qtbot.keyClicks(notes, "Check the figures")
    key(qtbot, notes, Qt.Key.Key_Return, CTRL)  # done and next, from inside the note field
    assert window.view.hasFocus()
    answer = window.project.doc_labels.current(1, window.coder.uuid, "note")
    assert answer.value == "Check the figures"
    key(qtbot, window.view, Qt.Key.Key_F, CTRL | SHIFT)  # the list's filter…
    assert window.list_panel.search.hasFocus()
    window.list_panel.table.setFocus()  # …a row of the list, Enter: back to the text
    key(qtbot, window.list_panel.table, Qt.Key.Key_Return)
    assert window.view.hasFocus()


def test_marks_list_jumps_and_find_searches_the_article(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    view = window.view
    marks = window.marks_list
    assert marks.model.rowCount() == 5
    assert "0 mine, 5 suggested" in marks.heading.text()
    key(qtbot, view, Qt.Key.Key_J, CTRL)
    table = marks.table
    assert table.hasFocus()
    key(qtbot, table, Qt.Key.Key_Down)
    key(qtbot, table, Qt.Key.Key_Down)
    chosen = marks.model.marks[table.currentIndex().row()]
    key(qtbot, table, Qt.Key.Key_Return)
    assert view.current is chosen and view.hasFocus()

    key(qtbot, view, Qt.Key.Key_F, CTRL)
    bar = window.find_bar
    assert bar.isVisible() and bar.query.hasFocus()
    qtbot.keyClicks(bar.query, "the")
    hits = ARTICLE_ONE.lower().count("the")
    at = int(bar.count.text().split(" of ")[0])
    assert bar.count.text() == f"{at} of {hits}"  # the first match at or after the cursor
    key(qtbot, bar.query, Qt.Key.Key_Return)
    assert bar.count.text() == f"{at % hits + 1} of {hits}"
    key(qtbot, bar.query, Qt.Key.Key_Escape)
    assert not bar.isVisible() and view.hasFocus()
    # a query that stops matching leaves nothing selected for a number key (found by hand:
    # "la" of "last week" stayed selected and 3 marked the word it was in)
    key(qtbot, view, Qt.Key.Key_F, CTRL)
    bar.query.clear()
    qtbot.keyClicks(bar.query, "thexq")
    assert bar.count.text() == "no match"
    assert not view.textCursor().hasSelection()
    key(qtbot, bar.query, Qt.Key.Key_Escape)
    spans_before = len(state(window).spans)
    key(qtbot, view, Qt.Key.Key_3)
    assert len(state(window).spans) == spans_before


def test_advance_after_a_decision_and_accept_all_as_one_undo(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    view = window.view
    window.advance_action.trigger()  # Edit › After accept or reject, go to the next suggestion
    assert window.preferences.advance_after_decision
    key(qtbot, view, Qt.Key.Key_Tab)  # "Officials"
    first = view.current.start
    key(qtbot, view, Qt.Key.Key_R)
    assert view.current is not None and view.current.kind == "suggestion"
    assert view.current.start > first  # the next one, without a Tab
    window.advance_action.trigger()

    loaded = [s for s in state(window).suggestions if s.layer == "loaded"]
    assert len(loaded) == 3
    key(qtbot, view, Qt.Key.Key_A, CTRL | SHIFT)  # the active layer is loaded language
    now = state(window)
    assert not [s for s in now.suggestions if s.layer == "loaded"]
    assert sorted(s.label for s in now.spans) == ["euphemism", "loaded_verb", "pejorative_label"]
    key(qtbot, view, Qt.Key.Key_Z, CTRL)  # one undo takes all three back
    assert len([s for s in state(window).suggestions if s.layer == "loaded"]) == 3
    assert not state(window).spans


def test_a_note_on_a_span_by_m(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    view = window.view
    select(view, *span_of(ARTICLE_ONE, "terrorists"))
    key(qtbot, view, Qt.Key.Key_1)
    span = next(s for s in state(window).spans)

    def write(dialog):
        qtbot.keyClicks(dialog.note, "Quoting the army?")
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return, CTRL)

    when_modal(SpanNoteDialog, write, qtbot)
    key(qtbot, view, Qt.Key.Key_M)
    assert window.project.spans.get(span.uuid).attrs.get("note") == "Quoting the army?"
    assert has_focus(window, view)
    rows = window.marks_list.model.marks
    row = next(i for i, m in enumerate(rows) if m.kind == "span")
    tip = window.marks_list.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "Quoting the army?" in tip


def test_suggestion_tooltips_are_in_words(open_window, coding_project, qtbot):
    from ui.coding.mark_descriptions import describe_marks

    window = open_window(coding_project)
    view = window.view
    regime = next(
        m for m in view.marks if m.kind == "suggestion" and m.ref.label == "pejorative_label"
    )
    words = describe_marks(window.project.codebook, [regime])
    assert "Pejorative label" in words and "government" in words
    assert "pejorative_label" not in words and "test-detector" not in words


def test_quote_suggestions_are_washed_in_their_colour(open_window, tmp_path, qtbot):
    from annotator.model import ArticleDraft

    text = 'Title\n\nThe minister said "we will rebuild every school by spring" on Monday.'
    path = tmp_path / "quotes.sqlite"
    quote = span_of(text, '"we will rebuild every school by spring"')
    with Project.create(path) as project:
        (article,) = project.articles.add([ArticleDraft(text=text, title="Quotes")]).added
        project.suggestions.replace(
            article,
            "test",
            "1",
            [{"layer": "content", "label": "quote", "start": quote[0], "end": quote[1]}],
        )
    window = open_window(path)
    view = window.view
    block = view.document().findBlock(view.offsets.to_qt(quote[0]) + 3)
    ranges = block.layout().formats()
    where = view.offsets.to_qt(quote[0]) - block.position() + 3
    inside = [r for r in ranges if r.start <= where < r.start + r.length]
    assert inside and inside[0].format.background().color().alpha() > 0


@pytest.mark.usefixtures("qtbot")
def test_a_coding_session_logs_no_qt_warning(open_window, coding_project, qtbot, qtlog):
    """A driven session: labels, answers, notes, attributions, lists, find, undo; the log stays
    clean (Qt writes "editor does not belong to this view" and the like as warnings)."""
    window = open_window(coding_project)
    window.resize(1360, 768)
    view = window.view
    for step in (Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_A, Qt.Key.Key_Tab, Qt.Key.Key_A):
        key(qtbot, view, step)
    select(view, *span_of(ARTICLE_ONE, "30 terrorists"))
    key(qtbot, view, Qt.Key.Key_3)
    key(qtbot, view, Qt.Key.Key_Period)
    key(qtbot, view, Qt.Key.Key_Z, CTRL)

    def pick(picker):
        qtbot.keyClick(picker.findChild(QListWidget, "choices"), Qt.Key.Key_5)
        qtbot.keyClick(picker.findChild(QListWidget, "choices"), Qt.Key.Key_Return)

    when_modal(SchemePicker, pick, qtbot)
    key(qtbot, view, Qt.Key.Key_T)
    back_to(window, qtbot)
    table = window.panel.attributions  # an attribute chosen in its table, by keys
    assert table.model().rowCount() >= 1
    model = table.model()
    column = next(
        c
        for c in range(model.columnCount())
        if model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable
    )
    before = {s.uuid: dict(s.attrs) for s in state(window).spans}
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, column))
    key(qtbot, table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not table
    key(qtbot, editor, Qt.Key.Key_Down)
    key(qtbot, editor, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert {s.uuid: dict(s.attrs) for s in state(window).spans} != before
    key(qtbot, view, Qt.Key.Key_J, CTRL)
    key(qtbot, window.marks_list.table, Qt.Key.Key_Return)
    key(qtbot, view, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.query, "regime")
    key(qtbot, window.find_bar.query, Qt.Key.Key_Escape)
    key(qtbot, view, Qt.Key.Key_N)
    key(qtbot, view, Qt.Key.Key_P)
    key(qtbot, view, Qt.Key.Key_Return, CTRL)
    qtbot.wait(50)
    problems = [
        r.message
        for r in qtlog.records
        if r.type.name in ("QtWarningMsg", "QtCriticalMsg") and r.message not in OFFSCREEN_ONLY
    ]
    assert problems == []
