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
    strings = doc.vocab.strings
    explanations = doc.user_data.get(_KEY)
    if explanations is None:
        explanations = doc.user_data[_KEY] = {}
    found.sort(key=_POSITION)
    group = SpanGroup(doc, name=layer)
    append = group.append
    label_ids: dict[str, int] = dict.fromkeys(map(_LABEL, found), 0)  # in order, at C speed
    for label in label_ids:
        label_ids[label] = _label_id(strings, label)
    if not found:  # (an empty Doc has no token for the reused Span)
        doc.spans[layer] = group
        return
    span = writer.span
    if span is None:
        span = writer.span = Span(doc, 0, 1)
    starts, ends = writer.starts, writer.ends
    for start, end, label, explanation in found:
        label_id = label_ids[label]
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


# (id of a StringStore, label) -> (the StringStore, the label's id): labels are few, and adding
# one to the StringStore again for every span costs more than this look-up
_LABEL_IDS: dict[tuple[int, str], tuple[Any, int]] = {}


def _label_id(strings, label: str) -> int:
    found = _LABEL_IDS.get((id(strings), label))
    if found is not None and found[0] is strings:
        return found[1]
    if len(_LABEL_IDS) > 10_000:
        _LABEL_IDS.clear()
    label_id = strings.add(label)
    _LABEL_IDS[(id(strings), label)] = (strings, label_id)
    return label_id


_POSITION = operator.itemgetter(0, 1)
_LABEL = operator.itemgetter(2)
