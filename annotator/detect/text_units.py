"""Token-level pieces the attribution rules share: clause windows, quotations, noun phrases.

Both tiers use these surface rules; the parser tier refines them with dependencies where the
parse gives a better answer (see attribution.py).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy
from spacy.attrs import IS_SPACE
from spacy.tokens import Doc, Span

from annotator.detect.quotations import Quotation, find_quotations

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
CLAUSE_WORDS = frozenset(
    "that and but or which who whom whose when while as because after before if so then where "
    "although though since until than whether what how why nor".split()
)
NP_STOP_AFTER = CLAUSE_WORDS | frozenset(
    "on in at after during before by to from with adding saying stressing told said says "
    "speaking according".split()
)
MAX_NP = 12


@dataclass(frozen=True)
class QuotationSpan:
    quotation: Quotation
    span: Span  # tokens of the quotation, marks included


class TextUnits:
    """Clause windows (sentences cut at line breaks) and quotations of one Doc."""

    def __init__(self, doc: Doc):
        self.doc = doc
        spaces = numpy.nonzero(doc.to_array(IS_SPACE))[0] if len(doc) else []
        self.breaks = [int(i) for i in spaces if "\n" in doc[int(i)].text]
        self.quotations: list[QuotationSpan] = []
        for quotation in find_quotations(doc.text):
            span = doc.char_span(quotation.start, quotation.end, alignment_mode="expand")
            if span is not None and len(span):
                self.quotations.append(QuotationSpan(quotation, span))
        self.opening = {q.span.start: q for q in self.quotations}
        self.closing = {q.span.end - 1: q for q in self.quotations}

    def window(self, i: int) -> tuple[int, int]:
        """The sentence of token i, cut at line breaks: ``[start, end)`` token indices."""
        sent = self.doc[i].sent
        start, end = sent.start, sent.end
        at = bisect.bisect_right(self.breaks, i)
        if at > 0:
            start = max(start, self.breaks[at - 1] + 1)
        if at < len(self.breaks):
            end = min(end, self.breaks[at])
        return start, end

    def enclosing(self, start: int, end: int) -> QuotationSpan | None:
        """The innermost quotation that contains tokens [start, end) without being them."""
        best = None
        for q in self.quotations:
            inside = q.span.start < start and end < q.span.end
            if inside and (best is None or q.span.start > best.span.start):
                best = q
        return best


def is_name(token) -> bool:
    return token.is_title or (token.is_upper and token.is_alpha and len(token) > 1)


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop punctuation, spaces and joining words at both edges of [start, end)."""
    while start < end and (doc[start].is_punct or doc[start].is_space):
        if doc[start].text in ("“", "‘", '"', "'", "«", "(") and start + 1 < end:
            break  # keep an opening mark or bracket that belongs to the span
        start += 1
    while end > start and (
        doc[end - 1].is_punct
        or doc[end - 1].is_space
        or doc[end - 1].lower_ in ("and", "but", "that", "while")
    ):
        if doc[end - 1].text in ("”", "’", '"', "'", "»", ")") and end - 1 > start:
            break
        end -= 1
    return start, end


def np_before(doc: Doc, end: int, floor: int) -> tuple[int, int] | None:
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
        if token.text == ",":
            # "the head of the ministry, Sergey Lavrov" or "The spokesman, Abu Khalid,"
            if apposition and _name_between(doc, i + 1, last + 1):
                i -= 1
                continue
            break
        if token.text in (")", "(", "-", "’s", "'s", "’") and i > floor:
            i -= 1
            continue
        if token.text.endswith(("-", "–")) and len(token) > 1:
            break  # "Alwaght- President Putin": an outlet's name glued to a dash
        numeric = token.like_num and token.lower_ != "one"
        if token.is_punct or token.is_space or numeric or token.lower_ in CLAUSE_WORDS:
            if token.lower_ == "and" and i > floor and is_name(doc[i - 1]) and is_name(doc[i + 1]):
                i -= 1
                continue
            break
        i -= 1
    start, stop = trim(doc, i + 1, last + 1)
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
        if token.text in ("(", ")", "-", "’s", "'s"):
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


def _name_between(doc: Doc, start: int, end: int) -> bool:
    """Tokens [start, end) are a short run of capitalised words (a name in apposition)."""
    if not 0 < end - start <= 5:
        return False
    return all(is_name(t) or t.text in (",", "-") for t in doc[start:end])
