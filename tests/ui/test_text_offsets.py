"""Emoji and other astral characters: highlights and spans land on the right characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator.article_state import article_labels
from annotator.model import ArticleDraft
from annotator.store import Project
from ui.coding.offsets import OffsetMap

ASTRAL = "Flags 🇹🇷🇷🇺 and 😀 first: the 𝐫𝐞𝐠𝐢𝐦𝐞 said 👍🏽 the regime fell, 𝄞 then terrorists."


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_offset_map_agrees_with_utf16(text):
    offsets = OffsetMap(text)
    for i in range(len(text) + 1):
        qt = len(text[:i].encode("utf-16-le")) // 2
        assert offsets.to_qt(i) == qt
        assert offsets.from_qt(qt) == i


def test_a_qt_position_inside_a_surrogate_pair_rounds_down():
    offsets = OffsetMap("a😀b")
    assert [offsets.from_qt(p) for p in range(5)] == [0, 1, 1, 2, 3]


def qt_text(view, start_qt: int, end_qt: int) -> str:
    cursor = QTextCursor(view.document())
    cursor.setPosition(start_qt)
    cursor.setPosition(end_qt, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def test_highlights_and_new_spans_land_on_the_right_characters(open_window, tmp_path, qtbot, coder):
    path = tmp_path / "astral.sqlite"
    regime = ASTRAL.index("regime fell")
    terrorists = ASTRAL.index("terrorists")
    with Project.create(path) as project:
        article = project.articles.add([ArticleDraft(text=ASTRAL, title="astral")]).added[0]
        project.suggestions.replace(
            article,
            "test",
            "1",
            [
                {
                    "layer": "loaded",
                    "label": "pejorative_label",
                    "start": regime,
                    "end": regime + 6,
                },
                {
                    "layer": "loaded",
                    "label": "pejorative_label",
                    "start": terrorists,
                    "end": terrorists + 10,
                },
            ],
        )
    window = open_window(path)
    view = window.view
    drawn = [qt_text(view, m.start, m.end) for m in view.marks]
    assert drawn == ["regime", "terrorists"]
    # the highlighter paints exactly those characters in the document
    block = view.document().findBlock(view.marks[1].start)
    painted = [
        (r.start + block.position(), r.length)
        for r in block.layout().formats()
        if r.format.underlineStyle() != 0
    ]
    assert (view.marks[1].start, view.marks[1].end - view.marks[1].start) in painted

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_A)
    # select the bold-maths "𝐫𝐞𝐠𝐢𝐦𝐞" (6 astral characters, 12 UTF-16 units) and mark it
    fancy = ASTRAL.index("𝐫𝐞𝐠𝐢𝐦𝐞")
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_qt(fancy))
    cursor.setPosition(view.offsets.to_qt(fancy + 6), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert cursor.selectedText() == "𝐫𝐞𝐠𝐢𝐦𝐞"
    qtbot.keyClick(view, Qt.Key.Key_1)
    spans = article_labels(window.project, 1, coder.uuid).spans
    assert sorted(s.covered(ASTRAL) for s in spans) == ["regime", "𝐫𝐞𝐠𝐢𝐦𝐞"]
    # and the new span is drawn on those characters
    new = next(m for m in view.marks if m.kind == "span" and m.ref.start == fancy)
    assert qt_text(view, new.start, new.end) == "𝐫𝐞𝐠𝐢𝐦𝐞"
