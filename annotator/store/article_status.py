"""Per coder and article: to do, in progress or done, and the seconds spent on it."""

from __future__ import annotations

from sqlite_utils import Database

from annotator.errors import LabelError
from annotator.model import STATUSES, Progress
from annotator.store.rows import utc_now


class ArticleStatus:
    def __init__(self, db: Database):
        self.db = db

    def get(self, article_id: int, coder_uuid: str) -> Progress:
        row = self.db.execute(
            "select article_id, coder_uuid, status, seconds, updated from progress "
            "where article_id = ? and coder_uuid = ?",
            [article_id, coder_uuid],
        ).fetchone()
        return Progress(*row) if row else Progress(article_id, coder_uuid, "todo", 0.0, "")

    def for_coder(self, coder_uuid: str) -> dict[int, Progress]:
        rows = self.db.execute(
            "select article_id, coder_uuid, status, seconds, updated from progress "
            "where coder_uuid = ?",
            [coder_uuid],
        )
        return {row[0]: Progress(*row) for row in rows}

    def set(self, article_id: int, coder_uuid: str, status: str) -> Progress:
        if status not in STATUSES:
            raise LabelError(f"status must be one of {', '.join(STATUSES)}, not '{status}'")
        with self.db.atomic():
            self.db.execute(
                "insert into progress (article_id, coder_uuid, status, seconds, updated) "
                "values (?, ?, ?, 0, ?) on conflict (article_id, coder_uuid) "
                "do update set status = excluded.status, updated = excluded.updated",
                [article_id, coder_uuid, status, utc_now()],
            )
        return self.get(article_id, coder_uuid)

    def add_time(self, article_id: int, coder_uuid: str, seconds: float) -> Progress:
        """Add time spent reading or labeling; a new row starts as in progress."""
        with self.db.atomic():
            self.db.execute(
                "insert into progress (article_id, coder_uuid, status, seconds, updated) "
                "values (?, ?, 'in_progress', ?, ?) on conflict (article_id, coder_uuid) "
                "do update set seconds = seconds + excluded.seconds, updated = excluded.updated",
                [article_id, coder_uuid, max(0.0, seconds), utc_now()],
            )
        return self.get(article_id, coder_uuid)

    def counts(self, coder_uuid: str, total_articles: int) -> dict[str, int]:
        """How many articles this coder has in each status (untouched ones count as to do)."""
        counts = dict.fromkeys(STATUSES, 0)
        for status, n in self.db.execute(
            "select status, count(*) from progress where coder_uuid = ? group by status",
            [coder_uuid],
        ):
            counts[status] = n
        counts["todo"] = total_articles - counts["in_progress"] - counts["done"]
        return counts
