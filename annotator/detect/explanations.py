"""Where each detected span keeps its explanation, and how a span maps onto the codebook.

Spans live in ``doc.spans[layer]`` for the layers in ``LAYERS``. Each span's explanation is a
dict stored in ``doc.user_data`` and read with ``span._.explanation``; spans of one lexicon
entry share one dict, so treat it as read only (``run.doc_spans`` copies). Labels are distinct
across layers, so (start, end, label) names one span.

Layer → codebook (default.toml): ``loaded`` → layer ``loaded`` with the same label;
``attribution_cue`` → ``attribution``/``cue`` with attribute ``stance`` = label; ``source`` →
``attribution``/``source`` with ``source_type`` when one can be guessed; ``quote`` →
``attribution``/``content`` with ``quote_type`` = label.
"""

from __future__ import annotations

import functools
import operator
from typing import Any

from spacy.tokens import Doc, Span, SpanGroup

LAYERS = ("loaded", "attribution_cue", "source", "quote")
_KEY = "annotator_explanations"


def _explanation(span: Span) -> dict[str, Any] | None:
    return span.doc.user_data.get(_KEY, {}).get((span.start, span.end, span.label))


if not Span.has_extension("explanation"):
    Span.set_extension("explanation", getter=_explanation)


def explain(span: Span, explanation: dict[str, Any]) -> None:
    span.doc.user_data.setdefault(_KEY, {})[(span.start, span.end, span.label)] = explanation


def add_layer(doc: Doc, layer: str, found: list[tuple[int, int, str, dict[str, Any]]]) -> None:
    """Set ``doc.spans[layer]`` from ``(start token, end token, label, explanation)``."""
    strings = doc.vocab.strings
    explanations = doc.user_data.get(_KEY)
    if explanations is None:
        explanations = doc.user_data[_KEY] = {}
    found.sort(key=_POSITION)
    spans = []
    label_ids: dict[str, int] = {}
    for start, end, label, explanation in found:
        label_id = label_ids.get(label)
        if label_id is None:
            label_id = label_ids[label] = strings.add(label)
        spans.append(Span(doc, start, end, label_id))
        explanations[(start, end, label_id)] = explanation
    doc.spans[layer] = SpanGroup(doc, name=layer, spans=spans)


_POSITION = operator.itemgetter(0, 1)


def codebook_target(layer: str, label: str, attributes: dict[str, Any] | None = None) -> dict:
    """What an accepted suggestion becomes in the default codebook (a shared dict: read only)."""
    return _target(layer, label, tuple(sorted((k, v) for k, v in (attributes or {}).items() if v)))


@functools.lru_cache(maxsize=4096)
def _target(layer: str, label: str, items: tuple) -> dict:
    attributes = dict(items)
    if layer == "loaded":
        return {"layer": "loaded", "label": label, "attributes": attributes}
    if layer == "attribution_cue":
        return {"layer": "attribution", "label": "cue", "attributes": {"stance": label}}
    if layer == "source":
        return {"layer": "attribution", "label": "source", "attributes": attributes}
    if layer == "quote":
        return {"layer": "attribution", "label": "content", "attributes": {"quote_type": label}}
    raise ValueError(f"unknown layer {layer}")
