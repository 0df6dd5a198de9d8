"""A project file: open, create, close, and the tables hung off it.

One project is one SQLite file (WAL, ``synchronous=FULL``, foreign keys on, busy timeout: see
``connection.py``). One user action is one transaction: every write method of the tables commits
before it returns, or joins the caller's ``project.transaction()`` when several writes make one
action.

Closing a project opened for writing checkpoints its journal, and so does opening it after a
crash: once the app or a command ends, the ``.sqlite`` file alone holds every saved label.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlite_utils import Database

from annotator import __version__
from annotator.codebook import Codebook, default_codebook, parse_codebook
from annotator.errors import BackupError, ProjectError
from annotator.store import lock
from annotator.store.article_status import ArticleStatus
from annotator.store.articles import Articles
from annotator.store.assignments import Assignments
from annotator.store.backup import backup_if_due, take_backup
from annotator.store.coders import Coders
from annotator.store.connection import (
    check_file,
    checkpoint,
    connect,
    connect_checked,
    open_failure,
    set_pragmas,
)
from annotator.store.file_access import why_not_writable
from annotator.store.labels import Decisions, DocLabels, Relations, Spans
from annotator.store.migrations import migrate, user_version
from annotator.store.rows import new_uuid, utc_now
from annotator.store.settings import ProjectSettings
from annotator.store.suggestions import Suggestions


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
        self.notices: list[str] = []  # what the user should know about how it was opened
        self.closed = False

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
        db = connect(path, readonly=False)
        try:
            lock.acquire(path)
        except Exception:
            db.close()
            raise
        project = cls(path, db, readonly=False)
        try:
            set_pragmas(db)
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
    def open(
        cls,
        path: str | Path,
        readonly: bool = False,
        backup: bool = True,
        read_only_if_needed: bool = False,
    ) -> Project:
        """Open for writing (taking the lock, backing up, migrating) or read-only.

        A file that cannot be written (read-only file, folder or disk) is refused for writing,
        or, with ``read_only_if_needed``, opened read-only with a notice saying why (in
        ``notices``, as is a backup that could not be taken). Every refusal is a ProjectError
        naming the file; a refused file is never changed.
        """
        path = Path(path)
        notices: list[str] = []
        check_file(path)
        if not readonly:
            reason = why_not_writable(path)
            if reason is not None and not read_only_if_needed:
                raise ProjectError(
                    f"{path} cannot be opened for writing: {reason}. Open it read-only, or "
                    "copy it somewhere you can write."
                )
            if reason is not None:
                readonly = True
                notices.append(
                    f"{path.name} is open read-only: {reason}. Labels cannot be saved; copy "
                    "the project somewhere you can write to work on it."
                )
        db = connect_checked(path, readonly)
        try:
            if not readonly:
                lock.acquire(path)
        except BaseException:
            db.close()
            raise
        project = cls(path, db, readonly)
        project.notices = notices
        if getattr(db, "immutable", False):
            notices.append(
                f"{path.name} is in a folder that cannot be written; it was read as it is on "
                "disk, and nothing can be saved in it."
            )
        try:
            if not readonly:
                set_pragmas(db)
                # A journal a crash left behind goes into the file now.
                checkpoint(db)
                if backup:
                    _backup_or_notice(project)
                migrate(db, path)
            project.meta  # noqa: B018 - fail now, not later, on a broken project row
            for notice in notices:
                _notices.warning(notice)
        except sqlite3.DatabaseError as exc:
            project.close()
            raise ProjectError(open_failure(path, exc)) from exc
        except BaseException:
            project.close()
            raise
        return project

    def close(self) -> None:
        """Checkpoint the journal into the file, close, let go of the lock. Closing twice is
        harmless (the second must not drop a lock a new opening of the same file holds)."""
        if self.closed:
            return
        self.closed = True
        if not self.readonly:
            with contextlib.suppress(sqlite3.Error):
                checkpoint(self.db)
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


# Notices also go to the log: the command line prints them on stderr (Python's last-resort
# handler), the app shows ``Project.notices`` itself.
_notices = logging.getLogger("annotator.notices")


def _backup_or_notice(project: Project) -> None:
    """A backup when one is due; one that cannot be written is a notice, not a refusal (the
    coder can still work; a migration, which needs its backup, refuses on its own)."""
    try:
        backup_if_due(project.db.conn, project.path)
    except BackupError as exc:
        project.notices.append(f"No backup was taken. {exc}")
