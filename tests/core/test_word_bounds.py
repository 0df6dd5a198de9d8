"""Spans snap to whole words, and a span's edges step a word (or a character) at a time."""

from __future__ import annotations

import pytest

from annotator.word_bounds import in_word, snap_to_words, step_edge, trim_spaces

TEXT = "the Turkish soldiers, who should not have been there at all, also came"


def span(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def covered(bounds: tuple[int, int]) -> str:
    return TEXT[bounds[0] : bounds[1]]


def test_a_sloppy_drag_snaps_out_to_whole_words():
    start, end = span("who should not have been there")
    assert covered(snap_to_words(TEXT, start + 1, end - 1)) == "who should not have been there"
    assert covered(snap_to_words(TEXT, start - 2, end)) == ", who should not have been there"


def test_snapping_trims_spaces_and_keeps_whole_selections():
    start, end = span("Turkish")
    assert snap_to_words(TEXT, start - 1, end + 1) == (start, end)
    assert snap_to_words(TEXT, start, end) == (start, end)
    assert snap_to_words(TEXT, 3, 4) == (4, 4)  # only a space: nothing
    assert trim_spaces("  a b  ", 0, 7) == (2, 5)


def test_apostrophes_and_hyphens_between_letters_are_inside_a_word():
    text = "Turkey’s one-on-one talks - 'rebels'"
    assert text[slice(*snap_to_words(text, 2, 7))] == "Turkey’s"
    assert text[slice(*snap_to_words(text, 10, 12))] == "one-on-one"
    assert not in_word(text, text.index(" - ") + 1)  # a dash between spaces
    assert text[slice(*snap_to_words(text, text.index("ebel"), text.index("ebel") + 2))] == (
        "rebels"
    )  # the quote marks stay outside


def test_edges_step_by_word():
    start, end = span("should not")
    assert covered(step_edge(TEXT, start, end, "end", +1)) == "should not have"
    assert covered(step_edge(TEXT, start, end, "end", -1)) == "should"
    assert covered(step_edge(TEXT, start, end, "start", -1)) == "who should not"
    assert covered(step_edge(TEXT, start, end, "start", +1)) == "not"


def test_an_edge_step_skips_punctuation_and_never_empties_the_span():
    start, end = span("soldiers,")
    assert covered(step_edge(TEXT, start, end, "end", -1)) == "soldiers"  # the comma first
    assert step_edge(TEXT, start, end - 1, "end", -1) == (start, end - 1)  # one word: stays
    start, end = span("soldiers, who")
    assert covered(step_edge(TEXT, start, end, "end", -1)) == "soldiers"
    assert covered(step_edge(TEXT, start, end, "start", +1)) == "who"
    assert step_edge(TEXT, 0, 3, "start", -1) == (0, 3)  # at the start of the text
    assert step_edge(TEXT, len(TEXT) - 4, len(TEXT), "end", +1) == (len(TEXT) - 4, len(TEXT))


def test_edges_step_by_character():
    start, end = span("soldiers")
    assert covered(step_edge(TEXT, start, end, "end", +1, by_word=False)) == "soldiers,"
    assert covered(step_edge(TEXT, start, end, "start", -1, by_word=False)) == " soldiers"
    assert step_edge(TEXT, start, start + 1, "end", -1, by_word=False) == (start, start + 1)
    with pytest.raises(ValueError):
        step_edge(TEXT, start, end, "middle", 1)
