"""Paints spans and suggestions, one paragraph (block) at a time.

Accepted spans get a filled background in their layer's colour; suggestions get a dotted
underline in it, so the two never look alike. Short suggestions also tint their words; a quote
or content suggestion (often a whole sentence) gets a pale wash of its colour instead, so it is
seen without making a paragraph hard to read. Positions here are Qt (UTF-16) positions; the
article view converts once through ui/coding/offsets.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument

from ui.theme import fill_colour, line_colour, wash_colour


@dataclass(frozen=True)
class Mark:
    """Something drawn in the text: a coder's span or a pending suggestion."""

    start: int  # Qt positions
    end: int
    key: str  # highlight layer: loaded, cue, source, content
    kind: str  # "span" or "suggestion"
    ref: Any  # the Span or Suggestion it stands for

    @property
    def length(self) -> int:
        return self.end - self.start


# Short suggestions also tint their words; long ones (quoted content) get a pale wash instead.
TINTED = frozenset({"loaded", "cue", "source"})


class MarkHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self.marks: list[Mark] = []
        self.by_block: dict[int, list[Mark]] = {}
        self.hidden: set[str] = set()
        self.dark = False
        self._formats: dict[tuple, QTextCharFormat] = {}

    def set_marks(self, marks: list[Mark], rehighlight: bool = True) -> None:
        """Draw ``marks``; only the paragraphs whose marks changed are drawn again, so a label
        action in a long article redraws a line, not the article."""
        self.marks = marks
        document = self.document()
        by_block: dict[int, list[Mark]] = defaultdict(list)
        for mark in marks:
            first = document.findBlock(mark.start).blockNumber()
            last = document.findBlock(max(mark.start, mark.end - 1)).blockNumber()
            for number in range(first, last + 1):
                by_block[number].append(mark)
        before, self.by_block = self.by_block, dict(by_block)
        if not rehighlight:
            return
        changed = [
            n
            for n in before.keys() | self.by_block.keys()
            if _drawn(before, n) != _drawn(self.by_block, n)
        ]
        if len(changed) > document.blockCount() // 2:
            self.rehighlight()
            return
        for number in sorted(changed):
            self.rehighlightBlock(document.findBlockByNumber(number))

    def set_hidden(self, hidden: set[str]) -> None:
        self.hidden = set(hidden)
        self.rehighlight()

    def set_dark(self, dark: bool) -> None:
        self.dark = dark
        self._formats.clear()
        self.rehighlight()

    def _format(self, fill: str | None, underline: str | None) -> QTextCharFormat:
        key = (fill, underline, self.dark)
        if key not in self._formats:
            char_format = QTextCharFormat()
            if fill:
                char_format.setBackground(fill_colour(fill, self.dark))
            if underline:
                char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                char_format.setUnderlineColor(line_colour(underline))
                if not fill and underline in TINTED:
                    tint = line_colour(underline)
                    char_format.setForeground(tint.lighter(150) if self.dark else tint.darker(115))
                elif not fill:
                    char_format.setBackground(wash_colour(underline, self.dark))
            self._formats[key] = char_format
        return self._formats[key]

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        marks = [m for m in self.by_block.get(block.blockNumber(), ()) if m.key not in self.hidden]
        if not marks:
            return
        offset = block.position()
        length = block.length() - 1  # UTF-16 units, without the paragraph separator
        points = {0, length}
        for mark in marks:
            points.add(min(max(mark.start - offset, 0), length))
            points.add(min(max(mark.end - offset, 0), length))
        edges = sorted(points)
        for a, b in pairwise(edges):
            covering = [m for m in marks if m.start - offset <= a and m.end - offset >= b]
            if not covering:
                continue
            spans = [m for m in covering if m.kind == "span"]
            suggestions = [m for m in covering if m.kind == "suggestion"]
            # the innermost mark wins where marks nest
            fill = min(spans, key=lambda m: m.length).key if spans else None
            underline = min(suggestions, key=lambda m: m.length).key if suggestions else None
            self.setFormat(a, b - a, self._format(fill, underline))


def _drawn(by_block: dict[int, list[Mark]], number: int) -> list[tuple[int, int, str, str]]:
    """What a paragraph's highlighting depends on."""
    return [(m.start, m.end, m.key, m.kind) for m in by_block.get(number, ())]
