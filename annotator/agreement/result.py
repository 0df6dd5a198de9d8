"""The result of every agreement coefficient: a value with its counts, or "no value" and why.

A coefficient that cannot be computed (nothing pairable, no variation, one coder) is never
reported as 1.0, 0.0 or NaN: ``value`` is None and ``reason`` says why in plain English.
A figure may carry an ``Interval`` (bootstrap or Gwet's variance; see ``bootstrap``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

# Reasons shared by several coefficients.
ONE_CODER = "there is only one coder; agreement needs two or more"
ALL_MISSING = "every value is missing"
NOTHING_PAIRABLE = "no unit has values from two or more coders, so nothing is pairable"

TITLES = {
    "krippendorff_alpha": "Krippendorff's alpha",
    "fleiss_kappa": "Fleiss' kappa",
    "cohen_kappa": "Cohen's kappa",
    "weighted_kappa": "Cohen's weighted kappa",
    "scott_pi": "Scott's pi",
    "bennett_s": "Bennett's S",
    "percent_agreement": "Percent agreement",
    "masi_alpha": "MASI-distance alpha",
    "jaccard_alpha": "Jaccard-distance alpha",
    "span_f1_exact": "Span F1 (exact)",
    "span_f1_overlap": "Span F1 (overlap)",
    "position_alpha": "Position-level alpha",
    "unitized_alpha": "Unitized alpha (alpha_u, Krippendorff 1995/2004)",
    "gwet_ac1": "Gwet's AC1",
    "gwet_ac2": "Gwet's AC2",
    "brennan_prediger": "Brennan-Prediger",
    "holsti": "Holsti's CR",
    "u_alpha": "Unitizing and coding",
    "binary_u_alpha": "Unitizing, units against gaps",
    "cu_alpha": "Coding of one label, given the units",
    "Cu_alpha": "Coding of all labels, given the units",
    "attribution_agreement": "Attribution-wise agreement (records matched)",
    "attribution_cue_agreement": "Attribution records matched on the cue",
}


@dataclass(frozen=True)
class Interval:
    """A confidence interval for a coefficient, and how it was made.

    ``method``: "bootstrap over units" (percentile interval of ``samples`` resamples of the
    units, seeded with ``seed``), "Hayes & Krippendorff (2007) bootstrap", or "Gwet's variance"
    (a t interval from Gwet's standard error). ``q`` maps a threshold alpha_min to the share
    of bootstrap values below it, q = P(value < alpha_min). ``undefined``: resamples on which
    the coefficient had no value (they are left out of the interval and of q, and counted).
    """

    lower: float
    upper: float
    level: float = 0.95
    method: str = "bootstrap over units"
    samples: int = 0
    seed: int | None = None
    undefined: int = 0
    standard_error: float | None = None
    q: Mapping[float, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "lower": self.lower,
            "upper": self.upper,
            "level": self.level,
            "method": self.method,
        }
        if self.samples:
            data.update(samples=self.samples, seed=self.seed, undefined=self.undefined)
        if self.standard_error is not None:
            data["standard_error"] = self.standard_error
        if self.q:
            data["q"] = {f"{k:g}": v for k, v in self.q.items()}
        return data

    def formatted(self, digits: int = 3) -> str:
        return f"[{rounded(self.lower, digits)}, {rounded(self.upper, digits)}]"


def rounded(value: float, digits: int = 3) -> str:
    """``value`` to ``digits`` places; a value that rounds to zero is "0.000", never "-0.000"."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


@dataclass(frozen=True)
class Coefficient:
    """One agreement figure and what it rests on.

    ``units``: units (documents, positions, ...) that entered the computation;
    ``coders``: coders who contributed at least one of those values;
    ``pairable``: values (or spans) that entered the computation;
    ``details``: intermediate quantities (Do, De, Ao, Ae, P_bar, ...) for checking by hand.
    Exactly one of ``value`` and ``reason`` is set, and ``value`` is always finite.
    """

    name: str
    value: float | None
    reason: str | None = None
    units: int = 0
    coders: int = 0
    pairable: int = 0
    level: str | None = None
    details: Mapping[str, float] = field(default_factory=dict)
    interval: Interval | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.reason is None):
            raise ValueError("a coefficient has either a value or a reason, not both or neither")
        if self.value is not None:
            if not math.isfinite(self.value):
                raise ValueError(f"{self.name}: non-finite value {self.value!r}")
            object.__setattr__(self, "value", float(self.value))
        object.__setattr__(self, "details", {k: float(v) for k, v in self.details.items()})

    @property
    def defined(self) -> bool:
        return self.value is not None

    @property
    def title(self) -> str:
        base = TITLES.get(self.name, self.name)
        return f"{base} ({self.level})" if self.level else base

    def formatted(self, digits: int = 3) -> str:
        """The value rounded for a table, or "no value"."""
        return "no value" if self.value is None else rounded(self.value, digits)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the value or the reason, always the counts."""
        data: dict[str, Any] = {"name": self.name}
        if self.level:
            data["level"] = self.level
        data["value"] = self.value
        if self.reason is not None:
            data["reason"] = self.reason
        data.update(units=self.units, coders=self.coders, pairable=self.pairable)
        if self.details:
            data["details"] = dict(self.details)
        if self.interval is not None:
            data["interval"] = self.interval.to_dict()
        return data

    def with_interval(self, interval: Interval | None) -> Coefficient:
        """The same figure with a confidence interval attached (None: no interval)."""
        return replace(self, interval=interval)

    def __str__(self) -> str:
        if self.value is None:
            return f"{self.title}: no value ({self.reason})"
        return f"{self.title}: {rounded(self.value, 4)} ({self.units} units, {self.coders} coders)"


def no_value(
    name: str,
    reason: str,
    *,
    units: int = 0,
    coders: int = 0,
    pairable: int = 0,
    level: str | None = None,
    details: Mapping[str, float] | None = None,
) -> Coefficient:
    """A coefficient that is undefined on this data, with the plain-English reason."""
    return Coefficient(
        name,
        None,
        reason,
        units=units,
        coders=coders,
        pairable=pairable,
        level=level,
        details=dict(details or {}),
    )
