"""Agreement on the attributes of a project's spans: stance, source type, quote type, and any
other choice attribute of a layer, on spans matched across coders (see ``attribute_units``).

One section per attribute, shaped like a single-choice scheme's: nominal alpha, percent
agreement and Gwet's AC1 overall (with their counts, or "no value" and why), alpha per choice
against the rest, each coder pair (with the confusion matrix), each coder against the others,
and per article the share of matched spans whose values differ.
"""

from __future__ import annotations

from collections import Counter
from typing import cast

from annotator.agreement.attribute_units import AttributeDocument, AttributeUnits, attribute_units
from annotator.agreement.project_data import ProjectLabels
from annotator.agreement.project_result import ArticleFigures, CoderFigures, PairFigures, Section
from annotator.agreement.reliability import ReliabilityData, category_sort_key
from annotator.agreement.report import coding_report
from annotator.agreement.report_intervals import IntervalSettings, report_with_intervals
from annotator.agreement.result import ONE_CODER, no_value
from annotator.codebook import Attribute, Layer

OVERALL = ("krippendorff_alpha", "percent_agreement", "gwet_ac1")
PAIR = ("krippendorff_alpha", "percent_agreement", "cohen_kappa")


def choice_attributes(layer: Layer) -> list[Attribute]:
    """The layer's attributes that agreement can count (choices, not free text)."""
    return [a for a in layer.attributes if a.kind == "choice"]


def attribute_documents(labels: ProjectLabels, layer: str) -> list[AttributeDocument]:
    """The articles two or more of the coders coded, with each coder's spans of ``layer``
    (attributes included), by coder display name. ``labels``: read with the layer whole
    (``read_project_labels``)."""
    marked = labels.whole[layer]
    return [
        AttributeDocument(
            article,
            labels.articles[article].length,
            {
                coder.name: marked.get(article, {}).get(coder.uuid, [])
                for coder in labels.coders
                if article in labels.coded[coder.uuid]
            },
        )
        for article in labels.coded_by_several()
    ]


def attribute_section(
    labels: ProjectLabels,
    layer: Layer,
    attribute: Attribute,
    documents: list[AttributeDocument],
    intervals: IntervalSettings | None = None,
) -> Section:
    on = list(attribute.applies_to) or [label.name for label in layer.labels]
    titles = ", ".join(layer.label(name).title.lower() for name in on if _has(layer, name))
    names = [coder.name for coder in labels.coders]
    found = attribute_units(documents, attribute.name, on)
    section = Section(
        "attribute",
        f"{layer.name}.{attribute.name}",
        attribute.title,
        f"attribute of matched {titles} spans, nominal",
        names,
        len(found.units),
        unit_noun="matched spans",
    )
    section.notes.append(
        f"units: {titles} spans matched across coders as span F1 (overlap) matches them (the "
        "same label, a character in common); a coder with no span there, or who left the "
        "attribute unset, is missing on the unit"
    )
    if found.unset or found.ambiguous:
        section.notes.append(
            f"{found.unset} matched span(s) had the attribute unset and {found.ambiguous} "
            "coder(s) had two spans of different values in one unit (both missing)"
        )
    if not found.units:
        reason = _no_units(labels, titles)
        section.overall = {key: no_value(key, reason, coders=len(names)) for key in OVERALL}
        return section
    choices = [choice.name for choice in attribute.choices]
    used = {v for row in found.rows() for v in row if v is not None}
    if not used:
        reason = f"no coder set {attribute.title.lower()} on the {len(found.units)} matched spans"
        section.overall = {
            key: no_value(key, reason, units=len(found.units), coders=len(names)) for key in OVERALL
        }
        return section
    stray = sorted(used - set(choices), key=category_sort_key)
    if stray:
        section.notes.append(f"values the codebook does not have: {', '.join(map(str, stray))}")
    data = ReliabilityData.from_rows(
        found.rows(),
        coders=list(found.coders),
        units=list(range(len(found.units))),
        categories=choices + stray,
    )
    report = coding_report(data, "nominal")
    if intervals is not None:
        report = report_with_intervals(report, intervals)
    section.overall = {key: report.overall[key] for key in OVERALL if key in report.overall}
    section.per_label = {  # the choices some coder gave (the rest have no value to show)
        str(choice): {"krippendorff_alpha": result}
        for choice, result in report.per_category.items()
        if choice in used
    }
    section.pairs = [
        PairFigures(
            p.coder_a,
            p.coder_b,
            p.shared_units,
            {k: p.coefficients[k] for k in PAIR if k in p.coefficients},
            p.confusion,
        )
        for p in report.pairs
    ]
    section.per_coder = [
        CoderFigures(c.coder, {"alpha_with_others": c.with_others, "alpha_without": c.without})
        for c in report.per_coder
    ]
    section.per_article = _per_article(labels, found)
    return section


def _has(layer: Layer, name: str) -> bool:
    return any(label.name == name for label in layer.labels)


def _no_units(labels: ProjectLabels, titles: str) -> str:
    if len(labels.coders) < 2:
        return ONE_CODER
    if not labels.coded_by_several():
        return "no article was coded by two or more of the coders"
    return f"no {titles} span of one coder overlaps one of another coder's"


def _per_article(labels: ProjectLabels, found: AttributeUnits) -> list[ArticleFigures]:
    units = Counter(unit.document for unit in found.units)
    disputed = Counter(unit.document for unit in found.units if unit.disputed)
    rows = [
        ArticleFigures(
            labels.articles[cast(int, article)],
            disputed[article] / count,
            {"span units": count, "disputed": disputed[article]},
        )
        for article, count in units.items()
    ]
    rows.sort(key=lambda row: -row.disagreement)
    return rows
