"""Agreement on a project's span layers, over the articles two or more coders coded.

Per layer and per label: span F1 (exact and overlap) for every coder pair and their mean,
position-level alpha (characters, or tokens), unitized alpha (alpha_u, 1995/2004) and the
unitized alpha family of Krippendorff et al. 2016 (uα, |uα, Cuα; per label |uα and cuα;
overall and per label only). Per coder: their
mean F1 with the others, and position alpha and alpha_u of everyone else. Per article: the
span units (see ``span_units``) and the share of them the coders disagree on.
"""

from __future__ import annotations

from statistics import fmean
from typing import Literal, cast

from annotator.agreement.layer_tables import PositionTable, UnitizedTable
from annotator.agreement.positions import Unit
from annotator.agreement.project_data import ProjectLabels
from annotator.agreement.project_result import ArticleFigures, CoderFigures, PairFigures, Section
from annotator.agreement.report_intervals import IntervalSettings
from annotator.agreement.result import ONE_CODER, Coefficient, no_value
from annotator.agreement.span_intervals import position_alpha_interval
from annotator.agreement.span_units import unit_counts
from annotator.agreement.spans import SpanCorpus, SpanDocument, SpanPairAgreement, span_f1
from annotator.agreement.unitized_family import MEMBERS
from annotator.agreement.unitized_family_figures import family_intervals, unitized_family
from annotator.codebook import Layer

F1_MODES: tuple[Literal["exact", "overlap"], ...] = ("exact", "overlap")


def layer_section(
    labels: ProjectLabels,
    layer: Layer,
    unit: Unit = "character",
    tokens: dict[int, list[tuple[int, int]]] | None = None,
    intervals: IntervalSettings | None = None,
) -> Section:
    documents = labels.span_documents(layer.name)
    if tokens is not None:
        documents = [
            SpanDocument(d.length, d.spans, d.id, tokens.get(cast(int, d.id), []))
            for d in documents
        ]
    names = [coder.name for coder in labels.coders]
    section = Section("layer", layer.name, layer.title, "spans", names, len(documents))
    section.notes.append(
        "articles coded by two or more coders; a coder who coded an article and marked "
        "nothing in this layer agrees there is nothing to mark"
    )
    section.notes.append(
        "unitized_alpha (Alpha_u) is Krippendorff's 1995/2004 alpha_u; u_alpha (uα), "
        "binary_u_alpha (|uα), Cu_alpha (Cuα) and cu_alpha (cuα, per label) are the family of "
        "Krippendorff, Mathet, Bouvry & Widlöcher (2016)"
    )
    if not documents:
        _nothing_to_compare(section, labels, layer)
        return section
    corpus = SpanCorpus.build(documents)
    used = [label for label in corpus.labels if label not in {x.name for x in layer.labels}]
    if used:
        section.notes.append(f"labels the codebook does not have: {', '.join(used)}")
    label_names = [x.name for x in layer.labels] + used
    f1 = {mode: span_f1(corpus, mode) for mode in F1_MODES}
    coders = list(corpus.coders)
    positions, unitized = PositionTable(corpus, unit), UnitizedTable(corpus)
    section.overall = {
        **{f"span_f1_{mode}": _mean_f1(mode, f1[mode], None, len(documents)) for mode in F1_MODES},
        "position_alpha": positions.alpha(),
        "unitized_alpha": unitized.alpha(),
    }
    family = unitized_family(corpus)
    if intervals is not None:
        family = family_intervals(family, intervals)
        section.overall["position_alpha"] = position_alpha_interval(
            positions, section.overall["position_alpha"], intervals
        )
    section.overall.update(family.overall)
    for label in label_names:
        section.per_label[label] = {
            **{f"span_f1_{m}": _mean_f1(m, f1[m], label, len(documents)) for m in F1_MODES},
            "position_alpha": positions.alpha(label=label),
            "unitized_alpha": unitized.alpha(label),
            **family.per_label.get(label, _unmarked(label, len(documents), len(coders))),
        }
        if intervals is not None:
            figures = section.per_label[label]
            figures["position_alpha"] = position_alpha_interval(
                positions, figures["position_alpha"], intervals, label=label
            )
    for at, exact in enumerate(f1["exact"]):
        pair = [exact.coder_a, exact.coder_b]
        figures = {
            "span_f1_exact": exact.overall,
            "span_f1_overlap": f1["overlap"][at].overall,
            "position_alpha": positions.alpha(pair),
            "unitized_alpha": unitized.alpha(coders=pair),
        }
        shared = int(corpus.both_coded(*pair).sum())
        section.pairs.append(PairFigures(exact.coder_a, exact.coder_b, shared, figures))
    for coder in coders:
        others = [c for c in coders if c != coder]
        figures = {
            f"span_f1_{mode}_with_others": _mean_f1(
                mode, [p for p in f1[mode] if coder in (p.coder_a, p.coder_b)], None, 0
            )
            for mode in F1_MODES
        }
        figures["position_alpha_without"] = positions.alpha(others)
        figures["unitized_alpha_without"] = (
            unitized.alpha(coders=others)
            if len(others) >= 2
            else no_value("unitized_alpha", ONE_CODER, coders=len(others))
        )
        section.per_coder.append(CoderFigures(coder, figures))
    section.per_article = _per_article(labels, corpus)
    return section


def _nothing_to_compare(section: Section, labels: ProjectLabels, layer: Layer) -> None:
    """No article has two coders: every figure says so (and why), none is made up."""
    if not labels.coders:
        reason = "no coder has coded anything yet"
    elif len(labels.coders) == 1:
        reason = ONE_CODER
    else:
        reason = "no article was coded by two or more of the coders"
    names: tuple[str, ...] = (
        "span_f1_exact",
        "span_f1_overlap",
        "position_alpha",
        "unitized_alpha",
    )
    names += ("u_alpha", "binary_u_alpha", "Cu_alpha")
    figures = {name: no_value(name, reason, coders=len(labels.coders)) for name in names}
    section.overall = dict(figures)
    by_label = {k: v for k, v in figures.items() if k not in ("u_alpha", "Cu_alpha")}
    by_label["cu_alpha"] = no_value("cu_alpha", reason, coders=len(labels.coders))
    section.per_label = {label.name: dict(by_label) for label in layer.labels}


def _unmarked(label: str, documents: int, coders: int) -> dict[str, Coefficient]:
    """The family's per-label figures for a label nobody marked."""
    reason = f"no coder marked a span of {label!r}"
    return {
        key: no_value(key, reason, units=documents, coders=coders, level=MEMBERS[key])
        for key in ("binary_u_alpha", "cu_alpha")
    }


def _mean_f1(
    mode: str, pairs: list[SpanPairAgreement], label: str | None, documents: int
) -> Coefficient:
    """The mean of the pairs' F1 (those with a value); counts and range in the details."""
    name = f"span_f1_{mode}"
    found = [p.overall if label is None else p.per_label.get(label) for p in pairs]
    results = [r for r in found if r is not None]
    defined = [r for r in results if r.defined]
    if not results:
        reason = ONE_CODER if not pairs else f"no coder marked a span of {label!r}"
        return no_value(name, reason, units=documents)
    if not defined:
        return no_value(name, f"no coder pair has a value ({results[0].reason})", units=documents)
    values = [r.value for r in defined if r.value is not None]
    coders = {c for p in pairs for c in (p.coder_a, p.coder_b)}
    return Coefficient(
        name,
        fmean(values),
        units=documents or max(r.units for r in defined),
        coders=len(coders),
        pairable=sum(r.pairable for r in defined),
        level="mean over coder pairs",
        details={"pairs": len(defined), "min": min(values), "max": max(values)},
    )


def _per_article(labels: ProjectLabels, corpus: SpanCorpus) -> list[ArticleFigures]:
    units, disputed = unit_counts(corpus)
    rows = []
    for at, document in enumerate(corpus.documents):
        spans = {coder: len(marked) for coder, marked in document.spans.items()}
        values = {"span units": int(units[at]), "disputed": int(disputed[at]), **spans}
        share = float(disputed[at] / units[at]) if units[at] else 0.0
        rows.append(ArticleFigures(labels.articles[cast(int, document.id)], share, values))
    rows.sort(key=lambda row: -row.disagreement)
    return rows
