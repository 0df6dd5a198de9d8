"""A reporting cue found in a text: where it is, the rule that found it, and what it reports.

Its own module so that the surface rules (cues.py) and the parser-tier rules
(attribution_parse.py) can both make and read cues without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.detect.lexicons import Entry
from annotator.detect.quotations import Quotation


@dataclass
class Cue:
    start: int
    end: int
    entry: Entry | None  # None for a colon or dash
    rule: str
    content_start: int | None = None  # what was said starts here...
    content_before: bool = False  # ...or it ends just before the cue (or its source)
    quotation: Quotation | None = None
    source: tuple[int, int] | None = None
    content: tuple[int, int] | None = None
    extra: dict = field(default_factory=dict)

    @property
    def stance(self) -> str:
        return self.entry.category if self.entry else "neutral"
