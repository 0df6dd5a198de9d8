"""Agreement of a project's coders: ``annotator agree PROJECT``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from annotator.cli.app import app, emit_json, reports_errors
from annotator.cli.interval_options import BootstrapMethod, interval_settings
from annotator.cli.options import JsonOpt
from annotator.csv_cells import escape_cell

# the agreement code (numpy) loads when the command runs, not when the command line starts
if TYPE_CHECKING:
    from annotator.agreement.project_result import ProjectAgreement, Section
    from annotator.agreement.result import Coefficient


@app.command()
@reports_errors
def agree(
    project: Annotated[Path, typer.Argument(help="The (merged) project file.")],
    scheme: Annotated[
        list[str] | None, typer.Option("--scheme", help="Only this document scheme (repeatable).")
    ] = None,
    layer: Annotated[
        list[str] | None, typer.Option("--layer", help="Only this span layer (repeatable).")
    ] = None,
    coders: Annotated[
        list[str] | None,
        typer.Option("--coders", help="Only these coders, by name or id (repeatable)."),
    ] = None,
    tokens: Annotated[
        bool, typer.Option("--tokens", help="Position alpha on word tokens, not characters.")
    ] = False,
    articles: Annotated[
        int, typer.Option(help="How many of the most contested articles to list per section.")
    ] = 5,
    as_json: JsonOpt = False,
    csv_file: Annotated[
        Path | None, typer.Option("--csv", help="Also write every figure, one per row, here.")
    ] = None,
    bootstrap: Annotated[
        int, typer.Option(help="Bootstrap resamples for intervals (0: none; e.g. 1000).")
    ] = 0,
    seed: Annotated[
        int, typer.Option(help="Seed of the bootstrap (same seed, same intervals).")
    ] = 0,
    bootstrap_method: Annotated[
        BootstrapMethod,
        typer.Option(help="Alpha's bootstrap: over units, or Hayes & Krippendorff's (KALPHA)."),
    ] = BootstrapMethod.units,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Also write a reliability report here (.md or .html)."),
    ] = None,
    all_articles: Annotated[
        bool,
        typer.Option(
            "--all-articles",
            help="With a study plan: every article coded twice, not only the subsample.",
        ),
    ] = False,
) -> None:
    """Inter-coder agreement on every document scheme and span layer of a project.

    Only live labels count. Coders: everyone with labels, or --coders. Each figure comes
    with the units, coders and pairable values it rests on; where it cannot be computed it
    says "no value" and why. --json gives everything, per article too.

    --bootstrap N adds an interval to every figure (and q = P(alpha < .667), P(alpha < .8));
    --report FILE.md|FILE.html writes the tables and a methods paragraph to paste.

    When the project has a study plan (`annotator plan`), agreement is measured on its
    reliability subsample; --all-articles counts every article coded by two or more coders.

    \b
    Examples:
      annotator agree study.sqlite --scheme primary_frame --layer loaded \\
        --csv agree.csv
      annotator agree study.sqlite --bootstrap 1000 --seed 7 \\
        --report reliability.html
    """
    from annotator.agreement.project import project_agreement
    from annotator.agreement.report_files import check_report_path, write_report
    from annotator.gc_pause import collection_paused
    from annotator.store import Project

    report_format = check_report_path(report)
    settings = interval_settings(bootstrap, seed, bootstrap_method)
    schemes, layers = scheme, layer
    if schemes and not layers:
        layers = []
    elif layers and not schemes:
        schemes = []
    with collection_paused():  # writing the figures out makes many objects too
        with Project.open(project, readonly=True) as opened:
            result = project_agreement(
                opened,
                schemes=schemes,
                layers=layers,
                coders=coders,
                unit="token" if tokens else "character",
                intervals=settings,
                subsample=not all_articles,
            )
        if csv_file is not None:
            write_csv(result, csv_file)
        if report is not None:
            write_report(result, report, report_format)
        if as_json:
            emit_json(result.to_dict())
            return
        for line in render(result, articles):
            typer.echo(line)
        if csv_file is not None:
            typer.echo(f"\nWrote every figure to {csv_file}")
        if report is not None:
            typer.echo(f"Wrote the reliability report to {report}")


def write_csv(result: ProjectAgreement, path: Path) -> None:
    rows = result.rows()
    fields = list(rows[0]) if rows else ["kind", "section", "figure", "value"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: escape_cell(v) for k, v in row.items()})


def render(result: ProjectAgreement, articles: int = 5) -> list[str]:
    coders = ", ".join(result.coders) or "none"
    lines = [f"{result.project}: {result.articles} articles; coders: {coders}"]
    if result.subsample is not None:
        lines.append(
            f"Measured on the study plan's reliability subsample: {result.subsample} articles "
            "(--all-articles: every article coded twice)"
        )
    for section in result.sections:
        lines += ["", *section_lines(section, articles)]
    return lines


def section_lines(section: Section, articles: int) -> list[str]:
    from annotator.agreement.project_result import figure_title

    notes = _Notes()
    lines = [
        f"== {section.title} ({section.kind} {section.name}; {section.measure}): "
        f"{section.units} {section.unit_noun}",
        *(f"   {note}" for note in section.notes),
        "",
    ]
    bootstrapped = any(r.interval is not None for r in section.overall.values())
    extra = f"{'Interval':>18}{'q<.667':>8}{'q<.800':>8}" if bootstrapped else ""
    lines.append(
        f"  {'Coefficient':<40}{'Value':>9}{extra}{'Units':>9}{'Coders':>8}{'Pairable':>10}"
    )
    for key, result in section.overall.items():
        title = figure_title(key)
        title = _clip(title + _level(result, title), 39)
        if result.defined:
            cells = interval_text(result) if bootstrapped else ""
            lines.append(
                f"  {title:<40}{result.formatted():>9}{cells}{result.units:>9}{result.coders:>8}"
                f"{result.pairable:>10}"
            )
        else:
            lines.append(f"  {title:<40}no value: {result.reason}")
    if section.per_label:
        heading = "Per label" if section.kind == "layer" else "Per choice (against the rest)"
        lines += ["", f"  {heading}"]
        lines += _table("Label", [(k, v) for k, v in section.per_label.items()], notes)
    if section.pairs:
        lines += ["", "  Coder pairs"]
        rows = [(f"{p.coder_a} / {p.coder_b}", p.coefficients, p.units) for p in section.pairs]
        lines += _table("Pair", [(name, f) for name, f, _ in rows], notes, [u for *_, u in rows])
    if section.per_coder:
        lines += ["", "  Each coder against the others"]
        lines += _table("Coder", [(c.coder, c.coefficients) for c in section.per_coder], notes)
    contested = [a for a in section.per_article if a.disagreement > 0][:articles]
    if contested:
        lines += ["", f"  Most contested articles (of {len(section.per_article)})"]
        for item in contested:
            shown = ", ".join(f"{k}: {_value(v)}" for k, v in item.values.items())
            lines.append(f"    {item.disagreement:5.2f}  {_clip(item.article.title, 40)}  {shown}")
    lines += notes.lines()
    return lines


def interval_text(result: Coefficient) -> str:
    """The interval and q cells of a table row (blank where the figure has none)."""
    interval = result.interval
    if interval is None:
        return f"{'':>18}{'':>8}{'':>8}"
    q = [interval.q.get(t) for t in (0.667, 0.8)]
    shown = [f"{v:.3f}" if v is not None else "" for v in q]
    return f"{interval.formatted():>18}{shown[0]:>8}{shown[1]:>8}"


def _table(
    first: str,
    rows: list[tuple[str, dict[str, Coefficient]]],
    notes: _Notes,
    units: list[int] | None = None,
) -> list[str]:
    from annotator.agreement.project_result import figure_title

    keys = list(dict.fromkeys(k for _, figures in rows for k in figures))
    width = max([len(first), *(len(name) for name, _ in rows)]) + 2
    width = min(width, 34)
    wide = any(r.interval is not None for _, figures in rows for r in figures.values())
    cells = [max(22 if wide else 9, len(figure_title(k)) + 2) for k in keys]
    head = f"    {first:<{width}}" + (f"{'Units':>7}" if units else "")
    head += "".join(f"{figure_title(k):>{w}}" for k, w in zip(keys, cells, strict=True))
    lines = [head]
    for at, (name, figures) in enumerate(rows):
        line = f"    {_clip(name, width - 2):<{width}}" + (f"{units[at]:>7}" if units else "")
        for key, cell in zip(keys, cells, strict=True):
            result = figures.get(key)
            text = "" if result is None else notes.cell(result)
            line += f"{text:>{cell}}"
        lines.append(line)
    return lines


class _Notes:
    """'no value' cells as "-(n)", with the reasons listed once under the section."""

    def __init__(self) -> None:
        self.reasons: dict[str, int] = {}

    def cell(self, result: Coefficient) -> str:
        if result.defined and result.interval is not None:
            low, high = result.interval.lower, result.interval.upper
            return f"{result.formatted()} [{low:.2f},{high:.2f}]"
        if result.defined:
            return result.formatted()
        number = self.reasons.setdefault(result.reason or "", len(self.reasons) + 1)
        return f"-({number})"

    def lines(self) -> list[str]:
        if not self.reasons:
            return []
        return ["", "  No value:"] + [f"   ({n}) {reason}" for reason, n in self.reasons.items()]


def _level(result: Coefficient, title: str) -> str:
    if not result.level or result.level == "nominal" or f"({result.level})" in title:
        return ""
    return f" ({result.level})"


def _value(value: Any) -> str:
    if isinstance(value, frozenset | set):
        return "{" + ", ".join(sorted(map(str, value))) + "}"
    return str(value)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
