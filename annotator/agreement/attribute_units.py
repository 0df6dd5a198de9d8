"""The attributes of spans matched across coders (stance on a cue, source type on a source…),
as reliability data: one unit per matched span, one value per coder.

Matching is span F1's overlap matching: within one article, spans of the same label from the
coders who coded the article are matched when they share at least one character; spans that
overlap in a chain form one unit (``span_units`` on that label alone). A unit counts when two
or more coders have a span in it. A coder's value on a unit is the attribute on their span
there; it is missing when they have no span in the unit, left the attribute unset, or have
two spans there with different values (counted as ambiguous).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotator.agreement.span_units import span_units
from annotator.agreement.spans import SpanDocument


class MarkedSpan(NamedTuple):
    start: int
    end: int
    label: str
    attrs: Mapping[str, Any]


@dataclass(frozen=True)
class AttributeDocument:
    """One article: its length and, for each coder who coded it, their spans of the layer."""

    id: Hashable
    length: int
    spans: Mapping[str, Sequence[MarkedSpan]]


@dataclass(frozen=True)
class MatchedSpan:
    """One unit: where it is, and each coder's value (None: missing)."""

    document: Hashable
    label: str
    start: int
    end: int
    values: dict[str, Any]

    @property
    def disputed(self) -> bool:
        present = {v for v in self.values.values() if v is not None}
        return len(present) > 1 or (len(present) == 1 and None in self.values.values())


@dataclass
class AttributeUnits:
    attribute: str
    coders: tuple[str, ...]
    units: list[MatchedSpan] = field(default_factory=list)
    unset: int = 0  # matched spans whose coder left the attribute unset
    ambiguous: int = 0  # a coder with spans of different values in one unit

    def rows(self) -> list[list[Any]]:
        """Coders x units, None where a value is missing."""
        return [[unit.values.get(coder) for unit in self.units] for coder in self.coders]


def attribute_units(
    documents: Sequence[AttributeDocument], attribute: str, labels: Sequence[str]
) -> AttributeUnits:
    """The matched spans of ``labels`` and each coder's value of ``attribute`` on them."""
    coders = tuple(dict.fromkeys(c for d in documents for c in d.spans))
    found = AttributeUnits(attribute, coders)
    for document in documents:
        for label in labels:
            marked = {
                coder: [s for s in spans if s.label == label]
                for coder, spans in document.spans.items()
            }
            plain = {
                coder: [(s.start, s.end, s.label) for s in spans] for coder, spans in marked.items()
            }
            for unit in span_units(SpanDocument(document.length, plain, document.id)):
                present = [coder for coder, version in unit.versions.items() if version]
                if len(present) < 2:
                    continue
                values: dict[str, Any] = {}
                for coder in present:
                    inside = [
                        s.attrs.get(attribute)
                        for s in marked[coder]
                        if unit.start <= s.start and s.end <= unit.end
                    ]
                    distinct = {v for v in inside if v not in (None, "")}
                    if len(distinct) > 1:
                        found.ambiguous += 1
                    elif not distinct:
                        found.unset += 1
                    values[coder] = distinct.pop() if len(distinct) == 1 else None
                found.units.append(MatchedSpan(document.id, label, unit.start, unit.end, values))
    return found
