"""Kappa-type coefficients: Cohen's kappa (plain and weighted), Scott's pi, Bennett's S and
percent agreement for two coders; Fleiss' kappa and percent agreement for many.

Two-coder coefficients take a ``ConfusionMatrix`` (or a square table) over the units both
coders rated: Ao = trace / N, and kappa = (Ao - Ae) / (1 - Ae) with
Cohen (1960):   Ae = sum_k p_a(k) p_b(k)  (each coder's own marginals),
Scott (1955):   Ae = sum_k ((p_a(k) + p_b(k)) / 2)^2  (pooled marginals),
Bennett et al. (1954) S:  Ae = 1 / q  for q categories.
Weighted kappa (Cohen 1968): 1 - sum w_ij o_ij / sum w_ij e_ij with disagreement weights.
Fleiss (1971) needs every unit rated by the same number of coders (not the same coders).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from annotator.agreement.confusion import ConfusionMatrix
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

NO_SHARED_UNITS = "the two coders rated no unit in common"


def _as_confusion(table: ConfusionMatrix | Any) -> ConfusionMatrix:
    return table if isinstance(table, ConfusionMatrix) else ConfusionMatrix.from_table(table)


def _chance_corrected(
    name: str, table: ConfusionMatrix, expected: float, observed: float, **details: float
) -> Coefficient:
    total = table.total
    counts: dict[str, Any] = {"units": total, "coders": 2, "pairable": 2 * total}
    shown = {"Ao": observed, "Ae": expected, **details}
    if expected >= 1.0:
        used = np.flatnonzero(table.counts.sum(axis=0) + table.counts.sum(axis=1))
        category = table.categories[used[0]]
        reason = (
            f"both coders put all {total} shared units in {category!r}: with no variation, "
            "agreement cannot be told from chance"
        )
        return no_value(name, reason, details=shown, **counts)
    return Coefficient(name, (observed - expected) / (1.0 - expected), details=shown, **counts)


def cohens_kappa(table: ConfusionMatrix | Any) -> Coefficient:
    """Cohen's kappa; details include kappa_max, the largest kappa these marginals allow."""
    table = _as_confusion(table)
    total = table.total
    if total == 0:
        return no_value("cohen_kappa", NO_SHARED_UNITS, coders=2)
    rows = table.counts.sum(axis=1) / total
    columns = table.counts.sum(axis=0) / total
    observed = float(np.trace(table.counts)) / total
    expected = float(rows @ columns)
    best = float(np.minimum(rows, columns).sum())
    details = {"Ao_max": best}
    if expected < 1.0:
        details["kappa_max"] = (best - expected) / (1.0 - expected)
    return _chance_corrected("cohen_kappa", table, expected, observed, **details)


def scotts_pi(table: ConfusionMatrix | Any) -> Coefficient:
    """Scott's pi: chance from the two coders' pooled category proportions."""
    table = _as_confusion(table)
    total = table.total
    if total == 0:
        return no_value("scott_pi", NO_SHARED_UNITS, coders=2)
    pooled = (table.counts.sum(axis=0) + table.counts.sum(axis=1)) / (2.0 * total)
    observed = float(np.trace(table.counts)) / total
    return _chance_corrected("scott_pi", table, float(pooled @ pooled), observed)


def bennett_s(table: ConfusionMatrix | Any) -> Coefficient:
    """Bennett, Alpert and Goldstein's S: chance is 1/q for the q categories of the scale."""
    table = _as_confusion(table)
    total, size = table.total, len(table.categories)
    if total == 0:
        return no_value("bennett_s", NO_SHARED_UNITS, coders=2)
    if size < 2:
        return no_value(
            "bennett_s",
            "the scale has only one category",
            units=total,
            coders=2,
            pairable=2 * total,
        )
    observed = float(np.trace(table.counts)) / total
    return _chance_corrected("bennett_s", table, 1.0 / size, observed)


def weighted_kappa(table: ConfusionMatrix | Any, weights: str | Any = "linear") -> Coefficient:
    """Cohen's weighted kappa. ``weights``: "linear" |i - j|, "quadratic" (i - j)^2 on the
    categories' positions (as scikit-learn), or a matrix of disagreement weights."""
    table = _as_confusion(table)
    total, size = table.total, len(table.categories)
    level = weights if isinstance(weights, str) else "custom"
    if total == 0:
        return no_value("weighted_kappa", NO_SHARED_UNITS, coders=2, level=level)
    positions = np.arange(size, dtype=float)
    if isinstance(weights, str) and weights == "linear":
        matrix = np.abs(np.subtract.outer(positions, positions))
    elif isinstance(weights, str) and weights == "quadratic":
        matrix = np.subtract.outer(positions, positions) ** 2
    elif isinstance(weights, str):
        raise AgreementDataError(f"unknown weights {weights!r}; use linear or quadratic")
    else:
        matrix = np.asarray(weights, dtype=float)
        if matrix.shape != (size, size):
            raise AgreementDataError(f"weights for {size} categories must be {size}x{size}")
    counts = table.counts / total
    chance = np.outer(counts.sum(axis=1), counts.sum(axis=0))
    observed = float((matrix * counts).sum())
    expected = float((matrix * chance).sum())
    shown = {"Do": observed, "De": expected}
    if expected <= 0:
        return no_value(
            "weighted_kappa",
            "the coders' categories carry no expected disagreement: with no variation, "
            "agreement cannot be told from chance",
            units=total,
            coders=2,
            pairable=2 * total,
            level=level,
            details=shown,
        )
    return Coefficient(
        "weighted_kappa",
        1.0 - observed / expected,
        units=total,
        coders=2,
        pairable=2 * total,
        level=level,
        details=shown,
    )


def percent_agreement(data: ReliabilityData | Any) -> Coefficient:
    """The share of agreeing pairs of values within a unit, averaged over pairable units.

    For two coders this is the share of shared units they put in the same category; on
    complete data it is Fleiss' P-bar.
    """
    data = as_reliability_data(data)
    counts = data.value_counts()
    per_unit = counts.sum(axis=1)
    pairable = per_unit >= 2
    coders = int(np.count_nonzero((data.codes[:, pairable] >= 0).any(axis=1)))
    units = int(np.count_nonzero(pairable))
    if units == 0:
        reason = ONE_CODER if data.n_coders < 2 else NOTHING_PAIRABLE
        return no_value("percent_agreement", reason, coders=coders)
    table = counts[pairable].astype(float)
    sizes = per_unit[pairable].astype(float)
    share = ((table * (table - 1.0)).sum(axis=1)) / (sizes * (sizes - 1.0))
    return Coefficient(
        "percent_agreement",
        float(share.mean()),
        units=units,
        coders=coders,
        pairable=int(sizes.sum()),
    )


def fleiss_kappa(data: ReliabilityData | Any) -> Coefficient:
    """Fleiss' kappa on a reliability matrix; see ``fleiss_kappa_from_counts``."""
    data = as_reliability_data(data)
    coders = int(np.count_nonzero((data.codes >= 0).any(axis=1)))
    if data.n_coders < 2:
        return no_value("fleiss_kappa", ONE_CODER, coders=coders)
    return fleiss_kappa_from_counts(data.value_counts(), data.categories, coders=coders)


def fleiss_kappa_from_counts(
    counts: Any, categories: Any = None, *, coders: int | None = None
) -> Coefficient:
    """Fleiss' kappa from a units x categories table of rating counts.

    Units with no rating are ignored; every other unit must have the same number of ratings
    (Fleiss' design), else there is no value: Krippendorff's alpha handles missing values.
    """
    table, ratings, units, reason = _fleiss_table(counts)
    shown_coders = coders if coders is not None else ratings
    if reason:
        return no_value("fleiss_kappa", reason, units=units, coders=shown_coders)
    per_unit = ((table * (table - 1.0)).sum(axis=1)) / (ratings * (ratings - 1.0))
    proportions = table.sum(axis=0) / (units * ratings)
    observed = float(per_unit.mean())
    expected = float(proportions @ proportions)
    counted: dict[str, Any] = {"units": units, "coders": shown_coders, "pairable": units * ratings}
    details = {"P_bar": observed, "P_e_bar": expected, "raters_per_unit": float(ratings)}
    if np.count_nonzero(proportions) < 2:
        names = categories if categories is not None else range(table.shape[1])
        only = list(names)[int(np.flatnonzero(proportions)[0])]
        reason = (
            f"every rating is {only!r}: with no variation, agreement cannot be told from chance"
        )
        return no_value("fleiss_kappa", reason, details=details, **counted)
    value = (observed - expected) / (1.0 - expected)
    return Coefficient("fleiss_kappa", value, details=details, **counted)


def fleiss_kappa_per_category(counts: Any, categories: Any = None) -> dict[Any, Coefficient]:
    """Fleiss' (1971) kappa for each category against the rest (eq. 12 there)."""
    table, ratings, units, reason = _fleiss_table(counts)
    names = list(categories) if categories is not None else list(range(table.shape[1]))
    if reason:
        return {name: no_value("fleiss_kappa", reason, units=units) for name in names}
    results = {}
    for code, name in enumerate(names):
        column = table[:, code]
        share = column.sum() / (units * ratings)
        counted: dict[str, Any] = {"units": units, "coders": ratings, "pairable": units * ratings}
        if share in (0.0, 1.0):
            word = "no" if share == 0 else "every"
            results[name] = no_value(
                "fleiss_kappa",
                f"{word} rating is {name!r}: the category does not vary",
                **counted,
            )
            continue
        disagreement = float((column * (ratings - column)).sum())
        value = 1.0 - disagreement / (units * ratings * (ratings - 1) * share * (1 - share))
        results[name] = Coefficient("fleiss_kappa", value, **counted)
    return results


def _fleiss_table(counts: Any) -> tuple[np.ndarray, int, int, str | None]:
    """The rated units, their common number of ratings, and the reason if unusable."""
    table = np.asarray(counts, dtype=float)
    per_unit = table.sum(axis=1)
    rated = per_unit > 0
    table, per_unit = table[rated], per_unit[rated]
    units = int(table.shape[0])
    if units == 0:
        return table, 0, 0, ALL_MISSING
    low, high = int(per_unit.min()), int(per_unit.max())
    if low != high:
        return (
            table,
            high,
            units,
            (
                f"units have {low} to {high} ratings; Fleiss' kappa needs the same number on "
                "every unit (Krippendorff's alpha allows missing values)"
            ),
        )
    if high < 2:
        return table, high, units, "every unit has only one rating, so nothing is pairable"
    return table, high, units, None
