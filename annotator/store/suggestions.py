"""Detector output per article. Replaced wholesale per detector; never touches coders' labels."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from annotator.model import Suggestion
from annotator.store.rows import from_json, to_json, utc_now

_COLUMNS = (
    'id, article_id, detector, detector_version, layer, label, start, "end", score, explanation'
)


class Suggestions:
    def __init__(self, db: Database):
        self.db = db

    def replace(
        self,
        article_id: int,
        detector: str,
        detector_version: str,
        found: Iterable[dict[str, Any]],
    ) -> int:
        """Swap this detector's suggestions for an article; returns how many were stored.

        Each item of ``found`` has layer, label, start, end and optionally score, explanation.
        """
        now = utc_now()
        rows = [
            (
                article_id,
                detector,
                detector_version,
                item["layer"],
                item["label"],
                item["start"],
                item["end"],
                item.get("score"),
                to_json(item.get("explanation", {})),
                now,
            )
            for item in found
        ]
        with self.db.atomic():
            self.db.execute(
                "delete from suggestions where article_id = ? and detector = ?",
                [article_id, detector],
            )
            self.db.conn.executemany(
                "insert into suggestions (article_id, detector, detector_version, layer, label, "
                'start, "end", score, explanation, created) values (?,?,?,?,?,?,?,?,?,?)',
                rows,
            )
        return len(rows)

    def remove_other_suggesters(
        self,
        article_ids: Sequence[int],
        keep: Collection[str],
        suggesters: Collection[str],
        prefixes: Collection[str] = (),
    ) -> int:
        """Delete, from these articles, the suggestions of every suggester (a detector named
        in ``suggesters`` or starting with one of ``prefixes``) that is not in ``keep``; other
        detectors' rows stay. Returns how many rows went."""
        names = [name for name in suggesters if name not in keep]
        patterns = [prefix.replace("%", "") + "%" for prefix in prefixes]
        conditions = ["detector like ?"] * len(patterns)
        if names:
            conditions.append(f"detector in ({', '.join('?' * len(names))})")
        if not conditions:
            return 0
        whose = " or ".join(conditions)
        kept = ", ".join("?" * len(keep))
        removed = 0
        with self.db.atomic():
            for begin in range(0, len(article_ids), 500):
                chunk = list(article_ids[begin : begin + 500])
                cursor = self.db.execute(
                    f"delete from suggestions where ({whose}) and detector not in ({kept}) "
                    f"and article_id in ({', '.join('?' * len(chunk))})",
                    [*patterns, *names, *keep, *chunk],
                )
                removed += cursor.rowcount
        return removed

    def for_article(self, article_id: int) -> list[Suggestion]:
        rows = self.db.execute(
            f'select {_COLUMNS} from suggestions where article_id = ? order by start, "end"',
            [article_id],
        )
        return [_suggestion(row) for row in rows]

    def pending_counts(self, coder_uuid: str) -> dict[int, int]:
        """Article id -> suggestions this coder has neither accepted nor rejected there."""
        return dict(
            self.db.execute(
                "select s.article_id, count(*) from suggestions s where not exists ("
                " select 1 from decisions d where d.article_id = s.article_id"
                " and d.coder_uuid = ? and d.deleted = 0 and d.layer = s.layer"
                ' and d.label = s.label and d.start = s.start and d."end" = s."end")'
                " group by s.article_id",
                [coder_uuid],
            )
        )

    def detectors(self) -> list[tuple[str, str, int]]:
        """(detector, version, number of suggestions) for every detector with suggestions."""
        rows = self.db.execute(
            "select detector, detector_version, count(*) from suggestions "
            "group by detector, detector_version order by count(*) desc"
        )
        return [tuple(row) for row in rows]

    def count(self) -> int:
        return self.db.execute("select count(*) from suggestions").fetchone()[0]


def _suggestion(row: tuple) -> Suggestion:
    values = list(row)
    values[9] = from_json(values[9], {})
    return Suggestion(*values)
