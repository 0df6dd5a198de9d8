"""Token-level pieces the attribution rules share: clause windows, quotations, noun phrases
(the words they read are word_table.py's).

Both tiers use these surface rules; the parser tier refines them with dependencies where the
parse gives a better answer (see attribution.py).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacy.attrs import IDX, ORTH, SENT_START
from spacy.tokens import Doc

from annotator.detect.explanations import LayerWriter
from annotator.detect.quotations import Quotation, find_token_quotations
from annotator.detect.word_table import (
    CLAUSE_WORDS,
    COLON,
    EMPHASIS,
    GLUE_DASHES,
    LINE_BREAK,
    NP_INNER_MARKS,
    QUOTE_MARK,
    Word,
    WordTable,
    positions,
)

PRONOUNS = frozenset("he she they we i you it".split())
DETERMINERS = frozenset(
    "the a an its his her their our this these those some most many all no one each every "
    "several both any".split()
)
CLAUSE_START = (
    PRONOUNS
    | DETERMINERS
    | frozenset("dozens hundreds thousands more at there nobody none nothing only".split())
)
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Words between a cue and what it introduces that say when or how, not what.
ADJUNCTS = WEEKDAYS | frozenset(
    "today yesterday tonight earlier later recently also again repeatedly publicly privately "
    "late early last this week month year morning afternoon evening night then further "
    "previously already".split()
)
# Auxiliaries and adverbs between a subject and its cue: "has repeatedly stated".
AUX_ADVERBS = ADJUNCTS | frozenset(
    "has have had is was were are will would could should may might 've 's do does did not "
    "n't never reportedly once".split()
)
# Words that open a sentence's opening phrase, not its subject: "In the meeting, Kalin said".
OPENING_ADVERBIALS = frozenset(
    "in on at after during within following earlier later meanwhile however since under "
    "amid".split()
)
NP_STOP_AFTER = CLAUSE_WORDS | frozenset(
    "on in at after during before by to from with adding saying stressing told said says "
    "speaking according".split()
)
MAX_NP = 12


class TextUnits:
    """Clause windows (sentences cut at line breaks) and quotations of one Doc."""

    def __init__(self, doc: Doc, words: WordTable | None = None):
        self.doc = doc
        self.tokens: list[Word] = []  # doc[i] for the rules
        self.breaks: list[int] = []
        self.colons: list[int] = []  # for the attribution rules: "TAPPER: ..."
        self.sent_starts = [0]
        self.quotations: list[Quotation] = []  # in token offsets, marks included
        # each token's character offset, and the offset just after it: memoryviews of the arrays
        # give Python ints for the few tokens read at a fraction of the cost of lists of all
        self._idx: Sequence[int] = []
        self._ends: Sequence[int] = []
        self._writer: LayerWriter | None = None
        self._kinds = b""  # each token's Word.kind, as bytes (word_table.positions reads them)
        if len(doc):
            table = WordTable(doc.vocab) if words is None else words
            left = None if words is None else words.take(doc)
            if left is not None:  # the sentencizer's look-ups, and its sentence starts
                self.tokens, self._kinds, lengths = left.words, left.kinds, left.lengths
                self.sent_starts = left.starts
                idx = left.idx
            else:
                columns = doc.to_array([ORTH, SENT_START, IDX])
                self.tokens, kinds, lengths = table.words_of(columns[:, 0])
                found = (columns[:, 1] == 1).nonzero()[0].tolist()
                self.sent_starts = found if found and found[0] == 0 else [0, *found]
                idx = columns[:, 2]
                self._kinds = kinds.tobytes()
            self._idx = memoryview(idx)
            self._ends = memoryview(idx + lengths)
            self.breaks = positions(self._kinds, LINE_BREAK)
            self.colons = positions(self._kinds, COLON)
            marks = positions(self._kinds, QUOTE_MARK)
            self.quotations = find_token_quotations(
                doc, self.tokens, marks, self._idx, self._ends, self.breaks
            )
        self.starts: list[int] = []
        self.opening: dict[int, Quotation] = {}
        self.closing: dict[int, Quotation] = {}
        if self.quotations:  # many Docs have none (a third of the bench's): no comprehensions
            self.starts = [q.start for q in self.quotations]
            self.opening = {q.start: q for q in reversed(self.quotations)}
            self.closing = {q.end - 1: q for q in self.quotations}
        # filled by the attribution component for the loaded_language component
        self.cues: list = []
        self.contents: dict[tuple[int, int], str] = {}
        # the loaded_language terms the attribution component matched along with its cues
        self.term_matches: list[tuple[int, int, int]] | None = None
        self._window = (0, 0)  # the last window found: rules ask about tokens in order
        # several rules ask these of the same tokens: each answer is kept for the Doc
        self._enclosing: dict[tuple[int, int], Quotation | None] = {}
        self._subjects: dict[tuple[int, int], tuple[int, int] | None] = {}

    def layer_writer(self) -> LayerWriter:
        """What ``add_layer`` writes this Doc's layers with (one for all its layers)."""
        if self._writer is None:
            self._writer = LayerWriter(self.doc, self._idx, self._ends)
        return self._writer

    def window(self, i: int) -> tuple[int, int]:
        """The sentence of token i, cut at line breaks: ``[start, end)`` token indices."""
        found = self._window
        if found[0] <= i < found[1]:  # windows do not overlap: i is in no other
            return found
        at = bisect.bisect_right(self.sent_starts, i)
        start = self.sent_starts[at - 1]
        end = self.sent_starts[at] if at < len(self.sent_starts) else len(self.doc)
        at = bisect.bisect_right(self.breaks, i)
        if at > 0:
            start = max(start, self.breaks[at - 1] + 1)
        if at < len(self.breaks):
            end = min(end, self.breaks[at])
        found = self._window = (start, end)
        return found

    def enclosing(self, start: int, end: int) -> Quotation | None:
        """The innermost quotation that contains tokens [start, end) without being them."""
        if not self.starts:
            return None
        key = (start, end)
        if key in self._enclosing:
            return self._enclosing[key]
        found = self._enclosing[key] = self._find_enclosing(start, end)
        return found

    def _find_enclosing(self, start: int, end: int) -> Quotation | None:
        line = bisect.bisect_right(self.breaks, start)
        floor = self.breaks[line - 1] if line else -1
        at = bisect.bisect_left(self.starts, start)
        while at > 0:  # quotations never cross a line break: look back to the last one only
            at -= 1
            q = self.quotations[at]
            if q.start <= floor:
                break
            if end < q.end:
                return q
        return None

    def emphasis_words(self) -> list[int]:
        """The tokens that are one of EMPHASIS_WORDS (all written in capitals)."""
        return positions(self._kinds, EMPHASIS)

    def subject_before(self, end: int, floor: int) -> tuple[int, int] | None:
        """``np_before(self.tokens, end, floor)``, found once per Doc."""
        key = (end, floor)
        if key in self._subjects:
            return self._subjects[key]
        found = self._subjects[key] = np_before(self.tokens, end, floor)
        return found

    def starting_in(self, start: int, end: int) -> list[Quotation]:
        """Quotations whose opening mark is a token in [start, end)."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return self.quotations[lo:hi]


def is_name(token) -> bool:
    return token.is_title or (token.is_upper and token.is_alpha and len(token.text) > 1)


def trim(doc: Doc | Sequence[Word], start: int, end: int) -> tuple[int, int]:
    """Drop punctuation, spaces and joining words at both edges of [start, end)."""
    while start < end:
        token = doc[start]
        if not (token.is_punct or token.is_space):
            break
        if token.text in _OPENING_MARKS and start + 1 < end:
            break  # keep an opening mark or bracket that belongs to the span
        start += 1
    while end > start:
        token = doc[end - 1]
        if not (token.is_punct or token.is_space or token.lower_ in _JOINING_WORDS):
            break
        if token.text in _CLOSING_MARKS and end - 1 > start:
            break
        end -= 1
    return start, end


_OPENING_MARKS = frozenset(("“", "‘", '"', "'", "«", "("))
_CLOSING_MARKS = frozenset(("”", "’", '"', "'", "»", ")"))
_JOINING_WORDS = frozenset(("and", "but", "that", "while"))


def np_before(doc: Sequence[Word], end: int, floor: int) -> tuple[int, int] | None:
    """The subject-like noun phrase that ends just before token ``end`` (skipping auxiliaries)."""
    i = end - 1
    while i >= floor and doc[i].lower_ in AUX_ADVERBS:
        i -= 1
    apposition = False
    if i > floor and doc[i].text == ",":
        if is_name(doc[i - 1]):
            i -= 1  # "The rebel spokesman, Abu Khalid, told"
            apposition = True
        else:  # "General Musa, the army chief, said" / "An official, who ..., said"
            comma = next(
                (k for k in range(i - 1, max(floor, i - 12) - 1, -1) if doc[k].text == ","), None
            )
            if comma is not None and (
                is_name(doc[comma - 1]) or doc[comma + 1].lower_ in ("who", "which")
            ):
                return np_before(doc, comma, floor)
            return None
    last = i
    while i >= floor and last - i < MAX_NP:
        token = doc[i]
        if token.in_np:  # none of the checks below applies to it
            i -= 1
            continue
        if token.text == ",":
            # "the head of the ministry, Sergey Lavrov" or "The spokesman, Abu Khalid,"
            if apposition and _name_between(doc, i + 1, last + 1):
                i -= 1
                continue
            break
        if token.text in NP_INNER_MARKS and i > floor:
            i -= 1
            continue
        if token.text.endswith(GLUE_DASHES) and len(token.text) > 1:
            break  # "Alwaght- President Putin": an outlet's name glued to a dash
        numeric = token.like_num and token.lower_ != "one"
        if token.is_punct or token.is_space or numeric or token.lower_ in CLAUSE_WORDS:
            if token.lower_ == "and" and i > floor and is_name(doc[i - 1]) and is_name(doc[i + 1]):
                i -= 1
                continue
            break
        i -= 1
    start, stop = i + 1, last + 1
    # trim drops no in_np word (punctuation, spaces and clause words are not in_np): most
    # phrases need no second look at their edges
    if start < stop and not (doc[start].in_np and doc[last].in_np):
        start, stop = trim(doc, start, stop)
    return (start, stop) if start < stop else None


def np_after(doc: Doc, start: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase that starts at token ``start`` (an inverted subject, a pobj)."""
    i = start
    while i < limit and i - start < MAX_NP + 2:
        token = doc[i]
        if token.text == ",":
            stop = i + 1
            while stop < limit and is_name(doc[stop]):
                stop += 1
            if stop > i + 1 and (stop == limit or doc[stop].is_punct):
                i = stop  # a name in apposition
                continue
            break
        if token.text in ("(", ")", "-", "’s", "'s") or (
            token.text in ("'", "’") and i > start and doc[i - 1].lower_.endswith("s")
        ):  # "the teachers' union"
            i += 1
            continue
        if token.is_punct or token.is_space:
            break
        lower = token.lower_
        if lower == "by" and i + 2 < limit and (is_name(doc[i + 1]) or is_name(doc[i + 2])):
            i += 1  # "a statement by the Turkish Presidency"
            continue
        if i > start and lower in NP_STOP_AFTER:
            break
        if lower == "and" and not (i + 1 < limit and is_name(doc[i + 1])):
            break
        i += 1
    begin, stop = trim(doc, start, i)
    return (begin, stop) if begin < stop else None


def _name_between(doc: Doc | Sequence[Word], start: int, end: int) -> bool:
    """Tokens [start, end) are a short run of capitalised words (a name in apposition)."""
    if not 0 < end - start <= 5:
        return False
    return all(is_name(t) or t.text in (",", "-") for t in doc[start:end])
