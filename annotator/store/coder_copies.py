"""A project file trimmed to one coder: the rows a coder copy keeps, and what it holds.

The copy starts as a snapshot of the project (``Project.snapshot``); everything of other
coders (labels, progress, history), and gold, is deleted, the coder is added when the project
did not know them yet, and the file is vacuumed so no deleted row lingers in free pages.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.errors import ProjectError
from annotator.model import Coder

if TYPE_CHECKING:
    from annotator.store.project import Project

# Children before parents, so foreign keys hold at every step.
_PER_CODER_TABLES = ("relations", "decisions", "spans", "doc_labels", "progress", "assignments")


def write_coder_copy(
    project: Project, target: Path, coder: Coder, new_coder: bool, planned: bool = False
) -> tuple[int, int, int]:
    """Write the copy for ``coder`` at ``target`` (a new file); returns its articles,
    suggestions, and the coder's live spans and document labels kept in it.

    ``planned``: the project has a study plan, and the copy keeps only the articles of the
    coder's queue (with everything on them) and the coder's own assignments."""
    project.snapshot(target)
    copy = sqlite3.connect(target)
    try:
        _keep_one_coder(copy, coder, new_coder)
        if planned:
            _keep_queue(copy, coder.uuid)
        copy.execute("VACUUM")
        return _counts(copy, coder.uuid)
    finally:
        copy.close()


def _keep_one_coder(copy: sqlite3.Connection, coder: Coder, new_coder: bool) -> None:
    copy.execute("PRAGMA foreign_keys = ON")
    present = {row[0] for row in copy.execute("select name from sqlite_master where type='table'")}
    with copy:
        for table in (name for name in _PER_CODER_TABLES if name in present):
            copy.execute(f"delete from {table} where coder_uuid is not ?", [coder.uuid])
        copy.execute("delete from gold")
        copy.execute("delete from history where coder_uuid is not ?", [coder.uuid])
        copy.execute("delete from coders where uuid is not ?", [coder.uuid])
        if new_coder:
            copy.execute(
                "insert into coders (uuid, name, created) values (?, ?, ?)",
                [coder.uuid, coder.name, coder.created],
            )
    problems = copy.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise ProjectError(f"the coder copy would be inconsistent: {problems[0]}")


def _keep_queue(copy: sqlite3.Connection, coder_uuid: str) -> None:
    """Delete every article outside the coder's queue, and every row on such an article."""
    copy.execute("PRAGMA foreign_keys = OFF")  # rows go table by table, checked below
    with copy:
        copy.execute("delete from assignments where coder_uuid is not ?", [coder_uuid])
        keep = "select article_id from assignments"
        for table in _tables_on_articles(copy):
            copy.execute(f"delete from {table} where article_id not in ({keep})")
        copy.execute(f"delete from articles where id not in ({keep})")
    copy.execute("PRAGMA foreign_keys = ON")
    problems = copy.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise ProjectError(f"the coder copy would be inconsistent: {problems[0]}")


def _tables_on_articles(copy: sqlite3.Connection) -> list[str]:
    """Every table with a foreign key to an article, whatever the schema version adds."""
    names = [row[0] for row in copy.execute("select name from sqlite_master where type='table'")]
    return [
        name
        for name in names
        if name not in ("articles", "assignments")
        and any(
            fk[2] == "articles" and fk[3] == "article_id"
            for fk in copy.execute(f"PRAGMA foreign_key_list('{name}')")
        )
    ]


def _counts(copy: sqlite3.Connection, coder_uuid: str) -> tuple[int, int, int]:
    def one(sql: str, *params: str) -> int:
        return copy.execute(sql, params).fetchone()[0]

    return (
        one("select count(*) from articles"),
        one("select count(*) from suggestions"),
        one("select count(*) from spans where deleted = 0 and coder_uuid = ?", coder_uuid)
        + one("select count(*) from doc_labels where deleted = 0 and coder_uuid = ?", coder_uuid),
    )
