"""Commands that make, fill and describe projects: new, import, info, coder, demo, backup, check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.cli.app import app, emit_json, fail, reports_errors
from annotator.cli.options import JsonOpt, ProjectArg
from annotator.cli.progress_bar import progress_bar
from annotator.model import shown_coder_names


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

    \b
    Example:
      annotator new study.sqlite --name "Idlib coverage"
    """
    from annotator.codebook import default_codebook, load_codebook
    from annotator.store import Project

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
        typer.Option(help="Labeled files: the coder for labels whose line names none."),
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="Another tool's label name as a codebook label or choice: NAME=LAYER:LABEL, "
            "NAME=SCHEME:CHOICE, or NAME= to leave it out. Repeatable.",
        ),
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

    Labels come in with their articles: our own JSONL, Prodigy, doccano, Label Studio,
    brat folders (NAME.txt + NAME.ann), WebAnno TSV, and `annotator detect --jsonl` output
    (as suggestions). docs/formats.md says what maps to what and whose labels they become.

    All or nothing: one bad file or line stops the import and nothing is written, unless
    --skip-bad is given. Articles already in the project (same text) are skipped and counted.

    Imports stay where you point: a manifest's files must lie in its own folder (unless
    --allow-outside), and a folder's symbolic links that lead out of it are not followed; both
    are listed as refused.

    \b
    Examples:
      annotator import study.sqlite articles/ --column text=body
      annotator import study.sqlite polnear/ --map Discuss= --map Discard=
    """
    from annotator.errors import IngestError
    from annotator.ingest import ImportOptions, import_paths
    from annotator.ingest.label_map import LabelMap
    from annotator.store import Project

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
        label_map=LabelMap.parse(map_ or []),
        allow_outside=allow_outside,
    )
    with Project.open(project) as opened, progress_bar("Importing") as progress:
        try:
            report = import_paths(opened, paths, options, progress)
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
                "labels": vars(report.labels)
                | {"coders": sorted(report.labels.coders), "left_out": dict(report.labels.left_out)}
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

    \b
    Example:
      annotator info study.sqlite --json
    """
    from annotator.exchange import copy_owner
    from annotator.store import Project

    with Project.open(project, readonly=True) as opened:
        counts = opened.counts()
        meta, book = opened.meta, opened.codebook
        total = counts["articles"]
        known = opened.coders.list()
        shown = shown_coder_names(known)
        coders = [
            {
                "uuid": c.uuid,
                "name": c.name,
                "shown": shown[c.uuid],
                **opened.status.counts(c.uuid, total),
            }
            for c in known
        ]
        owner = copy_owner(opened)
        schema = opened.schema_version()
    data = {
        **counts,
        "project": {
            "name": meta.name,
            "uuid": meta.uuid,
            "created": meta.created,
            "file": str(project),
            "schema_version": schema,
            "coder_copy_for": None if owner is None else {"uuid": owner.uuid, "name": owner.name},
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
    if owner is not None:
        typer.echo(f"  a coder copy for {owner.name} (id {owner.short_id})")
    typer.echo(f"  codebook: {book.name} v{book.version} ({book.hash[:12]})")
    typer.echo(f"  articles: {counts['articles']}   suggestions: {counts['suggestions']}")
    typer.echo(
        f"  labels: {counts['labels']} ({counts['spans']} spans, "
        f"{counts['doc_labels']} document labels, {counts['relations']} relations)"
    )
    typer.echo(f"  coders: {counts['coders']}")
    for coder in coders:
        typer.echo(
            f"    {coder['shown']}: {coder['done']} done, {coder['in_progress']} in "
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
    """Add a coder.

    \b
    Example:
      annotator coder add study.sqlite "Amira K."
    """
    from annotator.store import Project

    with Project.open(project) as opened:
        coder = opened.coders.add(name)
    if as_json:
        emit_json({"uuid": coder.uuid, "name": coder.name})
    else:
        typer.echo(f"Added coder {coder.name} ({coder.uuid})")


@coder_app.command("list")
@reports_errors
def coder_list(project: ProjectArg, as_json: JsonOpt = False) -> None:
    """List coders.

    \b
    Example:
      annotator coder list study.sqlite
    """
    from annotator.store import Project

    with Project.open(project, readonly=True) as opened:
        coders = opened.coders.list()
    if as_json:
        emit_json([{"uuid": c.uuid, "name": c.name, "created": c.created} for c in coders])
        return
    if not coders:
        typer.echo("No coders yet.")
    shown = shown_coder_names(coders)
    for coder in coders:
        typer.echo(f"{shown[coder.uuid]}\t{coder.uuid}")


@app.command()
@reports_errors
def demo(
    project: Annotated[
        Path | None, typer.Argument(help="Where to make it; defaults to the data folder.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create the bundled sample project (five outlets on one story) if it does not exist.

    \b
    Example:
      annotator demo
    """
    from annotator.sample import ensure_sample_project

    path, created = ensure_sample_project(project)
    if as_json:
        emit_json({"project": str(path), "created": created})
    else:
        typer.echo(f"{'Created' if created else 'Already there:'} {path}")


@app.command()
@reports_errors
def backup(project: ProjectArg, as_json: JsonOpt = False) -> None:
    """Back the project up now, and list its backups (newest first).

    \b
    Example:
      annotator backup study.sqlite
    """
    from annotator.store import Project
    from annotator.store.backup import list_backups

    with Project.open(project, readonly=True) as opened:
        made = opened.back_up("manual")
    backups = list_backups(project)
    if as_json:
        emit_json(
            {"project": str(project), "backup": str(made), "backups": list(map(str, backups))}
        )
        return
    for path in backups:
        typer.echo(str(path))


@app.command()
@reports_errors
def check(project: ProjectArg, as_json: JsonOpt = False) -> None:
    """Check a project: SQLite's integrity check, every article's text against its content
    hash, every span, suggestion and gold span against its article's text, and the links
    between rows. Exits 1 when something is wrong, listing what.

    \b
    Example:
      annotator check study.sqlite
    """
    from annotator.store import Project
    from annotator.store.consistency import check_project

    with Project.open(project, readonly=True) as opened:
        report = check_project(opened)
    if as_json:
        emit_json(
            {
                "project": str(project),
                "ok": report.ok,
                "integrity_check": "; ".join(report.integrity) or "ok",
                "problems": report.lines(),
                "journal_pending": report.journal_pending,
                "articles": report.articles,
                "notices": opened.notices,
            }
        )
        if not report.ok:
            raise typer.Exit(1)
        return
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
