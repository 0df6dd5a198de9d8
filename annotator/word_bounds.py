"""Where a span may begin and end: whole words, and the steps a span's edge takes.

A coder's selection is snapped outwards to whole words ("ho should" becomes "who should") and
trimmed of outer spaces; a word is a run of letters and digits, with an apostrophe or a hyphen
between two of them kept inside it ("Turkey’s", "one-on-one"). Offsets are code points into
the article text, ``[start, end)``. No Qt here: the app converts its positions first.
"""

from __future__ import annotations

CONNECTORS = frozenset("'’-‐")  # inside a word when letters stand on both sides


def in_word(text: str, at: int) -> bool:
    """Whether the character at ``at`` belongs to a word."""
    if not 0 <= at < len(text):
        return False
    char = text[at]
    if char.isalnum():
        return True
    return (
        char in CONNECTORS
        and 0 < at < len(text) - 1
        and text[at - 1].isalnum()
        and text[at + 1].isalnum()
    )


def trim_spaces(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without outer white space (empty if it held nothing else)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim outer spaces, then widen each end that cuts a word to that word's edge."""
    start, end = trim_spaces(text, start, end)
    if end <= start:
        return start, start
    while start > 0 and in_word(text, start) and in_word(text, start - 1):
        start -= 1
    while end < len(text) and in_word(text, end - 1) and in_word(text, end):
        end += 1
    return start, end


def step_edge(
    text: str, start: int, end: int, edge: str, step: int, by_word: bool = True
) -> tuple[int, int]:
    """Move the ``edge`` ("start" or "end") of ``[start, end)`` one word (or one character)
    left (``step`` < 0) or right. The span never becomes empty; at a limit nothing moves."""
    if edge not in ("start", "end"):
        raise ValueError(f"edge must be 'start' or 'end', not {edge!r}")
    left = step < 0
    if edge == "start":
        if by_word:
            moved = _previous_word_start(text, start) if left else _next_word_start(text, start)
        else:
            moved = start - 1 if left else start + 1
        return (moved, end) if 0 <= moved < end else (start, end)
    if by_word:
        moved = _previous_word_end(text, end) if left else _next_word_end(text, end)
    else:
        moved = end - 1 if left else end + 1
    return (start, moved) if start < moved <= len(text) else (start, end)


def _previous_word_start(text: str, at: int) -> int:
    """The start of the word before ``at`` (skipping what is between)."""
    at -= 1
    while at >= 0 and not in_word(text, at):
        at -= 1
    while at > 0 and in_word(text, at - 1):
        at -= 1
    return at


def _next_word_start(text: str, at: int) -> int:
    """The start of the next word after the one ``at`` is in (or the first word after it)."""
    while at < len(text) and in_word(text, at):
        at += 1
    while at < len(text) and not in_word(text, at):
        at += 1
    return at if at < len(text) else -1


def _next_word_end(text: str, at: int) -> int:
    """The end of the next word from ``at`` on (skipping what is between)."""
    while at < len(text) and not in_word(text, at):
        at += 1
    while at < len(text) and in_word(text, at):
        at += 1
    return at


def _previous_word_end(text: str, at: int) -> int:
    """The end of the word before the last word that ends at or before ``at``."""
    at -= 1
    while at >= 0 and in_word(text, at):
        at -= 1
    while at >= 0 and not in_word(text, at):
        at -= 1
    return at + 1
