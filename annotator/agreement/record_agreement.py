"""Attribution-wise agreement: the share of attribution records two coders share.

A record is a cue with the source and content linked to it (``annotator.attribution_records``;
a source or content linked to no cue is a record without a cue). Two coders' records match
when each part matches the same part of the other record as span F1 (overlap) matches spans
(a character in common), and a part one record lacks is lacking in the other too. Matching
is one to one (largest overlap first), so the share of matched records,
2 x matched / (records of one + records of the other), is also their F1. This is the
attribution-level agreement attribution corpora report (PolNeAR, Newell et al. 2018; PARC,
Pareti 2016), computed here with the overlap matching used for spans. A looser figure matches
records on their cue alone, to tell finding an attribution from marking its parts alike.

Per coder pair over the articles both coded, their mean overall; bootstrap intervals resample
the articles.
"""

from __future__ import annotations

from functools import partial
from itertools import combinations
from statistics import fmean
from typing import NamedTuple, cast

import numpy as np

from annotator.agreement.project_data import LayerSpan, ProjectLabels
from annotator.agreement.project_result import ArticleFigures, CoderFigures, PairFigures, Section
from annotator.agreement.record_matching import RecordTable, pair_counts
from annotator.agreement.report_intervals import IntervalSettings
from annotator.agreement.resampling import attach, safe_ratio
from annotator.agreement.result import ONE_CODER, Coefficient, no_value
from annotator.attribution_records import LAYER, AttributionRecord, attribution_records
from annotator.store import Project
from annotator.store.live_labels import live_relations

FIGURES = ("attribution_agreement", "attribution_cue_agreement")


class Link(NamedTuple):
    kind: str
    head: str
    tail: str


# article -> coder uuid -> records
Records = dict[int, dict[str, list[AttributionRecord[LayerSpan]]]]


def read_records(project: Project, labels: ProjectLabels) -> Records:
    """Each chosen coder's records on the articles two or more of them coded. ``labels``: read
    with the attribution layer whole (``read_project_labels``)."""
    wanted = set(labels.coded_by_several())
    spans = labels.whole[LAYER]
    links: dict[tuple[int, str], list[Link]] = {}
    for article, who, kind, head, tail in live_relations(project):
        if article in wanted:
            links.setdefault((article, who), []).append(Link(kind, head, tail))
    records: Records = {}
    for coder in labels.coders:
        for article in wanted & labels.coded[coder.uuid]:
            found = spans.get(article, {}).get(coder.uuid, [])
            found_records = attribution_records(found, links.get((article, coder.uuid), []))
            records.setdefault(article, {})[coder.uuid] = found_records
    return records


def record_section(
    labels: ProjectLabels, records: Records, intervals: IntervalSettings | None = None
) -> Section:
    names = {coder.uuid: coder.name for coder in labels.coders}
    articles = sorted(records)
    section = Section(
        "records",
        LAYER,
        "Attribution records",
        "attribution-wise: records matched across coders",
        list(names.values()),
        len(articles),
    )
    section.notes.append(
        "records match when cue, source and content each overlap (a part one lacks, the other "
        "lacks too), one to one; the figure is 2 x matched / (records of both): the share of "
        "records matched, also their F1. 'On the cue' matches records by their cue alone"
    )
    uuids = [c.uuid for c in labels.coders]
    pairs = list(combinations(range(len(uuids)), 2))
    # counts[figure][pair, article] = (records of a, records of b, matched)
    counts = {f: np.zeros((len(pairs), len(articles), 3), dtype=np.int64) for f in FIGURES}
    coded = np.array([[c in records[a] for c in uuids] for a in articles], dtype=bool).reshape(
        len(articles), len(uuids)
    )
    shared = np.zeros((len(pairs), len(articles)), dtype=bool)
    everything = RecordTable.build(records, articles, uuids)
    tables = dict(zip(FIGURES, (everything, everything.on_cue()), strict=True))
    for p, (a, b) in enumerate(pairs):
        shared[p] = coded[:, a] & coded[:, b]
        for figure in FIGURES:
            counts[figure][p] = pair_counts(tables[figure], a, b, shared[p])
    if not pairs or not articles:
        reason = _nothing(labels)
        section.overall = {f: no_value(f, reason, coders=len(names)) for f in FIGURES}
        return section
    by_pair = {
        f: [_pair_figure(f, counts[f][p], shared[p]) for p in range(len(pairs))] for f in FIGURES
    }
    for figure in FIGURES:
        overall = _mean(figure, by_pair[figure], len(articles), len(names))
        if intervals is not None and overall.defined:
            table = counts[figure]
            overall = attach(overall, intervals.draw(partial(_resamples, table)))
        section.overall[figure] = overall
    for p, (a, b) in enumerate(pairs):
        figures = {f: by_pair[f][p] for f in FIGURES}
        section.pairs.append(
            PairFigures(names[uuids[a]], names[uuids[b]], int(shared[p].sum()), figures)
        )
    for number, coder in enumerate(labels.coders):
        involved = [at for at, pair in enumerate(pairs) if number in pair]
        figures = {
            f"{f}_with_others": _mean(f, [by_pair[f][at] for at in involved], 0, len(involved) + 1)
            for f in FIGURES
        }
        section.per_coder.append(CoderFigures(coder.name, figures))
    section.per_article = _per_article(labels, articles, counts["attribution_agreement"], shared)
    return section


def _pair_figure(figure: str, counts: np.ndarray, shared: np.ndarray) -> Coefficient:
    first, second, matched_records = (int(x) for x in counts[shared].sum(axis=0))
    documents = int(shared.sum())
    details = {"records_a": first, "records_b": second, "matched": matched_records}
    if documents == 0:
        return no_value(figure, "the two coders coded no article in common", coders=2)
    if first + second == 0:
        reason = f"neither coder has an attribution record in the {documents} articles both coded"
        return no_value(figure, reason, units=documents, coders=2, details=details)
    value = 2 * matched_records / (first + second)
    return Coefficient(
        figure, value, units=documents, coders=2, pairable=first + second, details=details
    )


def _mean(figure: str, results: list[Coefficient], documents: int, coders: int) -> Coefficient:
    defined = [r for r in results if r.defined and r.value is not None]
    if not results:
        return no_value(figure, ONE_CODER)
    if not defined:
        return no_value(figure, f"no coder pair has a value ({results[0].reason})")
    values = [cast(float, r.value) for r in defined]
    return Coefficient(
        figure,
        fmean(values),
        units=documents or max(r.units for r in defined),
        coders=coders,
        pairable=sum(r.pairable for r in defined),
        level="mean over coder pairs",
        details={
            "pairs": len(defined),
            "min": min(values),
            "max": max(values),
            "matched": sum(r.details["matched"] for r in defined),
        },
    )


def _resamples(counts: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    """The overall figure on articles drawn with replacement (NaN where no pair has a value)."""
    articles = counts.shape[1]
    drawn = rng.integers(0, articles, size=(samples, articles))
    totals = counts[:, drawn, :].sum(axis=2)  # pairs x samples x 3
    shares = safe_ratio(2 * totals[..., 2], totals[..., 0] + totals[..., 1])
    with np.errstate(all="ignore"):
        defined = np.isfinite(shares).sum(axis=0)
        summed = np.where(np.isfinite(shares), shares, 0.0).sum(axis=0)
        return np.where(defined > 0, summed / np.maximum(defined, 1), np.nan)


def _nothing(labels: ProjectLabels) -> str:
    if len(labels.coders) < 2:
        return ONE_CODER
    return "no article was coded by two or more of the coders"


def _per_article(
    labels: ProjectLabels, articles: list[int], counts: np.ndarray, shared: np.ndarray
) -> list[ArticleFigures]:
    rows = []
    for at, article in enumerate(articles):
        first, second, matched_records = (int(x) for x in counts[shared[:, at], at].sum(axis=0))
        total = first + second
        share = 1.0 - 2 * matched_records / total if total else 0.0
        values = {"records": total, "matched": 2 * matched_records}
        rows.append(ArticleFigures(labels.articles[article], share, values))
    rows.sort(key=lambda row: -row.disagreement)
    return rows
