"""A comparison as data: a JSON-ready dict (``comparison_dict``) and CSV tables for R or pandas
(``write_csv_tables``). Every table names the label source in a column of its own."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.compare.comparison import Comparison
from annotator.compare.figures import Chart, WordChoice
from annotator.compare.intervals import Value
from annotator.export.output import check_output, staged_output
from annotator.export.tables import escape_cell

CSV_FILES = ("groups.csv", "figures.csv", "word_choice.csv", "aligned_facts.csv")


def interval_method(comparison: Comparison) -> str:
    settings = comparison.settings
    return (
        f"{settings.confidence:.0%} percentile bootstrap, {settings.resamples:,} resamples of "
        "the group's articles (of its sentences when a group has one article), seed "
        f"{settings.seed}"
    )


def comparison_dict(comparison: Comparison) -> dict[str, Any]:
    """Everything in a comparison, as JSON-ready data (see docs/compare.md for the fields)."""
    return {
        "project": comparison.project,
        "source": comparison.source,
        "source_description": comparison.source_description,
        "by": comparison.by,
        "story": comparison.story,
        "intervals": interval_method(comparison),
        "groups": [
            {
                "name": g.name,
                "articles": g.articles,
                "codings": g.codings,
                "words": g.words,
                "interval_unit": g.interval_unit,
            }
            for g in comparison.groups
        ],
        "charts": [
            _chart_dict(chart)
            for chart in (
                *((comparison.loaded,) if comparison.loaded else ()),
                *comparison.attribution,
                *comparison.answers,
            )
        ],
        "word_choice": [_word_choice_dict(w) for w in comparison.word_choice if w.used],
        "aligned_facts": {
            "method": comparison.aligned_note,
            "facts": [
                {
                    "score": fact.score,
                    "shared": list(fact.shared),
                    "sentences": [
                        {
                            "group": s.group,
                            "article_id": s.article_id,
                            "title": s.title,
                            "start": s.start,
                            "end": s.end,
                            "text": s.text,
                            "marks": [
                                {"start": m.start, "end": m.end, "kind": m.kind, "label": m.label}
                                for m in s.marks
                            ],
                        }
                        for s in fact.sentences
                    ],
                }
                for fact in comparison.aligned
            ],
        },
        "notes": list(comparison.notes),
    }


def _value_dict(value: Value) -> dict[str, Any]:
    return {
        "count": _number(value.count),
        "base": _number(value.base),
        "value": _number(value.value),
        "low": _number(value.low),
        "high": _number(value.high),
        "resamples": value.resamples,
    }


def _number(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(float(x), 6)


def _chart_dict(chart: Chart) -> dict[str, Any]:
    return {
        "key": chart.key,
        "title": chart.title,
        "unit": chart.unit,
        "description": chart.description,
        "categories": [{"name": c.name, "title": c.title} for c in chart.categories],
        "values": [
            {"group": group, "category": category.name, **_value_dict(value)}
            for group, row in zip(chart.groups, chart.values, strict=True)
            for category, value in zip(chart.categories, row, strict=True)
        ],
        "interval_units": dict(zip(chart.groups, chart.interval_units, strict=True)),
    }


def _word_choice_dict(choice: WordChoice) -> dict[str, Any]:
    group = choice.word_group
    chart = choice.chart
    return {
        "name": group.name,
        "title": group.title,
        "origin": group.origin,
        "terms": list(group.terms),
        "uses": [
            {
                "group": name,
                "term": category.name,
                **_value_dict(value),
                "per_1000_words": _number(rate),
                "forms": dict(forms),
            }
            for name, row, rates, term_forms in zip(
                chart.groups, chart.values, choice.per_1000_words, choice.forms, strict=True
            )
            for category, value, rate, forms in zip(
                chart.categories, row, rates, term_forms, strict=True
            )
        ],
    }


# -- CSV --------------------------------------------------------------------------------------


def write_csv_tables(comparison: Comparison, folder: Path, force: bool = False) -> list[Path]:
    """Write the CSV files of ``CSV_FILES`` into ``folder`` (made if missing): all or none."""
    check_output(folder, True, CSV_FILES, force)
    with staged_output(folder, True) as staging:
        for name, rows in zip(CSV_FILES, _tables(comparison), strict=True):
            with staging.file(name).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                for row in rows:
                    writer.writerow([escape_cell(cell) for cell in row])
    return [folder / name for name in CSV_FILES]


def _tables(comparison: Comparison) -> Iterator[Iterator[list[Any]]]:
    source = comparison.source_description
    yield _groups(comparison, source)
    yield _figures(comparison, source)
    yield _word_choice(comparison, source)
    yield _aligned(comparison, source)


def _groups(comparison: Comparison, source: str) -> Iterator[list[Any]]:
    yield ["source", "by", "group", "articles", "codings", "words", "interval_unit"]
    for g in comparison.groups:
        yield [source, comparison.by, g.name, g.articles, g.codings, g.words, g.interval_unit]


_VALUE_COLUMNS = ["count", "base", "value", "low", "high", "resamples"]


def _cells(value: Value) -> list[Any]:
    return [_number(v) for v in (value.count, value.base, value.value, value.low, value.high)] + [
        value.resamples
    ]


def _figures(comparison: Comparison, source: str) -> Iterator[list[Any]]:
    header = ["source", "figure", "figure_title", "unit", "group", "category", "category_title"]
    yield header + _VALUE_COLUMNS + ["interval_unit"]
    charts = (*((comparison.loaded,) if comparison.loaded else ()), *comparison.attribution)
    for chart in (*charts, *comparison.answers):
        for group, row, unit in zip(chart.groups, chart.values, chart.interval_units, strict=True):
            for category, value in zip(chart.categories, row, strict=True):
                yield [
                    source,
                    chart.key,
                    chart.title,
                    chart.unit,
                    group,
                    category.name,
                    category.title,
                    *_cells(value),
                    unit,
                ]


def _word_choice(comparison: Comparison, source: str) -> Iterator[list[Any]]:
    yield [
        "source",
        "word_group",
        "word_group_title",
        "origin",
        "group",
        "term",
        *_VALUE_COLUMNS,
        "per_1000_words",
        "forms",
    ]
    for choice in comparison.word_choice:
        if not choice.used:
            continue
        chart, group = choice.chart, choice.word_group
        rows = zip(chart.groups, chart.values, choice.per_1000_words, choice.forms, strict=True)
        for name, values, rates, forms in rows:
            for category, value, rate, found in zip(
                chart.categories, values, rates, forms, strict=True
            ):
                yield [
                    source,
                    group.name,
                    group.title,
                    group.origin,
                    name,
                    category.name,
                    *_cells(value),
                    _number(rate),
                    "; ".join(f"{form} {n}" for form, n in found),
                ]


def _aligned(comparison: Comparison, source: str) -> Iterator[list[Any]]:
    header = "source fact score shared group article_id title start end sentence loaded cues"
    yield header.split()
    for number, fact in enumerate(comparison.aligned, start=1):
        for s in fact.sentences:
            loaded = "; ".join(
                f"{s.text[m.start : m.end]} ({m.label})" for m in s.marks if m.kind == "loaded"
            )
            cues = "; ".join(
                f"{s.text[m.start : m.end]} ({m.label})" for m in s.marks if m.kind == "cue"
            )
            yield [
                source,
                number,
                fact.score,
                " ".join(fact.shared),
                s.group,
                s.article_id,
                s.title,
                s.start,
                s.end,
                s.text,
                loaded,
                cues,
            ]
