"""Quotation marks paired: curly, straight, guillemets; apostrophes told apart.

``pair_marks`` works on a sequence of marks, each with the character before and after it, so the
same rules serve raw text (``find_quotations``) and tokens (``find_token_quotations``, which
only visits the quote-mark tokens, found with one vectorised pass). A quotation never runs past
a line break (an unclosed mark is dropped), so one stray mark cannot swallow an article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

MARKS = "\"'“”„‘’‚«»‹›"
_MARK_PATTERN = re.compile(f"[{MARKS}\n]")
# An opening mark and the marks that may close it; outlets mix straight and curly marks
# (“...," or "...”), so each double mark closes the other.
_PAIRS = {"“": '”"', "„": "“”", "‘": "’", "‚": "’‘", "«": "»", "‹": "›"}
_CLOSE_STRAIGHT = {'"': '"”', "'": "'"}
_DOUBLE_CLOSING = '"”»'

_OPENING_CONTEXT = set(" \t\n([{—–-/:“‘\"'«‹„") | {""}


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a frozen dataclass is slow to make
class Quotation:
    start: int  # the opening mark (a character or a token offset)
    end: int  # just after the closing mark
    depth: int  # 0 for an outermost quotation


_BY_START = attrgetter("start")


def pair_marks(marks: Iterable[tuple[int, str, str, str]]) -> list[Quotation]:
    """Pair ``(position, mark, char_before, char_after)``; a mark of ``"\\n"`` is a line break."""
    found: list[Quotation] = []
    stack: list[tuple[str, int]] = []  # (the marks that may close it, position of the opening)
    for at, mark, before, after in marks:
        if mark == "''":  # two apostrophes as a double mark (''like this'')
            mark = '"'
        if mark == "\n":
            stack.clear()
            continue
        if stack and mark in stack[-1][0] and _can_close(mark, before, after):
            _, opened = stack.pop()
            if opened + 1 < at:
                found.append(Quotation(opened, at + 1, len(stack)))
            continue
        if mark in _DOUBLE_CLOSING and any(mark in closers for closers, _ in stack):
            # a double mark closes its opening even when a single mark inside was never
            # closed ("... 'I'm busy,” she said"): the unclosed single mark is dropped
            while mark not in stack[-1][0]:
                stack.pop()
            _, opened = stack.pop()
            found.append(Quotation(opened, at + 1, len(stack)))
            continue
        if mark in "'’" and (before.isalnum() or after.isspace() or not after):
            continue  # an apostrophe: don't, Assad’s, soldiers’
        if mark in _PAIRS or (mark in "\"'" and before in _OPENING_CONTEXT and not after.isspace()):
            stack.append((_PAIRS.get(mark) or _CLOSE_STRAIGHT[mark], at))
        elif mark == "’" and before in _OPENING_CONTEXT and after.isalnum():
            stack.append(("’", at))  # some outlets open with ’ as well
    # each opening mark opens one quotation at most, so the starts differ: sorting by them alone
    # is the order by (start, -end)
    found.sort(key=_BY_START)
    return found


def _can_close(mark: str, before: str, after: str) -> bool:
    if mark in "'’":
        # a closing single mark follows a word or punctuation and is not inside a word
        return bool(before) and not before.isspace() and not after.isalnum()
    return True


def find_quotations(text: str) -> list[Quotation]:
    """Quotations in raw text, in character offsets."""

    def marks():
        for match in _MARK_PATTERN.finditer(text):
            at = match.start()
            before = text[at - 1] if at > 0 else ""
            after = text[at + 1] if at + 1 < len(text) else ""
            yield at, match.group(), before, after

    return pair_marks(marks())


def is_mark(text: str) -> bool:
    """The token is a quotation mark (or an apostrophe)."""
    return text in _MARK_SET or text == "''"


def is_break(text: str) -> bool:
    """The token holds a line break."""
    return "\n" in text


_MARK_SET = frozenset(MARKS)


def find_token_quotations(
    doc, words, where: list[int], idx: Sequence[int], ends: Sequence[int], breaks: list[int]
) -> list[Quotation]:
    """Quotations among the tokens of a Doc, in token offsets. ``words[i]`` has ``.text``,
    ``where`` are the quotation-mark tokens, ``idx[i]`` and ``ends[i]`` are token i's character
    offsets, and ``breaks`` are the line-break tokens."""
    if not where:
        return []
    last = len(words) - 1
    # a list, not a generator: resuming one per mark costs more than the list
    marks = []
    for i in where:
        # whitespace after token i: a gap before the next token (the Doc's, after the last)
        if i < last:
            after = " " if ends[i] != idx[i + 1] else words[i + 1].text[0]
        else:
            after = doc[i].whitespace_
        before = "" if i == 0 else (" " if ends[i - 1] != idx[i] else words[i - 1].text[-1])
        marks.append((i, words[i].text, before, after))
    # a line break matters only between two marks (it drops the marks still open)
    inner = breaks[bisect_right(breaks, where[0]) : bisect_left(breaks, where[-1])]
    if inner:
        marks += [(i, "\n", "", "") for i in inner]
        marks.sort()  # a token is a mark or a line break, never both: positions differ
    return pair_marks(marks)
