"""Who said it and what: the source and the content of each cue (surface rules, both tiers).

The source is the cue's subject (before it, or after it when inverted: "said the official"),
the object of "according to" / "as noted by", or for a participle or a conjoined verb ("...,
adding", "and said") the source of the cue before it in the clause. The content is the
quotation next to the cue, or the clause after it up to the next cue, or (for "..., he said")
the clause before it; a cue set off by commas inside it ("X, he said, Y") splits it in two.
attribution_parse.py refines both with dependencies in the parser tier.
"""

from __future__ import annotations

from annotator.detect import attribution_parse
from annotator.detect.cue_record import WEAK, Cue
from annotator.detect.cues import skip_adjuncts
from annotator.detect.text_units import (
    ADJUNCTS,
    AUX_ADVERBS,
    DETERMINERS,
    NP_STOP_AFTER,
    OPENING_ADVERBIALS,
    PRONOUNS,
    TextUnits,
    is_name,
    np_after,
    trim,
)

RELATIVE_PRONOUNS = frozenset("who which that".split())
PASSIVE_AUXILIARIES = frozenset("was were is are be been being".split())
# how a reporting verb hangs on another that reports apart ("mocked her, saying ...")
_JOINED = frozenset({"advcl", "conj"})


def find_source(doc, units, cue: Cue, cues: list[Cue], at: int, parsed, w_start, w_end) -> None:
    """Set ``cue.source``; ``w_start``, ``w_end``: its clause, ``units.window(cue.start)``."""
    if cue.source is not None:
        return
    if parsed and attribution_parse.source(units.doc, cue, w_start, w_end):
        return
    start, after, rule = cue.start, cue.end, cue.rule
    if rule in ("according-to", "as-noted-by"):
        begin = after + (1 if rule == "as-noted-by" else 0)
        cue.source = np_after(doc, begin, w_end)
        return
    before = start - 1
    while before >= w_start and doc[before].lower_ in AUX_ADVERBS:
        before -= 1
    passive = start > w_start and doc[start - 1].lower_ in PASSIVE_AUXILIARIES
    if passive and after + 1 < w_end and doc[after].lower_ == "by":
        cue.source = np_after(doc, after + 1, w_end)  # "was criticized by the union"
        return
    prev = doc[before] if before >= w_start else None  # the word before, past auxiliaries
    if rule in ("quotation_before", "parenthetical") and (
        prev is None or prev.text == "," or prev.is_quote
    ):
        first = doc[after] if after < w_end else None
        if first is not None and not first.is_punct and first.lower_ not in NP_STOP_AFTER:
            cue.source = np_after(doc, after, w_end)  # inverted: `,” said Putin`
            return
    if prev is None:
        cue.source = units.subject_before(start, w_start)
        return
    lower = prev.lower_
    if lower in (",", "by") and doc[start].lower_.endswith("ing"):
        cue.source = _earlier_source(cues, at, w_start) or _opening_subject(doc, w_start, start)
        return
    if lower in RELATIVE_PRONOUNS:
        cue.source = (before, before + 1)  # "the mayor, who said ...": PolNeAR marks "who"
        return
    if lower in ("and", "but"):
        cue.source = _earlier_source(cues, at, w_start) or _opening_subject(doc, w_start, start)
        return
    cue.source = units.subject_before(start, w_start)


def _earlier_source(cues: list[Cue], at: int, w_start: int) -> tuple[int, int] | None:
    for cue in reversed(cues[max(0, at - 8) : at]):
        if cue.start >= w_start and cue.source:
            return cue.source
    return None


def _opening_subject(doc, w_start: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase that opens the clause: a pronoun, a name, or a determiner and names."""
    first = doc[w_start]
    if first.lower_ in OPENING_ADVERBIALS:  # "In the two-hour meeting, Kalin ..."
        comma = next((i for i in range(w_start, limit) if doc[i].text == ","), None)
        if comma is None or comma + 1 >= limit:
            return None
        w_start, first = comma + 1, doc[comma + 1]
    if first.lower_ in PRONOUNS:
        return (w_start, w_start + 1)
    i = w_start + (1 if first.lower_ in DETERMINERS else 0)
    while i < limit and (is_name(doc[i]) or doc[i].lower_ in ("of", "-", "’s")):
        i += 1
    start, end = trim(doc, w_start, i)
    return (start, end) if start < end and is_name(doc[end - 1]) else None


def find_content(doc, units, cue: Cue, cues: list[Cue], at: int, parsed, w_start, w_end) -> None:
    """Set ``cue.content``; ``w_start``, ``w_end``: its clause, ``units.window(cue.start)``."""
    if cue.content is not None:  # found with the cue ("TAPPER: ...")
        return
    inside = units.enclosing(cue.start, cue.end)
    if inside is not None:  # speech reported inside a quotation stays inside it
        w_start, w_end = max(w_start, inside.start + 1), min(w_end, inside.end - 1)
    if cue.quotation is not None:
        cue.content = (cue.quotation.start, cue.quotation.end)
        return
    rule = cue.rule
    if cue.content_start is None and not cue.content_before and rule == "clausal_complement":
        if parsed and attribution_parse.content(units.doc, cue, w_start, w_end) and cue.content:
            _set_parse_content(units, cue, cues, at, *cue.content)
        return
    if rule == WEAK:  # what follows the verb: its objects (parser), else up to the next cue
        if parsed:
            if attribution_parse.content(units.doc, cue, w_start, w_end) and cue.content:
                _set_parse_content(units, cue, cues, at, *cue.content)
            return
        cue.content_start = skip_adjuncts(doc, cue.end, w_end)
        if cue.source and cue.source[0] >= cue.end:  # "was criticized by X": X is the source
            cue.content_start = None
            return
    start = cue.content_start
    if start is not None and start in units.opening:
        q = units.opening[start]
        if q.end >= w_end or q.end + 1 >= w_end or doc[q.end].is_punct:
            cue.content = (q.start, q.end)
            return
    # the parse knows where a reported clause ends, even past a cue nested inside it
    after = parsed and start is not None and rule != "colon"
    if after and attribution_parse.content(units.doc, cue, w_start, w_end) and cue.content:
        first, last = _before_coordinated_cue(doc, cue.content, cues[at + 1 : at + 8])
        _set_parse_content(units, cue, cues, at, *trim(doc, first, last))
        return
    end = w_end
    for other in cues[at + 1 : at + 8]:  # the next cue in the clause ends this content
        if other.start >= w_end:
            break
        if other.rule == WEAK:
            continue
        edge = other.start
        if other.source and start is not None and start < other.source[0] < other.start:
            edge = other.source[0]
        end = min(end, edge)
    if rule in ("according-to", "as-noted-by") or cue.content_before:
        start, end = _around(doc, cue, w_start, w_end)
    if start is None:
        return
    start, end = trim(doc, start, end)
    if start < end:
        cue.content = widen_to_quotations(units, start, end)


def _before_coordinated_cue(doc, content: tuple[int, int], later: list[Cue]) -> tuple[int, int]:
    """ "said X and alleged that Y": a parse may hang the second cue inside the first one's
    clause; the content ends before "and" (or "but") and the cue it joins."""
    start, end = content
    for other in later:
        if other.start >= end:
            break
        k = other.start - 1
        while k > start and doc[k].lower_ in AUX_ADVERBS:
            k -= 1
        if other.rule != WEAK and k > start and doc[k].lower_ in ("and", "but"):
            return start, k
    return start, end


def _set_parse_content(units, cue: Cue, cues: list[Cue], at: int, start: int, end: int) -> None:
    """ "mocked her, saying she would lose": a cue that hangs on this one as a clause of its own
    (``advcl``, ``conj``) reports apart (PolNeAR marks both); this content ends before it."""
    doc = units.doc
    for other in cues[at + 1 : at + 8]:
        if other.start >= end:
            break
        token = doc[other.start]
        if other.start > start and token.head.i == cue.start and token.dep_ in _JOINED:
            start, end = trim(doc, start, other.start)
            break
    cue.content = widen_to_quotations(units, start, end) if start < end else None


def _around(doc, cue: Cue, w_start: int, w_end: int) -> tuple[int | None, int]:
    """Content for a cue in the middle or at the end of its clause."""
    left = min(cue.start, cue.source[0]) if cue.source else cue.start
    right = max(cue.end, cue.source[1]) if cue.source else cue.end
    if cue.rule == "as-noted-by" or (cue.rule == "according-to" and left <= w_start + 1):
        comma = next((i for i in range(right, w_end) if doc[i].text == ","), None)
        return (comma + 1 if comma is not None else None), w_end
    if left > w_start and doc[left - 1].lower_ == "as":
        comma = next((i for i in range(right, w_end) if doc[i].text == ","), None)
        return (comma + 1 if comma is not None else None), w_end
    follows = right < w_end - 1 and doc[right].text == ","
    if follows and left - 1 > w_start and doc[left - 1].text == ",":
        nxt = doc[right + 1]
        if not nxt.lower_.endswith("ing") and nxt.lower_ not in ADJUNCTS:
            # "Russia, he pointed out, “treasures” its ties": both parts (PolNeAR marks both)
            first = trim(doc, w_start, left - 1)
            if first[0] < first[1]:
                cue.content_first = first
                cue.extra["first_rule"] = "interrupted_content"
            return right + 1, w_end
    return (w_start if left > w_start else None), left


def widen_to_quotations(units: TextUnits, start: int, end: int) -> tuple[int, int]:
    for q in units.starting_in(start, end):
        if end <= q.end - 1:
            end = q.end
    return start, end


def quote_label(units: TextUnits, start: int, end: int) -> str:
    if not units.starts:  # most Docs have no quotation marks
        return "indirect"
    first = units.opening.get(start)
    if first is not None and first.end == end:
        return "direct"
    for q in units.starting_in(start, end):  # a loop: a generator costs more for one or two
        if q.end <= end:
            return "partial"
    return "indirect"
