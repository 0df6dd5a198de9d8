"""Krippendorff's unitized alpha (alpha_u) on character positions.

Krippendorff, K. (1995) On the reliability of unitizing continuous data, Sociological
Methodology 25:47-76; Content Analysis, 2nd ed. (2004), section 12.4, pp. 251-256, as
implemented by DKPro Statistics (Meyer et al. 2014). For one label c, each of the m coders
cuts the continuum of length L into segments: their spans of c (units, w = 1) and the gaps
between them (w = 0). Two coders' segments g, h that overlap are at distance

    (b_g - b_h)^2 + (e_g - e_h)^2    both units
    l_g^2                            g a unit lying inside the gap h (and vice versa)
    0                                otherwise (two gaps; a unit only partly in a gap)

    Do_c = 2 * sum over coder pairs and their segments of the distances / (m (m - 1) L^2)
    De_c = (2 / L) * sum over units g of [ (N_c - 1) (2 l^3 - 3 l^2 + l) / 3
                                          + l^2 * sum over gaps h with l_h >= l of (l_h - l + 1) ]
           / (m L (m L - 1) - sum over units of l (l - 1))

with N_c the number of units of c (all coders) and the gaps of all coders. alpha_c =
1 - Do_c / De_c; over all labels, alpha_u = 1 - sum_c Do_c / sum_c De_c.

Several documents are placed end to end; gaps stop at document boundaries, so no unit is
imagined across two texts. A coder's overlapping spans of one label are merged first (the
measure needs one coder's units of a label not to overlap). This is the 1995/2004 measure;
Krippendorff et al. (2016) revised it for more than two coders, which is not done here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from annotator.agreement.reliability import AgreementDataError
from annotator.agreement.result import ONE_CODER, Coefficient, no_value
from annotator.agreement.spans import (
    SpanCorpus,
    SpanDocument,
    as_corpus,
    distinct,
    merge_intervals,
)


@dataclass(frozen=True, eq=False)
class Segments:
    """One coder's partition of the continuum for one label."""

    starts: np.ndarray
    ends: np.ndarray
    is_unit: np.ndarray

    @property
    def lengths(self) -> np.ndarray:
        return self.ends - self.starts


def unitized_alpha(
    documents: Sequence[SpanDocument] | SpanCorpus,
    label: str | None = None,
    coders: Sequence[str] | None = None,
) -> Coefficient:
    """alpha_u for one label, or over all labels when ``label`` is None.

    ``coders`` defaults to every coder in the documents; documents not coded by all of
    them are left out (``details["documents_left_out"]``).
    """
    corpus = as_corpus(documents)
    chosen, used, reason = _scope(corpus, coders)
    level = f"label {label!r}" if label is not None else None
    counts: dict[str, Any] = {"units": int(used.sum()), "coders": len(chosen)}
    if reason:
        return no_value("unitized_alpha", reason, level=level, **counts)
    labels = [label] if label is not None else list(corpus.labels)
    totals = np.zeros(2)
    spans = 0
    for name in labels:
        observed, expected, units = _disagreements(corpus, chosen, used, name)
        totals += (observed, expected)
        spans += units
    length = float(corpus.lengths[used].sum())
    details = {
        "Do": totals[0],
        "De": totals[1],
        "length": length,
        "documents_left_out": float(len(corpus.documents) - used.sum()),
    }
    if spans == 0:
        what = f"a span of {label!r}" if label is not None else "any span"
        return no_value(
            "unitized_alpha", f"no coder marked {what}", level=level, details=details, **counts
        )
    if totals[1] <= 0:
        return no_value(
            "unitized_alpha",
            "the spans leave no room for chance placements (expected disagreement is 0)",
            level=level,
            pairable=spans,
            details=details,
            **counts,
        )
    value = 1.0 - totals[0] / totals[1]
    return Coefficient(
        "unitized_alpha", value, pairable=spans, level=level, details=details, **counts
    )


def unitized_alpha_by_label(
    documents: Sequence[SpanDocument] | SpanCorpus, coders: Sequence[str] | None = None
) -> dict[str, Coefficient]:
    corpus = as_corpus(documents)
    return {label: unitized_alpha(corpus, label, coders) for label in corpus.labels}


def _scope(
    corpus: SpanCorpus, coders: Sequence[str] | None
) -> tuple[list[str], np.ndarray, str | None]:
    chosen = list(coders) if coders is not None else list(corpus.coders)
    for coder in chosen:
        if coder not in corpus.coders:
            raise AgreementDataError(f"there is no coder named {coder!r}")
    columns = [corpus.coders.index(c) for c in chosen]
    used = np.asarray(corpus.coded[:, columns].all(axis=1)) if columns else np.zeros(0, bool)
    if len(chosen) < 2:
        return chosen, used, ONE_CODER
    if not used.any():
        return chosen, used, f"no document was coded by all of {', '.join(chosen)}"
    if corpus.lengths[used].sum() == 0:
        return chosen, used, "the documents coded by all coders are empty"
    return chosen, used, None


def _disagreements(
    corpus: SpanCorpus, coders: list[str], used: np.ndarray, label: str
) -> tuple[float, float, int]:
    """(Do_c, De_c, number of units of c) over the documents in ``used``."""
    if label not in corpus.labels:
        return 0.0, 0.0, 0
    code = corpus.labels.index(label)
    bounds = np.stack([corpus.offsets[used], (corpus.offsets + corpus.lengths)[used]], axis=1)
    bounds = bounds[bounds[:, 1] > bounds[:, 0]]
    parts = [_segments(corpus, coder, used, code, bounds) for coder in coders]
    m = float(len(coders))
    length = float((bounds[:, 1] - bounds[:, 0]).sum())
    observed = sum(_pair_distance(a, b) for a, b in combinations(parts, 2))
    observed = 2.0 * observed / (m * (m - 1.0) * length * length)
    units = np.concatenate([p.lengths[p.is_unit] for p in parts]).astype(float)
    gaps = np.sort(np.concatenate([p.lengths[~p.is_unit] for p in parts]).astype(float))
    if units.size == 0:
        return observed, 0.0, 0
    # For each unit: the sum over gaps at least as long of (gap - l + 1), via suffix sums.
    first = np.searchsorted(gaps, units, side="left")
    suffix = np.concatenate([np.cumsum(gaps[::-1])[::-1], [0.0]])
    room = suffix[first] - (units - 1.0) * (gaps.size - first)
    inner = (units.size - 1.0) * (2 * units**3 - 3 * units**2 + units) / 3.0 + units**2 * room
    scale = m * length * (m * length - 1.0) - float((units * (units - 1.0)).sum())
    expected = (2.0 / length) * float(inner.sum()) / scale
    return observed, expected, int(units.size)


def _segments(
    corpus: SpanCorpus, coder: str, used: np.ndarray, code: int, bounds: np.ndarray
) -> Segments:
    """Units of the label (merged where they overlap) and the gaps, cut at document ends."""
    spans = corpus.select(coder, used, code)
    starts, ends = merge_intervals(spans.starts, spans.ends)
    # Gaps: the complement of the units within each document's bounds.
    points = distinct(np.concatenate([starts, ends, bounds[:, 0], bounds[:, 1]]))
    left, right = points[:-1], points[1:]
    inside_unit = np.zeros(left.size, dtype=bool)
    if starts.size:
        before = np.searchsorted(starts, left, side="right") - 1
        inside_unit = (before >= 0) & (ends[np.maximum(before, 0)] > left)
    document = np.searchsorted(bounds[:, 0], left, side="right") - 1
    in_text = (document >= 0) & (left < bounds[np.maximum(document, 0), 1])
    gap = in_text & ~inside_unit
    # Join adjacent gap pieces within one document (a unit's edge split them).
    gap_left, gap_right, gap_doc = left[gap], right[gap], document[gap]
    join = np.ones(gap_left.size, dtype=bool)
    join[1:] = (gap_left[1:] != gap_right[:-1]) | (gap_doc[1:] != gap_doc[:-1])
    group = np.cumsum(join) - 1
    gap_starts = gap_left[join]
    gap_ends = np.zeros(gap_starts.size, dtype=np.int64)
    np.maximum.at(gap_ends, group, gap_right)
    all_starts = np.concatenate([starts, gap_starts])
    all_ends = np.concatenate([ends, gap_ends])
    is_unit = np.concatenate([np.ones(starts.size, bool), np.zeros(gap_starts.size, bool)])
    order = np.argsort(all_starts, kind="stable")
    return Segments(all_starts[order], all_ends[order], is_unit[order])


def _pair_distance(first: Segments, second: Segments) -> float:
    """The sum of distances over the overlapping segment pairs of two coders."""
    points = distinct(np.concatenate([first.starts, first.ends, second.starts, second.ends]))
    left = points[:-1]
    g = np.searchsorted(first.starts, left, side="right") - 1
    h = np.searchsorted(second.starts, left, side="right") - 1
    # Keep elementary pieces covered by both partitions (text, not the space between docs).
    valid = (g >= 0) & (h >= 0)
    g, h, left = g[valid], h[valid], left[valid]
    valid = (first.ends[g] > left) & (second.ends[h] > left)
    g, h = g[valid], h[valid]
    change = np.ones(g.size, dtype=bool)
    change[1:] = (g[1:] != g[:-1]) | (h[1:] != h[:-1])
    g, h = g[change], h[change]
    own = (first.starts[g], first.ends[g], first.is_unit[g])
    other = (second.starts[h], second.ends[h], second.is_unit[h])
    return float(_distances(*own, *other).sum())


def segment_distance(
    begin_a: int, length_a: int, unit_a: bool, begin_b: int, length_b: int, unit_b: bool
) -> float:
    """The distance between two coders' segments (a unit of the label, or a gap)."""
    if not (begin_a < begin_b + length_b and begin_b < begin_a + length_a):
        return 0.0
    ends = (begin_a + length_a, begin_b + length_b)
    arrays = [np.array([x]) for x in (begin_a, ends[0], unit_a, begin_b, ends[1], unit_b)]
    return float(_distances(*arrays)[0])


def _distances(
    bg: np.ndarray,
    eg: np.ndarray,
    ug: np.ndarray,
    bh: np.ndarray,
    eh: np.ndarray,
    uh: np.ndarray,
) -> np.ndarray:
    """Distances of overlapping segment pairs g, h: begins, ends, and whether each is a unit."""
    bg, eg, bh, eh = (np.asarray(x, dtype=float) for x in (bg, eg, bh, eh))
    ug, uh = np.asarray(ug, dtype=bool), np.asarray(uh, dtype=bool)
    distance = np.where(ug & uh, (bg - bh) ** 2 + (eg - eh) ** 2, 0.0)
    distance += np.where(ug & ~uh & (bg >= bh) & (eg <= eh), (eg - bg) ** 2, 0.0)
    distance += np.where(~ug & uh & (bh >= bg) & (eh <= eg), (eh - bh) ** 2, 0.0)
    return distance
