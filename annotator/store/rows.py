"""Small conversions shared by the store's tables: timestamps, ids, JSON and record columns."""

from __future__ import annotations

import dataclasses
import json
import uuid as uuid_module
from datetime import UTC, datetime
from typing import Any


def record_columns(record_type: type) -> tuple[str, ...]:
    """A table's columns, in order: the fields of the record (annotator.model) it is read into."""
    return tuple(field.name for field in dataclasses.fields(record_type))


def utc_now() -> str:
    """ISO 8601 in UTC with microseconds, so timestamps sort as text and order edits exactly."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_uuid() -> str:
    return str(uuid_module.uuid4())


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_json(text: str | None, default: Any = None) -> Any:
    if text is None or text == "":
        return default
    return json.loads(text)
