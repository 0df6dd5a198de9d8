"""The ``loaded_language`` pipeline component: loaded words from the lexicons, in context.

- Curated terms (loaded_terms.tsv) match every inflected form, on lower case and on lemma;
  general emotive words (general_emotive.tsv) match their exact form only.
- Context: ``not_after`` / ``not_before`` words cancel a match ("tax regime", "mass grave",
  "explosive device"); a word used as a neutral reporting cue is never emotive ("stressed that").
- Loaded reporting verbs (reporting_verbs.tsv entries with a neutral alternative): every cue the
  attribution component found, and past-tense uses elsewhere ("blasted Ankara for ...").
- Scare quotes: one to four quoted words that no cue in their clause attributes.
Runs after ``attribution``; results in ``doc.spans["loaded"]`` with ``span._.explanation``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from annotator.detect.attribution import UNITS_KEY
from annotator.detect.explanations import codebook_target, explain, set_layer
from annotator.detect.lexicons import (
    LOADED_FILES,
    REPORTING_VERBS,
    Entry,
    phrase_forms,
    read_lexicon,
)
from annotator.detect.text_units import DETERMINERS, TextUnits

MAX_SCARE_WORDS = 4
SCORES = {"loaded_terms.tsv": 0.9, "general_emotive.tsv": 0.5, REPORTING_VERBS: 0.8}
_PAST_IRREGULAR = frozenset({"told", "said", "wrote"})


@Language.factory("loaded_language")
def make_loaded_language(nlp: Language, name: str) -> LoadedLanguage:
    return LoadedLanguage(nlp)


class LoadedLanguage:
    def __init__(self, nlp: Language):
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.entries: dict[int, Entry] = {}
        entries = [e for name in LOADED_FILES for e in read_lexicon(name)]
        entries += [e for e in read_lexicon(REPORTING_VERBS) if e.neutral_alternative]
        for entry in entries:
            key = f"{entry.lexicon}:{entry.term}"
            curated = entry.lexicon != "general_emotive.tsv"
            forms = sorted(phrase_forms(entry.term, inflect=curated))
            self.lower.add(key, list(nlp.tokenizer.pipe(forms)))
            if curated:
                words = [t.text for t in nlp.make_doc(entry.term)]
                self.lemma.add(key, [Doc(nlp.vocab, words=words, lemmas=words)])
            self.entries[nlp.vocab.strings[key]] = entry

    def __call__(self, doc: Doc) -> Doc:
        units = doc.user_data.get(UNITS_KEY) or TextUnits(doc)
        cues = {(s.start, s.end): s for s in doc.spans.get("attribution_cue", [])}
        neutral_cues = [s for s in cues.values() if not _loaded_cue(s)]
        found: dict[tuple[int, int, int], tuple[Span, str]] = {}
        for span in self.lower(doc, as_spans=True):
            found[(span.start, span.end, span.label)] = (span, "lower")
        if doc.has_annotation("LEMMA"):
            for span in self.lemma(doc, as_spans=True):
                found.setdefault((span.start, span.end, span.label), (span, "lemma"))
        kept = []
        for span, how in found.values():
            entry = self.entries[span.label]
            if not self._fits_context(doc, span, entry, cues, neutral_cues):
                continue
            label = "loaded_verb" if entry.lexicon == REPORTING_VERBS else entry.category
            end = span.end - 1 if entry.term.endswith(" of") else span.end  # "flood (of)"
            new = Span(doc, span.start, end, label=label)
            kept.append((new, entry, how))
        chosen = {(s.start, s.end) for s in filter_spans([s for s, _, _ in kept])}
        spans = []
        tier = "parser" if doc.has_annotation("DEP") else "blank"
        for span, entry, how in kept:
            if (span.start, span.end) not in chosen:
                continue
            chosen.discard((span.start, span.end))
            rule = "reporting_verb" if entry.lexicon == REPORTING_VERBS else "lexicon"
            if entry.not_after or entry.not_before:
                rule = "lexicon_in_context"
            explain(
                span,
                {
                    **entry.explanation(rule),
                    "category": span.label_,
                    "matched_on": how,
                    "score": SCORES[entry.lexicon],
                    "codebook": codebook_target(
                        "loaded", span.label_, {"neutral_alternative": entry.neutral_alternative}
                    ),
                    "tier": tier,
                },
            )
            spans.append(span)
        spans += _scare_quotes(doc, units, tier)
        set_layer(doc, "loaded", spans)
        return doc

    def _fits_context(self, doc, span, entry, cues, neutral_cues) -> bool:
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        if before in entry.not_after or after in entry.not_before:
            return False
        if entry.lexicon == REPORTING_VERBS:
            if (span.start, span.end) in cues:
                return True
            last = doc[span.end - 1].lower_
            return (last.endswith("ed") or last in _PAST_IRREGULAR) and before not in DETERMINERS
        # a neutral cue ("stressed that", "noted") is never an emotive word
        return not any(c.start < span.end and span.start < c.end for c in neutral_cues)


def _loaded_cue(span: Span) -> bool:
    explanation = span._.explanation or {}
    return bool(explanation.get("neutral_alternative"))


def _scare_quotes(doc: Doc, units: TextUnits, tier: str) -> list[Span]:
    attributed = [
        s for s in doc.spans.get("quote", []) if s.label_ == "partial" or s.label_ == "direct"
    ]
    spans = []
    for quotation in units.quotations:
        q = quotation.span
        words = sum(1 for t in q if t.is_alpha or t.like_num)
        if not 0 < words <= MAX_SCARE_WORDS:
            continue
        if any(
            (s.label_ == "partial" and s.start <= q.start and q.end <= s.end)
            or (s.start == q.start and s.end == q.end)
            for s in attributed
        ):
            continue
        span = Span(doc, q.start, q.end, label="scare_quotes")
        explain(
            span,
            {
                "rule": "scare_quotes",
                "entry": None,
                "category": "scare_quotes",
                "neutral_alternative": "(drop the quotation marks, or say whose words they are)",
                "note": f"{words} quoted word(s) that no reporting verb in the clause attributes",
                "score": 0.6,
                "codebook": codebook_target("loaded", "scare_quotes"),
                "tier": tier,
            },
        )
        spans.append(span)
    return spans
