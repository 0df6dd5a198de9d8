"""The audit trail: every change to a label, with the row before and after."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from annotator.store.rows import to_json, utc_now


def record(
    db: Database,
    coder_uuid: str | None,
    action: str,
    target: str,
    target_uuid: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Append one entry; call inside the transaction of the change it describes."""
    db.execute(
        "insert into history (at, coder_uuid, action, target, target_uuid, before, after) "
        "values (?, ?, ?, ?, ?, ?, ?)",
        [
            utc_now(),
            coder_uuid,
            action,
            target,
            target_uuid,
            None if before is None else to_json(before),
            None if after is None else to_json(after),
        ],
    )


def record_many(
    db: Database,
    action: str,
    target: str,
    entries: Sequence[tuple[str | None, str, dict[str, Any] | None, dict[str, Any] | None]],
) -> None:
    """Append one entry per (coder uuid, target uuid, before, after), all at the same time:
    for bulk writes (merge, label import), inside their transaction."""
    now = utc_now()
    db.conn.executemany(
        "insert into history (at, coder_uuid, action, target, target_uuid, before, after) "
        "values (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                now,
                coder,
                action,
                target,
                uuid,
                None if before is None else to_json(before),
                None if after is None else to_json(after),
            )
            for coder, uuid, before, after in entries
        ],
    )
