"""A trained pipeline as the suggester: its spans become suggestions, marked ``model:NAME`` and
the model's version, in the detect layers and mapped onto the codebook like the rules' are
(``annotator.training.model_output``). A model predicts with a spancat (``doc.spans[key]``,
with a score each) or with roles (``ner``: ``doc.ents``, no score).

Which suggester fills a project (the rules, a model, or both) is the project's choice
(annotator/project_detection.py). Both (the merged mode): the model's suggestions and the
rules' that overlap none of them in their codebook layer (``model_output.rules_beside``; for a
project ``merged_suggesters``, for texts ``suggest_texts``). Coders' labels and their
accept/reject decisions are never touched.

What the app calls: ``annotator.project_detection.detect_with_choice`` (the project's choice),
or ``shared_model(folder)`` once, then ``detect_project_with_model(project, nlp, rules=None |
shared_pipeline(), progress=...)``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy

from annotator.codebook import Codebook
from annotator.detect import DetectionResult, ProjectDetection
from annotator.detect.run import (
    MODEL_PREFIX,
    Suggester,
    cut,
    fill_project,
    rules_suggester,
)
from annotator.progress import ProgressCallback, no_progress
from annotator.training.model_folder import ModelError, inspect_model_folder
from annotator.training.model_output import (
    detect_layer,
    link_to_cues,
    merge_with_rules,
    rules_beside,
)

DETECTOR_PREFIX = MODEL_PREFIX
SPANCAT_FACTORIES = ("spancat", "spancat_singlelabel")


def load_model(path: str | Path):
    """The spaCy pipeline in ``path``, checked to be one that suggests spans."""
    path = Path(path)
    inspect_model_folder(path)
    import spacy

    try:
        nlp = spacy.load(path)
    except Exception as exc:  # spaCy raises many kinds for a broken or foreign folder
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"{path} could not be loaded as a spaCy pipeline: {reason}") from None
    if span_key(nlp) is None and not _roles(nlp):
        raise ModelError(
            f"{path} has no span categorizer (spancat) or role tagger to suggest spans"
        )
    return nlp


def shared_model(path: str | Path):
    """One loaded model per folder for the whole process (the app reuses it); loaded again
    when the folder's meta.json changes (a model trained again into the same folder)."""
    meta = Path(path) / "meta.json"
    return _loaded(str(path), meta.stat().st_mtime_ns if meta.is_file() else 0)


@functools.lru_cache(maxsize=4)
def _loaded(path: str, stamp: int):
    return load_model(path)


def span_key(nlp) -> str | None:
    spancat = _spancat(nlp)
    return spancat.key if spancat is not None else None


def _spancat(nlp):
    for name in nlp.pipe_names:
        if nlp.get_pipe_meta(name).factory in SPANCAT_FACTORIES:
            return nlp.get_pipe(name)
    return None


def _roles(nlp) -> bool:
    """Whether the model tags one role per token (an ``ner`` taught by ``annotator train``)."""
    meta = nlp.meta.get("annotator") or {}
    return meta.get("component") == "ner" and "ner" in nlp.pipe_names


def model_detector(nlp) -> tuple[str, str]:
    """(detector name, version) stored with the model's suggestions."""
    trained = (nlp.meta.get("annotator") or {}).get("trained")
    version = str(nlp.meta.get("version", "0"))
    return f"{DETECTOR_PREFIX}{nlp.meta.get('name', 'pipeline')}", (
        f"{version}+{trained}" if trained else version
    )


def model_suggestions(
    nlp, texts: Iterable[str], codebook: Codebook | None = None, batch_size: int = 32
) -> Iterator[list[dict[str, Any]]]:
    """For each text, its suggestions: layer, label, start, end, score and explanation."""
    meta = nlp.meta.get("annotator") or {}
    name, version = model_detector(nlp)
    texts = list(texts)
    pieces = [(n, offset, piece) for n, text in enumerate(texts) for offset, piece in cut(text)]
    found: list[list[dict[str, Any]]] = [[] for _ in texts]
    docs = nlp.pipe((piece for _, _, piece in pieces), batch_size=batch_size)
    for (n, offset, _), doc in zip(pieces, docs, strict=True):
        for span, score in _predicted(nlp, doc):
            target = _target(span.label_, meta.get("layer"), codebook)
            words = span.text.strip()  # a model may take in a line break at either end
            if target is None or not words:
                continue
            start = span.start_char + span.text.index(words)
            found[n].append(
                {
                    "layer": detect_layer(*target),
                    "label": target[1],
                    "start": start + offset,
                    "end": start + len(words) + offset,
                    "score": score,
                    "explanation": {
                        "rule": "trained model",
                        "entry": f"{name} {version}",
                        "note": f"score {score}" if score is not None else "",
                        "codebook": {"layer": target[0], "label": target[1], "attributes": {}},
                    },
                }
            )
    for text, spans in zip(texts, found, strict=True):
        link_to_cues(spans, text)
        yield spans


def _predicted(nlp, doc) -> Iterator[tuple[Any, float | None]]:
    """The predicted spans and their scores (None for roles: ``ner`` gives no score)."""
    if _roles(nlp):
        yield from ((span, None) for span in doc.ents)
        return
    group = doc.spans.get(span_key(nlp), [])
    scores = group.attrs.get("scores") if hasattr(group, "attrs") else None
    for i, span in enumerate(group):
        # one score per span, or a row of one (spaCy's max_positive = 1)
        yield span, (round(float(numpy.max(scores[i])), 3) if scores is not None else None)


def suggest_texts(
    nlp,
    texts: Iterable[str],
    rules=None,
    codebook: Codebook | None = None,
    batch_size: int = 32,
    scores: Mapping[str, float] | None = None,
    nested: bool = False,
) -> Iterator[list[dict[str, Any]]]:
    """The model's suggestions for each text; with ``rules`` (a detection pipeline) merged
    with the rules' that pass ``scores`` (balanced if None) as ``rules_suggester`` keeps them
    (``model_output.merge_with_rules``)."""
    texts = list(texts)
    found = model_suggestions(nlp, texts, codebook, batch_size)
    if rules is None:
        yield from found
        return
    kept = rules_suggester(rules, batch_size, scores, nested).suggest(texts)
    for model_spans, result in zip(found, kept, strict=True):
        yield merge_with_rules(model_spans, result.spans)


def _target(label: str, layer: str | None, codebook: Codebook | None) -> tuple[str, str] | None:
    """The codebook (layer, label) of a predicted label (``label`` or ``layer/label``)."""
    if "/" in label:
        layer, label = label.split("/", 1)
    if layer:
        return layer, label
    if codebook is None:
        return None
    owners = [x.name for x in codebook.layers if any(y.name == label for y in x.labels)]
    return (owners[0], label) if len(owners) == 1 else None


def model_suggester(nlp, codebook: Codebook | None, batch_size: int = 32) -> Suggester:
    """A trained pipeline as a project's suggester, mapped onto ``codebook``."""
    name, version = model_detector(nlp)

    def suggest(texts: list[str]) -> Iterator[DetectionResult]:
        for spans in model_suggestions(nlp, texts, codebook, batch_size):
            yield DetectionResult(spans, {}, "model")

    return Suggester(name, version, "model", f"{name} {version}", f"{name} {version}", suggest)


def merged_suggesters(rules: Suggester, model: Suggester) -> list[Suggester]:
    """The merged mode as two suggesters, each storing its suggestions as its own: the rules'
    that overlap none of the model's (``model_output.rules_beside``), and the model's. Both
    read one computation per batch of texts, so the model runs once."""
    batch: dict[str, Any] = {"texts": None}

    def results(texts: list[str], part: str) -> Iterator[DetectionResult]:
        if batch["texts"] != texts:
            found = list(model.suggest(texts))
            beside = [
                replace(result, spans=rules_beside(mine.spans, result.spans))
                for mine, result in zip(found, rules.suggest(texts), strict=True)
            ]
            batch.update(texts=texts, model=found, rules=beside)
        return iter(batch[part])

    return [
        replace(
            rules,
            description=f"{rules.description} (beside the model)",
            suggest=lambda texts: results(texts, "rules"),
        ),
        replace(model, suggest=lambda texts: results(texts, "model")),
    ]


def detect_project_with_model(
    project,
    nlp,
    *,
    rules=None,
    article_ids: Sequence[int] | None = None,
    batch_size: int = 32,
    progress: ProgressCallback = no_progress,
) -> ProjectDetection:
    """Store the model's suggestions for every article (or ``article_ids``), replacing any
    suggester's earlier ones there (batches and Cancel as in ``fill_project``). With ``rules``
    (a detection pipeline), the rules' suggestions beside the model's are stored too, as the
    rules' own (the merged mode, ``merged_suggesters``)."""
    suggesters = [model_suggester(nlp, project.codebook, batch_size)]
    if rules is not None:
        suggesters = merged_suggesters(rules_suggester(rules, batch_size), suggesters[0])
    return fill_project(
        project,
        suggesters,
        article_ids=article_ids,
        exclusive=True,
        batch_size=batch_size,
        progress=progress,
    )
