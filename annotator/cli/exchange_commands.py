"""Coder copies out and coder files back in: ``annotator coder-copy`` and ``annotator merge``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.cli.app import app, emit_json, fail, reports_errors
from annotator.cli.options import JsonOpt, ProjectArg
from annotator.cli.progress_bar import progress_bar


@app.command("coder-copy")
@reports_errors
def coder_copy(
    project: ProjectArg,
    coder: Annotated[str, typer.Option("--coder", help="The coder's display name.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The new file to write.")],
    coder_id: Annotated[
        str | None,
        typer.Option(
            "--coder-id", help="Use this coder id (e.g. the one in the coder's own profile)."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Make a project file for one coder: the articles, suggestions and codebook, and none of
    the other coders' labels. The project itself is not changed.

    \b
    Example:
      annotator coder-copy study.sqlite --coder "Amira K." -o study-amira.sqlite
    """
    from annotator.exchange import make_coder_copy
    from annotator.store import Project

    with Project.open(project, readonly=True) as opened:
        made = make_coder_copy(opened, coder, output, coder_id)
    if as_json:
        emit_json(
            {
                "file": str(made.path),
                "coder": {"uuid": made.coder.uuid, "name": made.coder.name},
                "new_coder": made.created_coder,
                "articles": made.articles,
                "suggestions": made.suggestions,
                "labels": made.labels,
            }
        )
        return
    new = " (new coder)" if made.created_coder else ""
    typer.echo(
        f"Wrote {made.path} for {made.coder.name}{new}, id {made.coder.uuid}: "
        f"{made.articles} articles, {made.suggestions} suggestions, {made.labels} of their labels"
    )


@app.command()
@reports_errors
def merge(
    project: ProjectArg,
    files: Annotated[list[Path], typer.Argument(help="Coder files to merge in.")],
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Merge despite problems marked STOP (what they skip is skipped)."
        ),
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only report; write nothing.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Merge coder files into the project: labels united by id, articles matched by text.

    Prints what each file brings and any problem first. Problems marked STOP (labels on
    articles the project lacks or whose text differs, labels outside the project's codebook,
    another project's file, two labelled coders of one name) stop the merge and nothing is
    written, unless --force. One transaction: interrupted, the project is left as it was.
    Merging a file again changes nothing.

    \b
    Example:
      annotator merge study.sqlite study-amira.sqlite study-ben.sqlite
    """
    from annotator.exchange import MergeBlocked, merge_coder_files
    from annotator.exchange.merge_summary import summary_lines
    from annotator.store import Project

    with Project.open(project) as opened:
        try:
            with progress_bar("Merging") as progress:
                report = merge_coder_files(
                    opened, files, force=force, dry_run=dry_run, progress=progress
                )
        except MergeBlocked as blocked:
            if as_json:
                emit_json(blocked.report.to_dict())
            else:
                for line in summary_lines(blocked.report):
                    typer.echo(line)
            raise fail(f"{blocked} (--force merges anyway)") from None
    if as_json:
        emit_json(report.to_dict())
        return
    for line in summary_lines(report):
        typer.echo(line)
    if dry_run:
        typer.echo("Dry run: nothing was written.")
