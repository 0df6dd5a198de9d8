"""Forward migrations by ``PRAGMA user_version``, each in its own transaction, backup first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlite_utils import Database

from annotator.errors import ProjectError
from annotator.store.backup import take_backup
from annotator.store.schema import MIGRATIONS, Migration


def user_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def check_version(db: Database, path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """The file's schema version; refuses a file written by a newer version of the app."""
    version = user_version(db)
    latest = migrations[-1].version
    if version > latest:
        raise ProjectError(
            f"{path} was written by a newer version of the annotator (schema version {version}; "
            f"this version reads up to {latest}). Update the app to open it; the file was not "
            "changed."
        )
    return version


def migrate(
    db: Database, path: Path | None, migrations: Sequence[Migration] = MIGRATIONS
) -> list[int]:
    """Bring the file up to the newest schema. Returns the versions applied.

    An existing file (version > 0) is backed up before each step; a failed step rolls back and
    leaves the file at the version it had before that step.
    """
    current = check_version(db, path or Path("project"), migrations)
    applied = []
    for migration in migrations:
        if migration.version <= current:
            continue
        if current > 0 and path is not None:
            take_backup(db.conn, path, f"before-v{migration.version}")
        with db.atomic():
            migration.apply(db)
            db.execute(f"PRAGMA user_version = {int(migration.version)}")
        current = migration.version
        applied.append(migration.version)
    return applied
