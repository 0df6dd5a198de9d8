"""A reliability report to hand in: tables with intervals and counts, the "no value" reasons,
and a methods paragraph ready to paste, as Markdown or as one self-contained HTML file.

    report_markdown(result)   # result: a ProjectAgreement (project_agreement or a matrix)
    report_html(result)       # the same content; inline style, no script, nothing fetched

The paragraph names the unit of analysis (articles for document schemes; characters, or word
tokens and how they were made, for span layers), each main coefficient with its interval,
counts and q = P(alpha < alpha_min), and how the intervals were drawn.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from annotator.agreement.project_result import (
    PairFigures,
    ProjectAgreement,
    Section,
    figure_title,
)
from annotator.agreement.report import CodingReport
from annotator.agreement.result import Coefficient

TOKEN_RULE = (
    "word tokens (a run of letters, digits or underscores, or a single punctuation mark: "
    r"the regular expression \w+|[^\w\s]; a token counts as marked when any of its "
    "characters is)"
)
WEIGHTED_KAPPA_NOTE = (
    "Weighted kappa takes every category of the scale as a position 1..k in its order, used "
    "or not (scikit-learn's cohen_kappa_score gives the same only with labels= set to every "
    "category)."
)
# The figures a methods paragraph leads with, in order, per kind of section.
LEAD = {
    "scheme": (
        "krippendorff_alpha",
        "krippendorff_alpha_nominal",
        "gwet_ac1",
        "gwet_ac2",
        "masi_alpha",
    ),
    "layer": ("u_alpha", "binary_u_alpha", "Cu_alpha", "position_alpha"),
}


def number(value: float | None, digits: int = 2) -> str:
    """A coefficient as journals print it: .81, -.05, 1.00; "no value" for None."""
    if value is None:
        return "no value"
    text = f"{value:.{digits}f}"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def figure_sentence(key: str, result: Coefficient, unit_words: str) -> str:
    """'Krippendorff's alpha (nominal) = .81, 95% CI [.76, .85], 120 articles coded by 3
    coders, 1,000 bootstrap samples; q(alpha < .667) = .002'."""
    name = result.title
    if not result.defined:
        return f"{name}: no value ({result.reason})"
    text = f"{name} = {number(result.value)}"
    interval = result.interval
    if interval is not None:
        text += f", {interval.level:.0%} CI [{number(interval.lower)}, {number(interval.upper)}]"
    if key == "position_alpha":
        unit_words = "word tokens" if (result.level or "").startswith("tokens") else "characters"
    text += f", {result.units:,} {unit_words} coded by {result.coders} coders"
    if interval is not None and interval.samples:
        text += f", {interval.samples:,} bootstrap samples"
        symbol = "alpha" if "alpha" in key else "value"
        shown = "; ".join(
            f"q({symbol} < {number(threshold, 3)}) = {number(share, 3)}"
            for threshold, share in interval.q.items()
        )
        text += f"; {shown}" if shown else ""
    elif interval is not None:
        text += f" ({interval.method})"
    return text


def unit_of_analysis(section: Section, result: ProjectAgreement) -> tuple[str, str]:
    """(sentence naming the unit of analysis, the word for units in figure sentences)."""
    if section.measure.startswith("reliability matrix"):
        return (
            f"The unit of analysis was a unit (column) of the reliability matrix {section.name}: "
            f"{section.units:,} units.",
            "units",
        )
    if section.kind == "scheme":
        return (
            f"The unit of analysis was the article: {section.units:,} articles that coders "
            f"answered for {section.title} ({section.measure}).",
            "articles",
        )
    position = TOKEN_RULE if result.unit == "token" else "characters (Unicode code points)"
    return (
        f"The unit of analysis for {section.title} was the span; units were compared on "
        f"{section.units:,} articles coded by two or more coders. Position-level alpha counts "
        f"{position}; the unitized alphas (Krippendorff et al. 2016) measure lengths in "
        "characters.",
        "articles",
    )


def methods_paragraph(result: ProjectAgreement) -> str:
    """One paragraph for a paper's methods section."""
    sentences = [
        f"Intercoder reliability was assessed for {len(result.coders)} coders "
        f"({', '.join(result.coders)})."
    ]
    if result.subsample is not None:
        sentences.append(
            f"Every coder coded the same reliability subsample of {result.subsample:,} "
            "articles, drawn at random by the study plan (annotator plan)."
        )
    for section in result.sections:
        unit_sentence, unit_words = unit_of_analysis(section, result)
        sentences.append(unit_sentence)
        lead = [k for k in LEAD[section.kind] if k in section.overall]
        figures = [figure_sentence(k, section.overall[k], unit_words) for k in lead]
        if figures:
            sentences.append("; ".join(figures) + ".")
    if result.intervals is not None:
        method = (
            "Hayes and Krippendorff's (2007) algorithm for alpha and a bootstrap over units "
            "for the other coefficients"
            if result.intervals.method == "kalpha"
            else "a bootstrap over units (articles), with percentile intervals"
        )
        sentences.append(
            f"Confidence intervals come from {result.intervals.samples:,} resamples, {method} "
            f"(seed {result.intervals.seed}); q is the share of resamples below the threshold."
        )
    else:
        sentences.append(
            "Gwet's coefficients carry intervals from Gwet's (2014) variance; the other "
            "coefficients were reported without intervals (run with --bootstrap N)."
        )
    return " ".join(sentences)


def _rows(section: Section) -> Iterable[tuple[str, str, Coefficient]]:
    yield from (("overall", figure_title(k), r) for k, r in section.overall.items())
    for label, figures in section.per_label.items():
        yield from ((f"label {label}", figure_title(k), r) for k, r in figures.items())
    for pair in section.pairs:
        scope = f"{pair.coder_a} / {pair.coder_b}"
        yield from ((scope, figure_title(k), r) for k, r in pair.coefficients.items())


def _cells(scope: str, figure: str, result: Coefficient) -> list[str]:
    interval = result.interval
    ci = interval.formatted() if interval is not None else ""
    q = ", ".join(f"{t:g}: {s:.3f}" for t, s in interval.q.items()) if interval else ""
    value = result.formatted() if result.defined else "no value"
    return [
        scope,
        figure,
        result.level or "",
        value,
        ci,
        q,
        str(result.units),
        str(result.coders),
        str(result.pairable),
        result.reason or "",
    ]


HEADER = [
    "Scope",
    "Figure",
    "Member / level",
    "Value",
    "Interval",
    "q (P below)",
    "Units",
    "Coders",
    "Pairable",
    "No value because",
]


def report_markdown(result: ProjectAgreement) -> str:
    lines = [
        f"# Reliability report: {result.project}",
        "",
        "## Methods",
        "",
        methods_paragraph(result),
        "",
    ]
    for section in result.sections:
        lines += [f"## {section.title} ({section.measure})", ""]
        lines += [f"- {note}" for note in _notes(section)] + [""]
        lines.append("| " + " | ".join(HEADER) + " |")
        lines.append("|" + "---|" * len(HEADER))
        for row in _rows(section):
            cells = [c.replace("|", "\\|") for c in _cells(*row)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


STYLE = (
    "body{font-family:sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "table{border-collapse:collapse;font-size:.85rem;margin-bottom:2rem}"
    "th,td{border:1px solid #bbb;padding:.2rem .4rem;text-align:left;vertical-align:top}"
    "th{background:#eee}td.n{text-align:right}p.methods{background:#f6f6f0;padding:1rem}"
)


def report_html(result: ProjectAgreement) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Reliability report: {esc(result.project)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Reliability report: {esc(result.project)}</h1>",
        "<h2>Methods</h2>",
        f'<p class="methods">{esc(methods_paragraph(result))}</p>',
    ]
    for section in result.sections:
        parts.append(f"<h2>{esc(section.title)} ({esc(section.measure)})</h2>")
        notes = _notes(section)
        if notes:
            parts.append("<ul>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>")
        parts.append("<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in HEADER) + "</tr>")
        for row in _rows(section):
            cells = _cells(*row)
            parts.append(
                "<tr>"
                + "".join(
                    f'<td class="n">{esc(c)}</td>' if 3 <= at <= 8 else f"<td>{esc(c)}</td>"
                    for at, c in enumerate(cells)
                )
                + "</tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _notes(section: Section) -> list[str]:
    notes = list(section.notes)
    weighted = any(k.startswith("weighted_kappa") for p in section.pairs for k in p.coefficients)
    if weighted and WEIGHTED_KAPPA_NOTE not in notes:
        notes.append(WEIGHTED_KAPPA_NOTE)
    return notes


def matrix_agreement(
    report: CodingReport, name: str, notes: Iterable[str] = ()
) -> ProjectAgreement:
    """A reliability matrix's coding report in the shape of a project's agreement, so the
    CSV rows and the reliability report are written the same way for both."""
    data = report.data
    section = Section(
        "scheme",
        name,
        name,
        f"reliability matrix, level {report.level}",
        list(data.coders),
        data.n_units,
        overall=dict(report.overall),
        per_label={str(c): {"krippendorff_alpha": r} for c, r in report.per_category.items()},
        pairs=[
            PairFigures(p.coder_a, p.coder_b, p.shared_units, p.coefficients, p.confusion)
            for p in report.pairs
        ],
        notes=list(notes),
    )
    return ProjectAgreement(name, list(data.coders), data.n_units, [section])
