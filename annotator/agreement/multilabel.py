"""Agreement on set-valued (multi-label) units, e.g. secondary frames.

Each cell is a set of labels (possibly empty: "none of them") or None (not rated).
- ``per_label_alpha``: for each label, nominal alpha on "has the label" / "does not".
- ``set_alpha``: alpha with a distance between sets, MASI by default (Passonneau 2006,
  "Measuring agreement on set-valued items (MASI) for semantic and pragmatic annotation",
  LREC): distance = 1 - J * M, J the Jaccard index, M = 1 if the sets are equal, 2/3 if one
  contains the other, 1/3 if they only overlap, 0 if disjoint (as NLTK 3.10's
  ``masi_distance``; older NLTK releases rounded M to 0.67 and 0.33).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import Any

import numpy as np

from annotator.agreement.alpha import alpha_from_coincidences, alpha_from_counts
from annotator.agreement.reliability import (
    MISSING,
    AgreementDataError,
    ReliabilityData,
    is_missing,
)
from annotator.agreement.result import ALL_MISSING, ONE_CODER, Coefficient, no_value
from annotator.agreement.set_figures import pair_coincidences, set_distances, set_names

SetDistance = Callable[[AbstractSet[Any], AbstractSet[Any]], float]


def jaccard_distance(first: AbstractSet[Any], second: AbstractSet[Any]) -> float:
    """1 - |A & B| / |A | B|; two empty sets are equal (distance 0)."""
    union = len(first | second)
    return 0.0 if union == 0 else 1.0 - len(first & second) / union


def masi_distance(first: AbstractSet[Any], second: AbstractSet[Any]) -> float:
    """Passonneau's (2006) MASI distance, with the exact weights 1, 2/3, 1/3, 0."""
    if first == second:
        return 0.0
    common = len(first & second)
    if common == 0:
        return 1.0
    monotonic = 2.0 / 3.0 if common == min(len(first), len(second)) else 1.0 / 3.0
    return 1.0 - common / len(first | second) * monotonic


DISTANCES: dict[str, SetDistance] = {"masi": masi_distance, "jaccard": jaccard_distance}


def set_data(
    rows: Sequence[Sequence[Iterable[Any] | None]], coders: Sequence[str] | None = None
) -> ReliabilityData:
    """Coders x units of label sets as reliability data whose categories are frozensets."""
    cells = [[_as_set(cell) for cell in row] for row in rows]
    width = len(cells[0]) if cells else 0
    if any(len(row) != width for row in cells):
        raise ValueError("every coder's row needs one cell per unit")
    distinct = sorted(
        {cell for row in cells for cell in row if cell is not None},
        key=lambda labels: (len(labels), sorted(map(str, labels))),
    )
    index = {labels: code for code, labels in enumerate(distinct)}
    codes = np.array(
        [[MISSING if cell is None else index[cell] for cell in row] for row in cells],
        dtype=np.int64,
    ).reshape(len(cells), width)
    default = tuple(f"coder {i + 1}" for i in range(len(cells)))
    names = tuple(coders) if coders is not None else default
    return ReliabilityData(codes, tuple(distinct), names, range(width))


def set_alpha(
    rows: Sequence[Sequence[Iterable[Any] | None]] | ReliabilityData,
    distance: str | SetDistance = "masi",
    coders: Sequence[int] | None = None,
) -> Coefficient:
    """Krippendorff's alpha on label sets with a set distance ("masi", "jaccard" or a function),
    over every coder or the ``coders`` given (row numbers).

    The coincidence matrix is summed over pairs of coders' values, and the named distances
    between every two sets come from label counts in numpy, so thousands of distinct sets (a
    project's multiple-choice answers) stay fast.
    """
    data = rows if isinstance(rows, ReliabilityData) else set_data(rows)
    if isinstance(distance, str) and distance not in DISTANCES:
        raise AgreementDataError(f"unknown set distance {distance!r}; use masi or jaccard")
    level = None if isinstance(distance, str) else "custom"
    name = f"{distance}_alpha" if isinstance(distance, str) else "krippendorff_alpha"
    codes = data.codes if coders is None else data.codes[list(coders)]
    if codes.shape[0] < 2:
        return no_value(name, ONE_CODER, coders=int(codes.shape[0]), level=level)
    per_unit = (codes >= 0).sum(axis=0)
    pairable = per_unit >= 2
    rated = int(np.count_nonzero((codes[:, pairable] >= 0).any(axis=1)))
    if not per_unit.any():
        return no_value(name, ALL_MISSING, coders=rated, level=level)
    result = alpha_from_coincidences(
        pair_coincidences(data, coders),
        _distances(data.categories, distance),
        set_names(data.categories),
        name=name,
        units=int(np.count_nonzero(pairable)),
        coders=rated,
    )
    return replace(result, level=level)


def _distances(sets: Sequence[frozenset[Any]], distance: str | SetDistance) -> np.ndarray:
    if isinstance(distance, str):
        return _named_distances(tuple(sets), distance)
    matrix = np.array([[distance(a, b) for b in sets] for a in sets], dtype=float)
    return matrix.reshape(len(sets), len(sets))


@functools.lru_cache(maxsize=8)
def _named_distances(sets: tuple[frozenset[Any], ...], distance: str) -> np.ndarray:
    """The distances of one set of categories, reused by the per-pair and per-coder figures."""
    matrix = set_distances(sets, distance)
    matrix.flags.writeable = False
    return matrix


def per_label_alpha(
    rows: Sequence[Sequence[Iterable[Any] | None]] | ReliabilityData,
    labels: Sequence[Any] | None = None,
) -> dict[Any, Coefficient]:
    """For each label: nominal alpha on whether each rated unit carries it.

    ``labels`` defaults to every label used; a codebook label nobody used gets "no value".
    """
    data = rows if isinstance(rows, ReliabilityData) else set_data(rows)
    used = sorted({label for labels_ in data.categories for label in labels_}, key=str)
    results = {}
    for label in labels if labels is not None else used:
        member = np.array([label in labels_ for labels_ in data.categories], dtype=np.int64)
        codes = np.where(data.codes >= 0, member[np.maximum(data.codes, 0)], MISSING)
        binary = ReliabilityData(codes, (f"not {label}", label), data.coders, data.units)
        counts = binary.value_counts()
        pairable = counts.sum(axis=1) >= 2
        coders = int(np.count_nonzero((codes[:, pairable] >= 0).any(axis=1)))
        if data.n_coders < 2:
            results[label] = no_value("krippendorff_alpha", ONE_CODER, coders=data.n_coders)
            continue
        results[label] = alpha_from_counts(counts, "nominal", binary.categories, coders=coders)
    return results


def _as_set(cell: Iterable[Any] | None) -> frozenset[Any] | None:
    if cell is None or is_missing(cell):
        return None
    if isinstance(cell, str):
        return frozenset([cell])
    return frozenset(cell)
