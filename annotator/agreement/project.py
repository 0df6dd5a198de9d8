"""Agreement of a (merged) project: every document scheme and span layer of its codebook.

    from annotator.agreement.project import project_agreement
    result = project_agreement(project, schemes=["primary_frame"], layers=["loaded"])
    result.section("primary_frame").overall["krippendorff_alpha"]

Only live labels count (``deleted = 0``). Free-text schemes have no agreement figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotator.agreement.positions import Unit
from annotator.agreement.project_attributes import (
    attribute_documents,
    attribute_section,
    choice_attributes,
)
from annotator.agreement.project_data import ProjectLabels, read_project_labels
from annotator.agreement.project_result import ProjectAgreement, Section
from annotator.agreement.project_schemes import scheme_section
from annotator.agreement.project_spans import layer_section
from annotator.agreement.record_agreement import read_records, record_section
from annotator.agreement.reliability import AgreementDataError
from annotator.agreement.report_intervals import IntervalSettings
from annotator.attribution_records import LAYER as RECORD_LAYER
from annotator.codebook import Layer
from annotator.gc_pause import collection_paused
from annotator.progress import ProgressCallback, no_progress
from annotator.store import Project

TOKEN = re.compile(r"\w+|[^\w\s]")


def project_agreement(
    project: Project,
    *,
    schemes: Sequence[str] | None = None,
    layers: Sequence[str] | None = None,
    coders: Sequence[str] | None = None,
    unit: Unit = "character",
    progress: ProgressCallback = no_progress,
    intervals: IntervalSettings | None = None,
    subsample: bool = True,
) -> ProjectAgreement:
    """Figures for the chosen schemes and layers (default: every categorical scheme and every
    layer; an empty list: none), over the chosen coders (default: all with work). A layer
    brings the agreement on its choice attributes (on spans matched across coders) and, for
    attributions, on whole records (see project_attributes, record_agreement).

    ``unit="token"`` makes position alpha count word tokens (``\\w+`` or one punctuation
    mark) instead of characters. ``intervals`` (``IntervalSettings``) adds bootstrap
    intervals to the figures (see report_intervals and unitized_family_figures).

    When the project has a study plan (``annotator plan``), agreement is measured on its
    reliability subsample, the articles every coder was given; ``subsample=False`` counts
    every article coded by two or more coders.
    """
    with collection_paused():
        return _project_agreement(
            project, schemes, layers, coders, unit, progress, intervals, subsample
        )


def _project_agreement(
    project: Project,
    schemes: Sequence[str] | None,
    layers: Sequence[str] | None,
    coders: Sequence[str] | None,
    unit: Unit,
    progress: ProgressCallback,
    intervals: IntervalSettings | None,
    subsample: bool,
) -> ProjectAgreement:
    codebook = project.codebook
    chosen_schemes = _chosen(
        [s for s in codebook.schemes if s.kind != "text"], schemes, "scheme", codebook.schemes
    )
    chosen_layers = _chosen(list(codebook.layers), layers, "layer", codebook.layers)
    if unit not in ("character", "token"):
        raise AgreementDataError(f"unknown position unit {unit!r}; use character or token")
    planned = project.assignments.reliability_articles() if subsample else []
    whole = [layer.name for layer in chosen_layers if _has_attribute_sections(layer)]
    labels = read_project_labels(project, coders, planned or None, whole)
    tokens = _tokens(project, labels) if unit == "token" and chosen_layers else None
    steps = len(chosen_schemes) + len(chosen_layers)
    sections: list[Section] = []
    for done, scheme in enumerate(chosen_schemes):
        progress(done, steps, f"Agreement on {scheme.title}")
        sections.append(scheme_section(labels, scheme, intervals))
    for done, layer in enumerate(chosen_layers, start=len(chosen_schemes)):
        progress(done, steps, f"Agreement on {layer.title}")
        sections.append(layer_section(labels, layer, unit, tokens, intervals))
        sections += _attribute_sections(project, labels, layer, intervals)
    progress(steps, steps, "Agreement computed")
    return ProjectAgreement(
        project=project.meta.name,
        coders=[coder.name for coder in labels.coders],
        articles=len(labels.articles),
        sections=sections,
        unit=unit,
        intervals=intervals,
        subsample=len(planned) if planned else None,
    )


def _attribute_sections(
    project: Project, labels: ProjectLabels, layer: Layer, intervals: IntervalSettings | None
) -> list[Section]:
    """A layer's choice attributes on matched spans; for attributions, their records too."""
    attributes = choice_attributes(layer)
    sections: list[Section] = []
    if not _has_attribute_sections(layer):
        return sections
    if attributes:
        documents = attribute_documents(labels, layer.name)
        for attribute in attributes:
            sections.append(attribute_section(labels, layer, attribute, documents, intervals))
    if layer.name == RECORD_LAYER:
        sections.append(record_section(labels, read_records(project, labels), intervals))
    return sections


def _has_attribute_sections(layer: Layer) -> bool:
    return bool(choice_attributes(layer)) or layer.name == RECORD_LAYER


def _chosen(available: list, wanted: Sequence[str] | None, what: str, everything) -> list:
    if wanted is None:
        return available
    names = {item.name: item for item in available}
    result = []
    for name in wanted:
        if name not in names:
            if any(item.name == name for item in everything):
                raise AgreementDataError(f"'{name}' is free text; agreement needs choices")
            known = ", ".join(names) or "none"
            raise AgreementDataError(f"the codebook has no {what} '{name}' ({what}s: {known})")
        result.append(names[name])
    return result


def _tokens(project: Project, labels: ProjectLabels) -> dict[int, list[tuple[int, int]]]:
    wanted = labels.coded_by_several()
    texts = project.articles.texts(wanted) if wanted else {}
    return {
        article: [match.span() for match in TOKEN.finditer(text)] for article, text in texts.items()
    }
