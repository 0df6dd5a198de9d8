"""``annotator export``: labels out as training data (JSONL, spaCy, CSV, Parquet)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.adjudication import without_unfinished_gold
from annotator.cli.app import app, emit_json, reports_errors
from annotator.export import FORMATS, ExportOptions, Selection, Source, export_project
from annotator.export.selection import SOURCE_HELP
from annotator.store import Project

ProjectArg = Annotated[Path, typer.Argument(help="The project file (.sqlite).")]
SourceOpt = Annotated[str, typer.Option("--source", help=f"Whose labels: {SOURCE_HELP}.")]
LayersOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--layers", help="Span layers to take (repeat or comma-separate); all by default."
    ),
]
SchemesOpt = Annotated[
    list[str] | None,
    typer.Option("--schemes", help="Document schemes to take (repeat or comma-separate)."),
]
StatusOpt = Annotated[
    str | None,
    typer.Option("--status", help="Only articles in this status (todo, in_progress, done)."),
]


def names(values: list[str] | None) -> tuple[str, ...] | None:
    """``--layers a,b --layers c`` -> ("a", "b", "c"); None when not given."""
    if not values:
        return None
    return tuple(n.strip() for value in values for n in value.split(",") if n.strip()) or None


def selection(source: str, layers, schemes, status: str | None) -> Selection:
    return Selection(Source.parse(source), names(layers), names(schemes), status)


def echo_progress(quiet: bool):
    """Progress on stderr, about every tenth of the way."""
    last = [-1]

    def progress(done: int, total: int | None, note: str) -> None:
        if quiet or not total:
            return
        step = done * 10 // total
        if step != last[0]:
            last[0] = step
            typer.echo(f"  {done}/{total} {note}", err=True)

    return progress


@app.command()
@reports_errors
def export(
    project: ProjectArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="The file (jsonl) or folder.")],
    format_: Annotated[
        str, typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}.")
    ] = "jsonl",
    source: SourceOpt = "gold",
    layers: LayersOpt = None,
    schemes: SchemesOpt = None,
    status: StatusOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
    dev_fraction: Annotated[
        float, typer.Option(help="spacy: share of documents in dev.spacy (by story).")
    ] = 0.2,
    seed: Annotated[int, typer.Option(help="spacy: seed of the train/dev split.")] = 0,
    key_per_layer: Annotated[
        bool,
        typer.Option(
            "--key-per-layer", help='spacy: doc.spans[LAYER] for each layer instead of "sc".'
        ),
    ] = False,
    cats: Annotated[
        str | None,
        typer.Option(help="spacy: the scheme for doc.cats (default: the primary frame)."),
    ] = None,
    include_partial: Annotated[
        bool,
        typer.Option(
            "--include-partial",
            help="gold: also export articles with undecided units (left out by default).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Export labels: JSONL (Prodigy-style spans), spaCy DocBin (train/dev by story), CSV
    (a file per layer and one for document labels) or Parquet.

    Gold (the adjudicated version) is exported unless --source says otherwise; an article
    whose units are not all decided is left out (it would teach that the undecided passages
    carry no label) unless --include-partial. A project with no such labels writes nothing.
    See docs/export.md for the formats and their rules.

    Examples:
      annotator export study.sqlite -f jsonl -o labels.jsonl
      annotator export study.sqlite -f spacy -o corpus/ --layers loaded --dev-fraction 0.2
      annotator export study.sqlite -f csv -o tables/ --source coder:"Amira K." --status done
    """
    chosen = selection(source, layers, schemes, status)
    with Project.open(project, readonly=True) as opened:
        if chosen.source.kind == "gold" and not include_partial:
            chosen = without_unfinished_gold(opened, chosen)
        options = ExportOptions(
            format=format_,
            selection=chosen,
            force=force,
            dev_fraction=dev_fraction,
            seed=seed,
            span_key=None if key_per_layer else "sc",
            cats=cats,
        )
        summary = export_project(opened, output, options, echo_progress(as_json))
    if as_json:
        emit_json(summary.to_dict())
    else:
        typer.echo("\n".join(summary.lines()))
