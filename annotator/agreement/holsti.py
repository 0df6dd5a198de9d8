"""Holsti's coefficient of reliability (CR), as ATLAS.ti and MAXQDA report it.

Holsti, O. R. (1969) Content Analysis for the Social Sciences and Humanities, p. 140:
CR = 2 M / (N1 + N2), with M the coding decisions the two coders agree on and N1, N2 the
decisions each made. On predefined units every decision is a unit's value, so N1 and N2
are the units each coder rated and M the units both put in the same category; when both
rated every unit, CR is the percent agreement. It is not corrected for chance. With more
than two coders the figure is the mean over coder pairs (``details``: pairs, min, max).
For spans, the same formula over matched spans is the exact-match span F1.
"""

from __future__ import annotations

from itertools import combinations
from statistics import fmean
from typing import Any

import numpy as np

from annotator.agreement.reliability import ReliabilityData, as_reliability_data
from annotator.agreement.result import ONE_CODER, Coefficient, no_value


def holsti_pair(data: ReliabilityData | Any, first: int, second: int) -> Coefficient:
    """CR of two coders (row indices) over the units either of them rated."""
    data = as_reliability_data(data)
    a, b = data.codes[first], data.codes[second]
    decisions = int(np.count_nonzero(a >= 0) + np.count_nonzero(b >= 0))
    both = (a >= 0) & (b >= 0)
    agreed = int(np.count_nonzero(both & (a == b)))
    shown: dict[str, Any] = {"units": int(np.count_nonzero((a >= 0) | (b >= 0))), "coders": 2}
    if decisions == 0:
        return no_value("holsti", "neither coder rated any unit", **shown)
    details = {
        "M": agreed,
        "N1": int(np.count_nonzero(a >= 0)),
        "N2": int(np.count_nonzero(b >= 0)),
    }
    return Coefficient(
        "holsti", 2.0 * agreed / decisions, pairable=decisions, details=details, **shown
    )


def holsti(data: ReliabilityData | Any) -> Coefficient:
    """CR for two coders, or the mean of every pair's CR for more."""
    data = as_reliability_data(data)
    if data.n_coders < 2:
        return no_value("holsti", ONE_CODER, coders=data.n_coders)
    pairs = [holsti_pair(data, a, b) for a, b in combinations(range(data.n_coders), 2)]
    if len(pairs) == 1:
        return pairs[0]
    defined = [p for p in pairs if p.defined]
    rated = data.codes >= 0
    shown: dict[str, Any] = {
        "units": int(np.count_nonzero(rated.any(axis=0))),
        "coders": int(np.count_nonzero(rated.any(axis=1))),
        "pairable": int(np.count_nonzero(rated)),
    }
    if not defined:
        return no_value("holsti", "no coder rated any unit", **shown)
    values = [p.value for p in defined if p.value is not None]
    details = {"pairs": len(values), "min": min(values), "max": max(values)}
    return Coefficient(
        "holsti", fmean(values), level="mean over coder pairs", details=details, **shown
    )


def holsti_unit_statistics(data: ReliabilityData) -> np.ndarray:
    """Per unit and coder pair: [a rated, b rated, both agree], for the bootstrap."""
    columns = []
    for a, b in combinations(range(data.n_coders), 2):
        first, second = data.codes[a], data.codes[b]
        both = (first >= 0) & (second >= 0) & (first == second)
        columns += [first >= 0, second >= 0, both]
    return np.column_stack(columns).astype(float) if columns else np.zeros((data.n_units, 0))
