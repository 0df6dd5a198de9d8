"""A reporting cue found in a text: where it is, the rule that found it, and what it reports.

Its own module so that the surface rules (cues.py) and the parser-tier rules
(attribution_parse.py) can both make and read cues without importing each other. Also the rule
names a cue's score is counted under (``evidence``): lexicon-only cues and guessed clauses.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.detect.lexicons import Entry
from annotator.detect.quotations import Quotation

WEAK = "lexicon_only"
# Rules that find reported content without a mark of it ("said the toll rose", "..., he said"):
# counted apart from "said that", "said:" and quotations.
GUESSED = frozenset({"clause_after", "parenthetical", "clausal_complement"})


# The parser tier counts a cue's score apart by its role in the sentence (its dependency label):
# a main verb reports far more often than one in a relative clause or a noun that is an object.
ROLES = {
    "ROOT": "main",
    "conj": "joined",
    "parataxis": "joined",
    "advcl": "adverbial",
    "ccomp": "complement",
    "xcomp": "complement",
    "relcl": "relative",
    "acl": "relative",
    "dobj": "object",
    "attr": "object",
    "dative": "object",
    "oprd": "object",
    "acomp": "object",
    "pobj": "prep_object",
    "pcomp": "prep_object",
    "nsubj": "subject",
    "nsubjpass": "subject",
    "csubj": "subject",
    "csubjpass": "subject",
}
OTHER_ROLE = "modifier"
ROLE_NAMES = (*dict.fromkeys(ROLES.values()), OTHER_ROLE)


def with_role(evidence: str, role: str) -> str:
    """The parser tier's evidence kind: ``weak`` and ``main`` -> ``weak:main``."""
    return f"{evidence}:{role}"


# slots: made and read many times per Doc; init by hand: a default_factory costs a call per cue
@dataclass(slots=True, init=False)
class Cue:
    start: int
    end: int
    entry: Entry | None  # None for a colon or dash
    rule: str
    content_start: int | None  # what was said starts here...
    content_before: bool  # ...or it ends just before the cue (or its source)
    quotation: Quotation | None
    source: tuple[int, int] | None
    content: tuple[int, int] | None
    content_first: tuple[int, int] | None  # the content's part before the cue: "X, he said"
    extra: dict
    score: float
    nested_in: tuple[int, int] | None  # the content or quotation this cue is inside

    def __init__(
        self,
        start: int,
        end: int,
        entry: Entry | None,
        rule: str,
        content_start: int | None = None,
        content_before: bool = False,
        quotation: Quotation | None = None,
    ):
        self.start = start
        self.end = end
        self.entry = entry
        self.rule = rule
        self.content_start = content_start
        self.content_before = content_before
        self.quotation = quotation
        self.source = None
        self.content = None
        self.content_first = None
        self.extra = {}
        self.score = 0.0
        self.nested_in = None

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
        found = "weak" if (self.source or self.content_first) and self.content else "bare"
        if self.extra.get("noun"):
            return found + "_noun"
        return found + "_nonfinite" if self.extra.get("nonfinite") else found
