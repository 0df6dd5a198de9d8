"""Krippendorff's alpha for coded units, computed on value counts and coincidence matrices.

Krippendorff, K. (2011) Computing Krippendorff's Alpha-Reliability; Content Analysis, 2nd ed.
(2004) ch. 11. With n_uc the number of coders who put unit u in category c and m_u the number
of values of unit u, the coincidence matrix is

    o_ck = sum over units with m_u >= 2 of (n_uc * n_uk - [c == k] * n_uc) / (m_u - 1)

n_c = sum_k o_ck, n = sum_c n_c (the pairable values), and

    alpha = 1 - Do / De,  Do = sum o_ck delta_ck / n,  De = sum n_c n_k delta_ck / (n (n - 1)).

Units with a single value are not pairable and never change alpha.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from annotator.agreement.metrics import check_level, distance_matrix, level_name
from annotator.agreement.reliability import (
    AgreementDataError,
    ReliabilityData,
    as_reliability_data,
)
from annotator.agreement.result import (
    ALL_MISSING,
    NOTHING_PAIRABLE,
    ONE_CODER,
    Coefficient,
    no_value,
)


def coincidence_matrix(
    counts: np.ndarray, weights: np.ndarray | None = None, per_unit: np.ndarray | None = None
) -> np.ndarray:
    """Categories x categories coincidences from a units x categories table of value counts.

    ``weights`` (one per unit) count a unit that many times, e.g. a run of identical
    character positions. ``per_unit``: the table's row sums, when the caller has them.
    """
    counts = np.asarray(counts)
    if per_unit is None:
        per_unit = counts.sum(axis=1)
    pairable = per_unit >= 2
    if pairable.all():  # the usual case: the same tables without copying every row
        table = counts.astype(float, order="C")
        scale = 1.0 / (per_unit - 1.0)
        if weights is not None:
            scale = scale * np.asarray(weights, dtype=float)
    else:
        table = counts[pairable].astype(float)
        scale = 1.0 / (per_unit[pairable] - 1.0)
        if weights is not None:
            scale = scale * np.asarray(weights, dtype=float)[pairable]
    scaled = table * scale[:, None]
    matrix = scaled.T @ table
    matrix[np.diag_indices_from(matrix)] -= scaled.sum(axis=0)
    return matrix


def alpha_from_coincidences(
    matrix: np.ndarray,
    level: str | np.ndarray = "nominal",
    categories: Sequence[Any] | None = None,
    values: np.ndarray | None = None,
    *,
    name: str = "krippendorff_alpha",
    units: int = 0,
    coders: int = 0,
) -> Coefficient:
    """Alpha from a coincidence matrix; ``values`` are the categories as numbers if ordered."""
    check_level(level)
    level_label = level_name(level)
    matrix = np.asarray(matrix, dtype=float)
    frequencies = matrix.sum(axis=1)
    total = float(frequencies.sum())
    pairable = round(total)
    if total <= 0:
        return no_value(name, NOTHING_PAIRABLE, units=units, coders=coders, level=level_label)
    delta = distance_matrix(level, matrix.shape[0], values, frequencies)
    observed = float((matrix * delta).sum()) / total
    expected = float(frequencies @ delta @ frequencies) / (total * (total - 1.0))
    details = {"Do": observed, "De": expected, "n": total}
    if expected <= 0:
        used = np.flatnonzero(frequencies > 0)
        if used.size == 1:
            shown = categories[used[0]] if categories is not None else int(used[0])
            reason = (
                f"all {pairable} pairable values are {shown!r}: with no variation, "
                "agreement cannot be told from chance"
            )
        else:
            reason = "the metric puts no distance between the values that occur"
        return no_value(
            name,
            reason,
            units=units,
            coders=coders,
            pairable=pairable,
            level=level_label,
            details=details,
        )
    return Coefficient(
        name,
        1.0 - observed / expected,
        units=units,
        coders=coders,
        pairable=pairable,
        level=level_label,
        details=details,
    )


def alpha_from_counts(
    counts: Any,
    level: str | np.ndarray = "nominal",
    categories: Sequence[Any] | None = None,
    *,
    weights: np.ndarray | None = None,
    coders: int | None = None,
    name: str = "krippendorff_alpha",
    per_unit: np.ndarray | None = None,
) -> Coefficient:
    """Alpha from a units x categories value-count table (the layout of a Fleiss table).

    Without ``coders``, the count reported is the largest number of values on one unit.
    ``per_unit``: the table's row sums (the values on each unit), when the caller has them.
    """
    table = np.asarray(counts)
    if per_unit is None:
        per_unit = table.sum(axis=1)
    pairable_units = int(np.count_nonzero(per_unit >= 2))
    shown_coders = int(per_unit.max()) if coders is None and per_unit.size else coders or 0
    if not per_unit.any():
        return no_value(name, ALL_MISSING, coders=shown_coders, level=level_name(level))
    values = category_values(level, categories, table.shape[1])
    return alpha_from_coincidences(
        coincidence_matrix(table, weights, per_unit),
        level,
        categories,
        values,
        name=name,
        units=pairable_units,
        coders=shown_coders,
    )


def krippendorff_alpha(
    data: ReliabilityData | Any, level: str | np.ndarray = "nominal"
) -> Coefficient:
    """Krippendorff's alpha on a coders x units reliability matrix (missing values allowed).

    ``level`` is nominal, ordinal, interval, ratio, or a category x category distance matrix.
    """
    data = as_reliability_data(data)
    check_level(level)
    if data.n_coders < 2:
        return no_value(
            "krippendorff_alpha", ONE_CODER, coders=data.n_coders, level=level_name(level)
        )
    counts = data.value_counts()
    return alpha_from_counts(
        counts,
        level,
        data.categories,
        coders=_pairable_coders(data, counts.sum(axis=1) >= 2),
    )


def one_vs_rest_alpha(data: ReliabilityData | Any) -> dict[Any, Coefficient]:
    """Per category: nominal alpha of "this category" against "any other" on the same units."""
    data = as_reliability_data(data)
    counts = data.value_counts()
    per_unit = counts.sum(axis=1, keepdims=True)
    coders = _pairable_coders(data, per_unit[:, 0] >= 2)
    results = {}
    for code, category in enumerate(data.categories):
        binary = np.hstack([counts[:, code : code + 1], per_unit - counts[:, code : code + 1]])
        results[category] = alpha_from_counts(binary, "nominal", (category, "other"), coders=coders)
    return results


@dataclass(frozen=True)
class UnitDisagreement:
    """How far apart the coders are on one unit: the mean distance over its pairs of values."""

    unit: Hashable
    disagreement: float
    values: dict[str, Any]


def unit_disagreements(
    data: ReliabilityData | Any, level: str | np.ndarray = "nominal"
) -> list[UnitDisagreement]:
    """Pairable units, most contested first (ties in unit order): for a disagreement browser.

    For nominal data the figure is the share of pairs of coders who disagree on the unit.
    """
    data = as_reliability_data(data)
    counts = data.value_counts()
    per_unit = counts.sum(axis=1)
    frequencies = coincidence_matrix(counts).sum(axis=1)
    values = category_values(level, data.categories, len(data.categories))
    delta = distance_matrix(level, len(data.categories), values, frequencies)
    pairable = np.flatnonzero(per_unit >= 2)
    table = counts[pairable].astype(float)
    pair_distance = np.einsum("uc,ck,uk->u", table, delta, table)
    share = pair_distance / (per_unit[pairable] * (per_unit[pairable] - 1.0))
    order = np.argsort(-share, kind="stable")
    units = pairable[order]
    results = []
    # Python lists: reading numpy scalars one by one costs more than the figures.
    for unit, shares, column in zip(
        units.tolist(), share[order].tolist(), data.codes[:, units].T.tolist(), strict=True
    ):
        shown = {
            data.coders[i]: data.categories[code] for i, code in enumerate(column) if code >= 0
        }
        results.append(UnitDisagreement(data.units[unit], shares, shown))
    return results


def alpha_by_group(
    data: ReliabilityData | Any,
    groups: Sequence[Hashable],
    level: str | np.ndarray = "nominal",
) -> dict[Hashable, Coefficient]:
    """Alpha within each group of units (one group label per unit), e.g. per outlet or story."""
    data = as_reliability_data(data)
    labels = list(groups)
    if len(labels) != data.n_units:
        raise ValueError(f"{len(labels)} group labels for {data.n_units} units")
    members: dict[Hashable, list[int]] = {}
    for unit, label in enumerate(labels):
        members.setdefault(label, []).append(unit)
    return {
        label: krippendorff_alpha(data.select(units=np.array(units)), level)
        for label, units in members.items()
    }


def _pairable_coders(data: ReliabilityData, pairable_units: np.ndarray) -> int:
    return int(np.count_nonzero((data.codes[:, pairable_units] >= 0).any(axis=1)))


def category_values(
    level: str | np.ndarray, categories: Sequence[Any] | None, size: int
) -> np.ndarray | None:
    """Numbers for the ordered levels; ordinal on non-numeric categories uses their order."""
    if not isinstance(level, str) or level == "nominal":
        return None
    if categories is None:
        return np.arange(size, dtype=float)
    numeric = all(
        isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)
        for value in categories
    )
    if numeric:
        return np.array(categories, dtype=float)
    if level == "ordinal":
        return np.arange(size, dtype=float)
    shown = next(v for v in categories if not isinstance(v, int | float) or isinstance(v, bool))
    raise AgreementDataError(f"the {level} level needs numbers; got {shown!r}")
