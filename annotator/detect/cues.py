"""Reporting cues: which matches of a reporting verb really introduce reported content.

A verb counts as a cue only with evidence that something is reported: "that", a colon or a
quotation after it; a quotation or a parenthetical comma before it ("..., he said"); a clause
after it (for verbs that take one without "that"); or, in the parser tier, a clausal complement
(attribution_parse.py). Also: "according to", "as noted by", and a colon or dash between a short
name and a quotation ("Army chief: ‘We hold the bridge’").

A lexicon verb without such evidence is still a candidate (``weak_cue``: "called him a liar",
"accused Ankara of", "believes the tax is fair"): its score, the share of such matches that
PolNeAR's annotators marked (cue_scores.py), decides whether it is shown.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Sequence

from annotator.detect import attribution_parse
from annotator.detect.cue_record import WEAK, Cue
from annotator.detect.lexicons import Entry
from annotator.detect.text_units import (
    ADJUNCTS,
    AUX_ADVERBS,
    CLAUSE_START,
    DETERMINERS,
    NP_STOP_AFTER,
    OPENING_ADVERBIALS,
    PRONOUNS,
    WEEKDAYS,
    TextUnits,
    is_name,
    trim,
)
from annotator.detect.word_table import CLAUSE_WORDS, Word

# A lower-case word after a say-verb starts a clause ("said conditions were"), except these.
PREPOSITIONS = frozenset(
    "on in at by to for about of from with under over into against between through across "
    "without within via per like upon among toward towards near behind beyond during after "
    "before".split()
)
NOT_CLAUSE_START = NP_STOP_AFTER | PREPOSITIONS | frozenset("it so up out back".split())
# words after a cue that leave it without an object ("said on Friday"), made once, not per cue
_OBJECTLESS_AFTER = ADJUNCTS | PREPOSITIONS
_SUBJECT_PRONOUNS = PRONOUNS - {"you"}


# Lexicon kinds (the ``content`` column) that are not verbs: "criticism of", "critical of".
NOUN_LIKE = frozenset({"noun", "adjective"})
_PARTS_OF_SPEECH = {"noun": ("NOUN", "PROPN"), "adjective": ("ADJ", "VERB")}
# Words before a verb form that make it a noun or a modifier: "the claims", "his call".
NOT_A_VERB_AFTER = DETERMINERS | frozenset("my your her their our its".split())


def weak_cue(doc, units, start: int, end: int, entry: Entry, parsed, w_start) -> Cue | None:
    """A lexicon cue with no evidence of reported content: a candidate for its score to judge
    (``w_start``: where its clause starts)."""
    if entry.content == "phrase":
        return None
    cue = Cue(start, end, entry, WEAK)
    # "his criticism", "the claim that": a noun use, counted apart from the verb's
    cue.extra["noun"] = start > w_start and doc[start - 1].lower_ in NOT_A_VERB_AFTER
    if parsed:
        token = units.doc[start]
        if token.pos_ not in _PARTS_OF_SPEECH.get(entry.content, ("VERB", "NOUN")):
            return None
        cue.extra["noun"] = token.pos_ in ("NOUN", "PROPN")
        # "a program called X", "backing Clinton": a participle or gerund with no auxiliary
        if (
            token.pos_ == "VERB"
            and token.tag_ in ("VBG", "VBN")
            and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
        ):
            cue.extra["nonfinite"] = True
    return cue


def find_cue(doc, units, start, end, entry, parsed, w_start, w_end) -> Cue | None:
    """A Cue for the reporting verb at [start, end) if there is evidence it reports, else None
    (``w_start``, ``w_end``: its clause, ``units.window(start)``)."""
    content = entry.content
    if content in NOUN_LIKE:
        return None  # "criticism of", "critical of": only ever weak cues
    before = doc[start - 1].lower_ if start > w_start else ""
    if before in DETERMINERS:
        return None  # a noun: "the claims", "a report"
    if content == "phrase":  # "according to X"
        return Cue(start, end, entry, "according-to")
    if before == "as" and end < w_end and doc[end].lower_ == "by":  # "As noted by X, ..."
        return Cue(start, end, entry, "as-noted-by")
    cue = _evidence(doc, units, start, end, entry, w_start, w_end)
    if parsed:
        return attribution_parse.check_cue(units.doc, cue, start, end, entry)
    return cue


_by_start = operator.itemgetter(1)  # a match's start (C speed, no Python call per match)


def longest_matches(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Matches that do not overlap, the longest first ("pointed out" over "pointed")."""
    matches.sort(key=_by_start)
    end = 0
    for _, start, stop in matches:  # a loop: the usual case has a handful of matches
        if start < end:
            break
        end = stop
    else:
        return matches  # the usual case: nothing overlaps
    kept: list[tuple[int, int, int]] = []
    taken = bytearray(max(m[2] for m in matches))
    for key, start, end in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
        if taken.find(1, start, end) == -1:
            kept.append((key, start, end))
            taken[start:end] = b"\x01" * (end - start)
    return sorted(kept, key=lambda m: m[1])


def _evidence(doc, units, start, end, entry, w_start, w_end) -> Cue | None:
    """Surface evidence (either tier) that the verb at [start, end) reports something."""
    content = entry.content
    j = skip_adjuncts(doc, end, w_end)
    saw_to = False
    # "said that", "said in a statement that", "told Reuters that"; not "admitted the losses that"
    reach = 8 if (j < w_end and doc[j].lower_ in PREPOSITIONS) or content == "addressee" else 1
    opening = units.opening
    for k in range(j, min(j + 9, w_end)):
        token = doc[k]
        if token.plain:  # none of the checks below applies to it
            continue
        lower, text = token.lower_, token.text
        if lower == "to" and k > j:
            saw_to = True
        if lower == "that" and not saw_to and k - j < reach:
            return Cue(start, end, entry, "that_clause", content_start=k + 1)
        if text == ":":
            return Cue(start, end, entry, "colon", content_start=k + 1)
        if k in opening and (k == j or doc[k - 1].text in (",", ":")):
            return Cue(start, end, entry, "quotation_after", content_start=k)
        if text == "," and k + 1 in opening:
            return Cue(start, end, entry, "quotation_after", content_start=k + 1)
        if token.is_punct or (k > j and lower in CLAUSE_WORDS):
            break
    before = _evidence_before(doc, units, start, end, w_start, w_end, entry)
    if before is not None:
        before.entry = entry
        nxt = doc[end] if end < w_end else None
        objectless = nxt is None or nxt.is_punct or nxt.lower_ in _OBJECTLESS_AFTER
        if objectless or before.rule == "quotation_before" or content == "addressee":
            return before
        if content == "clause" and not before.source and not _subject_after(doc, end, w_end):
            return before  # inverted: ", said the official" (not ", said he supports it")
    if j >= w_end:
        return None
    first = doc[j]
    lower = first.lower_
    if content == "clause" and (lower in CLAUSE_START or first.like_num):
        return Cue(start, end, entry, "clause_after", content_start=j)
    lower_word = first.is_lower and first.is_alpha and not lower.endswith("ly")
    if content == "clause" and lower_word and lower not in NOT_CLAUSE_START:
        return Cue(start, end, entry, "clause_after", content_start=j)
    if content in ("explicit", "addressee") and lower in _SUBJECT_PRONOUNS:
        return Cue(start, end, entry, "clause_after", content_start=j)
    if content == "addressee":
        k = j
        while k < w_end and (is_name(doc[k]) or doc[k].lower_ in ("of", "the")):
            k += 1
        if j < k < w_end and (doc[k].lower_ in CLAUSE_START or doc[k].like_num):
            return Cue(start, end, entry, "clause_after_addressee", content_start=k)
    return None


def skip_adjuncts(doc, i: int, limit: int) -> int:
    """Skip "Saturday", "on Friday", "late Friday", "again" after a cue."""
    while i < limit:
        lower = doc[i].lower_
        if lower in ADJUNCTS or (
            lower == "on"
            and i + 1 < limit
            and (doc[i + 1].lower_ in WEEKDAYS or doc[i + 1].like_num)
        ):
            i += 1
        else:
            break
    return i


def _evidence_before(doc, units, start, end, w_start, w_end, entry) -> Cue | None:
    """A quotation or a parenthetical comma before the cue: `,” he said` / `, said X`."""
    if doc[start].lower_.endswith("ing"):
        return None  # a participle ("..., stressing the need") is never parenthetical
    k = start - 1
    while k >= w_start and doc[k].lower_ in AUX_ADVERBS:
        k -= 1
    if k < w_start:
        return None
    closing = units.closing  # empty in most Docs: no quotation marks
    quotation = _quotation_ending_at(doc, closing, k) if closing else None
    if quotation is not None:  # `,” said Putin`
        return Cue(start, end, None, "quotation_before", quotation=quotation)
    subject = units.subject_before(start, w_start)
    if subject is not None and subject[1] - subject[0] <= 8 and subject[0] > w_start:
        b = subject[0] - 1
        cue = None
        mark = doc[b]
        if mark.lower_ == "as" and (b == w_start or doc[b - 1].text == ","):
            # "As Putin acknowledged during the meeting, ..."
            if any(doc[i].text == "," for i in range(end, min(end + 8, w_end))):
                cue = Cue(start, end, None, "as_parenthetical", content_before=True)
        elif closing and (quotation := _quotation_ending_at(doc, closing, b)) is not None:
            cue = Cue(start, end, None, "quotation_before", quotation=quotation)
        elif mark.text == "," and not _opening_phrase(doc, w_start, b):  # "..., he said."
            nxt = doc[end] if end < w_end else None
            inverted = nxt is not None and (is_name(nxt) or nxt.lower_ in DETERMINERS)
            inverted = inverted and entry.content != "addressee"  # "told a delegation"
            pronoun = subject[1] - subject[0] == 1 and doc[subject[0]].lower_ in PRONOUNS
            if pronoun or not inverted:
                cue = Cue(start, end, None, "parenthetical", content_before=True)
        if cue is not None:
            cue.source = subject
            return cue
    if doc[k].text == ",":  # "..., said the official"
        return Cue(start, end, None, "parenthetical", content_before=True)
    return None


def _subject_after(doc, end: int, w_end: int) -> bool:
    """A subject pronoun and more words after the cue: "..., said he supports it"."""
    return end + 1 < w_end and doc[end].lower_ in _SUBJECT_PRONOUNS and not doc[end + 1].is_punct


def _opening_phrase(doc, w_start: int, comma: int) -> bool:
    """Is what comes before ``comma`` a short opening phrase ("In another email, X said")
    rather than what was said?"""
    return (
        comma - w_start <= 8
        and doc[w_start].lower_ in OPENING_ADVERBIALS
        and all(doc[i].text != "," for i in range(w_start, comma))
    )


def _quotation_ending_at(doc, closing: dict, k: int):
    return closing.get(k) or (closing.get(k - 1) if doc[k].text == "," else None)


def mark_cues(doc: Sequence[Word], units: TextUnits) -> list[Cue]:
    """`Army chief: ‘We hold the bridge’`: a colon or dash between a short name and a quote."""
    cues = []
    for opening in units.opening:
        mark = opening - 1
        if mark < 1 or doc[mark].text not in (":", "–", "—", "―", "-"):
            continue
        w_start, _ = units.window(mark)
        names = doc[w_start:mark]
        if not 0 < len(names) <= 5 or not is_name(names[0]):
            continue
        if not all(t.is_alpha or t.lower_ == "’s" for t in names):
            continue
        if not any(doc[i].lower_ in NP_STOP_AFTER for i in range(w_start, mark)):
            cue = Cue(mark, mark + 1, None, "mark_before_quotation", content_start=opening)
            cue.source = (w_start, mark)
            cues.append(cue)
    return cues


# At most this many words before a colon that opens a line are a speaker or a label.
MAX_LABEL_WORDS = 6
_LABEL_JOINERS = frozenset("’s 's . - & ,".split())


def colon_cues(doc: Sequence[Word], units: TextUnits, cues: list[Cue]) -> list[Cue]:
    """`TAPPER: Good evening.`, `Historians: the race is open`: a line that opens with a short
    name or label and a colon; what follows on the line is its content."""
    if not units.colons:
        return []
    found, speakers = [], 0
    taken = {c.end for c in cues} | {c.start for c in cues}
    for colon in units.colons:
        if colon in taken or colon - 1 in taken:
            continue  # "said:" is already a cue
        line = bisect.bisect_right(units.breaks, colon)
        start = units.breaks[line - 1] + 1 if line else 0
        end = units.breaks[line] if line < len(units.breaks) else len(doc)
        while start < colon and (doc[start].is_quote or doc[start].is_space):
            start += 1
        words = doc[start:colon]
        if not 0 < len(words) <= MAX_LABEL_WORDS or not is_name(words[0]):
            continue
        if len(words[0].text) == 1:
            continue  # "Q:" and "A:" of an interview: no speaker named
        if not all(t.is_alpha or t.text in _LABEL_JOINERS for t in words):
            continue
        if end - colon < 3 or doc[colon + 1].like_num:
            continue  # nothing said, or a time ("5:15")
        cue = Cue(colon, colon + 1, None, "label_colon")
        if all(t.is_upper or not t.is_alpha for t in words):
            cue.extra["speaker"] = True
            speakers += 1
        cue.source = (start, colon)
        content = trim(doc, colon + 1, end)
        if content[0] < content[1]:
            cue.content = content
        found.append(cue)
    # a transcript has several speakers' lines ("TAPPER: ...", "PENCE: ..."); one capitalised
    # label alone is usually a headline's ("UPDATE: ...")
    if speakers > 1:
        for cue in found:
            if cue.extra.get("speaker"):
                cue.rule = "transcript_colon"
    return found
