"""The ``loaded_language`` pipeline component: loaded words from the lexicons, in context.

- Curated terms (loaded_terms.tsv) match every inflected form, on lower case and on lemma;
  general emotive words (general_emotive.tsv) match their exact form only.
- Context: ``not_after`` / ``not_before`` words cancel a match ("tax regime", "mass grave",
  "explosive device"); a word used as a neutral reporting cue is never emotive ("stressed that").
- Loaded reporting verbs (reporting_verbs.tsv entries with a neutral alternative): every cue the
  attribution component found; pejorative ones and admissions also in past-tense uses elsewhere
  ("blasted Ankara for ...", "admitted the losses"); "revealed" and "claimed" outside a cue are
  not speech ("documents revealed", "claimed 165 lives"), nor is "was admitted to hospital".
- Scare quotes: one to four quoted words that no cue in their clause attributes.
- Phrases: a loaded adjective takes the noun it modifies ("reckless appeasement") and an
  intensifier before it ("utterly absurd"), as annotators mark them.
- Scores: every suggestion carries its estimated precision (``score``, see ``entry_score``);
  suggestions below the component's ``min_score`` are dropped (``DEFAULT_MIN_SCORE``, the
  balanced default; a lower value trades precision for recall).
Runs after ``attribution``; results in ``doc.spans["loaded"]`` with ``span._.explanation``.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from annotator.detect.attribution import UNITS_KEY
from annotator.detect.explanations import add_layer, codebook_target
from annotator.detect.lexicons import (
    LOADED_FILES,
    REPORTING_VERBS,
    Entry,
    phrase_forms,
    read_lexicon,
)
from annotator.detect.loaded_phrases import extend_phrases
from annotator.detect.patterns import PatternMaker
from annotator.detect.text_units import DETERMINERS, TextUnits

MAX_SCARE_WORDS = 4
SCARE_ALTERNATIVE = "(drop the quotation marks, or say whose words they are)"
# The balanced default (docs/detection.md): on the tuning part of PTC dev its F1 is within .006 of
# the 0.3 setting's, with more recall; above 0.3 the codebook's own vocabulary ("regime",
# "claimed") goes dark.
DEFAULT_MIN_SCORE = 0.2
# Estimated precision of a suggestion whose lexicon line gives no score (general_emotive.tsv:
# .48 on the tuning part of PTC dev, span overlap, rounded down; a line a user adds: the same).
LEXICON_SCORES = {"loaded_terms.tsv": 0.4, "loaded_rhetoric.tsv": 0.4, "general_emotive.tsv": 0.4}
# Loaded reporting verbs by stance: as a cue, and (pejorative only) past tense outside a cue.
VERB_SCORES = {"pejorative": 0.5, "distancing": 0.3, "endorsing": 0.3}
# Scare quotes right after a determiner or possessive ("the 'moderates'") and elsewhere.
SCARE_QUOTES_SCORES = (0.2, 0.1)
# Written in capitals inside lower-case text these words shout ("there is NO evidence"); PTC's
# annotators mark them as loaded language. Score: 8 of 9 on the tuning part, rounded down.
# (the words, EMPHASIS_WORDS, are in word_table.py: Word.kind marks them, found per form once)
EMPHASIS_SCORE = 0.6
_PAST_IRREGULAR = frozenset({"told", "said", "wrote"})
# Outside a cue these still presuppose guilt ("Ankara admitted the losses"), unless passive or
# followed by a place ("was admitted to hospital", "admitted into Britain").
_ADMISSIONS = frozenset({"admit", "concede", "confess"})
_NOT_AN_ADMISSION_BEFORE = frozenset({"was", "were", "been", "being", "is", "are", "be"})
_NOT_AN_ADMISSION_AFTER = frozenset({"to", "into", "in", "at", "by", "from"})
# in a lexicon's not_after column: a capitalised word that does not start the sentence
NAME = "(name)"


@Language.factory("loaded_language", default_config={"min_score": DEFAULT_MIN_SCORE})
def make_loaded_language(nlp: Language, name: str, min_score: float) -> LoadedLanguage:
    return LoadedLanguage(nlp, min_score)


def entry_score(entry: Entry) -> float:
    """The estimated precision of a suggestion from this lexicon entry."""
    if entry.score is not None:
        return entry.score
    if entry.lexicon == REPORTING_VERBS:
        return VERB_SCORES.get(entry.category, VERB_SCORES["distancing"])
    return LEXICON_SCORES.get(entry.lexicon, 0.4)


class LoadedLanguage:
    def __init__(self, nlp: Language, min_score: float = DEFAULT_MIN_SCORE):
        self.min_score = min_score
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.entries: dict[int, Entry] = {}
        entries = [e for name in LOADED_FILES for e in read_lexicon(name)]
        entries += [e for e in read_lexicon(REPORTING_VERBS) if e.neutral_alternative]
        # An attribution component earlier in the pipeline matches these terms in the same pass
        # as its cues (one scan of the Doc instead of two) and leaves the matches in TextUnits.
        shared: Any = nlp.get_pipe("attribution") if "attribution" in nlp.pipe_names else None
        maker = shared.patterns if shared is not None else PatternMaker(nlp)
        for entry in entries:
            key = f"{entry.lexicon}:{entry.term}"
            curated = entry.lexicon != "general_emotive.tsv"
            forms = sorted(phrase_forms(entry.term, inflect=curated))
            patterns = maker.docs(forms)
            self.lower.add(key, patterns)
            if shared is not None:
                shared.matcher.add(key, patterns)
            if curated:
                words = maker.words(entry.term)
                self.lemma.add(key, [Doc(nlp.vocab, words=words, lemmas=words)])
            self.entries[nlp.vocab.strings[key]] = entry
        self.templates: dict[tuple, dict] = {}
        self.parsed = "parser" in nlp.pipe_names

    def __call__(self, doc: Doc) -> Doc:
        # taken out of user_data, so the Doc holds no reference cycle once the pipeline is done
        units = doc.user_data.pop(UNITS_KEY, None) or TextUnits(doc)
        found: dict[tuple[int, int, int], str] = {}
        matches = units.term_matches if units.term_matches is not None else self.lower(doc)
        for key, start, end in matches:
            found[(start, end, key)] = "lower"
        # The lower-case patterns already hold every form in the lookup table, so lemmas add
        # something only where a parser chose them by part of speech.
        parsed = self.parsed and doc.has_annotation("DEP")
        if parsed and doc.has_annotation("LEMMA"):
            for key, start, end in self.lemma(doc):
                found.setdefault((start, end, key), "lemma")
        tier = "parser" if parsed else "blank"
        spans = self._terms(doc, units, found, parsed, tier) if found else []
        if self.min_score <= EMPHASIS_SCORE:
            spans += self._emphasis(doc, units, tier)
        if self.min_score <= SCARE_QUOTES_SCORES[0] and units.quotations:
            spans += [s for s in _scare_quotes(doc, units, tier) if s[3]["score"] >= self.min_score]
        add_layer(doc, "loaded", spans, units.layer_writer())
        return doc

    def _terms(self, doc, units, found, parsed: bool, tier: str) -> list[tuple]:
        """The lexicon matches (``found``: ``(start, end, key)`` -> how) that fit their context,
        grown to their phrases: ``(start, end, label, explanation)``."""
        cues = {(c.start, c.end): c for c in units.cues}
        neutral_cues = bytearray(len(doc) + 1)  # 1 at the tokens of neutral cues
        for c in units.cues:
            if not (c.entry and c.entry.neutral_alternative):
                neutral_cues[c.start : c.end] = b"\x01" * (c.end - c.start)
        kept = []
        for (start, end, key), how in found.items():
            entry = self.entries[key]
            if self._fits_context(units, start, end, entry, cues, neutral_cues):
                if entry.term.endswith(" of"):
                    end -= 1  # "flood (of)"
                kept.append((start, end, entry, how))
        # the longest match wins where matches overlap; then the score decides what is shown
        kept.sort(key=lambda m: (m[0] - m[1], m[0]))
        taken = bytearray(len(doc) + 1)
        terms = []
        for start, end, entry, how in kept:
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            explanation = self._explanation(entry, how, tier)  # its score is entry_score(entry)
            if explanation["score"] >= self.min_score:
                terms.append((start, end, explanation))
        return [
            (start, end, explanation["category"], explanation)
            for start, end, explanation in extend_phrases(doc, units.tokens, terms, parsed)
        ]

    def _emphasis(self, doc: Doc, units: TextUnits, tier: str) -> list[tuple]:
        """Shouted function words; not in a line written all in capitals (a headline)."""
        if not len(doc):
            return []
        spans = []
        for i in units.emphasis_words():
            start, end = units.window(i)
            near = [w for w in units.tokens[max(start, i - 3) : min(end, i + 4)] if w.is_alpha]
            if sum(w.is_lower for w in near) > sum(w.is_upper for w in near):
                explanation = self.templates.get(("emphasis", tier))
                if explanation is None:
                    explanation = self.templates[("emphasis", tier)] = {
                        "rule": "emphasis_capitals",
                        "entry": None,
                        "category": "emotive",
                        "neutral_alternative": "(write it in lower case)",
                        "note": "a word written in capitals for emphasis",
                        "score": EMPHASIS_SCORE,
                        "codebook": codebook_target(
                            "loaded", "emotive", {"neutral_alternative": "(write it in lower case)"}
                        ),
                        "tier": tier,
                    }
                spans.append((i, i + 1, "emotive", explanation))
        return spans

    def _explanation(self, entry: Entry, how: str, tier: str) -> dict:
        key = (id(entry), how, tier)
        explanation = self.templates.get(key)
        if explanation is None:
            label = "loaded_verb" if entry.lexicon == REPORTING_VERBS else entry.category
            rule = "reporting_verb" if entry.lexicon == REPORTING_VERBS else "lexicon"
            if entry.not_after or entry.not_before:
                rule = "lexicon_in_context"
            explanation = self.templates[key] = {
                **entry.explanation(rule),
                "category": label,
                "matched_on": how,
                "score": entry_score(entry),
                "codebook": codebook_target(
                    "loaded", label, {"neutral_alternative": entry.neutral_alternative}
                ),
                "tier": tier,
            }
        return explanation

    def _fits_context(self, units, start, end, entry, cues, neutral_cues) -> bool:
        words = units.tokens
        before = words[start - 1].lower_ if start > 0 else ""
        after = words[end].lower_ if end < len(words) else ""
        if before in entry.not_after or after in entry.not_before:
            return False
        if NAME in entry.not_after and _after_name(units, start):
            return False  # "the Las Vegas massacre": the name of an event
        if entry.lexicon == REPORTING_VERBS:
            if (start, end) in cues:
                return True
            if entry.term in _ADMISSIONS:
                if before in _NOT_AN_ADMISSION_BEFORE or after in _NOT_AN_ADMISSION_AFTER:
                    return False
            elif entry.category != "pejorative":  # "documents revealed", "claimed 165 lives"
                return False
            last = words[end - 1].lower_
            return (last.endswith("ed") or last in _PAST_IRREGULAR) and before not in DETERMINERS
        # a neutral cue ("stressed that", "noted") is never an emotive word
        return neutral_cues.find(1, start, end) == -1


def _after_name(units: TextUnits, start: int) -> bool:
    i = start - 1
    if i < 0 or not units.tokens[i].is_title:
        return False
    return units.window(i)[0] != i


def _scare_quotes(doc: Doc, units: TextUnits, tier: str) -> list[tuple]:
    exact = units.contents
    in_partial = None  # made once a short quotation needs it: most Docs have none
    spans = []
    for quotation in units.quotations:
        q = quotation
        if q.end - q.start > 2 * MAX_SCARE_WORDS + 2:
            continue
        if in_partial is None:
            in_partial = bytearray(len(doc) + 1)
            for (start, end), label in units.contents.items():
                if label == "partial":
                    in_partial[start:end] = b"\x01" * (end - start)
        # (the look-ups first: they cost less than counting the words)
        if (q.start, q.end) in exact or in_partial.find(0, q.start, q.end) == -1:
            continue
        words = sum(1 for t in units.tokens[q.start : q.end] if t.is_alpha or t.like_num)
        if not 0 < words <= MAX_SCARE_WORDS:
            continue
        after_determiner = q.start > 0 and units.tokens[q.start - 1].lower_ in DETERMINERS
        spans.append(
            (
                q.start,
                q.end,
                "scare_quotes",
                {
                    "rule": "scare_quotes",
                    "entry": None,
                    "category": "scare_quotes",
                    "neutral_alternative": SCARE_ALTERNATIVE,
                    "note": f"{words} quoted word(s) that no cue in the clause attributes",
                    "score": SCARE_QUOTES_SCORES[0 if after_determiner else 1],
                    "codebook": codebook_target("loaded", "scare_quotes"),
                    "tier": tier,
                },
            )
        )
    return spans
