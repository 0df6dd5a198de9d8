"""The ``attribution`` pipeline component: cues, their sources, and what they introduce.

Cues come from reporting_verbs.tsv (matched on lower-case word forms) plus a colon or dash that
introduces a quotation after a name. A verb counts as a cue only with evidence that content is
reported: "that", a colon or a quotation after it, a quotation or a parenthetical comma before
it, a clause after it, or (parser tier) a clausal complement. Results: ``doc.spans`` layers
``attribution_cue``, ``source`` and ``quote``, each span with ``span._.explanation``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from annotator.detect import attribution_parse
from annotator.detect.explanations import add_layer, codebook_target
from annotator.detect.lexicons import (
    REPORTING_VERBS,
    SOURCE_TYPES,
    Entry,
    phrase_forms,
    read_lexicon,
)
from annotator.detect.quotations import Quotation
from annotator.detect.text_units import (
    ADJUNCTS,
    AUX_ADVERBS,
    CLAUSE_START,
    CLAUSE_WORDS,
    DETERMINERS,
    NP_STOP_AFTER,
    PRONOUNS,
    WEEKDAYS,
    TextUnits,
    is_name,
    np_after,
    np_before,
    trim,
)

UNITS_KEY = "annotator_text_units"
UNNAMED_HEADS = frozenset(
    "official officials source sources critics residents witnesses analysts experts diplomats "
    "prosecutors neighbours neighbors aides activists observers sources people many some "
    "police".split()
)
NOT_NAMES = DETERMINERS | UNNAMED_HEADS
# A lower-case word after a say-verb starts a clause ("said conditions were"), except these.
PREPOSITIONS = frozenset(
    "on in at by to for about of from with under over into against between through across "
    "without within via per like upon among toward towards near behind beyond during after "
    "before".split()
)
NOT_CLAUSE_START = NP_STOP_AFTER | PREPOSITIONS | frozenset("it so up out back".split())
OPENING_ADVERBIALS = frozenset(
    "in on at after during within following earlier later meanwhile however since under "
    "amid".split()
)
# Unattributed quotations at least this long are still marked as (direct) quotes.
MIN_FREE_QUOTE_WORDS = 5


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


@Language.factory("attribution")
def make_attribution(nlp: Language, name: str) -> Attribution:
    return Attribution(nlp)


class Attribution:
    def __init__(self, nlp: Language):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.entries: dict[int, Entry] = {}
        for entry in read_lexicon(REPORTING_VERBS):
            key = f"cue:{entry.term}"
            self.matcher.add(key, list(nlp.tokenizer.pipe(sorted(phrase_forms(entry.term)))))
            self.entries[nlp.vocab.strings[key]] = entry
        self.source_types = {e.term: e.category for e in read_lexicon(SOURCE_TYPES)}
        self.parsed = "parser" in nlp.pipe_names  # dependencies to refine the rules with
        self.words: dict = {}  # orth -> Word, kept across Docs (bounded by the vocabulary)
        self._cue_templates: dict[tuple, dict] = {}
        self._targets: dict = {}  # codebook targets of sources and quotes, by label

    def __call__(self, doc: Doc) -> Doc:
        units = TextUnits(doc, self.words)
        doc.user_data[UNITS_KEY] = units
        tokens = units.tokens  # doc[i] for the rules, as cached Words
        parsed = self.parsed and doc.has_annotation("DEP")
        cues = []
        cue_matches, units.term_matches = [], []
        for match in self.matcher(doc):
            (cue_matches if match[0] in self.entries else units.term_matches).append(match)
        for key, start, end in _longest(cue_matches):
            cue = self._cue(tokens, units, start, end, self.entries[key], parsed)
            if cue is not None:
                cues.append(cue)
        cues += _mark_cues(tokens, units)
        cues.sort(key=lambda c: c.start)
        for i, cue in enumerate(cues):
            _find_source(tokens, units, cue, cues, i, parsed)
        for i, cue in enumerate(cues):
            _find_content(tokens, units, cue, cues, i, parsed)
        self._write(doc, units, cues, parsed)
        return doc

    def _cue(self, doc, units, start, end, entry, parsed) -> Cue | None:
        w_start, w_end = units.window(start)
        if start > w_start and doc[start - 1].lower_ in DETERMINERS:
            return None  # a noun: "the claims", "a report"
        if entry.content == "phrase":  # "according to X"
            return Cue(start, end, entry, "according-to")
        as_by = start > w_start and doc[start - 1].lower_ == "as" and end < w_end
        if as_by and doc[end].lower_ == "by":  # "As noted by X, ..."
            return Cue(start, end, entry, "as-noted-by")
        cue = _evidence(doc, units, start, end, entry, w_start, w_end)
        if parsed:
            return attribution_parse.check_cue(units.doc, cue, start, end, entry)
        return cue

    def _write(self, doc: Doc, units: TextUnits, cues: list[Cue], parsed: bool) -> None:
        cue_spans, sources, quotes = [], {}, {}
        tier = "parser" if parsed else "blank"
        chars = units.char_offsets
        for cue in cues:
            cue_spans.append((cue.start, cue.end, cue.stance, self._cue_explanation(cue, tier)))
            link = chars(cue.start, cue.end)
            if cue.source and cue.source not in sources:
                label, source_type = self._source_kind(doc, units, *cue.source, parsed)
                sources[cue.source] = (
                    *cue.source,
                    label,
                    {
                        "rule": cue.extra.get("source_rule", "subject_of_cue"),
                        "category": label,
                        "source_type": source_type,
                        "entity": cue.extra.get("entity"),
                        "cue": link,
                        "codebook": self._targets.get((label, source_type))
                        or self._targets.setdefault(
                            (label, source_type),
                            codebook_target("source", label, {"source_type": source_type}),
                        ),
                        "tier": tier,
                    },
                )
            if cue.content and cue.content not in quotes:
                label = _quote_label(units, *cue.content)
                quotes[cue.content] = (
                    *cue.content,
                    label,
                    {
                        "rule": cue.extra.get("content_rule", "content_of_cue"),
                        "category": label,
                        "cue": link,
                        "source": chars(*cue.source) if cue.source else None,
                        "codebook": self._targets.get(label)
                        or self._targets.setdefault(label, codebook_target("quote", label)),
                        "tier": tier,
                    },
                )
        covered = bytearray(len(doc) + 1)
        for start, end in quotes:
            covered[start:end] = b"\x01" * (end - start)
        for q in units.quotations:
            if q.depth or q.end - q.start < MIN_FREE_QUOTE_WORDS + 2:
                continue
            if covered.find(1, q.start, q.end) != -1:
                continue
            quotes[(q.start, q.end)] = (q.start, q.end, "direct", self._free_quote(tier))
        units.cues = cues
        units.contents = {key: found[2] for key, found in quotes.items()}
        add_layer(doc, "attribution_cue", cue_spans)
        add_layer(doc, "source", list(sources.values()))
        add_layer(doc, "quote", list(quotes.values()))

    def _free_quote(self, tier: str) -> dict:
        return self._cue_templates.setdefault(
            ("free quote", tier),
            {
                "rule": "quotation_without_cue",
                "category": "direct",
                "note": "quotation marks with no reporting verb found nearby",
                "codebook": codebook_target("quote", "direct"),
                "tier": tier,
            },
        )

    def _cue_explanation(self, cue: Cue, tier: str) -> dict:
        """The explanation of a cue: one template per lexicon entry, rule and tier."""
        key = (id(cue.entry), cue.rule, tier)
        template = self._cue_templates.get(key)
        if template is None:
            base = cue.entry.explanation("reporting_verb") if cue.entry else {}
            template = self._cue_templates[key] = {
                **base,
                "rule": f"reporting_verb:{cue.rule}" if cue.entry else cue.rule,
                "stance": cue.stance,
                "codebook": codebook_target("attribution_cue", cue.stance),
                "tier": tier,
            }
        return template

    def _source_kind(self, doc, units, start, end, parsed) -> tuple[str, str | None]:
        words = units.tokens[start:end]
        lowers = [t.lower_ for t in words]
        if len(words) == 1 and lowers[0] in PRONOUNS:
            return "pronoun", None
        source_type = None
        for i in range(len(lowers) - 1, -1, -1):  # the rightmost match: usually the head noun
            for size in (3, 2, 1):
                if i - size + 1 >= 0:
                    source_type = self.source_types.get(" ".join(lowers[i - size + 1 : i + 1]))
                    if source_type:
                        break
            if source_type:
                break
        named = any(is_name(t) for t in words[1:]) or (
            is_name(words[0]) and lowers[0] not in NOT_NAMES
        )
        if parsed:
            named = named or any(t.pos_ == "PROPN" for t in doc[start:end])
        if not named:
            return "unnamed", "anonymous"
        return "named", source_type


def _by_start(match: tuple[int, int, int]) -> int:
    return match[1]


def _longest(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Matches that do not overlap, the longest first ("pointed out" over "pointed")."""
    matches.sort(key=_by_start)
    if all(a[2] <= b[1] for a, b in pairwise(matches)):
        return matches  # the usual case: nothing overlaps
    kept, taken = [], set()
    for key, start, end in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
        if not any(i in taken for i in range(start, end)):
            kept.append((key, start, end))
            taken.update(range(start, end))
    return sorted(kept, key=lambda m: m[1])


def _evidence(doc, units, start, end, entry, w_start, w_end) -> Cue | None:
    """Surface evidence (either tier) that the verb at [start, end) reports something."""
    j = _skip_adjuncts(doc, end, w_end)
    saw_to = False
    # "said that", "said in a statement that", "told Reuters that"; not "admitted the losses that"
    reach = (
        8 if (j < w_end and doc[j].lower_ in PREPOSITIONS) or entry.content == "addressee" else 1
    )
    for k in range(j, min(j + 9, w_end)):
        token = doc[k]
        if token.lower_ == "to" and k > j:
            saw_to = True
        if token.lower_ == "that" and not saw_to and k - j < reach:
            return Cue(start, end, entry, "that_clause", content_start=k + 1)
        if token.text == ":":
            return Cue(start, end, entry, "colon", content_start=k + 1)
        if k in units.opening and (k == j or doc[k - 1].text in (",", ":")):
            return Cue(start, end, entry, "quotation_after", content_start=k)
        if token.text == "," and k + 1 in units.opening:
            return Cue(start, end, entry, "quotation_after", content_start=k + 1)
        if token.is_punct or (k > j and token.lower_ in CLAUSE_WORDS):
            break
    before = _evidence_before(doc, units, start, end, w_start, w_end, entry)
    if before is not None:
        before.entry = entry
        nxt = doc[end] if end < w_end else None
        objectless = nxt is None or nxt.is_punct or nxt.lower_ in ADJUNCTS | PREPOSITIONS
        if objectless or before.rule == "quotation_before" or entry.content == "addressee":
            return before
        if entry.content == "clause" and not before.source:
            return before  # inverted: ", said the official"
    if j >= w_end:
        return None
    first = doc[j]
    if entry.content == "clause" and (first.lower_ in CLAUSE_START or first.like_num):
        return Cue(start, end, entry, "clause_after", content_start=j)
    lower_word = first.is_lower and first.is_alpha and not first.lower_.endswith("ly")
    if entry.content == "clause" and lower_word and first.lower_ not in NOT_CLAUSE_START:
        return Cue(start, end, entry, "clause_after", content_start=j)
    if entry.content in ("explicit", "addressee") and first.lower_ in PRONOUNS - {"you"}:
        return Cue(start, end, entry, "clause_after", content_start=j)
    if entry.content == "addressee":
        k = j
        while k < w_end and (is_name(doc[k]) or doc[k].lower_ in ("of", "the")):
            k += 1
        if j < k < w_end and (doc[k].lower_ in CLAUSE_START or doc[k].like_num):
            return Cue(start, end, entry, "clause_after_addressee", content_start=k)
    return None


def _skip_adjuncts(doc, i: int, limit: int) -> int:
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
    quotation = _quotation_ending_at(doc, units, k)
    if quotation is not None:  # `,” said Putin`
        return Cue(start, end, None, "quotation_before", quotation=quotation)
    subject = np_before(doc, start, w_start)
    if subject is not None and subject[1] - subject[0] <= 8 and subject[0] > w_start:
        b = subject[0] - 1
        cue = None
        nxt = doc[end] if end < w_end else None
        inverted = nxt is not None and (is_name(nxt) or nxt.lower_ in DETERMINERS)
        inverted = inverted and entry.content != "addressee"  # "told a delegation"
        pronoun = subject[1] - subject[0] == 1 and doc[subject[0]].lower_ in PRONOUNS
        if doc[b].lower_ == "as" and (b == w_start or doc[b - 1].text == ","):
            # "As Putin acknowledged during the meeting, ..."
            if any(doc[i].text == "," for i in range(end, min(end + 8, w_end))):
                cue = Cue(start, end, None, "as_parenthetical", content_before=True)
        elif (quotation := _quotation_ending_at(doc, units, b)) is not None:
            cue = Cue(start, end, None, "quotation_before", quotation=quotation)
        elif doc[b].text == "," and (pronoun or not inverted):  # "..., he said."
            cue = Cue(start, end, None, "parenthetical", content_before=True)
        if cue is not None:
            cue.source = subject
            return cue
    if doc[k].text == ",":  # "..., said the official"
        return Cue(start, end, None, "parenthetical", content_before=True)
    return None


def _quotation_ending_at(doc, units, k: int):
    return units.closing.get(k) or (units.closing.get(k - 1) if doc[k].text == "," else None)


def _mark_cues(doc: Doc, units: TextUnits) -> list[Cue]:
    """`Army chief: ‘We hold the bridge’`: a colon or dash between a short name and a quote."""
    cues = []
    for opening in units.opening:
        mark = opening - 1
        if mark < 1 or doc[mark].text not in (":", "–", "—", "-"):
            continue
        w_start, _ = units.window(mark)
        names = doc[w_start:mark]
        named = (
            len(names) and is_name(names[0]) and all(t.is_alpha or t.lower_ == "’s" for t in names)
        )
        plain = not any(doc[i].lower_ in NP_STOP_AFTER for i in range(w_start, mark))
        if 0 < len(names) <= 5 and named and plain:
            cue = Cue(mark, mark + 1, None, "mark_before_quotation", content_start=opening)
            cue.source = (w_start, mark)
            cues.append(cue)
    return cues


def _find_source(doc, units, cue: Cue, cues: list[Cue], at: int, parsed: bool) -> None:
    if cue.source is not None:
        return
    w_start, w_end = units.window(cue.start)
    if parsed and attribution_parse.source(units.doc, cue, w_start, w_end):
        return
    if cue.rule in ("according-to", "as-noted-by"):
        begin = cue.end + (1 if cue.rule == "as-noted-by" else 0)
        cue.source = np_after(doc, begin, w_end)
        return
    after = cue.end
    before = cue.start - 1
    while before >= w_start and doc[before].lower_ in AUX_ADVERBS:
        before -= 1
    if cue.rule in ("quotation_before", "parenthetical") and (
        before < w_start or doc[before].text == "," or doc[before].is_quote
    ):
        first = doc[after] if after < w_end else None
        if first is not None and not first.is_punct and first.lower_ not in NP_STOP_AFTER:
            cue.source = np_after(doc, after, w_end)  # inverted: `,” said Putin`
            return
    token = doc[cue.start]
    if token.lower_.endswith("ing") and before >= w_start and doc[before].lower_ in (",", "by"):
        cue.source = _earlier_source(cues, at, w_start) or _opening_subject(doc, w_start, cue.start)
        return
    if before >= w_start and doc[before].lower_ in ("and", "but"):
        cue.source = _earlier_source(cues, at, w_start) or _opening_subject(doc, w_start, cue.start)
        return
    cue.source = np_before(doc, cue.start, w_start)


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


def _find_content(doc, units, cue: Cue, cues: list[Cue], at: int, parsed: bool) -> None:
    w_start, w_end = units.window(cue.start)
    inside = units.enclosing(cue.start, cue.end)
    if inside is not None:  # speech reported inside a quotation stays inside it
        w_start, w_end = max(w_start, inside.start + 1), min(w_end, inside.end - 1)
    if cue.quotation is not None:
        cue.content = (cue.quotation.start, cue.quotation.end)
        return
    if cue.content_start is None and not cue.content_before and cue.rule == "clausal_complement":
        if parsed and attribution_parse.content(units.doc, cue, w_start, w_end):
            cue.content = _widen_to_quotations(units, *cue.content)
        return
    if cue.content_start is not None and cue.content_start in units.opening:
        q = units.opening[cue.content_start]
        if q.end >= w_end or q.end + 1 >= w_end or doc[q.end].is_punct:
            cue.content = (q.start, q.end)
            return
    start, end = cue.content_start, w_end
    for other in cues[at + 1 : at + 8]:  # the next cue in the clause ends this content
        if other.start >= w_end:
            break
        edge = other.start
        if other.source and start is not None and start < other.source[0] < other.start:
            edge = other.source[0]
        end = min(end, edge)
    if cue.rule in ("according-to", "as-noted-by") or cue.content_before:
        start, end = _around(doc, cue, w_start, w_end)
    if start is None:
        return
    start, end = trim(doc, start, end)
    if start < end:
        cue.content = _widen_to_quotations(units, start, end)


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
            return right + 1, w_end  # "Russia, he pointed out, “treasures” its ties"
    return (w_start if left > w_start else None), left


def _widen_to_quotations(units: TextUnits, start: int, end: int) -> tuple[int, int]:
    for q in units.starting_in(start, end):
        if end <= q.end - 1:
            end = q.end
    return start, end


def _quote_label(units: TextUnits, start: int, end: int) -> str:
    first = units.opening.get(start)
    if first is not None and first.end == end:
        return "direct"
    if any(q.end <= end for q in units.starting_in(start, end)):
        return "partial"
    return "indirect"
