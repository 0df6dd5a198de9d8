"""Connections to a project file: checked on opening, set up for writing, checkpointed.

A writing connection's outermost transaction begins IMMEDIATE: a write transaction takes the
write lock when it begins, so a writer that finds another connection writing (detection storing
a batch, a supervisor's dialog) waits up to the busy timeout. A deferred one that read first
would fail at once with "database is locked" once the other writer committed, as its snapshot
would be stale.

A read-only connection works in a read-only folder too: SQLite reads a WAL database there only
when it may create the ``-shm`` file beside it, so a project closed cleanly (no ``-wal`` left)
is then read as immutable.
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from annotator.errors import ProjectError
from annotator.store.file_access import (
    cannot_open_read_only,
    has_pending_journal,
    is_disk_full,
    is_read_only_failure,
    why_not_writable,
)
from annotator.store.migrations import check_version

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class WritingDatabase(Database):
    """sqlite-utils' Database whose outermost ``atomic()`` begins IMMEDIATE (see the module
    docstring); nested ones are savepoints, as in sqlite-utils."""

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            name = f"nested_{secrets.token_hex(8)}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:  # an error may have ended the whole transaction
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise


def check_file(path: Path) -> None:
    """Refuse what is not a readable SQLite file, naming it."""
    if not path.exists():
        raise ProjectError(f"{path} does not exist")
    if not path.is_file():
        raise ProjectError(f"{path} is not a file")
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise ProjectError(f"{path} cannot be read: {exc.strerror}") from exc
    if header != SQLITE_HEADER:
        raise ProjectError(f"{path} is not an annotator project (not an SQLite database)")


class ReadingDatabase(Database):
    """A read-only connection; ``immutable`` when the file is read as it is on disk."""

    immutable = False


def connect(path: Path, readonly: bool, immutable: bool = False) -> Database:
    if readonly:
        flags = "immutable=1" if immutable else "mode=ro"
        uri = f"file:{quote(str(path.resolve()))}?{flags}"
        conn = sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        reading = ReadingDatabase(conn, execute_plugins=False)
        reading.immutable = immutable
        return reading
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    return WritingDatabase(conn, execute_plugins=False)


def connect_checked(path: Path, readonly: bool) -> Database:
    """A connection to a file that is an annotator project of a version this app reads."""
    db = connect(path, readonly)
    try:
        check_project(db, path)
        return db
    except ProjectError as exc:
        db.close()
        cause = exc.__cause__
        if not (
            readonly
            and isinstance(cause, sqlite3.Error)
            and cannot_open_read_only(cause)
            and why_not_writable(path) is not None
        ):
            raise
        if has_pending_journal(path):
            raise ProjectError(
                f"{path} has changes in {path.name}-wal that SQLite can read only where it may "
                "write beside the file. Copy the project file with its -wal file to a folder "
                "you can write, and open the copy."
            ) from None
    db = connect(path, readonly, immutable=True)
    try:
        check_project(db, path)
    except BaseException:
        db.close()
        raise
    return db


def check_project(db: Database, path: Path) -> None:
    try:
        check_version(db, path)
        tables = set(db.table_names())
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{path} is not an annotator project or is damaged: {exc}") from exc
    if "project" not in tables:
        raise ProjectError(f"{path} is an SQLite database but not an annotator project")


def set_pragmas(db: Database) -> None:
    with db.ensure_autocommit_on():
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def checkpoint(db: Database) -> None:
    """Copy the write-ahead journal into the file and empty it (as far as readers permit)."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def open_failure(path: Path, exc: sqlite3.DatabaseError) -> str:
    """What a database error while opening for writing means."""
    if is_disk_full(exc):
        return f"{path} cannot be opened for writing: the disk is full. Free some space."
    if is_read_only_failure(exc):
        return f"{path} cannot be opened for writing: it is read-only for you ({exc})."
    return f"{path} is damaged or unreadable: {exc}"
