"""Rotating backups of project files, taken with SQLite's online backup API.

Backups live in the data folder (``paths.backup_dir()``), one subfolder per project file, newest
``keep`` kept. A backup is a complete, consistent SQLite file that opens like any project.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from annotator.paths import backup_dir

KEEP = 10
MIN_INTERVAL = timedelta(minutes=15)


def project_backup_dir(project: Path) -> Path:
    """One folder per project file, named so two projects called alike never mix."""
    digest = hashlib.sha1(str(project.resolve()).encode("utf-8")).hexdigest()[:8]
    return backup_dir() / f"{project.stem}-{digest}"


def list_backups(project: Path) -> list[Path]:
    """Newest first."""
    folder = project_backup_dir(project)
    if not folder.exists():
        return []
    return sorted(folder.glob("*.sqlite"), reverse=True)


def take_backup(conn: sqlite3.Connection, project: Path, reason: str, keep: int = KEEP) -> Path:
    folder = project_backup_dir(project)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{stamp}-{reason.replace(' ', '-')}.sqlite"
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    for old in list_backups(project)[keep:]:
        old.unlink(missing_ok=True)
    return target


def backup_if_due(conn: sqlite3.Connection, project: Path, keep: int = KEEP) -> Path | None:
    """Take a backup when the newest one is older than MIN_INTERVAL (or there is none)."""
    existing = list_backups(project)
    if existing:
        newest = datetime.fromtimestamp(existing[0].stat().st_mtime, UTC)
        if datetime.now(UTC) - newest < MIN_INTERVAL:
            return None
    return take_backup(conn, project, "open", keep)
