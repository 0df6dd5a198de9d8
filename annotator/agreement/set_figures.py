"""The pieces of set-distance (MASI, Jaccard) agreement that stay fast with many distinct
label sets: distances between every two sets from label counts in numpy, the coincidence
matrix summed over pairs of coders' values, and the per-coder and per-unit figures.

A project's multiple-choice answers can hold thousands of distinct sets, where a units x
categories table and Python distance calls on every pair of sets are slow.
``multilabel.set_alpha`` is built on these; ``with_others``, ``set_disagreements`` and
``pair_agreement`` give what ``coder_vs_others``, ``unit_disagreements`` and
``percent_agreement`` give (tests compare them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations
from typing import Any

import numpy as np

from annotator.agreement.alpha import UnitDisagreement, alpha_from_coincidences
from annotator.agreement.reliability import ReliabilityData
from annotator.agreement.result import (
    NOTHING_PAIRABLE,
    Coefficient,
    no_value,
)


def set_distances(categories: Sequence[frozenset], distance: str = "masi") -> np.ndarray:
    """Distances between every two label sets, as ``multilabel.masi_distance`` (or Jaccard)."""
    labels = sorted({label for labels_ in categories for label in labels_}, key=str)
    index = {label: at for at, label in enumerate(labels)}
    member = np.zeros((len(categories), len(labels)))
    for row, labels_ in enumerate(categories):
        member[row, [index[label] for label in labels_]] = 1.0
    common = member @ member.T
    sizes = member.sum(axis=1)
    union = np.add.outer(sizes, sizes) - common
    jaccard = np.divide(common, union, out=np.ones_like(common), where=union > 0)
    if distance == "jaccard":
        result = 1.0 - jaccard
    else:
        smaller = np.minimum.outer(sizes, sizes)
        monotonic = np.where(common == smaller, 2.0 / 3.0, np.where(common > 0, 1.0 / 3.0, 0.0))
        result = 1.0 - jaccard * monotonic
    equal = (common == sizes[:, None]) & (common == sizes[None, :])
    result[equal] = 0.0
    return result


def pair_coincidences(data: ReliabilityData, rows: Sequence[int] | None = None) -> np.ndarray:
    """Krippendorff's coincidence matrix of the chosen coders, summed over pairs of values."""
    codes = data.codes if rows is None else data.codes[list(rows)]
    size = len(data.categories)
    per_unit = (codes >= 0).sum(axis=0)
    weight = np.where(per_unit >= 2, 1.0 / np.maximum(per_unit - 1, 1), 0.0)
    matrix = np.zeros(size * size)
    for first, second in combinations(range(codes.shape[0]), 2):
        a, b = codes[first], codes[second]
        both = (a >= 0) & (b >= 0)
        np.add.at(matrix, a[both] * size + b[both], weight[both])
        np.add.at(matrix, b[both] * size + a[both], weight[both])
    return matrix.reshape(size, size)


def with_others(data: ReliabilityData, distances: np.ndarray, coder: int, name: str) -> Coefficient:
    """Alpha on the pairs of values that involve ``coder``, as ``coder_vs_others``."""
    size = len(data.categories)
    matrix = np.zeros(size * size)
    own = data.codes[coder]
    partners = 0
    for other in range(data.n_coders):
        if other == coder:
            continue
        theirs = data.codes[other]
        both = (own >= 0) & (theirs >= 0)
        partners += int(both.any())
        np.add.at(matrix, own[both] * size + theirs[both], 1.0)
        np.add.at(matrix, theirs[both] * size + own[both], 1.0)
    others = np.delete(data.codes, coder, axis=0)
    units = int(np.count_nonzero((own >= 0) & (others >= 0).any(axis=0)))
    result = alpha_from_coincidences(
        matrix.reshape(size, size),
        distances,
        set_names(data.categories),
        name=name,
        units=units,
        coders=partners + (1 if units else 0),
    )
    return replace(result, level=None)


def set_disagreements(data: ReliabilityData, distances: np.ndarray) -> list[UnitDisagreement]:
    """Pairable units, most contested first: the mean distance over a unit's pairs of values."""
    total = np.zeros(data.n_units)
    pairs = np.zeros(data.n_units)
    for first, second in combinations(range(data.n_coders), 2):
        a, b = data.codes[first], data.codes[second]
        both = (a >= 0) & (b >= 0)
        total[both] += distances[a[both], b[both]]
        pairs[both] += 1
    pairable = np.flatnonzero(pairs > 0)
    share = total[pairable] / pairs[pairable]
    order = np.argsort(-share, kind="stable")
    results = []
    for at in order:
        unit = int(pairable[at])
        values: dict[str, Any] = {
            data.coders[i]: data.categories[code]
            for i, code in enumerate(data.codes[:, unit])
            if code >= 0
        }
        results.append(UnitDisagreement(data.units[unit], float(share[at]), values))
    return results


def set_names(sets: Sequence[frozenset]) -> list[str]:
    """Each label set as it is shown: ``{a, b}``."""
    return ["{" + ", ".join(sorted(map(str, labels))) + "}" for labels in sets]


def pair_agreement(data: ReliabilityData, first: int, second: int) -> Coefficient:
    """``percent_agreement`` of two coders: the share of shared units given the same value."""
    a, b = data.codes[first], data.codes[second]
    both = (a >= 0) & (b >= 0)
    shared = int(np.count_nonzero(both))
    if shared == 0:
        return no_value("percent_agreement", NOTHING_PAIRABLE, coders=0)
    value = float(np.count_nonzero(a[both] == b[both])) / shared
    return Coefficient("percent_agreement", value, units=shared, coders=2, pairable=2 * shared)
