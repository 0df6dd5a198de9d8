"""Span units: where coders marked something in a text, grouped so they can be compared.

Within one document and layer, spans of every coder that overlap (share at least one
character, whatever their label) form one unit, extended through chains of overlaps. Each
coder who coded the document has a *version* of the unit: their spans inside it, possibly
none ("nothing to mark here"). A unit is agreed when every such coder has the same version,
and is what a supervisor adjudicates when they differ.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import TypeVar

import numpy as np

from annotator.agreement.spans import SpanCorpus, SpanDocument

Version = tuple[tuple[int, int, str], ...]


@dataclass(frozen=True)
class SpanUnit:
    document: Hashable
    start: int
    end: int
    versions: dict[str, Version]  # coder -> their spans in [start, end), sorted

    @property
    def coders(self) -> int:
        return len(self.versions)

    @property
    def agreed(self) -> bool:
        """Two or more coders, all with the same spans here."""
        return len(self.versions) >= 2 and len(set(self.versions.values())) == 1

    @property
    def disputed(self) -> bool:
        """Two or more coders whose versions differ."""
        return len(set(self.versions.values())) > 1

    @property
    def disagreement(self) -> float:
        """The share of pairs of coders whose versions differ (0 with fewer than two)."""
        pairs = list(combinations(self.versions.values(), 2))
        if not pairs:
            return 0.0
        return sum(a != b for a, b in pairs) / len(pairs)


Chained = TypeVar("Chained", bound=tuple)


def overlap_chains(marked: Iterable[Chained]) -> list[list[Chained]]:
    """Spans sorted by start, ``(start, end, ...)``, grouped where they overlap in a chain: a
    span joins the group when it starts before the furthest end reached so far."""
    chains: list[list[Chained]] = []
    reach = -1
    for span in marked:
        if chains and span[0] < reach:
            chains[-1].append(span)
            reach = max(reach, span[1])
        else:
            chains.append([span])
            reach = span[1]
    return chains


def span_units(document: SpanDocument) -> list[SpanUnit]:
    """The units of one document, in text order."""
    marked = sorted(
        (start, end, label, coder)
        for coder, spans in document.spans.items()
        for start, end, label in spans
    )
    units = []
    for group in overlap_chains(marked):
        found: dict[str, set[tuple[int, int, str]]] = {coder: set() for coder in document.spans}
        for s, e, label, coder in group:
            found[coder].add((s, e, label))
        versions = {coder: tuple(sorted(spans)) for coder, spans in found.items()}
        end = max(span[1] for span in group)
        units.append(SpanUnit(document.id, group[0][0], end, versions))  # sorted: first starts
    return units


def unit_counts(corpus: SpanCorpus) -> tuple[np.ndarray, np.ndarray]:
    """Per document of the corpus: how many span units, and how many of them are disputed.

    The same units as ``span_units``, counted with numpy for a whole project: a unit is
    disputed unless each distinct span in it was marked by every coder who coded the document.
    """
    size = len(corpus.documents)
    parts = [corpus.spans[coder] for coder in corpus.coders]
    starts = np.concatenate([p.starts for p in parts]) if parts else np.zeros(0, np.int64)
    if starts.size == 0:
        return np.zeros(size, np.int64), np.zeros(size, np.int64)
    ends = np.concatenate([p.ends for p in parts])
    labels = np.concatenate([p.labels for p in parts])
    documents = np.concatenate([p.documents for p in parts])
    order = np.lexsort((ends, starts))
    starts, ends, labels, documents = starts[order], ends[order], labels[order], documents[order]
    # Documents lie end to end, so one running reach separates units across documents too.
    reach = np.maximum.accumulate(ends)
    new = np.ones(starts.size, dtype=bool)
    new[1:] = starts[1:] >= reach[:-1]
    unit = np.cumsum(new) - 1
    unit_document = documents[new]
    # Each coder's spans are distinct, so a span's row count is the number of its coders.
    _, first, markers = np.unique(
        np.stack([unit, starts, ends, labels]), axis=1, return_index=True, return_counts=True
    )
    coders_here = corpus.coded.sum(axis=1)[unit_document]
    short = np.zeros(unit_document.size, dtype=bool)
    np.logical_or.at(short, unit[first], markers < coders_here[unit[first]])
    units = np.bincount(unit_document, minlength=size)
    disputed = np.bincount(unit_document[short], minlength=size)
    return units, disputed
