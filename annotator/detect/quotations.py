"""Quotation marks paired in raw text: curly, straight, guillemets; apostrophes told apart.

Works on characters, not tokens, so it costs one regular-expression scan of the text and a
Python step per quotation mark only. A quotation never runs past a line break (an unclosed mark
is dropped), so one stray mark cannot swallow an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKS = re.compile("[\"'“”„‘’‚«»‹›\n]")
_PAIRS = {"“": "”", "„": "“”", "‘": "’", "‚": "’‘", "«": "»", "‹": "›"}
_OPENING_CONTEXT = set(" \t\n([{—–-/:“‘\"'«‹„") | {""}


@dataclass(frozen=True)
class Quotation:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark
    depth: int  # 0 for an outermost quotation

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1


def find_quotations(text: str) -> list[Quotation]:
    """Every paired quotation in ``text``, ordered by start; nested ones have depth > 0."""
    found: list[Quotation] = []
    stack: list[tuple[str, int]] = []  # (expected closing marks, offset of the opening mark)
    for match in _MARKS.finditer(text):
        mark, at = match.group(), match.start()
        if mark == "\n":
            stack.clear()
            continue
        before = text[at - 1] if at > 0 else ""
        after = text[at + 1] if at + 1 < len(text) else ""
        if stack and mark in stack[-1][0] and _can_close(mark, before, after):
            _, opened = stack.pop()
            if opened + 1 < at:
                found.append(Quotation(opened, at + 1, len(stack)))
            continue
        if mark in "'’" and (before.isalnum() or after.isspace() or not after):
            continue  # an apostrophe: don't, Assad’s, soldiers’
        if mark in _PAIRS or (mark in "\"'" and before in _OPENING_CONTEXT and not after.isspace()):
            stack.append((_PAIRS.get(mark, mark), at))
        elif mark == "’" and before in _OPENING_CONTEXT and after.isalnum():
            stack.append(("’", at))  # some outlets open with ’ as well
    found.sort(key=lambda q: (q.start, -q.end))
    return found


def _can_close(mark: str, before: str, after: str) -> bool:
    if mark in "'’":
        # a closing single mark follows a word or punctuation and is not inside a word
        return bool(before) and not before.isspace() and not after.isalnum()
    return True


def quotation_words(text: str, quotation: Quotation) -> int:
    start, end = quotation.inner
    return len(text[start:end].split())
