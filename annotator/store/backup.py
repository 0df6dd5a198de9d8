"""Rotating backups of project files, taken with SQLite's online backup API.

Backups live in the data folder (``paths.backup_dir()``), one subfolder per project file, newest
``keep`` kept. A backup is written under a hidden temporary name and renamed when complete, so a
backup cut off half-way (a crash, a full disk) is never listed, never counts as the newest and
never pushes a good one out of the kept ``keep``. While a backup is written its writer holds an
OS lock on a small ``.lock`` file beside it (portalocker, on every platform); the OS drops it
when the writer dies, so the next backup, or the next opening of the project, removes every
unfinished backup whose writer is gone, and leaves one being written by another process alone.
A listed backup is a complete, consistent SQLite file that opens like any project.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Literal

import portalocker

from annotator.errors import BackupError, DataFolderError
from annotator.paths import backup_dir
from annotator.store.file_access import describe_write_failure

KEEP = 10
MIN_INTERVAL = timedelta(minutes=15)
PARTIAL_SUFFIX = ".partial"
_WRITER_LOCK = ".lock"  # beside a partial backup, held by its writer


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
    remove_unfinished(folder)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{stamp}-{reason.replace(' ', '-')}.sqlite"
    partial = folder / f".{target.name}{PARTIAL_SUFFIX}"
    try:
        with _writing(partial):
            write_copy(conn, partial)
            os.replace(partial, target)
    except (OSError, sqlite3.Error, portalocker.exceptions.LockException) as exc:
        _remove_partial(partial)
        raise BackupError(
            describe_write_failure(exc, f"A backup of {project}", folder)
            + " The project itself was not changed."
        ) from None
    for old in list_backups(project)[keep:]:
        _remove(old)
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
    remove_unfinished(project_backup_dir(project))
    if existing:
        newest = datetime.fromtimestamp(existing[0].stat().st_mtime, UTC)
        if datetime.now(UTC) - newest < MIN_INTERVAL:
            return None
    return take_backup(conn, project, "open", keep)


@contextlib.contextmanager
def _writing(partial: Path) -> Iterator[None]:
    """Hold the writer's lock beside ``partial`` while it is written."""
    sidecar = partial.with_name(partial.name + _WRITER_LOCK)
    handle = open(sidecar, "a")  # noqa: SIM115 - held for the whole write
    try:
        portalocker.lock(handle, portalocker.LockFlags.EXCLUSIVE)
        yield
    finally:
        handle.close()  # drops the lock
        _remove(sidecar)


def remove_unfinished(folder: Path) -> list[Path]:
    """Remove the unfinished backups in ``folder`` whose writer is gone (its lock is free);
    returns what was removed."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    # every leftover of a cut-off backup: the partial file, its journal, its writer's lock
    # (a kill between the rename and removing the lock leaves the lock alone)
    partials = {
        folder / (path.name[: path.name.index(PARTIAL_SUFFIX)] + PARTIAL_SUFFIX)
        for path in folder.glob(f".*{PARTIAL_SUFFIX}*")
    }
    for partial in sorted(partials):
        sidecar = partial.with_name(partial.name + _WRITER_LOCK)
        held = _lock_if_free(sidecar)
        if held is False:  # another process is writing this one now
            continue
        for suffix in ("", "-journal", "-wal", "-shm"):
            _remove(partial.with_name(partial.name + suffix))
        if held is not None:
            held.close()
        _remove(sidecar)  # after closing it: Windows removes no open file
        removed.append(partial)
    for journal in folder.glob("*.sqlite-journal"):  # cut-off backups of earlier versions
        _remove(journal.with_name(journal.name.removesuffix("-journal")))
        _remove(journal)
        removed.append(journal)
    return removed


def _lock_if_free(sidecar: Path) -> IO[str] | Literal[False] | None:
    """The writer's lock taken (its handle), None when there is no lock file (the writer is
    gone), False when another process holds it."""
    try:
        handle = open(sidecar)  # noqa: SIM115 - closed by the caller
    except OSError:
        return None
    try:
        portalocker.lock(
            handle, portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING
        )
    except (portalocker.exceptions.LockException, OSError):
        handle.close()
        return False
    return handle


def _remove_partial(partial: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm", _WRITER_LOCK):
        _remove(partial.with_name(partial.name + suffix))


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
