"""``annotator restore``: list a project's backups, or put one in the project's place."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from annotator.cli.app import app, emit_json, fail, reports_errors
from annotator.cli.options import JsonOpt

if TYPE_CHECKING:  # the store loads when the command runs, not when the command line starts
    from annotator.store.restore import BackupSummary


@app.command()
@reports_errors
def restore(
    project: Annotated[Path, typer.Argument(help="The project file (.sqlite), damaged or not.")],
    backup: Annotated[
        str | None,
        typer.Argument(help="The backup to restore: its number in the list (1 = newest) or path."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List a project's backups (newest first), or restore one of them.

    Works on a damaged project too. The backup is verified first; the project file and its
    -wal and -shm files are moved aside (NAME.before-restore-TIME.sqlite, never deleted), then
    the backup is put in place. Never copy a backup over a project by hand: SQLite would apply
    the project's leftover -wal file to it and damage it.

    \b
    Examples:
      annotator restore study.sqlite      (lists the backups)
      annotator restore study.sqlite 1    (restores the newest)
    """
    from annotator.store.restore import restore_backup, summarize_backups

    backups = summarize_backups(project)
    if backup is None:
        _list(project, backups, as_json)
        return
    chosen = _chosen(backup, backups)
    report = restore_backup(project, chosen)
    if as_json:
        emit_json(
            {
                "project": str(report.project),
                "backup": str(report.backup),
                "taken": report.taken.isoformat(),
                "counts": report.counts,
                "moved_aside": [str(path) for path in report.moved_aside],
            }
        )
        return
    for line in report.lines():
        typer.echo(line)


def _list(project: Path, backups: list[BackupSummary], as_json: bool) -> None:
    if as_json:
        emit_json(
            [
                {
                    "number": number,
                    "path": str(b.path),
                    "taken": b.taken.isoformat(),
                    "reason": b.reason,
                    "size": b.size,
                    "counts": b.counts,
                    "problem": b.problem or None,
                }
                for number, b in enumerate(backups, start=1)
            ]
        )
        return
    if not backups:
        typer.echo(f"No backups of {project} (they are taken when it is opened for writing).")
        return
    typer.echo(f"Backups of {project}, newest first:")
    for number, b in enumerate(backups, start=1):
        if b.counts is None:
            holds = f"cannot be read: {b.problem}"
        else:
            holds = f"{b.counts['articles']} articles, {b.counts['labels']} labels"
        typer.echo(f"  {number}. {b.taken:%Y-%m-%d %H:%M:%S} UTC  {b.reason:<10} {holds}")
        typer.echo(f"     {b.path}")
    typer.echo(f"Restore one with: annotator restore {project} NUMBER")


def _chosen(backup: str, backups: list[BackupSummary]) -> Path:
    if backup.isdigit():
        number = int(backup)
        if not 1 <= number <= len(backups):
            raise fail(f"there is no backup number {number}; the list has {len(backups)}")
        return backups[number - 1].path
    path = Path(backup)
    if not path.is_file():
        raise fail(f"{path} does not exist (give a number from the list, or a backup file)")
    return path
