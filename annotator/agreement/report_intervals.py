"""Confidence intervals for every figure of a coding report (``coding_report``).

``with_intervals(report, samples=1000, seed=7)`` returns the same report with an
``Interval`` on each figure that has a value: the overall coefficients, one-vs-rest alpha per
category and every coder pair's figures. Alpha uses ``method``: "units" (the bootstrap over
units, the default) or "kalpha" (Hayes & Krippendorff's algorithm); every other coefficient
is bootstrapped over units. The same seed gives the same intervals. Each coder against the
others keeps no interval (its pooled pairs are not a sample of units).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

import numpy as np

from annotator.agreement.alpha import category_values, coincidence_matrix
from annotator.agreement.alpha_intervals import alpha_resamples, kalpha_bootstrap
from annotator.agreement.breakdown import PairAgreement
from annotator.agreement.chance_corrected import LEVEL_WEIGHTS
from annotator.agreement.coefficient_intervals import (
    chance_corrected_resamples,
    fleiss_resamples,
    holsti_resamples,
    pair_figures_from_tables,
    pair_table_resamples,
    percent_agreement_resamples,
)
from annotator.agreement.confusion import confusion_matrix
from annotator.agreement.metrics import distance_matrix
from annotator.agreement.reliability import ReliabilityData
from annotator.agreement.report import CodingReport
from annotator.agreement.resampling import (
    DEFAULT_SAMPLES,
    THRESHOLDS,
    attach,
    generator,
    percentile_interval,
)
from annotator.agreement.result import Coefficient, Interval

METHODS = ("units", "kalpha")


class IntervalSettings:
    """How intervals are drawn: resamples, seed, alpha's method, confidence, thresholds."""

    def __init__(
        self,
        samples: int = DEFAULT_SAMPLES,
        seed: int | None = None,
        method: str = "units",
        confidence: float = 0.95,
        thresholds: Sequence[float] = THRESHOLDS,
    ):
        if method not in METHODS:
            raise ValueError(f"unknown bootstrap method {method!r}; use units or kalpha")
        if samples < 1:
            raise ValueError("the number of bootstrap samples must be at least 1")
        self.samples, self.seed, self.method = samples, seed, method
        self.confidence, self.thresholds = confidence, tuple(thresholds)

    def interval(self, values: np.ndarray) -> Interval | None:
        return percentile_interval(
            values, level=self.confidence, seed=self.seed, thresholds=self.thresholds
        )

    def draw(self, resampler: Callable[[int, np.random.Generator], np.ndarray]) -> Interval | None:
        return self.interval(resampler(self.samples, generator(self.seed)))


def alpha_interval(
    data: ReliabilityData,
    level: str | np.ndarray,
    settings: IntervalSettings,
    result: Coefficient,
    counts: np.ndarray | None = None,
    categories: Sequence | None = None,
) -> Coefficient:
    """``result`` (alpha of ``data`` at ``level``) with its interval."""
    if result.value is None:
        return result
    counts = data.value_counts() if counts is None else counts
    categories = data.categories if categories is None else categories
    if settings.method == "kalpha":
        matrix = coincidence_matrix(counts)
        values = category_values(level, categories, matrix.shape[0])
        delta = distance_matrix(level, matrix.shape[0], values, matrix.sum(axis=1))
        interval = kalpha_bootstrap(
            matrix,
            delta,
            result.details["De"],
            data.n_coders,
            samples=settings.samples,
            seed=settings.seed,
            confidence=settings.confidence,
            thresholds=settings.thresholds,
        )
        return attach(result, interval)
    values = alpha_resamples(
        counts, level, categories, samples=settings.samples, seed=settings.seed
    )
    return attach(result, settings.interval(values))


def with_intervals(
    report: CodingReport,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
    method: str = "units",
    confidence: float = 0.95,
    thresholds: Sequence[float] = THRESHOLDS,
) -> CodingReport:
    """The report with an interval on every figure that has a value."""
    return report_with_intervals(
        report, IntervalSettings(samples, seed, method, confidence, thresholds)
    )


def report_with_intervals(report: CodingReport, settings: IntervalSettings) -> CodingReport:
    """``with_intervals`` for settings already made (a project's sections share one)."""
    data, level = report.data, report.level
    overall = dict(report.overall)
    for key, result in report.overall.items():
        overall[key] = _overall_interval(data, level, key, result, settings)
    per_category = {}
    counts = data.value_counts()
    for code, (category, result) in enumerate(report.per_category.items()):
        column = counts[:, code : code + 1]
        binary = np.hstack([column, counts.sum(axis=1, keepdims=True) - column])
        per_category[category] = alpha_interval(
            data, "nominal", settings, result, binary, (category, "other")
        )
    pairs = [_pair_intervals(pair, level, settings) for pair in report.pairs]
    return replace(report, overall=overall, per_category=per_category, pairs=pairs)


def _overall_interval(
    data: ReliabilityData,
    level: str,
    key: str,
    result: Coefficient,
    settings: IntervalSettings,
) -> Coefficient:
    if result.value is None:
        return result
    if key in ("krippendorff_alpha", "krippendorff_alpha_nominal"):
        shown = level if key == "krippendorff_alpha" else "nominal"
        return alpha_interval(data, shown, settings, result)
    if key == "krippendorff_alpha_interval":
        return alpha_interval(data, "interval", settings, result)
    resamplers: dict[str, Callable[[int, np.random.Generator], np.ndarray]] = {
        "percent_agreement": partial(percent_agreement_resamples, data),
        "fleiss_kappa": partial(fleiss_resamples, data),
        "gwet_ac1": partial(chance_corrected_resamples, data, "identity", "gwet"),
        "gwet_ac2": partial(
            chance_corrected_resamples, data, LEVEL_WEIGHTS.get(level, level), "gwet"
        ),
        "brennan_prediger": partial(chance_corrected_resamples, data, "identity", "bp"),
        "holsti": partial(holsti_resamples, data),
    }
    if key in resamplers:
        return attach(result, settings.draw(resamplers[key]))
    if data.n_coders == 2:
        # Two coders: the overall kappa-type figures are the pair's.
        table = confusion_matrix(data, 0, 1)
        tables = pair_table_resamples(table, settings.samples, generator(settings.seed))
        figures = pair_figures_from_tables(tables, table.categories, level)
        if key in figures:
            return attach(result, settings.interval(figures[key]))
    return result


def _pair_intervals(pair: PairAgreement, level: str, settings: IntervalSettings) -> PairAgreement:
    table = pair.confusion
    if table.total == 0:
        return pair
    tables = pair_table_resamples(table, settings.samples, generator(settings.seed))
    figures = pair_figures_from_tables(tables, table.categories, level)
    coefficients = {
        key: attach(result, settings.interval(figures[key])) if key in figures else result
        for key, result in pair.coefficients.items()
    }
    return replace(pair, coefficients=coefficients)
