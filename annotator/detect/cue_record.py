"""A reporting cue found in a text: where it is, the rule that found it, and what it reports.

Its own module so that the surface rules (cues.py) and the parser-tier rules
(attribution_parse.py) can both make and read cues without importing each other. Also the rule
names a cue's score is counted under (``evidence``): lexicon-only cues and guessed clauses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.detect.lexicons import Entry
from annotator.detect.quotations import Quotation

WEAK = "lexicon_only"
# Rules that find reported content without a mark of it ("said the toll rose", "..., he said"):
# counted apart from "said that", "said:" and quotations.
GUESSED = frozenset({"clause_after", "parenthetical", "clausal_complement"})


@dataclass(slots=True)  # slots: made and read many times per Doc
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
    score: float = 0.0
    nested_in: tuple[int, int] | None = None  # the content or quotation this cue is inside

    @property
    def stance(self) -> str:
        return self.entry.category if self.entry else "neutral"

    @property
    def evidence(self) -> str:
        """What its score is counted under: ``strong`` when a mark of reported content was found
        with it ("that", a colon, a quotation), ``clause`` when a clause was (GUESSED); a
        lexicon-only cue is ``weak`` with both a source and a content, else ``bare``."""
        if self.rule in GUESSED:
            return "clause"
        if self.rule != WEAK:
            return "strong"
        found = "weak" if self.source and self.content else "bare"
        if self.extra.get("noun"):
            return found + "_noun"
        return found + "_nonfinite" if self.extra.get("nonfinite") else found
