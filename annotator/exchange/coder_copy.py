"""Coder copies: a project file for one coder, with the articles, suggestions and codebook of
the project but no other coder's labels, progress or history, and no gold.

The copy keeps the project's uuid and every article's uuid and content hash, so merging it
back matches everything. It is made with SQLite's backup API (a consistent snapshot even while
the project is open), cleaned, and vacuumed so no deleted row lingers in free pages.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import ProjectError
from annotator.model import Coder
from annotator.store import Project
from annotator.store.rows import new_uuid, utc_now

# Children before parents, so foreign keys hold at every step.
_PER_CODER_TABLES = ("relations", "decisions", "spans", "doc_labels", "progress")


@dataclass(frozen=True)
class CoderCopy:
    path: Path
    coder: Coder
    created_coder: bool  # the coder was new to the project
    articles: int
    suggestions: int
    labels: int  # the coder's own live spans and document labels, kept in the copy


def resolve_coder(project: Project, name: str, uuid: str | None = None) -> tuple[Coder, bool]:
    """The coder a copy is for: the project's coder of that name (or id), or a new one."""
    name = name.strip()
    if not name:
        raise ProjectError("a coder copy needs the coder's name")
    if uuid is not None:
        known = project.coders.get(uuid)
        if known is not None:
            return known, False
        return Coder(uuid, name, utc_now()), True
    found = project.coders.by_name(name)
    if len(found) > 1:
        ids = ", ".join(coder.uuid for coder in found)
        raise ProjectError(f"{len(found)} coders are named '{name}' ({ids}); give the id")
    if found:
        return found[0], False
    return Coder(new_uuid(), name, utc_now()), True


def make_coder_copy(
    project: Project, coder_name: str, target: str | Path, coder_uuid: str | None = None
) -> CoderCopy:
    """Write ``target``: the project for one coder. The project itself is not changed."""
    target = Path(target)
    if target.exists():
        raise ProjectError(f"{target} already exists; choose another name")
    if not target.parent.is_dir():
        raise ProjectError(f"{target.parent} does not exist")
    if target.resolve() == project.path.resolve():
        raise ProjectError("a coder copy cannot replace the project itself")
    coder, created = resolve_coder(project, coder_name, coder_uuid)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            project.db.conn.backup(copy)
            _keep_one_coder(copy, coder, created)
            copy.execute("VACUUM")
            counts = _counts(copy, coder.uuid)
        finally:
            copy.close()
        partial.replace(target)
    finally:
        for leftover in (partial, *partial.parent.glob(partial.name + "-*")):
            leftover.unlink(missing_ok=True)
    return CoderCopy(target, coder, created, *counts)


def _keep_one_coder(copy: sqlite3.Connection, coder: Coder, created: bool) -> None:
    copy.execute("PRAGMA foreign_keys = ON")
    with copy:
        for table in _PER_CODER_TABLES:
            copy.execute(f"delete from {table} where coder_uuid is not ?", [coder.uuid])
        copy.execute("delete from gold")
        copy.execute("delete from history where coder_uuid is not ?", [coder.uuid])
        copy.execute("delete from coders where uuid is not ?", [coder.uuid])
        if created:
            copy.execute(
                "insert into coders (uuid, name, created) values (?, ?, ?)",
                [coder.uuid, coder.name, coder.created],
            )
    problems = copy.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise ProjectError(f"the coder copy would be inconsistent: {problems[0]}")


def _counts(copy: sqlite3.Connection, coder_uuid: str) -> tuple[int, int, int]:
    def one(sql: str, *params: str) -> int:
        return copy.execute(sql, params).fetchone()[0]

    return (
        one("select count(*) from articles"),
        one("select count(*) from suggestions"),
        one("select count(*) from spans where deleted = 0 and coder_uuid = ?", coder_uuid)
        + one("select count(*) from doc_labels where deleted = 0 and coder_uuid = ?", coder_uuid),
    )
