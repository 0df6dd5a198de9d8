"""The project file's tables, version by version. docs/schema.md describes them for readers.

Each migration takes the database from ``version - 1`` to ``version`` inside one transaction;
``annotator.store.migrations`` runs them and takes a backup first. Never edit a released
migration: add the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Database], None]


def _label_columns() -> dict[str, type]:
    """Columns every coder label carries: who, where, under which codebook, when, tombstone."""
    return {
        "uuid": str,
        "article_id": int,
        "coder_uuid": str,
        "codebook_hash": str,
        "created": str,
        "updated": str,
        "deleted": int,
    }


_LABEL_KEYS = [
    ("article_id", "articles", "id"),
    ("coder_uuid", "coders", "uuid"),
    ("codebook_hash", "codebooks", "hash"),
]


def _initial(db: Database) -> None:
    db.table("codebooks").create(
        {"hash": str, "name": str, "version": str, "toml": str, "added": str},
        pk="hash",
        not_null={"name", "toml", "added"},
    )
    db.table("project").create(
        {
            "id": int,
            "uuid": str,
            "name": str,
            "created": str,
            "codebook_hash": str,
            "app_version": str,
        },
        pk="id",
        not_null={"uuid", "name", "created", "codebook_hash"},
        foreign_keys=[("codebook_hash", "codebooks", "hash")],
    )
    db.table("coders").create(
        {"uuid": str, "name": str, "created": str}, pk="uuid", not_null={"name", "created"}
    )
    db.table("articles").create(
        {
            "id": int,
            "uuid": str,
            "content_hash": str,
            "title": str,
            "outlet": str,
            "url": str,
            "published": str,
            "story": str,
            "text": str,
            "meta": str,
            "source": str,
            "imported": str,
        },
        pk="id",
        not_null={"uuid", "content_hash", "title", "text", "meta", "imported"},
    )
    db.table("articles").create_index(["uuid"], unique=True)
    db.table("articles").create_index(["content_hash"], unique=True)
    db.table("articles").create_index(["story"])
    db.table("articles").create_index(["outlet"])

    db.table("suggestions").create(
        {
            "id": int,
            "article_id": int,
            "detector": str,
            "detector_version": str,
            "layer": str,
            "label": str,
            "start": int,
            "end": int,
            "score": float,
            "explanation": str,
            "created": str,
        },
        pk="id",
        not_null={
            "article_id",
            "detector",
            "detector_version",
            "layer",
            "label",
            "start",
            "end",
            "explanation",
            "created",
        },
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("suggestions").create_index(["article_id"])
    db.table("suggestions").create_index(["detector"])

    db.table("spans").create(
        {
            **_label_columns(),
            "layer": str,
            "label": str,
            "start": int,
            "end": int,
            "attrs": str,
            "origin": str,
        },
        pk="uuid",
        not_null={
            "article_id",
            "coder_uuid",
            "codebook_hash",
            "created",
            "updated",
            "deleted",
            "layer",
            "label",
            "start",
            "end",
            "attrs",
            "origin",
        },
        defaults={"deleted": 0, "attrs": "{}", "origin": "manual"},
        foreign_keys=_LABEL_KEYS,
    )
    db.table("spans").create_index(["article_id", "coder_uuid"])

    db.table("doc_labels").create(
        {**_label_columns(), "scheme": str, "value": str},
        pk="uuid",
        not_null={
            "article_id",
            "coder_uuid",
            "codebook_hash",
            "created",
            "updated",
            "deleted",
            "scheme",
            "value",
        },
        defaults={"deleted": 0},
        foreign_keys=_LABEL_KEYS,
    )
    db.table("doc_labels").create_index(["article_id", "coder_uuid", "scheme"], unique=True)

    db.table("relations").create(
        {**_label_columns(), "kind": str, "head": str, "tail": str, "attrs": str},
        pk="uuid",
        not_null={
            "article_id",
            "coder_uuid",
            "codebook_hash",
            "created",
            "updated",
            "deleted",
            "kind",
            "head",
            "tail",
            "attrs",
        },
        defaults={"deleted": 0, "attrs": "{}"},
        foreign_keys=[*_LABEL_KEYS, ("head", "spans", "uuid"), ("tail", "spans", "uuid")],
    )
    db.table("relations").create_index(["article_id", "coder_uuid"])

    # A coder's answer to a suggestion, kept by what it marked (suggestions are replaced when
    # detection runs again, so their ids are not stable). An accepted one names its span.
    db.table("decisions").create(
        {
            **_label_columns(),
            "layer": str,
            "label": str,
            "start": int,
            "end": int,
            "detector": str,
            "decision": str,
            "span_uuid": str,
        },
        pk="uuid",
        not_null={
            "article_id",
            "coder_uuid",
            "codebook_hash",
            "created",
            "updated",
            "deleted",
            "layer",
            "label",
            "start",
            "end",
            "decision",
        },
        defaults={"deleted": 0},
        foreign_keys=[*_LABEL_KEYS, ("span_uuid", "spans", "uuid")],
    )
    db.table("decisions").create_index(["article_id", "coder_uuid"])

    db.table("progress").create(
        {"article_id": int, "coder_uuid": str, "status": str, "seconds": float, "updated": str},
        pk=("article_id", "coder_uuid"),
        not_null={"status", "seconds", "updated"},
        defaults={"status": "todo", "seconds": 0.0},
        foreign_keys=[("article_id", "articles", "id"), ("coder_uuid", "coders", "uuid")],
    )

    db.table("gold").create(
        {
            "uuid": str,
            "article_id": int,
            "kind": str,
            "layer": str,
            "label": str,
            "start": int,
            "end": int,
            "scheme": str,
            "value": str,
            "attrs": str,
            "decided_by": str,
            "from_uuid": str,
            "codebook_hash": str,
            "created": str,
            "updated": str,
            "deleted": int,
        },
        pk="uuid",
        not_null={
            "article_id",
            "kind",
            "decided_by",
            "codebook_hash",
            "created",
            "updated",
            "deleted",
        },
        defaults={"deleted": 0, "attrs": "{}"},
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("decided_by", "coders", "uuid"),
            ("codebook_hash", "codebooks", "hash"),
        ],
    )
    db.table("gold").create_index(["article_id"])

    # Append-only audit trail: one row per change, written in the change's own transaction.
    db.table("history").create(
        {
            "id": int,
            "at": str,
            "coder_uuid": str,
            "action": str,
            "target": str,
            "target_uuid": str,
            "before": str,
            "after": str,
        },
        pk="id",
        not_null={"at", "action", "target"},
    )
    db.table("history").create_index(["target_uuid"])


def _settings(db: Database) -> None:
    # Project-wide choices that every machine must share, e.g. which suggester fills the
    # suggestions (annotator/project_detection.py); one row per key, the value as text.
    db.table("settings").create({"key": str, "value": str}, pk="key", not_null={"value"})


def _assignments(db: Database) -> None:
    # A study plan (annotator/study): which coder codes which article, in which order, and
    # whether the article belongs to the reliability subsample that every coder codes.
    # The plan's own settings (coders, overlap, seed, ...) are kept in ``settings`` as JSON.
    db.table("assignments").create(
        {"coder_uuid": str, "article_id": int, "position": int, "reliability": int},
        pk=("coder_uuid", "article_id"),
        not_null={"position", "reliability"},
        defaults={"reliability": 0},
        foreign_keys=[("article_id", "articles", "id"), ("coder_uuid", "coders", "uuid")],
    )
    db.table("assignments").create_index(["article_id"])


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _initial),
    Migration(2, "project settings", _settings),
    Migration(3, "study plan assignments", _assignments),
)

LATEST_VERSION = MIGRATIONS[-1].version
