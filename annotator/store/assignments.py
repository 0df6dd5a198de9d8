"""A study plan's rows: which coder codes which article, in which order, and which articles form
the reliability subsample every coder codes. ``annotator.study`` decides; this module stores.

A file opened read-only at an older schema version has no assignments table: it reads as
having no plan.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class Assignment:
    coder_uuid: str
    article_id: int
    position: int  # 1 = first in the coder's queue
    reliability: bool  # in the subsample every coder codes


@dataclass(frozen=True)
class CoderProgressRow:
    """One coder's standing against their assignment, counted in the store."""

    coder_uuid: str
    assigned: int
    reliability: int
    done: int
    in_progress: int
    seconds: float  # time spent on assigned articles
    unassigned_done: int  # articles marked done that are not in the coder's queue


class Assignments:
    def __init__(self, db: Database):
        self.db = db

    def _has_table(self) -> bool:
        return "assignments" in self.db.table_names()

    def replace(self, rows: Iterable[Assignment]) -> int:
        """Store a new plan in place of any earlier one, as one change. Returns the rows."""
        values = [
            (row.coder_uuid, row.article_id, row.position, int(row.reliability)) for row in rows
        ]
        with self.db.atomic():
            self.db.execute("delete from assignments")
            self.db.conn.executemany(
                "insert into assignments (coder_uuid, article_id, position, reliability) "
                "values (?, ?, ?, ?)",
                values,
            )
        return len(values)

    def all(self) -> list[Assignment]:
        if not self._has_table():
            return []
        rows = self.db.execute(
            "select coder_uuid, article_id, position, reliability from assignments "
            "order by coder_uuid, position"
        )
        return [Assignment(c, a, p, bool(r)) for c, a, p, r in rows]

    def queue(self, coder_uuid: str) -> list[Assignment]:
        """The coder's articles in the order they were planned."""
        if not self._has_table():
            return []
        rows = self.db.execute(
            "select coder_uuid, article_id, position, reliability from assignments "
            "where coder_uuid = ? order by position",
            [coder_uuid],
        )
        return [Assignment(c, a, p, bool(r)) for c, a, p, r in rows]

    def reliability_articles(self) -> list[int]:
        """The reliability subsample (empty when there is no plan), in article order."""
        if not self._has_table():
            return []
        rows = self.db.execute(
            "select distinct article_id from assignments where reliability = 1 order by article_id"
        )
        return [row[0] for row in rows]

    def exists(self) -> bool:
        try:
            return self.db.execute("select 1 from assignments limit 1").fetchone() is not None
        except sqlite3.OperationalError:
            if self._has_table():
                raise
            return False

    def progress(self) -> list[CoderProgressRow]:
        """Per planned coder: assigned, done, in progress and seconds, from the progress table."""
        if not self._has_table():
            return []
        rows = self.db.execute(
            """
            select a.coder_uuid, count(*), sum(a.reliability),
                   sum(coalesce(p.status = 'done', 0)), sum(coalesce(p.status = 'in_progress', 0)),
                   sum(coalesce(p.seconds, 0)),
                   (select count(*) from progress q where q.coder_uuid = a.coder_uuid
                      and q.status = 'done' and not exists (select 1 from assignments b
                      where b.coder_uuid = q.coder_uuid and b.article_id = q.article_id))
            from assignments a
            left join progress p on p.article_id = a.article_id and p.coder_uuid = a.coder_uuid
            group by a.coder_uuid
            """
        )
        return [CoderProgressRow(c, n, r, d, i, float(s), u) for c, n, r, d, i, s, u in rows]
