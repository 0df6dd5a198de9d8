"""A comparison as one self-contained HTML file a researcher can send: inline CSS and SVG
charts (bars with interval whiskers, one small panel per category, one scale per figure), no
scripts, no fonts or images from the network."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from annotator import __version__
from annotator.compare.alignment import AlignedSentence
from annotator.compare.comparison import Comparison
from annotator.compare.figures import PER_1000, Chart, WordChoice
from annotator.compare.intervals import Value
from annotator.compare.tables import interval_method
from annotator.compare.text_report import format_value
from annotator.export.output import check_output, staged_output

# Okabe-Ito colours: distinguishable with every common colour-vision deficiency
BAR, WHISKER = "#0072B2", "#222222"
MARK_COLOURS = {"loaded": "#E69F00", "cue": "#56B4E9", "term": "#CC79A7"}
PANEL_WIDTH, LABEL_WIDTH, VALUE_WIDTH, ROW_HEIGHT = 350, 135, 62, 22
MAX_FACTS_SHOWN = 30

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2em auto;
  max-width: 1100px; padding: 0 1em; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
.source { background: #fff4d6; border-left: 4px solid #E69F00; padding: 0.5em 0.8em; }
.meta { color: #444; font-size: 0.92em; } .note { color: #8a4b00; font-size: 0.92em; }
.panels { display: flex; flex-wrap: wrap; gap: 0.6em 1.2em; }
.panel { margin: 0; } .panel figcaption { font-weight: 600; font-size: 0.92em; }
svg text { font-family: inherit; font-size: 12px; fill: #1a1a1a; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.92em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.7em; text-align: left;
  vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; width: 3em; margin-left: 0.4em; text-align: left; }
.share { display: inline-block; height: 0.7em; background: #0072B2; }
details { margin: 1em 0; } summary { cursor: pointer; font-weight: 600; }
.fact { border: 1px solid #ddd; border-radius: 6px; padding: 0.5em 0.8em; margin: 0.8em 0; }
.fact .shared { color: #444; font-size: 0.9em; }
.sentences { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
  gap: 0.8em; }
.sentence .group { font-weight: 600; font-size: 0.9em; }
.sentence .where { color: #555; font-size: 0.8em; margin-bottom: 0.2em; }
mark.loaded { background: #f6d38a; } span.cue { border-bottom: 3px solid #56B4E9; }
span.term { border-bottom: 2px dotted #CC79A7; }
.legend span { margin-right: 1.2em; }
"""


def write_html_report(comparison: Comparison, path: Path, force: bool = False) -> Path:
    """Write the report to ``path`` (all or nothing); returns the path."""
    check_output(path, False, (), force)
    with staged_output(path, False) as staging:
        staging.file().write_text(html_report(comparison), encoding="utf-8")
    return path


def html_report(comparison: Comparison) -> str:
    story = f", story <q>{escape(comparison.story)}</q>" if comparison.story else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Comparison: {escape(comparison.project)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{escape(_heading(comparison.by))}</h1>",
        f'<p class="meta">{escape(comparison.project)}: articles grouped by '
        f"<b>{escape(comparison.by)}</b>{story}.</p>",
        f'<p class="source"><b>Labels:</b> {escape(comparison.source_description)}</p>',
        f'<p class="meta"><b>Intervals:</b> {escape(interval_method(comparison))}. Bars show '
        "the value; whiskers its interval. Counts are in the tooltips and the tables.</p>",
        *(f'<p class="note">{escape(note)}</p>' for note in comparison.notes),
        _groups_table(comparison),
    ]
    if comparison.loaded:
        parts += ["<h2>Loaded language per 1,000 words</h2>", _chart(comparison.loaded)]
    if comparison.attribution:
        parts.append("<h2>Attribution profile</h2>")
        parts += [f"<h3>{escape(c.title)}</h3>{_chart(c)}" for c in comparison.attribution]
    shown = [w for w in comparison.word_choice if w.used]
    if shown:
        parts.append("<h2>Word choice</h2>")
        parts.append(
            '<p class="meta">Uses of each term (a term counts its inflected forms: hover for '
            "them) and its share of the word group's uses in each group.</p>"
        )
        parts += [_word_choice(w) for w in shown if w.word_group.origin == "codebook"]
        more = [_word_choice(w) for w in shown if w.word_group.origin != "codebook"]
        if more:
            parts.append(
                f"<details><summary>{len(more)} more word groups from the lexicons</summary>"
                f"{''.join(more)}</details>"
            )
    if comparison.answers:
        parts.append("<h2>Frames and other document answers</h2>")
        parts += [f"<h3>{escape(c.title)}</h3>{_chart(c)}" for c in comparison.answers]
    parts.append(_aligned(comparison))
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts.append(
        f'<p class="meta">Made by media-bias-annotator {escape(__version__)} on {generated}.</p>'
    )
    parts.append("</body></html>")
    return "\n".join(parts)


def _heading(by: str) -> str:
    return "How the outlets covered it" if by == "outlet" else f"Coverage compared by {by}"


def _groups_table(comparison: Comparison) -> str:
    rows = "".join(
        f"<tr><td>{escape(g.name)}</td><td class=num>{g.articles}</td>"
        f"<td class=num>{g.codings}</td><td class=num>{g.words:,}</td>"
        f"<td>{escape(_unit(g.interval_unit))}</td></tr>"
        for g in comparison.groups
    )
    return (
        "<table><tr><th>Group</th><th>Articles</th><th>Codings</th><th>Words</th>"
        f"<th>Intervals over</th></tr>{rows}</table>"
    )


def _unit(kind: str) -> str:
    return {"articles": "articles", "sentences": "sentences (one article)"}.get(kind, "none")


def _chart(chart: Chart) -> str:
    """One panel per category with any count. The panels of a figure share one scale (a
    rate's "all categories" panel has its own), printed under each panel."""
    columns = [c for c in range(len(chart.categories)) if any(row[c].count for row in chart.values)]
    if not columns:
        return '<p class="meta">Nothing counted.</p>'

    def top(cs: list[int]) -> float:
        if chart.unit != PER_1000:
            return 1.0
        highs = [
            v.high if v.high is not None else v.value or 0.0
            for row in chart.values
            for c in cs
            for v in (row[c],)
        ]
        return max(highs, default=0.0) or 1.0

    parts = [c for c in columns if chart.categories[c].name != "*"]
    scale = top(parts)
    panels = [
        _panel(
            chart.categories[c].title,
            chart.groups,
            [row[c] for row in chart.values],
            chart.unit,
            scale if c in parts else top([c]),
        )
        for c in columns
    ]
    return f'<div class="panels">{"".join(panels)}</div>'


def _panel(title: str, groups: tuple[str, ...], values: list[Value], unit: str, top: float) -> str:
    plot = PANEL_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = ROW_HEIGHT * len(groups) + 24

    def x(v: float) -> float:
        return LABEL_WIDTH + plot * min(max(v / top, 0.0), 1.0)

    rows = []
    for i, (group, value) in enumerate(zip(groups, values, strict=True)):
        y = 4 + i * ROW_HEIGHT
        label = group if len(group) <= 20 else group[:19] + "…"
        tip = f"{group}: {format_value(value, unit)}; {value.count:g} of {value.base:g}"
        parts = [f"<title>{escape(tip)}</title>"]
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
        )
        if value.value is not None:
            width = x(value.value) - LABEL_WIDTH
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{width:.1f}" height="13" '
                f'fill="{BAR}" opacity="0.85"/>'
            )
        if value.low is not None and value.high is not None:
            lo, hi, mid = x(value.low), x(value.high), y + 10.5
            parts.append(
                f'<path d="M{lo:.1f},{mid}H{hi:.1f}M{lo:.1f},{mid - 5}V{mid + 5}'
                f'M{hi:.1f},{mid - 5}V{mid + 5}" stroke="{WHISKER}" stroke-width="1.3" '
                'fill="none"/>'
            )
        shown = format_value(Value(value.count, value.base, value.value), unit)
        end = max(x(value.high) if value.high is not None else 0, x(value.value or 0))
        parts.append(f'<text x="{end + 5:.1f}" y="{y + 15}">{escape(shown)}</text>')
        rows.append(f"<g>{''.join(parts)}</g>")
    base = height - 18
    maximum = format_value(Value(0, 1, top), unit)
    axis = (
        f'<path d="M{LABEL_WIDTH},2V{base}H{LABEL_WIDTH + plot}" stroke="#888" '
        'stroke-width="1" fill="none"/>'
        f'<text x="{LABEL_WIDTH}" y="{base + 13}" text-anchor="middle" fill="#555">0</text>'
        f'<text x="{LABEL_WIDTH + plot}" y="{base + 13}" text-anchor="middle" '
        f'fill="#555">{escape(maximum)}</text>'
    )
    return (
        f'<figure class="panel"><figcaption>{escape(title)}</figcaption>'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PANEL_WIDTH}" height="{height}" '
        f'viewBox="0 0 {PANEL_WIDTH} {height}" role="img" aria-label="{escape(title)}">'
        f"{axis}{''.join(rows)}</svg></figure>"
    )


def _word_choice(choice: WordChoice) -> str:
    """A table: groups by terms, each cell the uses, the share and a bar of the share (the
    forms met in the tooltip). A lexicon group shows only the terms someone uses."""
    chart = choice.chart
    group = choice.word_group
    terms = [
        t
        for t in range(len(chart.categories))
        if group.origin == "codebook" or any(row[t].count for row in chart.values)
    ]
    head = "".join(f"<th>{escape(chart.categories[t].name)}</th>" for t in terms)
    body = []
    for name, row, forms in zip(chart.groups, chart.values, choice.forms, strict=True):
        cells = []
        for t in terms:
            value, found = row[t], forms[t]
            tip = ", ".join(f"{form} {n}" for form, n in found) or "not used"
            share = value.value or 0.0
            text = f"{value.count:g}" + (f" ({share:.0%})" if value.count else "")
            bar = f'<span class="share" style="width:{share * 3:.2f}em"></span>'
            cells.append(
                f'<td class=num title="{escape(tip)}">{text}<span class="bar">{bar}</span></td>'
            )
        body.append(f"<tr><td>{escape(name)}</td>{''.join(cells)}</tr>")
    if group.origin == "codebook":
        heading = f"<h3>{escape(chart.title)}</h3>"
        note = f"{' | '.join(group.terms)}, from the codebook"
    else:
        heading = f"<h4>{escape(chart.title)}</h4>"
        note = "from the lexicon's neutral alternatives; terms nobody uses are left out"
    return (
        f"{heading}<p class=meta>{escape(note)}.</p>"
        f"<table><tr><th></th>{head}</tr>{''.join(body)}</table>"
    )


def _aligned(comparison: Comparison) -> str:
    parts = [
        "<h2>The same facts side by side</h2>",
        f'<p class="meta">{escape(comparison.aligned_note)}</p>',
    ]
    if comparison.aligned:
        parts.append(
            '<p class="legend meta"><span><mark class="loaded">loaded word</mark></span>'
            '<span><span class="cue">attribution cue</span></span>'
            '<span><span class="term">word-choice term</span></span></p>'
        )
    for fact in comparison.aligned[:MAX_FACTS_SHOWN]:
        sentences = "".join(_sentence(s) for s in fact.sentences)
        parts.append(
            f'<div class="fact"><p class="shared">Shared: {escape(", ".join(fact.shared))} '
            f"(score {fact.score:.2f})</p><div class=sentences>{sentences}</div></div>"
        )
    if len(comparison.aligned) > MAX_FACTS_SHOWN:
        parts.append(
            f'<p class="meta">{len(comparison.aligned) - MAX_FACTS_SHOWN} more in the JSON '
            "and CSV output.</p>"
        )
    return "\n".join(parts)


def _sentence(sentence: AlignedSentence) -> str:
    """The sentence with its marks: loaded words highlighted, cues and terms underlined. Marks
    may overlap, so the text is cut at every mark's edges and each piece wrapped in the marks
    that cover it."""
    text = sentence.text
    marks = [m for m in sentence.marks if 0 <= m.start < m.end <= len(text)]
    edges = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out = []
    for start, end in itertools.pairwise(edges):
        piece = escape(text[start:end])
        covering = sorted(
            (m for m in marks if m.start <= start and m.end >= end),
            key=lambda m: ("loaded", "cue", "term").index(m.kind),
            reverse=True,
        )
        for mark in covering:  # innermost first
            title = escape(f"{mark.kind}: {mark.label}")
            if mark.kind == "loaded":
                piece = f'<mark class="loaded" title="{title}">{piece}</mark>'
            else:
                piece = f'<span class="{mark.kind}" title="{title}">{piece}</span>'
        out.append(piece)
    where = f"{sentence.title} (article {sentence.article_id})"
    return (
        f'<div class="sentence"><div class="group">{escape(sentence.group)}</div>'
        f'<div class="where">{escape(where)}</div><div>{"".join(out)}</div></div>'
    )
