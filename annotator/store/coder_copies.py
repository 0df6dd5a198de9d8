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
_PER_CODER_TABLES = ("relations", "decisions", "spans", "doc_labels", "progress")


def write_coder_copy(
    project: Project, target: Path, coder: Coder, new_coder: bool
) -> tuple[int, int, int]:
    """Write the copy for ``coder`` at ``target`` (a new file); returns its articles,
    suggestions, and the coder's live spans and document labels kept in it."""
    project.snapshot(target)
    copy = sqlite3.connect(target)
    try:
        _keep_one_coder(copy, coder, new_coder)
        copy.execute("VACUUM")
        return _counts(copy, coder.uuid)
    finally:
        copy.close()


def _keep_one_coder(copy: sqlite3.Connection, coder: Coder, new_coder: bool) -> None:
    copy.execute("PRAGMA foreign_keys = ON")
    with copy:
        for table in _PER_CODER_TABLES:
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


def _counts(copy: sqlite3.Connection, coder_uuid: str) -> tuple[int, int, int]:
    def one(sql: str, *params: str) -> int:
        return copy.execute(sql, params).fetchone()[0]

    return (
        one("select count(*) from articles"),
        one("select count(*) from suggestions"),
        one("select count(*) from spans where deleted = 0 and coder_uuid = ?", coder_uuid)
        + one("select count(*) from doc_labels where deleted = 0 and coder_uuid = ?", coder_uuid),
    )
