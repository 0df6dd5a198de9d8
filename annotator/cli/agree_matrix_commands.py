"""Agreement on a plain reliability matrix: ``annotator agree-matrix FILE.csv``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from annotator.agreement import (
    AgreementDataError,
    CodingReport,
    Coefficient,
    coding_report,
    read_matrix_csv,
)
from annotator.agreement.matrix_io import MatrixFile
from annotator.cli.app import app, emit_json, reports_errors


class MatrixLevel(StrEnum):
    nominal = "nominal"
    ordinal = "ordinal"
    interval = "interval"
    ratio = "ratio"


@app.command("agree-matrix")
@reports_errors
def agree_matrix(
    file: Annotated[Path, typer.Argument(help="CSV: one row per coder, one column per unit.")],
    level: Annotated[
        MatrixLevel, typer.Option(help="Level of measurement of the values.")
    ] = MatrixLevel.nominal,
    header: Annotated[
        bool | None,
        typer.Option(
            "--header/--no-header",
            help="The first row names the units (default: recognised, see docs).",
        ),
    ] = None,
    names: Annotated[
        bool | None,
        typer.Option(
            "--names/--no-names",
            help="The first column names the coders (default: recognised, see docs).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Agreement coefficients on a reliability matrix, as other tools compute them.

    One row per coder, one column per unit, an empty cell for a missing value. Prints
    Krippendorff's alpha, Fleiss' kappa, percent agreement, one-vs-rest alpha per category,
    Cohen's kappa and Scott's pi per coder pair, and each coder against the others. A
    coefficient that cannot be computed says "no value" and why.

    Example: annotator agree-matrix ratings.csv --level interval --json
    """
    read = read_matrix_csv(file, level.value, header=header, names=names)
    try:
        report = coding_report(read.data, level.value)
    except AgreementDataError as exc:
        raise AgreementDataError(f"{file}: {exc}") from None
    if as_json:
        emit_json(
            {"file": str(file), "header": read.header, "names": read.names, **report.to_dict()}
        )
        return
    for line in render_report(read, report):
        typer.echo(line)


def render_report(read: MatrixFile, report: CodingReport) -> list[str]:
    """The human tables, one string per line."""
    data = report.data
    more = ", ..." if len(data.categories) > 12 else ""
    shown = ", ".join(map(str, data.categories[:12])) + more
    understood = [
        "header row of unit names" if read.header else "no header row",
        "coder names in the first column" if read.names else "no coder-name column",
    ]
    lines = [
        f"{read.path}: {data.n_coders} coders x {data.n_units} units, "
        f"{len(data.categories)} categories ({shown}); level {report.level}",
        f"  read with {' and '.join(understood)}",
        "",
        f"{'Coefficient':<34}{'Value':>9}{'Units':>8}{'Coders':>8}{'Pairable':>10}",
    ]
    lines += [_row(result.title, result) for result in report.overall.values()]
    lines += ["", "Per category (this category against the rest, nominal alpha)"]
    lines += [_row(f"  {category}", result) for category, result in report.per_category.items()]
    if report.pairs:
        keys = list(report.pairs[0].coefficients)
        titles = {
            "percent_agreement": "Agree",
            "cohen_kappa": "Cohen",
            "scott_pi": "Scott",
            "bennett_s": "S",
            "weighted_kappa_linear": "wK lin",
            "weighted_kappa_quadratic": "wK quad",
            "krippendorff_alpha": "Alpha",
        }
        lines += ["", "Coder pairs (units both rated)"]
        lines.append(f"  {'Pair':<30}{'Units':>7}" + "".join(f"{titles[k]:>9}" for k in keys))
        for pair in report.pairs:
            cells = "".join(f"{_cell(pair.coefficients[k]):>9}" for k in keys)
            lines.append(
                f"  {_clip(pair.coder_a + ' / ' + pair.coder_b, 29):<30}"
                f"{pair.shared_units:>7}{cells}"
            )
    lines += ["", "Each coder against the others (alpha)"]
    lines.append(f"  {'Coder':<30}{'With others':>12}{'Without':>10}")
    for coder in report.per_coder:
        lines.append(
            f"  {_clip(coder.coder, 29):<30}{_cell(coder.with_others):>12}"
            f"{_cell(coder.without):>10}"
        )
    if any(not r.defined for pair in report.pairs for r in pair.coefficients.values()) or any(
        not c.with_others.defined or not c.without.defined for c in report.per_coder
    ):
        lines += ["", "  - : no value; --json gives the reason"]
    return lines


def _row(title: str, result: Coefficient) -> str:
    if not result.defined:
        return f"{_clip(title, 33):<34}no value: {result.reason}"
    return (
        f"{_clip(title, 33):<34}{result.formatted():>9}{result.units:>8}{result.coders:>8}"
        f"{result.pairable:>10}"
    )


def _cell(result: Coefficient) -> str:
    return result.formatted() if result.defined else "-"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
