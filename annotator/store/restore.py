"""Putting a backup in a project's place, safely: ``annotator restore`` and File > Restore.

Copying a backup over a project by hand is dangerous: SQLite applies the ``-wal`` file it finds
beside the project's name to whatever file has that name, so a crash's stale journal wrecks the
copied backup at the next write. A restore therefore
1. verifies the backup (SQLite's integrity check, a project of a version this app reads);
2. takes the project's write lock (nobody may have it open);
3. copies the backup beside the project under a temporary name, flushed to disk;
4. moves the project file and its ``-wal``, ``-shm`` and ``-journal`` aside, never deleting
   them (``NAME.before-restore-STAMP.sqlite`` and its journal files, which open together);
5. renames the copy into place, and opens it once to check it.
Nothing is moved when a step before 4 fails.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from annotator.errors import ProjectError
from annotator.store import lock
from annotator.store.backup import list_backups, write_copy
from annotator.store.file_access import describe_write_failure
from annotator.store.project import Project

JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class BackupSummary:
    """One backup as a list shows it."""

    path: Path
    taken: datetime  # when the backup was written
    reason: str  # "open", "manual", "before-v3"…
    size: int
    counts: dict[str, int] | None  # articles, labels…; None when it cannot be read
    problem: str = ""  # why it cannot be read


@dataclass
class RestoreReport:
    project: Path
    backup: Path
    taken: datetime
    counts: dict[str, int]
    moved_aside: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        c = self.counts
        lines = [
            f"Restored {self.project} from the backup of {self.taken:%Y-%m-%d %H:%M} UTC "
            f"({self.backup.name}).",
            f"It holds {c['articles']} article(s), {c['labels']} label(s) ({c['spans']} spans, "
            f"{c['doc_labels']} document labels) and {c['coders']} coder(s); work saved after "
            "that time is not in it.",
        ]
        if self.moved_aside:
            lines.append("The files it replaced were kept, not deleted:")
            lines += [f"  {path}" for path in self.moved_aside]
        return lines


def summarize_backups(project: Path) -> list[BackupSummary]:
    """The project's backups, newest first, each opened read-only to count what it holds.

    Needs nothing of the project file itself, which may be damaged or gone.
    """
    summaries = []
    for path in list_backups(project):
        counts, problem = None, ""
        try:
            with Project.open(path, readonly=True) as backup:
                counts = backup.counts()
        except (ProjectError, sqlite3.Error) as exc:
            problem = str(exc)
        summaries.append(
            BackupSummary(path, _taken(path), _reason(path), _size(path), counts, problem)
        )
    return summaries


def verify_backup(backup: Path) -> dict[str, int]:
    """What the backup holds, once SQLite's integrity check passes; else a ProjectError."""
    try:
        with Project.open(backup, readonly=True) as opened:
            result = opened.integrity_check()
            counts = opened.counts()
    except sqlite3.Error as exc:
        raise ProjectError(f"the backup {backup} cannot be read: {exc}") from None
    if result != "ok":
        raise ProjectError(f"the backup {backup} is damaged too (integrity check: {result})")
    return counts


def restore_backup(project: Path, backup: Path) -> RestoreReport:
    """Put ``backup`` in ``project``'s place (see the module docstring); returns the report."""
    project, backup = Path(project), Path(backup)
    if backup.resolve() == project.resolve():
        raise ProjectError(f"{backup} is the project itself; choose one of its backups")
    verify_backup(backup)
    holding = project.exists()
    if holding:
        lock.acquire(project)  # refuses while another program has the project open
    try:
        report = _swap(project, backup)
    finally:
        if holding:
            lock.release(project)
    with Project.open(project, backup=False) as restored:  # checks it opens for writing
        if restored.integrity_check() != "ok":
            raise ProjectError(f"{project} did not pass the integrity check after the restore")
        report.counts = restored.counts()
    return report


def _swap(project: Path, backup: Path) -> RestoreReport:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    incoming = project.with_name(f".{project.name}.restoring-{stamp}")
    try:
        with Project.open(backup, readonly=True) as source:
            write_copy(source.db.conn, incoming)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            incoming.unlink(missing_ok=True)
        raise ProjectError(
            describe_write_failure(exc, "The restored project", project.parent)
            + " Nothing was changed."
        ) from None
    report = RestoreReport(project, backup, _taken(backup), {})
    aside = project.with_name(f"{project.stem}.before-restore-{stamp}{project.suffix}")
    moves = [(project, aside)] + [
        (project.with_name(project.name + s), aside.with_name(aside.name + s))
        for s in JOURNAL_SUFFIXES
    ]
    # The journal files first: a project left without its stale -wal is no worse off.
    for current, target in reversed(moves):
        if current.exists():
            os.replace(current, target)
            report.moved_aside.insert(0, target)
    os.replace(incoming, project)
    _sync_folder(project.parent)
    return report


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (where the OS lets a folder be flushed)."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _taken(path: Path) -> datetime:
    """From the name backup.py gives (STAMP-REASON.sqlite), else the file's time."""
    try:
        stamp = path.stem.partition("-")[0]
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _reason(path: Path) -> str:
    return path.stem.partition("-")[2]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
