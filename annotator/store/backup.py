"""Rotating backups of project files, taken with SQLite's online backup API.

Backups live in the data folder (``paths.backup_dir()``), one subfolder per project file, newest
``keep`` kept. A backup is written under a hidden temporary name and renamed when complete, so a
backup cut off half-way (a crash, a full disk) is never listed, never counts as the newest and
never pushes a good one out of the kept ``keep``; leftovers are removed by the next backup. A
listed backup is a complete, consistent SQLite file that opens like any project.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from annotator.errors import BackupError, DataFolderError
from annotator.paths import backup_dir
from annotator.store.file_access import describe_write_failure

KEEP = 10
MIN_INTERVAL = timedelta(minutes=15)
PARTIAL_SUFFIX = ".partial"
STALE_PARTIAL_SECONDS = 3600  # older unfinished backups belong to no running backup


def project_backup_dir(project: Path) -> Path:
    """One folder per project file, named so two projects called alike never mix."""
    digest = hashlib.sha1(str(project.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return backup_dir() / f"{project.stem}-{digest[:8]}"


def list_backups(project: Path) -> list[Path]:
    """Complete backups, newest first."""
    folder = project_backup_dir(project)
    if not folder.exists():
        return []
    found = [
        path
        for path in folder.glob("*.sqlite")
        if not path.name.startswith(".")
        # written by a version that backed up in place and cut off: its journal is left over
        and not path.with_name(path.name + "-journal").exists()
    ]
    return sorted(found, reverse=True)


def take_backup(conn: sqlite3.Connection, project: Path, reason: str, keep: int = KEEP) -> Path:
    """Back ``conn`` up into the project's backup folder; raises BackupError when it can't."""
    try:
        folder = project_backup_dir(project)
        folder.mkdir(parents=True, exist_ok=True)
    except DataFolderError as exc:
        raise BackupError(f"A backup of {project} could not be written: {exc}") from None
    except OSError as exc:
        raise BackupError(
            describe_write_failure(exc, f"A backup of {project}", folder.parent)
        ) from None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{stamp}-{reason.replace(' ', '-')}.sqlite"
    partial = folder / f".{target.name}{PARTIAL_SUFFIX}"
    try:
        write_copy(conn, partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        _remove(partial)
        raise BackupError(
            describe_write_failure(exc, f"A backup of {project}", folder)
            + " The project itself was not changed."
        ) from None
    for old in list_backups(project)[keep:]:
        _remove(old)
    _remove_stale_partials(folder)
    return target


def write_copy(conn: sqlite3.Connection, target: Path) -> None:
    """A complete copy of ``conn``'s database at ``target`` (a new file), flushed to disk."""
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def backup_if_due(conn: sqlite3.Connection, project: Path, keep: int = KEEP) -> Path | None:
    """Take a backup when the newest one is older than MIN_INTERVAL (or there is none)."""
    try:
        existing = list_backups(project)
    except DataFolderError as exc:
        raise BackupError(f"A backup of {project} could not be written: {exc}") from None
    if existing:
        newest = datetime.fromtimestamp(existing[0].stat().st_mtime, UTC)
        if datetime.now(UTC) - newest < MIN_INTERVAL:
            return None
    return take_backup(conn, project, "open", keep)


def _remove_stale_partials(folder: Path) -> None:
    now = time.time()
    for path in folder.glob(f".*{PARTIAL_SUFFIX}*"):  # with the journal SQLite left beside
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > STALE_PARTIAL_SECONDS:
                path.unlink()
    for journal in folder.glob("*.sqlite-journal"):  # cut-off backups of earlier versions
        _remove(journal.with_name(journal.name.removesuffix("-journal")))
        _remove(journal)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
