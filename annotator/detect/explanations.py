"""Where each detected span keeps its explanation.

Spans live in ``doc.spans[layer]`` for the layers in ``LAYERS``. Each span's explanation is a
dict stored in ``doc.user_data`` and read with ``span._.explanation``; spans of one lexicon
entry share one dict, so treat it as read only (``run.doc_spans`` copies). Labels are distinct
across layers, so (start, end, label) names one span. How each layer maps onto the codebook
(``codebook_target``) is annotator.detect_layers', re-exported here for the detectors.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
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


class LayerWriter:
    """Writes one Doc's layers (``add_layer``) through one reused Span: a SpanGroup keeps a copy
    of each span's data, and a new Span costs more than the rest of writing one (it looks up
    three Tokens for its offsets). ``starts`` and ``ends``: each token's first character offset
    and the offset just after it."""

    __slots__ = ("doc", "ends", "span", "starts")

    def __init__(self, doc: Doc, starts: Sequence[int], ends: Sequence[int]):
        self.doc = doc
        self.starts = starts
        self.ends = ends
        self.span: Span | None = None


def add_layer(
    doc: Doc,
    layer: str,
    found: list[tuple[int, int, str, dict[str, Any]]],
    writer: LayerWriter,
) -> None:
    """Set ``doc.spans[layer]`` from ``(start token, end token, label, explanation)``, through
    the reused Span of the Doc's ``writer`` (``TextUnits.layer_writer()``)."""
    explanations = doc.user_data.get(_KEY)
    if explanations is None:
        explanations = doc.user_data[_KEY] = {}
    group = SpanGroup(doc, name=layer)
    if not found:  # (an empty Doc has no token for the reused Span)
        doc.spans[layer] = group
        return
    found.sort(key=_POSITION)
    label_ids = _label_ids(doc.vocab.strings)
    append = group.append
    span = writer.span
    if span is None:
        span = writer.span = Span(doc, 0, 1)
    starts, ends = writer.starts, writer.ends
    for start, end, label, explanation in found:
        label_id = label_ids.get(label)
        if label_id is None:
            label_id = label_ids[label] = doc.vocab.strings.add(label)
        if start < end:
            span.start = start
            span.end = end
            span.start_char = starts[start]
            span.end_char = ends[end - 1]
            span.label = label_id
            append(span)
        else:
            append(Span(doc, start, end, label_id))
        explanations[(start, end, label_id)] = explanation
    doc.spans[layer] = group


# label -> its id in the last StringStore written to: labels are few, and adding one to the
# StringStore again for every span costs more than this look-up
_LABEL_IDS: dict[str, int] = {}
_LABELS_OF: list[Any] = [None]  # the StringStore those ids are in


def _label_ids(strings) -> dict[str, int]:
    if _LABELS_OF[0] is not strings:
        _LABELS_OF[0] = strings
        _LABEL_IDS.clear()
    return _LABEL_IDS


_POSITION = operator.itemgetter(0, 1)
