"""Agreement on a project's document schemes: one article is one unit.

Single choice: the coding report at the nominal level, or ordinal for an ``ordered`` scheme
(with nominal alpha beside it, and interval alpha on the choices' positions 1..k). Multiple
choice: MASI- and Jaccard-distance alpha on the sets chosen, per-choice binary alpha, and
exact-set agreement. A coder who left a scheme unanswered is missing on that article.
"""

from __future__ import annotations

from itertools import combinations

from annotator.agreement.alpha import krippendorff_alpha, unit_disagreements
from annotator.agreement.coefficient_intervals import percent_agreement_resamples
from annotator.agreement.kappa import percent_agreement
from annotator.agreement.multilabel import per_label_alpha, set_alpha, set_data
from annotator.agreement.project_data import ProjectLabels
from annotator.agreement.project_result import (
    ArticleFigures,
    CoderFigures,
    PairFigures,
    Section,
)
from annotator.agreement.reliability import ReliabilityData, category_sort_key
from annotator.agreement.reliability_report import WEIGHTED_KAPPA_NOTE
from annotator.agreement.report import coding_report
from annotator.agreement.report_intervals import (
    IntervalSettings,
    alpha_interval,
    report_with_intervals,
)
from annotator.agreement.resampling import attach
from annotator.agreement.result import no_value
from annotator.agreement.set_figures import (
    pair_agreement,
    set_disagreements,
    set_distances,
    with_others,
)
from annotator.codebook import Scheme


def scheme_section(
    labels: ProjectLabels, scheme: Scheme, intervals: IntervalSettings | None = None
) -> Section:
    ratings = labels.doc_labels.get(scheme.name, [])
    units = sorted({r.article for r in ratings})
    coders = [coder.name for coder in labels.coders]
    column = {article: at for at, article in enumerate(units)}
    cells: list[list] = [[None] * len(units) for _ in coders]
    row_of = {coder.uuid: at for at, coder in enumerate(labels.coders)}
    for rating in ratings:
        cells[row_of[rating.coder]][column[rating.article]] = rating.value
    if scheme.kind == "single":
        measure = "single choice, ordered (ordinal)" if scheme.ordered else "single choice"
    else:
        measure = "multiple choice"
    section = Section("scheme", scheme.name, scheme.title, measure, coders, len(units))
    if not units:
        reason = "no coder answered this scheme"
        section.overall["krippendorff_alpha"] = no_value("krippendorff_alpha", reason)
        return section
    if scheme.kind == "single":
        _single(section, labels, scheme, cells, units, intervals)
    else:
        _multi(section, labels, scheme, cells, units, intervals)
    return section


def _single(
    section: Section, labels: ProjectLabels, scheme: Scheme, cells, units, intervals
) -> None:
    choices = [choice.name for choice in scheme.choices]
    used = {value for row in cells for value in row if value is not None}
    stray = sorted(used - set(choices), key=category_sort_key)
    if stray and scheme.ordered:
        # An answer the codebook does not order has no place on the scale: left out.
        cells = [[None if v in stray else v for v in row] for row in cells]
        section.notes.append(f"left out answers the codebook does not have: {', '.join(stray)}")
    elif stray:
        section.notes.append(f"answers the codebook does not have: {', '.join(stray)}")
        choices += stray
    data = ReliabilityData.from_rows(cells, coders=section.coders, units=units, categories=choices)
    level = "ordinal" if scheme.ordered else "nominal"
    report = coding_report(data, level)
    if intervals is not None:
        report = report_with_intervals(report, intervals)
    section.overall.update(report.overall)
    if scheme.ordered:
        positions = tuple(range(1, len(choices) + 1))
        spaced = ReliabilityData(data.codes, positions, data.coders, data.units)
        interval = krippendorff_alpha(spaced, "interval")
        if intervals is not None:
            interval = alpha_interval(spaced, "interval", intervals, interval)
        section.overall["krippendorff_alpha_interval"] = interval
        section.notes.append("interval alpha takes the choices as equally spaced 1..k")
        section.notes.append(WEIGHTED_KAPPA_NOTE)
    section.per_label = {
        str(choice): {"krippendorff_alpha": result}
        for choice, result in report.per_category.items()
    }
    section.pairs = [
        PairFigures(p.coder_a, p.coder_b, p.shared_units, p.coefficients, p.confusion)
        for p in report.pairs
    ]
    section.per_coder = [
        CoderFigures(c.coder, {"alpha_with_others": c.with_others, "alpha_without": c.without})
        for c in report.per_coder
    ]
    section.per_article = _per_article(labels, unit_disagreements(data, "nominal"))


def _multi(
    section: Section, labels: ProjectLabels, scheme: Scheme, cells, units, intervals
) -> None:
    choices = [choice.name for choice in scheme.choices]
    used = {value for row in cells for labels_ in row if labels_ for value in labels_}
    stray = sorted(used - set(choices))
    if stray:
        section.notes.append(f"choices the codebook does not have: {', '.join(stray)}")
    raw = set_data(cells, coders=section.coders)
    data = ReliabilityData(raw.codes, raw.categories, raw.coders, units)
    masi = set_distances(data.categories, "masi")
    jaccard = set_distances(data.categories, "jaccard")
    section.overall["masi_alpha"] = set_alpha(data, "masi")
    section.overall["jaccard_alpha"] = set_alpha(data, "jaccard")
    section.overall["percent_agreement"] = percent_agreement(data)
    if intervals is not None:
        for key, distances in (("masi_alpha", masi), ("jaccard_alpha", jaccard)):
            section.overall[key] = alpha_interval(data, distances, intervals, section.overall[key])
        section.overall["percent_agreement"] = attach(
            section.overall["percent_agreement"],
            intervals.draw(lambda n, rng: percent_agreement_resamples(data, n, rng)),
        )
    section.notes.append("agreement counts the pairs of coders who chose the very same set")
    section.per_label = {
        str(choice): {"krippendorff_alpha": result}
        for choice, result in per_label_alpha(data, labels=choices + stray).items()
    }
    for first, second in combinations(range(data.n_coders), 2):
        agreement = pair_agreement(data, first, second)
        figures = {
            "masi_alpha": set_alpha(data, "masi", [first, second]),
            "percent_agreement": agreement,
        }
        shared = agreement.units
        section.pairs.append(PairFigures(data.coders[first], data.coders[second], shared, figures))
    for at, coder in enumerate(data.coders):
        others = [i for i in range(data.n_coders) if i != at]
        figures = {
            "masi_alpha_with_others": with_others(data, masi, at, "masi_alpha"),
            "masi_alpha_without": set_alpha(data, "masi", others),
        }
        section.per_coder.append(CoderFigures(coder, figures))
    section.per_article = _per_article(labels, set_disagreements(data, masi))


def _per_article(labels: ProjectLabels, disagreements) -> list[ArticleFigures]:
    return [
        ArticleFigures(labels.articles[d.unit], d.disagreement, dict(d.values))
        for d in disagreements
    ]
