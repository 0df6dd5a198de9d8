"""Where each detected span keeps its explanation.

Spans live in ``doc.spans[layer]`` for the layers in ``LAYERS``. Each span's explanation is a
dict stored in ``doc.user_data`` and read with ``span._.explanation``; spans of one lexicon
entry share one dict, so treat it as read only (``run.doc_spans`` copies). Labels are distinct
across layers, so (start, end, label) names one span. How each layer maps onto the codebook
(``codebook_target``) is annotator.detect_layers', re-exported here for the detectors.
"""

from __future__ import annotations

import operator
from typing import Any

from spacy.tokens import Doc, Span, SpanGroup

from annotator.detect_layers import DETECT_LAYERS
from annotator.detect_layers import codebook_target as codebook_target

LAYERS = DETECT_LAYERS
_KEY = "annotator_explanations"


def _explanation(span: Span) -> dict[str, Any] | None:
    return span.doc.user_data.get(_KEY, {}).get((span.start, span.end, span.label))


if not Span.has_extension("explanation"):
    Span.set_extension("explanation", getter=_explanation)


def add_layer(
    doc: Doc,
    layer: str,
    found: list[tuple[int, int, str, dict[str, Any]]],
    token_chars: tuple[list[int], list[int]] | None = None,
) -> None:
    """Set ``doc.spans[layer]`` from ``(start token, end token, label, explanation)``.

    With ``token_chars`` (``TextUnits.token_chars()``: each token's first character offset and
    the offset just after it) one Span is reused for all of them: a SpanGroup keeps a copy of
    each span's data, and a new Span costs more than the rest of writing it (it looks up three
    Tokens for its offsets).
    """
    strings = doc.vocab.strings
    explanations = doc.user_data.get(_KEY)
    if explanations is None:
        explanations = doc.user_data[_KEY] = {}
    found.sort(key=_POSITION)
    group = SpanGroup(doc, name=layer)
    reused = None
    starts, ends = token_chars or ([], [])
    label_ids: dict[str, int] = {}
    for start, end, label, explanation in found:
        label_id = label_ids.get(label)
        if label_id is None:
            label_id = label_ids[label] = strings.add(label)
        if reused is None or token_chars is None or start >= end:
            span = Span(doc, start, end, label_id)
            reused = span if token_chars is not None else None
        else:
            span = reused
            span.start = start
            span.end = end
            span.start_char = starts[start]
            span.end_char = ends[end - 1]
            span.label = label_id
        group.append(span)
        explanations[(start, end, label_id)] = explanation
    doc.spans[layer] = group


_POSITION = operator.itemgetter(0, 1)
