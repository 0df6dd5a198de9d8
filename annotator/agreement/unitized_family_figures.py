"""The unitized alpha family as ``Coefficient`` figures, with intervals over documents.

``unitized_family(documents)`` gives ``overall`` (uα, |uα, Cuα) and ``per_label`` (|uα and
cuα of each label); see ``unitized_family`` (the module) for the definitions. Each figure's
``level`` names the member ("uα", "|uα", "Cuα", "cuα") so a table or JSON says which one it
is; units are the documents, pairable the matter (characters) the figure rests on.
``family_intervals`` resamples the documents (the statistics are sums over documents, so
the bootstrap is exact and vectorised).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from annotator.agreement.resampling import attach, generator, resampled_totals
from annotator.agreement.result import ONE_CODER, Coefficient, no_value
from annotator.agreement.spans import SpanCorpus, SpanDocument, as_corpus
from annotator.agreement.unitized_family import (
    MEMBERS,
    FamilyStatistics,
    FamilyTotals,
    family_statistics,
    label_values,
    member_values,
    totals,
)


@dataclass
class FamilyFigures:
    overall: dict[str, Coefficient] = field(default_factory=dict)
    per_label: dict[str, dict[str, Coefficient]] = field(default_factory=dict)
    statistics: FamilyStatistics | None = None


def unitized_family(
    documents: Sequence[SpanDocument] | SpanCorpus, coders: Sequence[str] | None = None
) -> FamilyFigures:
    corpus = as_corpus(documents)
    chosen = list(corpus.coders) if coders is None else list(coders)
    stats = family_statistics(corpus, chosen)
    figures = FamilyFigures(statistics=stats)
    units = int(stats.documents.size)
    base: dict[str, Any] = {"units": units, "coders": len(chosen)}
    reason = None
    if len(chosen) < 2:
        reason = ONE_CODER
    elif units == 0:
        reason = "no document was coded by two or more of the coders"
    if reason:
        for key in ("u_alpha", "binary_u_alpha", "Cu_alpha"):
            figures.overall[key] = no_value(key, reason, level=MEMBERS[key], **base)
        for label in corpus.labels:
            figures.per_label[label] = {
                key: no_value(key, reason, level=MEMBERS[key], **base)
                for key in ("binary_u_alpha", "cu_alpha")
            }
        return figures
    summed = totals(stats)
    values = member_values(summed)
    matter = summed.observed.sum()
    valued = summed.observed[1:, 1:].sum()
    marked = summed.observed[1:, :].sum()
    for key in ("u_alpha", "binary_u_alpha", "Cu_alpha"):
        rest = valued if key == "Cu_alpha" else matter
        details = {"coverage": valued / marked} if key == "Cu_alpha" and marked else {}
        figures.overall[key] = _figure(key, values[key], rest, marked, details, **base)
    per_label = label_values(summed, stats)
    for label, found in per_label.items():
        k = stats.values.index(label) - 1 if label in stats.values else None
        label_matter = summed.binary[stats.labels.index(label), 1]
        shared = summed.observed[k + 1, 1:].sum() if k is not None else 0.0
        figures.per_label[label] = {
            "binary_u_alpha": _figure(
                "binary_u_alpha",
                found["binary_u_alpha"],
                matter,
                label_matter,
                {},
                label=label,
                **base,
            ),
            "cu_alpha": _figure(
                "cu_alpha",
                found["cu_alpha"],
                shared,
                label_matter,
                {"coverage": shared / label_matter} if label_matter else {},
                label=label,
                **base,
            ),
        }
    return figures


def _figure(
    key: str,
    value: np.ndarray,
    pairable: float,
    marked: float,
    details: dict,
    *,
    label: str | None = None,
    units: int,
    coders: int,
) -> Coefficient:
    level = MEMBERS[key] + (f", label {label!r}" if label is not None else "")
    shown: dict[str, Any] = {
        "units": units,
        "coders": coders,
        "pairable": round(float(pairable)),
        "level": level,
    }
    if marked == 0:
        what = f"a span of {label!r}" if label is not None else "any span"
        return no_value(key, f"no coder marked {what}", details=details, **shown)
    if not np.isfinite(value):
        reason = (
            "no unit of it overlaps another coder's units, so its coding cannot be compared"
            if key == "cu_alpha" and pairable == 0
            else "expected disagreement is 0: with no variation, agreement cannot be told "
            "from chance"
        )
        return no_value(key, reason, details=details, **shown)
    return Coefficient(key, float(value), details=details, **shown)


def family_intervals(figures: FamilyFigures, settings) -> FamilyFigures:
    """The figures with percentile intervals over ``settings.samples`` resamples of the
    documents (``settings``: a report_intervals.IntervalSettings)."""
    stats = figures.statistics
    if stats is None or stats.documents.size == 0:
        return figures
    parts = [stats.observed, stats.squares, stats.pairable_squares, stats.binary]
    flat = np.concatenate([p.reshape(p.shape[0], -1) for p in parts], axis=1)
    summed = resampled_totals(flat, settings.samples, generator(settings.seed))
    shapes = [p.shape[1:] for p in parts]
    pieces, at = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        pieces.append(summed[:, at : at + size].reshape(settings.samples, *shape))
        at += size
    resampled = FamilyTotals(*pieces)
    values = member_values(resampled)
    overall = {
        key: attach(result, settings.interval(values[key])) if key in values else result
        for key, result in figures.overall.items()
    }
    labels = label_values(resampled, stats)
    per_label = {
        label: {
            key: attach(result, settings.interval(labels[label][key]))
            for key, result in found.items()
        }
        for label, found in figures.per_label.items()
    }
    return replace(figures, overall=overall, per_label=per_label)
