"""The compare command: how groups of articles (outlets) covered a story, with intervals."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.cli.app import app, emit_json, reports_errors
from annotator.compare.selection import BY_HELP, SOURCE_HELP


@app.command()
@reports_errors
def compare(
    project: Annotated[Path, typer.Argument(help="The project file (.sqlite).")],
    story: Annotated[str | None, typer.Option(help="Only the articles of this story.")] = None,
    by: Annotated[str, typer.Option(help=f"Group articles by: {BY_HELP}.")] = "outlet",
    source: Annotated[str, typer.Option(help=f"Labels to compare: {SOURCE_HELP}.")] = (
        "suggestions"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    csv: Annotated[
        Path | None, typer.Option("--csv", help="Also write CSV tables into this folder.")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write a self-contained HTML report.")
    ] = None,
    codebook: Annotated[
        Path | None,
        typer.Option(help="Take the word-choice groups from this codebook TOML instead."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace existing output files.")] = False,
    processes: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Count in this many processes (default: 1, or up to 4 from 20,000 articles).",
        ),
    ] = None,
) -> None:
    """Compare how groups of articles (outlets, by default) covered a story: loaded language
    per 1,000 words, word choice, the attribution profile, frames, and the same facts side by
    side, from one label source, with 95% bootstrap intervals. See docs/compare.md.

    Example: annotator compare study.sqlite --source gold --html report.html
    Example: annotator compare study.sqlite --by published:month --source coder:Amira --json
    """
    from annotator.codebook import load_codebook
    from annotator.compare import compare_project
    from annotator.compare.html_report import write_html_report
    from annotator.compare.tables import CSV_FILES, comparison_dict, write_csv_tables
    from annotator.compare.text_report import text_report
    from annotator.export.output import check_output
    from annotator.store import Project

    groups_from = load_codebook(codebook) if codebook else None
    # refuse an unwritable or existing output before the work, not after it
    if csv:
        check_output(csv, True, CSV_FILES, force)
    if html:
        check_output(html, False, (), force)
    with Project.open(project, readonly=True) as opened:
        result = compare_project(
            opened, source, by, story, codebook=groups_from, processes=processes
        )
    written = []
    if csv:
        written += write_csv_tables(result, csv, force)
    if html:
        written.append(write_html_report(result, html, force))
    if as_json:
        emit_json(comparison_dict(result))
    else:
        typer.echo(text_report(result), nl=False)
    for path in written:
        typer.echo(f"wrote {path}", err=True)
