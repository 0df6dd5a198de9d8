"""The ``attribution`` pipeline component: cues, their sources, and what they introduce.

Cues come from reporting_verbs.tsv (matched on lower-case word forms, in the same PhraseMatcher
pass as the loaded_language terms), with strong evidence that they report something or as weak
candidates (cues.py); then each gets its source and content (reported.py), attributions nested in
another's content are marked (nesting.py), and each cue gets its score (cue_scores.py); its
source and content share it. Results: ``doc.spans`` layers ``attribution_cue``, ``source`` and
``quote``, each span with ``span._.explanation`` (``score``, and ``nested_in`` when nested).
"""

from __future__ import annotations

import operator
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from annotator.detect.cue_record import OTHER_ROLE, ROLES, WEAK, Cue, with_role
from annotator.detect.cue_scores import best_score, cue_score
from annotator.detect.cues import (
    colon_cues,
    find_cue,
    longest_matches,
    mark_cues,
    weak_cue,
)
from annotator.detect.explanations import add_layer, codebook_target
from annotator.detect.lexicons import (
    REPORTING_VERBS,
    SOURCE_TYPES,
    Entry,
    phrase_forms,
    read_lexicon,
)
from annotator.detect.nesting import mark_nested, quoted_in
from annotator.detect.patterns import PatternMaker
from annotator.detect.reported import find_content, find_source, quote_label
from annotator.detect.text_units import DETERMINERS, PRONOUNS, TextUnits, is_name
from annotator.detect.word_table import WordTable

UNITS_KEY = "annotator_text_units"
UNNAMED_HEADS = frozenset(
    "official officials source sources critics residents witnesses analysts experts diplomats "
    "prosecutors neighbours neighbors aides activists observers sources people many some "
    "police".split()
)
NOT_NAMES = DETERMINERS | UNNAMED_HEADS
# One-word sources labelled ``pronoun``: personal, relative ("who said") and possessive ("his
# criticism") pronouns.
SOURCE_PRONOUNS = PRONOUNS | frozenset("who which whom that his her their its our my your".split())
# Cues scored below this are never suggested (nor their sources and contents): the lowest
# minimum score a sensitivity may ask for (sensitivity.py, high_recall).
MIN_CUE_SCORE = 0.35
# Unattributed quotations at least this long are still marked as (direct) quotes.
MIN_FREE_QUOTE_WORDS = 5


def _write_order(cue: Cue) -> tuple[bool, float]:
    """Cues that are not nested first, then the best scored."""
    return (cue.nested_in is not None, -cue.score)


_SCORE = operator.attrgetter("score")
_START = operator.attrgetter("start")


@Language.factory("attribution", default_config={"nested": False, "min_score": MIN_CUE_SCORE})
def make_attribution(nlp: Language, name: str, nested: bool, min_score: float) -> Attribution:
    return Attribution(nlp, nested, min_score)


class Attribution:
    """``nested``: also write attributions nested inside another's content (with
    ``nested_in`` in their explanations); by default they are left out. ``min_score``: cues
    scored below it are dropped (0 when counting rates: build_cue_rates.py)."""

    def __init__(self, nlp: Language, nested: bool = False, min_score: float = MIN_CUE_SCORE):
        self.nested = nested
        self.min_score = min_score
        self._source_kinds: dict[tuple, tuple[str, str | None, dict]] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # the loaded_language component makes its patterns with it too
        self.patterns = PatternMaker(nlp)
        self.entries: dict[int, Entry] = {}
        for entry in read_lexicon(REPORTING_VERBS):
            key = f"cue:{entry.term}"
            forms = sorted(phrase_forms(entry.term))
            self.matcher.add(key, self.patterns.docs(forms))
            self.entries[nlp.vocab.strings[key]] = entry
        # source types by the last word of their term: (word count, words, type), longest first
        self.source_types_by_last: dict[str, list[tuple[int, list[str], str]]] = {}
        for entry in read_lexicon(SOURCE_TYPES):
            words = entry.term.split(" ")
            self.source_types_by_last.setdefault(words[-1], []).append(
                (len(words), words, entry.category)
            )
        for found in self.source_types_by_last.values():
            found.sort(key=lambda f: -f[0])
        self.parsed = "parser" in nlp.pipe_names  # dependencies to refine the rules with
        lemmatizer: Any = (
            nlp.get_pipe("lookup_lemmas") if "lookup_lemmas" in nlp.pipe_names else None
        )
        # kept across Docs (bounded by the vocabulary); with the lookup lemmatizer's lemmas
        self.words = WordTable(nlp.vocab, lemmatizer.lemma_of if lemmatizer else None)
        # the blank tier's sentencizer and lemmatizer look up each Doc's words once, for all
        for name in ("punct_sentences", "lookup_lemmas"):
            if name in nlp.pipe_names:
                nlp.get_pipe(name).words = self.words  # type: ignore[attr-defined]
        self._cue_templates: dict[tuple, dict] = {}
        self._cue_stances: dict[tuple, tuple[str, dict]] = {}  # (stance, explanation) per kind
        # tier -> term -> best_score of either kind, of a strong cue and of a weak one
        self._best_scores: dict[str, dict[str, tuple[float, float, float]]] = {}
        self._targets: dict = {}  # codebook targets of sources and quotes, by label

    def __call__(self, doc: Doc) -> Doc:
        units = TextUnits(doc, self.words)
        doc.user_data[UNITS_KEY] = units
        tokens = units.tokens  # doc[i] for the rules, as cached Words
        parsed = self.parsed and doc.has_annotation("DEP")
        tier = "parser" if parsed else "blank"
        min_score = self.min_score
        best_scores = self._best_scores.setdefault(tier, {})
        window = units.window
        cues = []
        entries = self.entries
        matches = self.matcher(doc)
        cue_matches = [match for match in matches if match[0] in entries]
        units.term_matches = [match for match in matches if match[0] not in entries]
        for key, start, end in longest_matches(cue_matches):
            entry = entries[key]
            # what its score is counted under: the lexicon term (parser tier), or the word form
            # as written (blank tier: no tagger tells "states" from "stated")
            if parsed:
                term = entry.term
            elif end - start == 1:
                term = tokens[start].lower_
            else:
                term = " ".join(t.lower_ for t in tokens[start:end])
            best = best_scores.get(term)
            if best is None:
                best = best_scores[term] = (
                    best_score(tier, term),
                    best_score(tier, term, False),
                    best_score(tier, term, True),
                )
            # most candidates that can never be shown are dropped before any rule runs
            if best[0] < min_score:
                continue
            if not self.nested and quoted_in(units, start, end):
                continue
            w_start, w_end = window(start)
            cue = find_cue(tokens, units, start, end, entry, parsed, w_start, w_end) or weak_cue(
                tokens, units, start, end, entry, parsed, w_start
            )
            if cue is not None and best[1 + (cue.rule == WEAK)] >= min_score:
                cue.extra["term"] = term
                cues.append(cue)
        cues += mark_cues(tokens, units)
        cues += colon_cues(tokens, units, cues)
        cues.sort(key=_START)
        # (arguments passed one by one: a call with *args takes a slower path)
        windows = [window(cue.start) for cue in cues]  # for both rules
        for i, cue in enumerate(cues):
            w_start, w_end = windows[i]
            find_source(tokens, units, cue, cues, i, parsed, w_start, w_end)
        for i, cue in enumerate(cues):
            w_start, w_end = windows[i]
            find_content(tokens, units, cue, cues, i, parsed, w_start, w_end)
        parse = units.doc if parsed else None
        for cue in cues:
            evidence = cue.evidence
            if parse is not None:  # "weak:main", "weak_noun:object": the cue's role (cue_record)
                evidence = with_role(evidence, ROLES.get(parse[cue.start].dep_, OTHER_ROLE))
            counted_as = (tier, evidence, cue.extra.get("term") or cue.rule)
            cue.extra["counted_as"] = counted_as
            cue.score = cue_score(*counted_as)
        cues = [cue for cue in cues if cue.score >= min_score]
        mark_nested(cues, units, quotations_checked=not self.nested)
        # what loaded_language reads: a loaded verb is loaded inside reported content too
        units.cues = [c for c in cues if c.rule != WEAK]
        if not self.nested:
            cues = [cue for cue in cues if cue.nested_in is None]
        self._write(doc, units, cues, parsed)
        return doc

    def _write(self, doc: Doc, units: TextUnits, cues: list[Cue], parsed: bool) -> None:
        cue_spans, sources, quotes = [], {}, {}
        tier = "parser" if parsed else "blank"
        writer = units.layer_writer()
        starts, ends = writer.starts, writer.ends  # character offsets, read here without a call
        targets = self._targets
        # the best cue that is not nested gives a shared source or content its link and score
        if self.nested:
            ordered = sorted(cues, key=_write_order)
        else:  # none is nested: the best scored first (a reversed sort keeps ties in order)
            ordered = sorted(cues, key=_SCORE, reverse=True)
        for cue in ordered:
            start, end, source, content, nested_in = (
                cue.start,
                cue.end,
                cue.source,
                cue.content,
                cue.nested_in,
            )
            stance, explanation = self._cue_explanation(cue, tier)
            nested = [starts[nested_in[0]], ends[nested_in[1] - 1]] if nested_in else None
            if nested:
                explanation = {**explanation, "nested_in": nested}
            cue_spans.append((start, end, stance, explanation))
            link = [starts[start], ends[end - 1]]
            if source and source not in sources:
                label, source_type, codebook = self._source_kind(doc, units, source, parsed)
                explanation = {
                    "rule": cue.extra.get("source_rule", "subject_of_cue"),
                    "category": label,
                    "source_type": source_type,
                    "entity": cue.extra.get("entity"),
                    "cue": link,
                    "codebook": codebook,
                    "tier": tier,
                    "score": cue.score,
                }
                if nested:
                    explanation["nested_in"] = nested
                sources[source] = (*source, label, explanation)
            for part in (content, cue.content_first):
                if part and part not in quotes:
                    # "X, he said, Y": the part X before the cue is shown but not taken along
                    first = part is not content
                    label = quote_label(units, part[0], part[1])  # (a *call costs more)
                    target = targets.get(label)
                    if target is None:
                        target = targets[label] = codebook_target("quote", label)
                    explanation = {
                        "rule": cue.extra.get("first_rule" if first else "content_rule")
                        or "content_of_cue",
                        "category": label,
                        "cue": link,
                        "source": [starts[source[0]], ends[source[1] - 1]] if source else None,
                        "codebook": target,
                        "tier": tier,
                        "score": cue.score,
                    }
                    if nested:
                        explanation["nested_in"] = nested
                    if first:
                        explanation["part"] = "first"
                    quotes[part] = (*part, label, explanation)
        free = [
            q
            for q in units.quotations
            if not q.depth and q.end - q.start >= MIN_FREE_QUOTE_WORDS + 2
        ]
        if free:  # quotations no content covers are marked on their own
            covered = bytearray(len(doc) + 1)
            for start, end in quotes:
                covered[start:end] = b"\x01" * (end - start)
            for q in free:
                if covered.find(1, q.start, q.end) == -1:
                    quotes[(q.start, q.end)] = (q.start, q.end, "direct", self._free_quote(tier))
        units.contents = {key: found[2] for key, found in quotes.items()}
        add_layer(doc, "attribution_cue", cue_spans, writer)
        add_layer(doc, "source", list(sources.values()), writer)
        add_layer(doc, "quote", list(quotes.values()), writer)

    def _free_quote(self, tier: str) -> dict:
        return self._cue_templates.setdefault(
            ("free quote", tier),
            {
                "rule": "quotation_without_cue",
                "category": "direct",
                "note": "quotation marks with no reporting verb found nearby",
                "codebook": codebook_target("quote", "direct"),
                "tier": tier,
                "score": cue_score(tier, "free", "quotation"),
            },
        )

    def _cue_explanation(self, cue: Cue, tier: str) -> tuple[str, dict]:
        """A cue's stance and explanation: one template per lexicon entry, rule and tier."""
        counted_as = cue.extra.get("counted_as")
        key = (id(cue.entry), cue.rule, tier, counted_as)
        found = self._cue_stances.get(key)
        if found is None:
            base = cue.entry.explanation("reporting_verb") if cue.entry else {}
            template = {
                **base,
                "rule": f"reporting_verb:{cue.rule}" if cue.entry else cue.rule,
                "stance": cue.stance,
                "codebook": codebook_target("attribution_cue", cue.stance),
                "tier": tier,
                "score": cue.score,
                "evidence": cue.evidence,
                "score_from": "/".join(counted_as) if counted_as else None,
            }
            found = self._cue_stances[key] = (cue.stance, template)
        return found

    def _source_kind(self, doc, units, source, parsed) -> tuple[str, str | None, dict]:
        """A source's label, type and codebook target."""
        start, end = source
        words = units.tokens[start:end]
        if not parsed:  # the same few sources recur ("he", "Trump"): Words are shared per form
            key = tuple(words)
            found = self._source_kinds.get(key)
            if found is None:
                if len(self._source_kinds) > 50_000:
                    self._source_kinds.clear()
                found = self._source_kinds[key] = self._with_target(
                    *self._kind_of(doc, words, start, end, False)
                )
            return found
        return self._with_target(*self._kind_of(doc, words, start, end, parsed))

    def _with_target(self, label: str, source_type: str | None) -> tuple[str, str | None, dict]:
        codebook = self._targets.get((label, source_type))
        if codebook is None:
            codebook = self._targets[(label, source_type)] = codebook_target(
                "source", label, {"source_type": source_type}
            )
        return label, source_type, codebook

    def _kind_of(self, doc, words, start, end, parsed) -> tuple[str, str | None]:
        lowers = [t.lower_ for t in words]
        if len(words) == 1 and lowers[0] in SOURCE_PRONOUNS:
            return "pronoun", None
        source_type = None
        by_last = self.source_types_by_last
        for i in range(len(lowers) - 1, -1, -1):  # the rightmost match: usually the head noun
            for size, phrase, kind in by_last.get(lowers[i], ()):  # the longest first
                if size <= i + 1 and lowers[i - size + 1 : i + 1] == phrase:
                    source_type = kind
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
