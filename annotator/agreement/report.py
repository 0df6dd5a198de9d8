"""Every document-label coefficient for one reliability matrix, gathered for a table or JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.agreement.alpha import krippendorff_alpha, one_vs_rest_alpha
from annotator.agreement.breakdown import (
    CoderAgreement,
    PairAgreement,
    coder_vs_others,
    pairwise,
)
from annotator.agreement.chance_corrected import brennan_prediger, gwet_ac
from annotator.agreement.holsti import holsti
from annotator.agreement.kappa import fleiss_kappa, percent_agreement
from annotator.agreement.metrics import check_level
from annotator.agreement.reliability import ReliabilityData, as_reliability_data
from annotator.agreement.result import Coefficient


@dataclass(frozen=True)
class CodingReport:
    """Overall coefficients, one-vs-rest alpha per category, each pair, each coder."""

    level: str
    data: ReliabilityData
    overall: dict[str, Coefficient]
    per_category: dict[Any, Coefficient]
    pairs: list[PairAgreement]
    per_coder: list[CoderAgreement]

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "coders": list(self.data.coders),
            "units": self.data.n_units,
            "categories": list(self.data.categories),
            "overall": {key: value.to_dict() for key, value in self.overall.items()},
            "per_category": [
                {"category": category, **result.to_dict()}
                for category, result in self.per_category.items()
            ],
            "pairs": [
                {
                    "coder_a": pair.coder_a,
                    "coder_b": pair.coder_b,
                    "shared_units": pair.shared_units,
                    "coefficients": {k: v.to_dict() for k, v in pair.coefficients.items()},
                    "confusion": pair.confusion.to_dict(),
                }
                for pair in self.pairs
            ],
            "per_coder": [
                {
                    "coder": coder.coder,
                    "alpha_with_others": coder.with_others.to_dict(),
                    "alpha_without": coder.without.to_dict(),
                }
                for coder in self.per_coder
            ],
        }


def coding_report(data: ReliabilityData | Any, level: str = "nominal") -> CodingReport:
    """Alpha at ``level`` (and nominal), Fleiss' kappa, percent agreement, Gwet's AC1 (and
    AC2 with the level's weights), Brennan-Prediger and Holsti; with two coders, Cohen's
    kappa and Scott's pi; then per category, per pair and per coder. ``with_intervals``
    (report_intervals) adds bootstrap intervals."""
    data = as_reliability_data(data)
    check_level(level)
    overall = {"krippendorff_alpha": krippendorff_alpha(data, level)}
    if level != "nominal":
        overall["krippendorff_alpha_nominal"] = krippendorff_alpha(data, "nominal")
    overall["fleiss_kappa"] = fleiss_kappa(data)
    overall["percent_agreement"] = percent_agreement(data)
    overall["gwet_ac1"] = gwet_ac(data)
    if level != "nominal":
        overall["gwet_ac2"] = gwet_ac(data, level)
    overall["brennan_prediger"] = brennan_prediger(data)
    overall["holsti"] = holsti(data)
    pairs = pairwise(data, level)
    if len(pairs) == 1:
        for key in ("cohen_kappa", "scott_pi", "weighted_kappa_linear", "weighted_kappa_quadratic"):
            if key in pairs[0].coefficients:
                overall[key] = pairs[0].coefficients[key]
    return CodingReport(
        level=level,
        data=data,
        overall=overall,
        per_category=one_vs_rest_alpha(data),
        pairs=pairs,
        per_coder=coder_vs_others(data, level),
    )
