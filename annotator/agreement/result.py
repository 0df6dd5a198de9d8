"""The result of every agreement coefficient: a value with its counts, or "no value" and why.

A coefficient that cannot be computed (nothing pairable, no variation, one coder) is never
reported as 1.0, 0.0 or NaN: ``value`` is None and ``reason`` says why in plain English.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
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
    "unitized_alpha": "Unitized alpha (alpha_u)",
}


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
        return "no value" if self.value is None else f"{self.value:.{digits}f}"

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
        return data

    def __str__(self) -> str:
        if self.value is None:
            return f"{self.title}: no value ({self.reason})"
        return f"{self.title}: {self.value:.4f} ({self.units} units, {self.coders} coders)"


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
