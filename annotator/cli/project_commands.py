"""Commands that make, fill and describe projects: new, import, info, coder, demo, backup, check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.cli.app import app, emit_json, fail, reports_errors
from annotator.codebook import default_codebook, load_codebook
from annotator.errors import IngestError
from annotator.ingest import ImportOptions, import_paths
from annotator.sample import ensure_sample_project
from annotator.store import Project
from annotator.store.backup import list_backups
from annotator.store.consistency import check_project

ProjectArg = Annotated[Path, typer.Argument(help="The project file (.sqlite).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@app.command()
@reports_errors
def new(
    project: ProjectArg,
    name: Annotated[
        str | None, typer.Option(help="Display name; defaults to the file name.")
    ] = None,
    codebook: Annotated[
        Path | None, typer.Option(help="A codebook TOML file; defaults to the bundled one.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create an empty project.

    Example: annotator new study.sqlite --name "Idlib coverage"
    """
    book = load_codebook(codebook) if codebook else default_codebook()
    with Project.create(project, name=name, codebook=book) as created:
        meta = created.meta
    if as_json:
        emit_json(
            {
                "project": str(project),
                "name": meta.name,
                "uuid": meta.uuid,
                "codebook_hash": meta.codebook_hash,
            }
        )
    else:
        typer.echo(
            f"Created {project} ({meta.name}; codebook {book.name} v{book.version}, "
            f"{book.hash[:12]})"
        )


@app.command("import")
@reports_errors
def import_(
    project: ProjectArg,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to import.")],
    column: Annotated[
        list[str] | None,
        typer.Option(help="CSV column for a field, as FIELD=COLUMN (e.g. text=body). Repeatable."),
    ] = None,
    max_mb: Annotated[float, typer.Option(help="Refuse files larger than this.")] = 100.0,
    skip_bad: Annotated[
        bool, typer.Option(help="Import the good files and lines, list the bad ones.")
    ] = False,
    coder: Annotated[
        str | None,
        typer.Option(help="Labeled JSONL: the coder for labels whose line names none."),
    ] = None,
    allow_outside: Annotated[
        bool,
        typer.Option(
            "--allow-outside",
            help="Let a manifest list files outside its own folder (refused and listed otherwise).",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import articles from .txt, .md, .html, .jsonl, .csv, manifest .json files, or folders.

    JSONL lines may carry labels: our own export, Prodigy spans or doccano labels come in with
    their articles (see docs/export.md for whose labels they become).

    All or nothing: one bad file or line stops the import and nothing is written, unless
    --skip-bad is given. Articles already in the project (same text) are skipped and counted.

    Imports stay where you point: a manifest's files must lie in its own folder (unless
    --allow-outside), and a folder's symbolic links that lead out of it are not followed; both
    are listed as refused.

    Example: annotator import study.sqlite articles/ --column text=body
    """
    mapping = {}
    for item in column or []:
        field, sep, name = item.partition("=")
        if not sep or not field.strip() or not name.strip():
            raise fail(f"--column takes FIELD=COLUMN, not '{item}'")
        mapping[field.strip()] = name.strip()
    options = ImportOptions(
        max_bytes=int(max_mb * 1024 * 1024),
        column_map=mapping,
        skip_bad=skip_bad,
        coder=coder,
        allow_outside=allow_outside,
    )
    with Project.open(project) as opened:
        try:
            report = import_paths(opened, paths, options)
        except IngestError as exc:
            raise fail(f"{exc} (--skip-bad imports the rest)") from None
    if as_json:
        emit_json(
            {
                "added": len(report.added),
                "duplicates": len(report.duplicates),
                "files": report.files,
                "skipped": report.skipped,
                "encodings": report.encodings,
                "ignored": report.ignored,
                "refused": report.refused,
                "labels": vars(report.labels) | {"coders": sorted(report.labels.coders)}
                if report.labels
                else None,
            }
        )
        return
    typer.echo(report.summary())
    for file_name, encoding in report.encodings.items():
        typer.echo(f"  {file_name}: not UTF-8, read as {encoding}")
    for problem in report.skipped:
        typer.echo(f"  skipped {problem}")
    for refusal in report.refused:
        typer.echo(f"  refused {refusal}")


@app.command()
@reports_errors
def info(project: ProjectArg, as_json: JsonOpt = False) -> None:
    """Describe a project: articles, coders, labels, codebook.

    Example: annotator info study.sqlite --json
    """
    with Project.open(project, readonly=True) as opened:
        counts = opened.counts()
        meta, book = opened.meta, opened.codebook
        total = counts["articles"]
        coders = [
            {"uuid": c.uuid, "name": c.name, **opened.status.counts(c.uuid, total)}
            for c in opened.coders.list()
        ]
        schema = opened.schema_version()
    data = {
        **counts,
        "project": {
            "name": meta.name,
            "uuid": meta.uuid,
            "created": meta.created,
            "file": str(project),
            "schema_version": schema,
        },
        "codebook": {
            "name": book.name,
            "version": book.version,
            "hash": book.hash,
            "layers": [layer.name for layer in book.layers],
            "schemes": [scheme.name for scheme in book.schemes],
        },
        "coder_progress": coders,
    }
    if as_json:
        emit_json(data)
        return
    typer.echo(f"{meta.name}\n  file: {project} (schema version {schema})")
    typer.echo(f"  codebook: {book.name} v{book.version} ({book.hash[:12]})")
    typer.echo(f"  articles: {counts['articles']}   suggestions: {counts['suggestions']}")
    typer.echo(
        f"  labels: {counts['labels']} ({counts['spans']} spans, "
        f"{counts['doc_labels']} document labels, {counts['relations']} relations)"
    )
    typer.echo(f"  coders: {counts['coders']}")
    for coder in coders:
        typer.echo(
            f"    {coder['name']}: {coder['done']} done, {coder['in_progress']} in "
            f"progress, {coder['todo']} to do"
        )


coder_app = typer.Typer(help="Add and list the coders of a project.", no_args_is_help=True)
app.add_typer(coder_app, name="coder")


@coder_app.command("add")
@reports_errors
def coder_add(
    project: ProjectArg,
    name: Annotated[str, typer.Argument(help="The coder's display name.")],
    as_json: JsonOpt = False,
) -> None:
    """Add a coder. Example: annotator coder add study.sqlite "Amira K."""
    with Project.open(project) as opened:
        coder = opened.coders.add(name)
    if as_json:
        emit_json({"uuid": coder.uuid, "name": coder.name})
    else:
        typer.echo(f"Added coder {coder.name} ({coder.uuid})")


@coder_app.command("list")
@reports_errors
def coder_list(project: ProjectArg, as_json: JsonOpt = False) -> None:
    """List coders. Example: annotator coder list study.sqlite"""
    with Project.open(project, readonly=True) as opened:
        coders = opened.coders.list()
    if as_json:
        emit_json([{"uuid": c.uuid, "name": c.name, "created": c.created} for c in coders])
        return
    if not coders:
        typer.echo("No coders yet.")
    for coder in coders:
        typer.echo(f"{coder.name}\t{coder.uuid}")


@app.command()
@reports_errors
def demo(
    project: Annotated[
        Path | None, typer.Argument(help="Where to make it; defaults to the data folder.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create the bundled sample project (five outlets on one story) if it does not exist.

    Example: annotator demo
    """
    path, created = ensure_sample_project(project)
    if as_json:
        emit_json({"project": str(path), "created": created})
    else:
        typer.echo(f"{'Created' if created else 'Already there:'} {path}")


@app.command()
@reports_errors
def backup(project: ProjectArg) -> None:
    """Back the project up now, and list its backups (newest first).

    Example: annotator backup study.sqlite
    """
    with Project.open(project, readonly=True) as opened:
        opened.back_up("manual")
    for path in list_backups(project):
        typer.echo(str(path))


@app.command()
@reports_errors
def check(project: ProjectArg) -> None:
    """Check a project: SQLite's integrity check, every article's text against its content
    hash, every span, suggestion and gold span against its article's text, and the links
    between rows. Exits 1 when something is wrong, listing what.

    Example: annotator check study.sqlite
    """
    with Project.open(project, readonly=True) as opened:
        report = check_project(opened)
    for notice in opened.notices:
        typer.echo(notice, err=True)
    if report.journal_pending:
        typer.echo(
            f"note: {project}-wal holds saved changes not yet in {project} itself; open and "
            "close the project (or use annotator backup) before copying the file alone",
            err=True,
        )
    if not report.ok:
        for line in report.lines():
            typer.echo(f"  {line}", err=True)
        raise fail(
            f"{project}: the check failed ({len(report.integrity) + len(report.problems)} "
            "problem(s) listed above); annotator restore lists the backups"
        )
    typer.echo(
        f"{project}: ok ({report.articles} articles, {report.labels} spans, suggestions and "
        "gold spans checked)"
    )
