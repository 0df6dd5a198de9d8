"""Running detection: on texts, on one article, on a whole project (in batches, with progress).

Long texts are cut into pieces at line breaks (or spaces) of at most ``MAX_PIECE_CHARS``, so a
5 MB article neither trips spaCy's length limit nor needs gigabytes for the parser; offsets are
shifted back, so every span is ``[start, end)`` in code points of the whole text.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import IS_ALPHA, IS_STOP
from spacy.language import Language
from spacy.tokens import Doc

from annotator.detect.explanations import LAYERS
from annotator.detect.lexicons import lexicons_hash
from annotator.detect.pipeline import (
    MAX_PIECE_CHARS,
    describe_pipeline,
    pipeline_tier,
    shared_pipeline,
)
from annotator.detect.sensitivity import keep_passing, min_scores
from annotator.errors import Cancelled
from annotator.progress import ProgressCallback, no_progress

DETECTOR_NAME = "annotator.detect"
MODEL_PREFIX = "model:"  # a trained model's suggestions are "model:NAME" (annotator/training)
# Bump when a rule changes; lexicon changes are caught by the lexicon hash.
RULES_VERSION = "1"
# Detection of a project stores its suggestions in batches, each one short transaction, so
# other connections (coders, supervisors' dialogs) can write in between within their busy
# timeout; the spaCy work happens outside the transactions.
COMMIT_ARTICLES = 64
COMMIT_SECONDS = 1.0
_LETTERS = re.compile(r"[^\W\d_]")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")


@dataclass
class DetectionResult:
    """The suggestions for one text, and what the detector thinks of the text itself."""

    spans: list[dict[str, Any]]
    language: dict[str, Any]
    tier: str

    def counts(self) -> Counter:
        return Counter(span["layer"] for span in self.spans)


@dataclass
class ProjectDetection:
    detector: str
    version: str
    tier: str
    description: str = ""  # for people: "blank tier (...)", "model:NAME 0.1.0"
    articles: int = 0
    suggestions: Counter = field(default_factory=Counter)
    not_english: list[int] = field(default_factory=list)

    def add(self, article_id: int, results: Sequence[DetectionResult]) -> None:
        """Count one article's results (one per suggester)."""
        self.articles += 1
        for result in results:
            self.suggestions.update(result.counts())
        if any(result.language.get("looks_english") is False for result in results):
            self.not_english.append(article_id)


@dataclass(frozen=True)
class Suggester:
    """One source of a project's suggestions: the detector name and version stored with each
    of them, its tier, a line for people, a note for progress ("the blank tier"), and
    ``suggest``: one DetectionResult per text, in order."""

    detector: str
    version: str
    tier: str
    description: str
    note: str
    suggest: Callable[[list[str]], Iterable[DetectionResult]]


def detector_version(nlp: Language) -> str:
    """Changes with the rules, the tier and every lexicon file: ``1-blank-lex.3f2a9c1b0d4e``."""
    lexicons = nlp.meta.get("annotator_lexicons") or lexicons_hash()
    return f"{RULES_VERSION}-{pipeline_tier(nlp)}-lex.{lexicons}"


def detect_texts(
    texts: Iterable[str], nlp: Language | None = None, batch_size: int = 32
) -> Iterator[DetectionResult]:
    """One result per text, in order. Builds (once per process) the best tier if ``nlp`` is None."""
    nlp = nlp or shared_pipeline()
    tier = pipeline_tier(nlp)
    texts = list(texts)
    pieces = [(n, offset, piece) for n, text in enumerate(texts) for offset, piece in cut(text)]
    docs = nlp.pipe((piece for _, _, piece in pieces), batch_size=batch_size)
    current = 0
    spans: list[dict[str, Any]] = []
    language: list[tuple[int, int]] = []
    for (n, offset, _), doc in zip(pieces, docs, strict=True):
        while current < n:
            yield DetectionResult(spans, _language_verdict(language, texts[current]), tier)
            current, spans, language = current + 1, [], []
        spans.extend(doc_spans(doc, offset))
        language.append(_english_counts(doc))
    while current < len(texts):
        yield DetectionResult(spans, _language_verdict(language, texts[current]), tier)
        current, spans, language = current + 1, [], []


def detect_text(text: str, nlp: Language | None = None) -> DetectionResult:
    return next(detect_texts([text], nlp))


def detect_article(
    project,
    article_id: int,
    nlp: Language | None = None,
    *,
    scores: Mapping[str, float] | None = None,
    nested: bool = False,
) -> DetectionResult:
    """Detect in one article and store its suggestions (for the app's "detect again").

    ``scores``: the minimum score per layer (``sensitivity.min_scores()``, balanced if None);
    ``nested`` keeps attributions nested inside another's quoted content.
    """
    nlp = nlp or shared_pipeline()
    text = project.articles.get(article_id).text
    result = detect_text(text, nlp)
    result.spans = keep_passing(result.spans, scores or min_scores(), nested)
    project.suggestions.replace(article_id, DETECTOR_NAME, detector_version(nlp), result.spans)
    return result


def rules_suggester(
    nlp: Language | None = None,
    batch_size: int = 32,
    scores: Mapping[str, float] | None = None,
    nested: bool = False,
) -> Suggester:
    """The rules and lexicons as a project's suggester (the best tier if ``nlp`` is None),
    keeping the suggestions that pass ``scores`` (the minimum score per layer, from
    ``sensitivity.min_scores()``; balanced if None); ``nested`` keeps attributions nested inside
    another's quoted content."""
    nlp = nlp or shared_pipeline()
    tier = pipeline_tier(nlp)
    floor = scores or min_scores()

    def suggest(texts: list[str]) -> Iterator[DetectionResult]:
        for result in detect_texts(texts, nlp, batch_size):
            result.spans = keep_passing(result.spans, floor, nested)
            yield result

    return Suggester(
        DETECTOR_NAME,
        detector_version(nlp),
        tier,
        describe_pipeline(nlp),
        f"the {tier} tier",
        suggest,
    )


def detect_project(
    project,
    nlp: Language | None = None,
    *,
    article_ids: Sequence[int] | None = None,
    batch_size: int = 32,
    progress: ProgressCallback = no_progress,
    scores: Mapping[str, float] | None = None,
    nested: bool = False,
) -> ProjectDetection:
    """Replace this detector's suggestions for every article (or ``article_ids``); other
    detectors' suggestions stay. Only suggestions passing ``scores`` are stored, each with its
    score (``rules_suggester``). See ``fill_project`` for batches and cancelling."""
    suggester = rules_suggester(nlp, batch_size, scores, nested)
    return fill_project(
        project, [suggester], article_ids=article_ids, batch_size=batch_size, progress=progress
    )


def fill_project(
    project,
    suggesters: Sequence[Suggester],
    *,
    article_ids: Sequence[int] | None = None,
    exclusive: bool = False,
    batch_size: int = 32,
    progress: ProgressCallback = no_progress,
    commit_articles: int = COMMIT_ARTICLES,
    commit_seconds: float = COMMIT_SECONDS,
) -> ProjectDetection:
    """Store each suggester's suggestions for every article (or ``article_ids``), replacing
    what that suggester stored there before; ``exclusive``: also remove, from those articles,
    the suggestions of every other suggester (the rules, any model). Coders' labels and their
    decisions are never touched.

    Suggestions are stored every ``commit_articles`` articles or ``commit_seconds``, whichever
    comes first, each batch one transaction. Progress is reported after each article; a
    callback that raises ``Cancelled`` (or Ctrl+C in the CLI) stops the run, and every article
    detected so far keeps its new suggestions: the batch in hand is stored before it goes on.
    """
    report = ProjectDetection(
        " + ".join(s.detector for s in suggesters),
        " + ".join(s.version for s in suggesters),
        " + ".join(s.tier for s in suggesters),
        " + ".join(s.description for s in suggesters),
    )
    keep = [s.detector for s in suggesters]
    ids = list(article_ids) if article_ids is not None else project.articles.ids()
    pending: list[tuple[int, list[DetectionResult]]] = []
    stored_at = time.monotonic()

    def store() -> None:
        nonlocal stored_at
        with project.transaction():
            if exclusive:
                project.suggestions.remove_other_suggesters(
                    [article_id for article_id, _ in pending], keep, [DETECTOR_NAME], [MODEL_PREFIX]
                )
            for article_id, results in pending:
                for suggester, result in zip(suggesters, results, strict=True):
                    project.suggestions.replace(
                        article_id, suggester.detector, suggester.version, result.spans
                    )
        pending.clear()
        stored_at = time.monotonic()

    progress(0, len(ids), "detecting with " + " and ".join(s.note for s in suggesters))
    try:
        for begin in range(0, len(ids), batch_size):
            chunk = ids[begin : begin + batch_size]
            texts = project.articles.texts(chunk)
            found = [s.suggest([texts[i] for i in chunk]) for s in suggesters]
            for article_id, *results in zip(chunk, *found, strict=True):
                pending.append((article_id, results))
                report.add(article_id, results)
                waited = time.monotonic() - stored_at
                if len(pending) >= commit_articles or waited >= commit_seconds:
                    store()
                progress(report.articles, len(ids), f"article {article_id}")
    except (Cancelled, KeyboardInterrupt):
        if pending:  # every article reported so far keeps its suggestions
            store()
        raise
    if pending:
        store()
    return report


def doc_spans(doc: Doc, offset: int = 0) -> list[dict[str, Any]]:
    """The detected spans of a processed Doc as plain dicts (the JSONL and store format)."""
    out = []
    for layer in LAYERS:
        for span in doc.spans.get(layer, []):
            explanation = dict(span._.explanation or {})
            for key in ("cue", "source"):
                if explanation.get(key):
                    explanation[key] = [explanation[key][0] + offset, explanation[key][1] + offset]
            out.append(
                {
                    "start": span.start_char + offset,
                    "end": span.end_char + offset,
                    "layer": layer,
                    "label": span.label_,
                    "score": explanation.get("score"),
                    "explanation": explanation,
                }
            )
    out.sort(key=lambda s: (s["start"], s["end"], LAYERS.index(s["layer"])))
    return out


def cut(text: str, limit: int = MAX_PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` pieces of at most ``limit`` characters, cut at a line break if there
    is one in the second half of the piece, else at a space, else anywhere."""
    start = 0
    while len(text) - start > limit:
        end = start + limit
        for separator in ("\n", " "):
            at = text.rfind(separator, start + limit // 2, end)
            if at != -1:
                end = at + 1
                break
        yield start, text[start:end]
        start = end
    yield start, text[start:]


def _english_counts(doc: Doc) -> tuple[int, int]:
    if not len(doc):
        return 0, 0
    flags = doc.to_array([IS_ALPHA, IS_STOP])
    alpha = flags[:, 0] == 1
    return int(alpha.sum()), int((flags[:, 1][alpha] == 1).sum())


def _language_verdict(counts: list[tuple[int, int]], text: str) -> dict[str, Any]:
    """English news is about 40-50% function words; below 15% the language looks wrong."""
    words = sum(a for a, _ in counts)
    function_words = sum(s for _, s in counts)
    sample = text[:20_000]
    letters = len(_LETTERS.findall(sample))
    latin = len(_ASCII_LETTERS.findall(sample)) / letters if letters else 1.0
    verdict: dict[str, Any] = {"words": words}
    if words and letters:
        verdict["function_word_ratio"] = round(function_words / words, 3)
    if letters >= 40 and latin < 0.5:
        verdict["looks_english"] = False
    elif words < 20:
        verdict["looks_english"] = None  # too little text to tell
    else:
        verdict["looks_english"] = function_words / words >= 0.15
    if verdict["looks_english"] is False:
        verdict["warning"] = (
            "the text does not look like English; the detector's lexicons and rules are for "
            "English, so its suggestions here are unreliable"
        )
    return verdict
