"""Position alpha and alpha_u of one layer for many coder subsets and labels, computed once.

A project's layer needs these figures for all coders, each label, each coder pair and each
coder left out: some forty calls of ``position_alpha`` and ``unitized_alpha``, each starting
from scratch. ``PositionTable`` finds every coder's labels on every run of characters (or
token) once; ``UnitizedTable`` keeps each coder's segments and each pair's distances per label.
Both use the helpers of ``positions`` and ``unitized`` and give their results (the tests
compare them with ``position_alpha`` and ``unitized_alpha`` on random corpora).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Any

import numpy as np

from annotator.agreement.positions import (
    Unit,
    _covered,
    _positions,
    alpha_of_codes,
)
from annotator.agreement.reliability import MISSING
from annotator.agreement.result import ONE_CODER, Coefficient, no_value
from annotator.agreement.spans import SpanCorpus
from annotator.agreement.unitized import (
    Segments,
    _pair_distance,
    _scope,
    _segments,
    unitized_alpha,
)


class PositionTable:
    """Every coder's set of labels (a bit mask) on every run of positions of a corpus."""

    def __init__(self, corpus: SpanCorpus, unit: Unit = "character"):
        self.corpus, self.unit = corpus, unit
        starts, ends, self.weights = _positions(corpus, unit)
        self.starts = starts
        document_of = np.searchsorted(corpus.offsets, starts, side="right") - 1
        everywhere = np.ones(len(corpus.documents), bool)
        self.masks = np.zeros((len(corpus.coders), starts.size), dtype=np.int64)
        for row, coder in enumerate(corpus.coders):
            for bit in range(len(corpus.labels)):
                spans = corpus.select(coder, everywhere, bit)
                covered = _covered(starts, ends, spans.starts, spans.ends)
                self.masks[row] |= covered.astype(np.int64) << bit
            self.masks[row][~corpus.coded[document_of, row]] = MISSING

    def alpha(self, coders: Sequence[str] | None = None, label: str | None = None) -> Coefficient:
        """``position_alpha`` of these coders (default all) for one label or all labels."""
        corpus = self.corpus
        chosen = list(corpus.coders) if coders is None else list(coders)
        level = f"{self.unit}s" + (f", label {label!r}" if label is not None else "")
        if len(chosen) < 2:
            return no_value("position_alpha", ONE_CODER, coders=len(chosen), level=level)
        codes = self.masks[[corpus.coders.index(c) for c in chosen]]
        if label is not None:
            bit = corpus.labels.index(label) if label in corpus.labels else None
            inside = (codes >> bit) & 1 if bit is not None else np.zeros_like(codes)
            codes = np.where(codes >= 0, inside, MISSING)
            labels: Sequence[str] = (label,)
        else:
            labels = corpus.labels
        return alpha_of_codes(codes, self.weights, labels, level)


class UnitizedTable:
    """``unitized_alpha`` for any label and coder subset, sharing segments and distances."""

    def __init__(self, corpus: SpanCorpus):
        self.corpus = corpus
        self._segments: dict[tuple, Segments] = {}
        self._distances: dict[tuple, float] = {}
        self._sums: dict[tuple, tuple[float, float, int]] = {}

    def alpha(self, label: str | None = None, coders: Sequence[str] | None = None) -> Coefficient:
        corpus = self.corpus
        chosen, used, reason = _scope(corpus, coders)
        if reason:
            return unitized_alpha(corpus, label, chosen)  # the same "no value", cheaply
        labels = [label] if label is not None else list(corpus.labels)
        totals = np.zeros(2)
        spans = 0
        for name in labels:
            observed, expected, units = self._label(chosen, used, name)
            totals += (observed, expected)
            spans += units
        level = f"label {label!r}" if label is not None else None
        counts: dict[str, Any] = {"units": int(used.sum()), "coders": len(chosen)}
        details = {
            "Do": totals[0],
            "De": totals[1],
            "length": float(corpus.lengths[used].sum()),
            "documents_left_out": float(len(corpus.documents) - used.sum()),
        }
        if spans == 0 or totals[1] <= 0:
            return unitized_alpha(corpus, label, chosen)  # its "no value" and reason
        value = 1.0 - totals[0] / totals[1]
        return Coefficient(
            "unitized_alpha", value, pairable=spans, level=level, details=details, **counts
        )

    def _label(self, coders: list[str], used: np.ndarray, label: str) -> tuple[float, float, int]:
        """(Do_c, De_c, units of c) as ``unitized._disagreements``, from cached parts."""
        corpus = self.corpus
        if label not in corpus.labels:
            return 0.0, 0.0, 0
        scope = used.tobytes()
        key = (tuple(coders), scope, label)
        if key in self._sums:
            return self._sums[key]
        code = corpus.labels.index(label)
        bounds = np.stack([corpus.offsets[used], (corpus.offsets + corpus.lengths)[used]], axis=1)
        bounds = bounds[bounds[:, 1] > bounds[:, 0]]
        parts = {}
        for coder in coders:
            part_key = (coder, scope, code)
            if part_key not in self._segments:
                self._segments[part_key] = _segments(corpus, coder, used, code, bounds)
            parts[coder] = self._segments[part_key]
        m = float(len(coders))
        length = float((bounds[:, 1] - bounds[:, 0]).sum())
        observed = 0.0
        for first, second in combinations(coders, 2):
            pair_key = (first, second, scope, code)
            if pair_key not in self._distances:
                self._distances[pair_key] = _pair_distance(parts[first], parts[second])
            observed += self._distances[pair_key]
        observed = 2.0 * observed / (m * (m - 1.0) * length * length)
        units = np.concatenate([p.lengths[p.is_unit] for p in parts.values()]).astype(float)
        gaps = np.sort(np.concatenate([p.lengths[~p.is_unit] for p in parts.values()]))
        gaps = gaps.astype(float)
        if units.size == 0:
            self._sums[key] = (observed, 0.0, 0)
            return self._sums[key]
        first_gap = np.searchsorted(gaps, units, side="left")
        suffix = np.concatenate([np.cumsum(gaps[::-1])[::-1], [0.0]])
        room = suffix[first_gap] - (units - 1.0) * (gaps.size - first_gap)
        inner = (units.size - 1.0) * (2 * units**3 - 3 * units**2 + units) / 3.0
        inner = inner + units**2 * room
        scale = m * length * (m * length - 1.0) - float((units * (units - 1.0)).sum())
        expected = (2.0 / length) * float(inner.sum()) / scale
        self._sums[key] = (observed, expected, int(units.size))
        return self._sums[key]
