"""Agreement on a plain reliability matrix: ``annotator agree-matrix FILE.csv``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from annotator.cli.agree_commands import interval_text, write_csv
from annotator.cli.app import app, emit_json, reports_errors
from annotator.cli.interval_options import BootstrapMethod, interval_settings
from annotator.cli.options import JsonOpt

# the agreement code (numpy) loads when the command runs, not when the command line starts
if TYPE_CHECKING:
    from annotator.agreement import CodingReport, Coefficient
    from annotator.agreement.matrix_io import MatrixFile


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
) -> None:
    """Agreement coefficients on a reliability matrix, as other tools compute them.

    One row per coder, one column per unit, an empty cell for a missing value. Prints
    Krippendorff's alpha, Fleiss' kappa, percent agreement, one-vs-rest alpha per category,
    Cohen's kappa and Scott's pi per coder pair, and each coder against the others. A
    coefficient that cannot be computed says "no value" and why.

    Also Gwet's AC1 (AC2 at ordered levels), Brennan-Prediger and Holsti. --bootstrap N
    adds intervals (and q = P(alpha < .667), P(alpha < .8)); --csv and --report write them.

    \b
    Examples:
      annotator agree-matrix ratings.csv --level interval --json
      annotator agree-matrix ratings.csv --bootstrap 1000 --seed 7 \\
        --report report.md
    """
    from annotator.agreement import AgreementDataError, coding_report, read_matrix_csv
    from annotator.agreement.project_result import bootstrap_settings
    from annotator.agreement.reliability_report import matrix_agreement
    from annotator.agreement.report_files import check_report_path, write_report
    from annotator.agreement.report_intervals import report_with_intervals

    report_format = check_report_path(report)
    settings = interval_settings(bootstrap, seed, bootstrap_method)
    read = read_matrix_csv(file, level.value, header=header, names=names)
    try:
        coded = coding_report(read.data, level.value)
        if settings is not None:
            coded = report_with_intervals(coded, settings)
    except AgreementDataError as exc:
        raise AgreementDataError(f"{file}: {exc}") from None
    notes = reading_notes(read, coded)
    agreement = matrix_agreement(coded, file.name, notes)
    agreement.intervals = settings
    if csv_file is not None:
        write_csv(agreement, csv_file)
    if report is not None:
        write_report(agreement, report, report_format)
    if as_json:
        emit_json(
            {
                "file": str(file),
                "header": read.header,
                "names": read.names,
                "notes": notes,
                "bootstrap": bootstrap_settings(settings),
                **coded.to_dict(),
            }
        )
        return
    for line in render_report(read, coded):
        typer.echo(line)
    lines = [f"  {note}" for note in notes]
    for line in ["", "Notes", *lines] if lines else []:
        typer.echo(line)


def reading_notes(read: MatrixFile, report: CodingReport) -> list[str]:
    """What a supervisor copying figures needs said: how the file was read, and what
    weighted kappa takes as positions."""
    from annotator.agreement.reliability_report import WEIGHTED_KAPPA_NOTE

    notes = []
    if not read.header and not read.names:
        notes.append(
            "No header row and no coder-name column were recognised, so every row is data: "
            "numeric coder ids in the first column without a header row are read as "
            "values. Use --names (and --header) if the first column names the coders."
        )
    if any(k.startswith("weighted_kappa") for p in report.pairs for k in p.coefficients):
        notes.append(WEIGHTED_KAPPA_NOTE)
    return notes


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
    bootstrapped = any(
        r.interval is not None and r.interval.samples for r in report.overall.values()
    )
    if bootstrapped:
        lines[-1] = (
            f"{'Coefficient':<34}{'Value':>9}{'Interval':>18}{'q<.667':>8}{'q<.800':>8}"
            f"{'Units':>8}{'Coders':>8}{'Pairable':>10}"
        )
    lines += [_row(result.title, result, bootstrapped) for result in report.overall.values()]
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


def _row(title: str, result: Coefficient, bootstrapped: bool = False) -> str:
    if not result.defined:
        return f"{_clip(title, 33):<34}no value: {result.reason}"
    cells = interval_text(result) if bootstrapped else ""
    return (
        f"{_clip(title, 33):<34}{result.formatted():>9}{cells}{result.units:>8}"
        f"{result.coders:>8}{result.pairable:>10}"
    )


def _cell(result: Coefficient) -> str:
    return result.formatted() if result.defined else "-"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
