"""Breakdowns of document-label agreement: per coder pair and per coder against the others."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from annotator.agreement.alpha import (
    alpha_from_coincidences,
    category_values,
    krippendorff_alpha,
)
from annotator.agreement.confusion import ConfusionMatrix, confusion_matrix
from annotator.agreement.kappa import bennett_s, cohens_kappa, scotts_pi, weighted_kappa
from annotator.agreement.metrics import check_level, level_name
from annotator.agreement.reliability import ReliabilityData, as_reliability_data
from annotator.agreement.result import ONE_CODER, Coefficient, no_value


@dataclass(frozen=True)
class PairAgreement:
    """Two coders on the units both rated: their confusion matrix and coefficients."""

    coder_a: str
    coder_b: str
    confusion: ConfusionMatrix
    coefficients: dict[str, Coefficient] = field(default_factory=dict)

    @property
    def shared_units(self) -> int:
        return self.confusion.total


@dataclass(frozen=True)
class CoderAgreement:
    """One coder against the others.

    ``with_others``: alpha on the pairs of values that involve this coder (each other coder's
    value on a unit paired with this coder's), expected disagreement from those same pairs.
    ``without``: alpha of all the other coders, this one left out; if it is much higher
    than the overall alpha, this coder is the odd one out.
    """

    coder: str
    with_others: Coefficient
    without: Coefficient


def pair_coefficients(
    table: ConfusionMatrix, level: str | np.ndarray = "nominal"
) -> dict[str, Coefficient]:
    """Everything two coders' confusion matrix gives: kappa, pi, S, agreement, alpha."""
    check_level(level)
    results = {
        "percent_agreement": _pair_percent_agreement(table),
        "cohen_kappa": cohens_kappa(table),
        "scott_pi": scotts_pi(table),
        "bennett_s": bennett_s(table),
    }
    if isinstance(level, str) and level != "nominal":
        results["weighted_kappa_linear"] = weighted_kappa(table, "linear")
        results["weighted_kappa_quadratic"] = weighted_kappa(table, "quadratic")
    # Two values per unit: each unit adds one coincidence in each direction.
    coincidences = table.counts + table.counts.T
    values = category_values(level, table.categories, len(table.categories))
    results["krippendorff_alpha"] = alpha_from_coincidences(
        coincidences, level, table.categories, values, units=table.total, coders=2
    )
    return results


def pairwise(
    data: ReliabilityData | Any, level: str | np.ndarray = "nominal"
) -> list[PairAgreement]:
    """Every pair of coders, in the order of the data's coders."""
    data = as_reliability_data(data)
    results = []
    for first, second in combinations(range(data.n_coders), 2):
        table = confusion_matrix(data, first, second)
        results.append(
            PairAgreement(table.coder_a, table.coder_b, table, pair_coefficients(table, level))
        )
    return results


def coder_vs_others(
    data: ReliabilityData | Any, level: str | np.ndarray = "nominal"
) -> list[CoderAgreement]:
    """For each coder: alpha with the others (pooled pairs) and alpha of the others alone."""
    data = as_reliability_data(data)
    check_level(level)
    values = category_values(level, data.categories, len(data.categories))
    tables = {
        (a, b): confusion_matrix(data, a, b).counts
        for a in range(data.n_coders)
        for b in range(data.n_coders)
        if a < b
    }
    results = []
    for coder in range(data.n_coders):
        others = [i for i in range(data.n_coders) if i != coder]
        if not others:
            with_others = no_value(
                "krippendorff_alpha", ONE_CODER, coders=1, level=level_name(level)
            )
        else:
            pooled = np.zeros((len(data.categories),) * 2)
            partners = 0
            for other in others:
                counts = tables[(min(coder, other), max(coder, other))]
                pooled += counts + counts.T
                partners += int(counts.sum() > 0)
            rated = data.codes[coder] >= 0
            shared = rated & (data.codes[others] >= 0).any(axis=0)
            units = int(np.count_nonzero(shared))
            with_others = alpha_from_coincidences(
                pooled,
                level,
                data.categories,
                values,
                units=units,
                coders=partners + (1 if units else 0),
            )
        without = krippendorff_alpha(data.select(coders=others), level)
        results.append(CoderAgreement(data.coders[coder], with_others, without))
    return results


def _pair_percent_agreement(table: ConfusionMatrix) -> Coefficient:
    total = table.total
    if total == 0:
        return no_value("percent_agreement", "the two coders rated no unit in common", coders=2)
    value = float(np.trace(table.counts)) / total
    return Coefficient("percent_agreement", value, units=total, coders=2, pairable=2 * total)
