"""The attributes of spans matched across coders (stance on a cue, source type on a source…),
as reliability data: one unit per matched span, one value per coder.

Matching is span F1's overlap matching: within one article, spans of the same label from the
coders who coded the article are matched when they share at least one character; spans that
overlap in a chain form one unit (as ``span_units`` groups spans, on that label alone). A unit
counts when two or more coders have a span in it. A coder's value on a unit is the attribute
on their span there; it is missing when they have no span in the unit, left the attribute
unset, or have two spans there with different values (counted as ambiguous).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Protocol

from annotator.agreement.span_units import overlap_chains


class MarkedSpan(Protocol):
    """A coder's span as read here (``project_data.LayerSpan`` is one)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def attrs(self) -> Mapping[str, Any]: ...


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
        by_label: dict[str, list[Marked]] = {label: [] for label in labels}
        for coder, spans in document.spans.items():  # one pass for all the labels
            for s in spans:
                marked = by_label.get(s.label)
                if marked is not None:
                    marked.append((s.start, s.end, coder, s.attrs.get(attribute)))
        for label in labels:
            marked = by_label[label]
            marked.sort(key=itemgetter(0))  # stable: coder order, then their own, within a start
            for chain in overlap_chains(marked):
                _add_unit(found, document, label, chain)
    return found


Marked = tuple[int, int, str, Any]  # start, end, coder, value


def _add_unit(
    found: AttributeUnits, document: AttributeDocument, label: str, chain: list[Marked]
) -> None:
    """One unit, when two or more coders have a span in it: each coder's value there."""
    given: dict[str, list[Any]] = {}
    for _, _, coder, value in chain:
        given.setdefault(coder, []).append(value)
    if len(given) < 2:
        return
    values: dict[str, Any] = {}
    for coder in document.spans:
        if coder not in given:
            continue
        distinct = set(given[coder])
        distinct.discard(None)  # unset, like the empty text
        distinct.discard("")
        if len(distinct) > 1:
            found.ambiguous += 1
        elif not distinct:
            found.unset += 1
        values[coder] = distinct.pop() if len(distinct) == 1 else None
    end = max(span[1] for span in chain)
    found.units.append(MatchedSpan(document.id, label, chain[0][0], end, values))
