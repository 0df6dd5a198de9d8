"""A project file: open, create, close, and the tables hung off it.

One project is one SQLite file (WAL, ``synchronous=FULL``, foreign keys on, busy timeout). One
user action is one transaction: every write method of the tables commits before it returns, or
joins the caller's ``project.transaction()`` when several writes make one action.

A write transaction takes the write lock when it begins (``BEGIN IMMEDIATE``), so a writer that
finds another connection writing (detection storing a batch, a supervisor's dialog) waits up to
the busy timeout. A deferred one that read first would fail at once with "database is locked"
once the other writer committed, as its snapshot would be stale.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from annotator import __version__
from annotator.codebook import Codebook, default_codebook, parse_codebook
from annotator.errors import ProjectError
from annotator.store import lock
from annotator.store.article_status import ArticleStatus
from annotator.store.articles import Articles
from annotator.store.assignments import Assignments
from annotator.store.backup import backup_if_due, take_backup
from annotator.store.coders import Coders
from annotator.store.labels import Decisions, DocLabels, Relations, Spans
from annotator.store.migrations import check_version, migrate, user_version
from annotator.store.rows import new_uuid, utc_now
from annotator.store.settings import ProjectSettings
from annotator.store.suggestions import Suggestions

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class ProjectMeta:
    uuid: str
    name: str
    created: str
    codebook_hash: str
    app_version: str


class Project:
    """An open project file. Use ``Project.open`` / ``Project.create``; close it when done."""

    def __init__(self, path: Path, db: Database, readonly: bool):
        self.path = path
        self.db = db
        self.readonly = readonly
        self.articles = Articles(db)
        self.coders = Coders(db)
        self.suggestions = Suggestions(db)
        self.spans = Spans(self)
        self.doc_labels = DocLabels(self)
        self.relations = Relations(self)
        self.decisions = Decisions(self)
        self.status = ArticleStatus(db)
        self.settings = ProjectSettings(db)
        self.assignments = Assignments(db)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: str | Path, name: str | None = None, codebook: Codebook | None = None
    ) -> Project:
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise ProjectError(f"{path} already exists; choose another name or open it")
        if not path.parent.exists():
            raise ProjectError(f"{path.parent} does not exist")
        codebook = codebook or default_codebook()
        db = _connect(path, readonly=False)
        try:
            lock.acquire(path)
        except Exception:
            db.close()
            raise
        project = cls(path, db, readonly=False)
        try:
            _set_pragmas(db)
            with db.atomic():
                migrate(db, None)
                now = utc_now()
                _store_codebook(db, codebook, now)
                db.table("project").insert(
                    {
                        "id": 1,
                        "uuid": new_uuid(),
                        "name": name or path.stem,
                        "created": now,
                        "codebook_hash": codebook.hash,
                        "app_version": __version__,
                    }
                )
        except BaseException:
            project.close()
            path.unlink(missing_ok=True)
            raise
        return project

    @classmethod
    def open(cls, path: str | Path, readonly: bool = False, backup: bool = True) -> Project:
        """Open for writing (taking the lock, backing up, migrating) or read-only.

        Every refusal is a ProjectError naming the file; a refused file is never changed.
        """
        path = Path(path)
        _check_file(path, readonly)
        db = _connect(path, readonly)
        try:
            _check_project(db, path)
            if not readonly:
                lock.acquire(path)
        except BaseException:
            db.close()
            raise
        project = cls(path, db, readonly)
        try:
            if not readonly:
                _set_pragmas(db)
                if backup:
                    backup_if_due(db.conn, path)
                migrate(db, path)
            project.meta  # noqa: B018 - fail now, not later, on a broken project row
        except sqlite3.DatabaseError as exc:
            project.close()
            raise ProjectError(f"{path} is damaged or unreadable: {exc}") from exc
        except BaseException:
            project.close()
            raise
        return project

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        if not self.readonly:
            lock.release(self.path)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- project-wide ------------------------------------------------------------------------

    def transaction(self) -> contextlib.AbstractContextManager[Database]:
        """Group several writes into one user action (one transaction)."""
        return self.db.atomic()

    @cached_property
    def meta(self) -> ProjectMeta:
        row = self.db.execute(
            "select uuid, name, created, codebook_hash, app_version from project where id = 1"
        ).fetchone()
        if row is None:
            raise ProjectError(f"{self.path} has no project record; it is not a usable project")
        return ProjectMeta(*row)

    @cached_property
    def codebook(self) -> Codebook:
        row = self.db.execute(
            "select toml from codebooks where hash = ?", [self.meta.codebook_hash]
        ).fetchone()
        if row is None:
            raise ProjectError(f"{self.path}: the project's codebook is missing")
        return parse_codebook(row[0], source=f"{self.path} (codebook)")

    def counts(self) -> dict[str, int]:
        def one(sql: str) -> int:
            return self.db.execute(sql).fetchone()[0]

        return {
            "articles": self.articles.count(),
            "coders": one("select count(*) from coders"),
            "labels": one("select count(*) from spans where deleted = 0")
            + one("select count(*) from doc_labels where deleted = 0"),
            "spans": one("select count(*) from spans where deleted = 0"),
            "doc_labels": one("select count(*) from doc_labels where deleted = 0"),
            "relations": one("select count(*) from relations where deleted = 0"),
            "suggestions": one("select count(*) from suggestions"),
        }

    def integrity_check(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]

    def schema_version(self) -> int:
        """The file's schema version (``PRAGMA user_version``)."""
        return user_version(self.db)

    def snapshot(self, target: Path) -> None:
        """A consistent copy of the file (WAL included) at ``target``, even while it is open."""
        copy = sqlite3.connect(target)
        try:
            self.db.conn.backup(copy)
        finally:
            copy.close()

    def back_up(self, reason: str) -> Path:
        """A backup now, in the project's backup folder; returns its path."""
        return take_backup(self.db.conn, self.path, reason)


def _store_codebook(db: Database, codebook: Codebook, now: str) -> None:
    db.table("codebooks").insert(
        {
            "hash": codebook.hash,
            "name": codebook.name,
            "version": codebook.version,
            "toml": codebook.toml,
            "added": now,
        },
        ignore=True,
    )


def _check_file(path: Path, readonly: bool) -> None:
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
    if not readonly:
        # Mode bits too: an administrator's account may write anywhere, but a file marked
        # read-only was marked so on purpose.
        if not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222:
            raise ProjectError(
                f"{path} is read-only. Open it read-only, or copy it somewhere you can write."
            )
        if not os.access(path.parent, os.W_OK):
            raise ProjectError(
                f"{path.parent} is read-only, and a project needs to write its journal beside "
                "the file. Copy the project somewhere you can write."
            )


class _WritingDatabase(Database):
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


def _connect(path: Path, readonly: bool) -> Database:
    if readonly:
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        conn = sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        return Database(conn, execute_plugins=False)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    return _WritingDatabase(conn, execute_plugins=False)


def _check_project(db: Database, path: Path) -> None:
    try:
        check_version(db, path)
        tables = set(db.table_names())
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{path} is not an annotator project or is damaged: {exc}") from exc
    if "project" not in tables:
        raise ProjectError(f"{path} is an SQLite database but not an annotator project")


def _set_pragmas(db: Database) -> None:
    with db.ensure_autocommit_on():
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
