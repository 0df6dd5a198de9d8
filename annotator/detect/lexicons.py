"""The detection lexicons: TSV files in resources/lexicons/, read once, hashed for the version.

Every file has the columns term, category, neutral_alternative, provenance, licence; some add
context columns (``not_after``, ``not_before``: words that cancel a match when they come just
before or after it; ``content``: how a reporting verb introduces what was said).
"""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import json
from dataclasses import dataclass
from importlib import resources

from annotator.errors import AnnotatorError
from annotator.paths import resource_path

LOADED_FILES = ("loaded_terms.tsv", "loaded_rhetoric.tsv", "general_emotive.tsv")
REPORTING_VERBS = "reporting_verbs.tsv"
SOURCE_TYPES = "source_types.tsv"
CUE_RATES = "cue_rates.tsv"  # PolNeAR counts behind each cue's score (cue_scores.py)
ALL_FILES = (*LOADED_FILES, REPORTING_VERBS, SOURCE_TYPES, CUE_RATES)
REQUIRED_COLUMNS = ("term", "category", "neutral_alternative", "provenance", "licence")

# Irregular forms of reporting verbs, for when spacy-lookups-data is missing.
_IRREGULAR = {"say": {"said"}, "tell": {"told"}, "write": {"wrote", "written"}}


class DetectionError(AnnotatorError):
    """Detection cannot run: a broken lexicon, or a pipeline tier that is not installed."""


@dataclass(frozen=True)
class Entry:
    term: str
    category: str
    neutral_alternative: str
    provenance: str
    licence: str
    lexicon: str
    not_after: frozenset[str] = frozenset()
    not_before: frozenset[str] = frozenset()
    content: str = ""
    score: float | None = None

    def explanation(self, rule: str) -> dict[str, str]:
        return {
            "rule": rule,
            "entry": self.term,
            "lexicon": self.lexicon,
            "category": self.category,
            "neutral_alternative": self.neutral_alternative,
            "provenance": self.provenance,
            "licence": self.licence,
        }


def _words(cell: str | None) -> frozenset[str]:
    return frozenset(w.strip().lower() for w in (cell or "").split(",") if w.strip())


def _score(cell: str | None, path, line: int) -> float | None:
    if cell is None or not cell.strip():
        return None
    try:
        score = float(cell)
    except ValueError:
        score = -1.0
    if not 0.0 <= score <= 1.0:
        raise DetectionError(f"{path} line {line}: score '{cell}' is not a number from 0 to 1")
    return score


@functools.cache
def read_lexicon(name: str) -> tuple[Entry, ...]:
    """All entries of one lexicon file; a DetectionError names the file and line if broken."""
    path = resource_path("lexicons", name)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise DetectionError(f"{path}: missing column(s) {', '.join(missing)}")
            entries = []
            for line, row in enumerate(reader, start=2):
                term = (row["term"] or "").strip().lower()
                if not term or not (row["category"] or "").strip():
                    raise DetectionError(f"{path} line {line}: a term and a category are needed")
                entries.append(
                    Entry(
                        term=term,
                        category=row["category"].strip(),
                        neutral_alternative=(row["neutral_alternative"] or "").strip(),
                        provenance=(row["provenance"] or "").strip(),
                        licence=(row["licence"] or "").strip(),
                        lexicon=name,
                        not_after=_words(row.get("not_after")),
                        not_before=_words(row.get("not_before")),
                        content=(row.get("content") or "").strip(),
                        score=_score(row.get("score"), path, line),
                    )
                )
    except OSError as exc:
        raise DetectionError(f"{path}: cannot read lexicon ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise DetectionError(f"{path}: not UTF-8 ({exc})") from exc
    return tuple(entries)


@functools.cache
def lexicons_hash() -> str:
    """SHA-256 (first 12 hex digits) of every lexicon file: part of the detector's version."""
    digest = hashlib.sha256()
    for name in ALL_FILES:
        digest.update(name.encode())
        try:
            digest.update(resource_path("lexicons", name).read_bytes())
        except OSError as exc:
            raise DetectionError(f"lexicon {name} cannot be read ({exc})") from exc
    return digest.hexdigest()[:12]


@functools.cache
def lemma_table() -> dict[str, str]:
    """spaCy's English lookup lemmas (spacy-lookups-data), or nothing if it is not installed."""
    try:
        data = resources.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
        with gzip.open(str(data)) as handle:
            return json.load(handle)
    except (ModuleNotFoundError, OSError):
        return {}


@functools.cache
def _forms_by_lemma() -> dict[str, tuple[str, ...]]:
    # tuples of strings, unlike frozensets, drop out of the garbage collector's tracking: tens
    # of thousands of long-lived tracked objects would slow every full collection
    forms: dict[str, set[str]] = {}
    for form, lemma in lemma_table().items():
        if form.islower():
            forms.setdefault(lemma, set()).add(form)
    return {lemma: tuple(sorted(f)) for lemma, f in forms.items()}


def word_forms(word: str) -> set[str]:
    """The inflected forms of one lower-case word: from the lemma table, plus regular endings.

    Over-generation is harmless (a form that is not a word never occurs in text).
    """
    forms = {word} | set(_forms_by_lemma().get(word, ())) | _IRREGULAR.get(word, set())
    if not word.isalpha() or len(word) < 3:
        return forms
    stem = word[:-1] if word.endswith("e") else word
    forms |= {word + "s", word + "es", stem + "ed", stem + "ing"}
    if word.endswith("y") and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word[-1] not in "aeiouywx" and word[-2] in "aeiou" and word[-3] not in "aeiou":
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def phrase_forms(term: str, inflect: bool = True) -> set[str]:
    """Forms of a (multi-word) term: the first word and the last word inflected."""
    words = term.split()
    if not inflect:
        return {term}
    if len(words) == 1:
        return word_forms(term)
    firsts = {" ".join([f, *words[1:]]) for f in word_forms(words[0])}
    lasts = {" ".join([*words[:-1], f]) for f in word_forms(words[-1])}
    return firsts | lasts
