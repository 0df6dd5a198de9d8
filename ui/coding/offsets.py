"""The one place where Python code points meet Qt's UTF-16 positions.

The core counts offsets in code points; QTextDocument counts UTF-16 code units, in which every
character outside the Basic Multilingual Plane (most emoji, some CJK) takes two. Nobody else
converts.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class OffsetMap:
    """Converts between code point offsets into ``text`` and UTF-16 positions in Qt."""

    def __init__(self, text: str):
        # code point indices of astral characters; empty for most texts, making both ways O(1)
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._astral_qt = [i + n for n, i in enumerate(self._astral)]
        self.length = len(text)

    def to_qt(self, offset: int) -> int:
        """UTF-16 position of code point offset ``offset`` (0 <= offset <= len(text))."""
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        """Code point offset of UTF-16 position ``position``.

        A position inside a surrogate pair (between its two halves) maps to the character it
        splits, rounding down, so a selection never cuts an emoji in half.
        """
        if not self._astral:
            return position
        before = bisect_right(self._astral_qt, position - 1)
        return position - before
