"""The audit trail: every change to a label, with the row before and after."""

from __future__ import annotations

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
