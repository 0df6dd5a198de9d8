"""attribute_units against the rule written out with span_units: the units of one label, those
with two or more coders, and each coder's values on the spans inside the unit."""

from __future__ import annotations

from typing import Any, NamedTuple

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.attribute_units import AttributeDocument, attribute_units
from annotator.agreement.span_units import span_units
from annotator.agreement.spans import SpanDocument

LABELS = ("cue", "source")


class MarkedSpan(NamedTuple):
    start: int
    end: int
    label: str
    attrs: dict[str, Any]


def plain_units(documents, attribute, labels):
    units, unset, ambiguous = [], 0, 0
    for document in documents:
        for label in labels:
            marked = {
                c: [s for s in spans if s.label == label] for c, spans in document.spans.items()
            }
            plain = {c: [(s.start, s.end, s.label) for s in spans] for c, spans in marked.items()}
            for unit in span_units(SpanDocument(document.length, plain, document.id)):
                present = [coder for coder, version in unit.versions.items() if version]
                if len(present) < 2:
                    continue
                values = {}
                for coder in present:
                    inside = [
                        s.attrs.get(attribute)
                        for s in marked[coder]
                        if unit.start <= s.start and s.end <= unit.end
                    ]
                    distinct = {v for v in inside if v not in (None, "")}
                    ambiguous += len(distinct) > 1
                    unset += not distinct
                    values[coder] = distinct.pop() if len(distinct) == 1 else None
                units.append((document.id, label, unit.start, unit.end, list(values.items())))
    return units, unset, ambiguous


@st.composite
def documents(draw):
    found = []
    for number in range(draw(st.integers(1, 3))):
        spans = {}
        for coder in draw(st.lists(st.sampled_from("ABCD"), unique=True, max_size=4)):
            spans[coder] = []
            for _ in range(draw(st.integers(0, 5))):
                start = draw(st.integers(0, 25))
                attrs = draw(st.sampled_from([{}, {"x": None}, {"x": ""}, {"x": "a"}, {"x": "b"}]))
                label = draw(st.sampled_from(LABELS))
                end = start + draw(st.integers(1, 6))
                spans[coder].append(MarkedSpan(start, end, label, attrs))
        found.append(AttributeDocument(number, 40, spans))
    return found


@settings(max_examples=300, deadline=None)
@given(documents(), st.sampled_from([("cue",), ("source",), LABELS]))
def test_attribute_units_follow_span_units(docs, labels):
    found = attribute_units(docs, "x", labels)
    units = [(u.document, u.label, u.start, u.end, list(u.values.items())) for u in found.units]
    assert (units, found.unset, found.ambiguous) == plain_units(docs, "x", labels)
    assert found.coders == tuple(dict.fromkeys(c for d in docs for c in d.spans))
