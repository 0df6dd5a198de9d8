"""A trained pipeline as the suggester: its spans become suggestions, marked ``model:NAME`` and
the model's version, and mapped onto the codebook like the rules' suggestions are.

Which suggester fills a project (the rules, a model, or both) is the project's choice
(annotator/project_detection.py). Coders' labels and their accept/reject decisions are never
touched.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy

from annotator.codebook import Codebook
from annotator.detect import DetectionResult, ProjectDetection
from annotator.detect.run import MODEL_PREFIX, Suggester, cut, fill_project
from annotator.progress import ProgressCallback, no_progress
from annotator.training.model_folder import ModelError, inspect_model_folder

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
    if span_key(nlp) is None:
        raise ModelError(f"{path} has no span categorizer (spancat) to suggest spans")
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
    for name in nlp.pipe_names:
        if nlp.get_pipe_meta(name).factory in SPANCAT_FACTORIES:
            return nlp.get_pipe(name).key
    return None


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
    key = span_key(nlp)
    meta = nlp.meta.get("annotator") or {}
    name, version = model_detector(nlp)
    texts = list(texts)
    pieces = [(n, offset, piece) for n, text in enumerate(texts) for offset, piece in cut(text)]
    found: list[list[dict[str, Any]]] = [[] for _ in texts]
    docs = nlp.pipe((piece for _, _, piece in pieces), batch_size=batch_size)
    for (n, offset, _), doc in zip(pieces, docs, strict=True):
        group = doc.spans.get(key, [])
        scores = group.attrs.get("scores") if hasattr(group, "attrs") else None
        for i, span in enumerate(group):
            target = _target(span.label_, meta.get("layer"), codebook)
            if target is None:
                continue
            # one score per span, or a row of one (spaCy's max_positive = 1)
            score = round(float(numpy.max(scores[i])), 3) if scores is not None else None
            found[n].append(
                {
                    "layer": target[0],
                    "label": target[1],
                    "start": span.start_char + offset,
                    "end": span.end_char + offset,
                    "score": score,
                    "explanation": {
                        "rule": "trained model",
                        "entry": f"{name} {version}",
                        "note": f"score {score}" if score is not None else "",
                        "codebook": {"layer": target[0], "label": target[1], "attributes": {}},
                    },
                }
            )
    yield from found


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


def detect_project_with_model(
    project,
    nlp,
    *,
    article_ids: Sequence[int] | None = None,
    batch_size: int = 32,
    progress: ProgressCallback = no_progress,
) -> ProjectDetection:
    """Store the model's suggestions for every article (or ``article_ids``), replacing any
    suggester's earlier ones there (batches and Cancel as in ``fill_project``)."""
    suggester = model_suggester(nlp, project.codebook, batch_size)
    return fill_project(
        project,
        [suggester],
        article_ids=article_ids,
        exclusive=True,
        batch_size=batch_size,
        progress=progress,
    )
