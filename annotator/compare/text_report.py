"""A comparison as plain text for the terminal: what ``annotator compare`` prints."""

from __future__ import annotations

from collections.abc import Iterator

from annotator.compare.comparison import Comparison
from annotator.compare.figures import PER_1000, Chart, WordChoice
from annotator.compare.intervals import Value
from annotator.compare.tables import interval_method

MAX_FACTS_SHOWN = 10


def text_report(comparison: Comparison) -> str:
    return "\n".join(line.rstrip() for line in _lines(comparison)) + "\n"


def format_value(value: Value, unit: str) -> str:
    """``27.7 [16.4, 39.6]`` for a rate, ``85% [60%, 100%]`` for a share; ``-`` for none."""
    if value.value is None:
        return "-"

    def shown(x: float) -> str:
        return f"{x:.1f}" if unit == PER_1000 else f"{x:.0%}"

    if value.low is None or value.high is None:
        return shown(value.value)
    return f"{shown(value.value)} [{shown(value.low)}, {shown(value.high)}]"


def _lines(comparison: Comparison) -> Iterator[str]:
    story = f", story '{comparison.story}'" if comparison.story else ""
    yield f"Comparison of {comparison.project} by {comparison.by}{story}"
    yield f"Labels: {comparison.source_description}"
    yield f"Intervals: {interval_method(comparison)}"
    for note in comparison.notes:
        yield f"Note: {note}"
    yield ""
    width = max([len(g.name) for g in comparison.groups] + [5]) + 2
    yield "Groups"
    for g in comparison.groups:
        unit = {"articles": "articles", "sentences": "sentences (one article)"}.get(
            g.interval_unit, "no interval (one unit)"
        )
        codings = f", {g.codings} codings" if g.codings != g.articles else ""
        yield (
            f"  {g.name:<{width}} {g.articles:>6} article(s){codings}, {g.words:>8,} words; "
            f"intervals over {unit}"
        )
    if comparison.loaded:
        yield from _chart(comparison.loaded, width)
    for chart in comparison.attribution:
        yield from _chart(chart, width)
    for choice in comparison.word_choice:
        if choice.used:
            yield from _word_choice(choice, width)
    for chart in comparison.answers:
        yield from _chart(chart, width)
    yield ""
    yield "Aligned facts"
    yield f"  {comparison.aligned_note}"
    for number, fact in enumerate(comparison.aligned[:MAX_FACTS_SHOWN], start=1):
        yield f"  {number}. score {fact.score:.2f}; shared: {', '.join(fact.shared)}"
        for s in fact.sentences:
            yield f"     [{s.group}] {' '.join(s.text.split())}"
            marks = [
                f"{s.text[m.start : m.end]} ({m.kind} {m.label})"
                for m in s.marks
                if m.kind in ("loaded", "cue")
            ]
            if marks:
                yield f"        lit: {'; '.join(marks)}"
    if len(comparison.aligned) > MAX_FACTS_SHOWN:
        more = len(comparison.aligned) - MAX_FACTS_SHOWN
        yield f"  ... and {more} more (--json, --csv or --html show them all)"


def _chart(chart: Chart, width: int) -> Iterator[str]:
    yield ""
    base = "count / words" if chart.unit == PER_1000 else "count / all"
    yield f"{chart.title} ({chart.unit}; {base})"
    for c, category in enumerate(chart.categories):
        cells = [row[c] for row in chart.values]
        if not any(v.count for v in cells):
            continue
        yield f"  {category.title}"
        for group, value in zip(chart.groups, cells, strict=True):
            counts = f"{value.count:g} / {value.base:g}"
            yield f"    {group:<{width}} {format_value(value, chart.unit):<24} {counts}"


def _word_choice(choice: WordChoice, width: int) -> Iterator[str]:
    """Groups by terms: uses and share. A lexicon group shows only the terms someone uses."""
    chart = choice.chart
    lexicon = choice.word_group.origin != "codebook"
    yield ""
    origin = "lexicon; terms nobody uses left out" if lexicon else "codebook"
    yield f"Word choice: {chart.title} ({origin}; uses, share of the group's uses)"
    shown = [
        t
        for t in range(len(chart.categories))
        if not lexicon or any(row[t].count for row in chart.values)
    ]
    terms = [chart.categories[t].name for t in shown]
    cells = [
        [
            f"{row[t].count:g}"
            + (f" ({row[t].value:.0%})" if row[t].count and row[t].value is not None else "")
            for t in shown
        ]
        for row in chart.values
    ]
    widths = [max(len(t), *(len(r[i]) for r in cells)) + 2 for i, t in enumerate(terms)]
    yield (
        "  " + " " * width + " " + "".join(f"{t:<{w}}" for t, w in zip(terms, widths, strict=True))
    )
    for group, row in zip(chart.groups, cells, strict=True):
        yield f"  {group:<{width}} " + "".join(
            f"{cell:<{w}}" for cell, w in zip(row, widths, strict=True)
        )
