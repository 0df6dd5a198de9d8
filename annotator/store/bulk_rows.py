"""Whole rows of the label tables, read and written in bulk as another file had them.

Merging coder files and importing labels bring rows with their ids and timestamps; these
functions read the project's rows to compare with them and write the new or newer ones, with
one history entry per row, inside the caller's transaction. Rows are dicts keyed by column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from annotator.store.history import record_many
from annotator.store.rows import to_json

if TYPE_CHECKING:
    from annotator.store.project import Project

CHUNK = 500  # uuids per "where uuid in (...)" query, well under SQLite's variable limit
# Tables whose rows another file may bring whole; names are checked against it, since they
# are written into the statements.
TABLES = (
    "articles",
    "codebooks",
    "coders",
    "spans",
    "doc_labels",
    "relations",
    "decisions",
    "progress",
)


def table_columns(project: Project, table: str) -> list[str]:
    """The table's columns in schema order."""
    return [row[1] for row in project.db.execute(f"PRAGMA table_info({_checked(table)})")]


def read_table(project: Project, table: str) -> list[dict[str, Any]]:
    """Every row of a table, all columns."""
    return _select(project, table, table_columns(project, table), "", [])


def rows_by_uuid(
    project: Project, table: str, names: Sequence[str], uuids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Rows of ``table`` by uuid, for many uuids at once."""
    found: dict[str, dict[str, Any]] = {}
    for at in range(0, len(uuids), CHUNK):
        chunk = list(uuids[at : at + CHUNK])
        where = f" where uuid in ({', '.join('?' * len(chunk))})"
        for row in _select(project, table, names, where, chunk):
            found[row["uuid"]] = row
    return found


def rows_of_coder(
    project: Project, table: str, names: Sequence[str], coder_uuid: str
) -> list[dict[str, Any]]:
    return _select(project, table, names, " where coder_uuid = ?", [coder_uuid])


def has_row(project: Project, table: str, uuid: str) -> bool:
    query = f"select 1 from {_checked(table)} where uuid = ?"
    return project.db.execute(query, [uuid]).fetchone() is not None


def insert_rows(project: Project, table: str, rows: list[dict[str, Any]], action: str) -> None:
    """Insert rows as they are (every row has the same keys), each with a history entry."""
    if not rows:
        return
    names = list(rows[0])
    project.db.conn.executemany(
        f"insert into {_checked(table)} ({_quoted(names)}) values ({', '.join('?' * len(names))})",
        [tuple(row[name] for name in names) for row in rows],
    )
    entries = [(row["coder_uuid"], row["uuid"], None, row) for row in rows]
    record_many(project.db, action, table, entries)


def update_rows(
    project: Project,
    table: str,
    changes: list[tuple[dict[str, Any], dict[str, Any]]],
    action: str,
) -> None:
    """Overwrite rows by uuid, each (before, after) pair with a history entry. ``after`` may
    carry another uuid than ``before`` (the same label under two ids): ``before``'s stays."""
    if not changes:
        return
    names = list(changes[0][1])
    assignments = ", ".join(f'"{name}" = ?' for name in names)
    project.db.conn.executemany(
        f"update {_checked(table)} set {assignments} where uuid = ?",
        [(*(after[name] for name in names), before["uuid"]) for before, after in changes],
    )
    entries = [(after["coder_uuid"], after["uuid"], before, after) for before, after in changes]
    record_many(project.db, action, table, entries)


def replace_progress(project: Project, rows: list[dict[str, Any]]) -> None:
    """Insert or overwrite progress rows (keyed by article and coder)."""
    if not rows:
        return
    names = list(rows[0])
    project.db.conn.executemany(
        f"insert or replace into progress ({_quoted(names)}) "
        f"values ({', '.join('?' * len(names))})",
        [tuple(row[name] for name in names) for row in rows],
    )


def add_codebooks(project: Project, codebooks: list[dict[str, Any]]) -> None:
    """Codebooks another file has, kept as they are; ones already here are left alone."""
    project.db.conn.executemany(
        "insert or ignore into codebooks (hash, name, version, toml, added) values (?,?,?,?,?)",
        [(c["hash"], c["name"], c["version"], c["toml"], c["added"]) for c in codebooks],
    )


def live_span_places(project: Project, article_id: int) -> set[tuple[str, str, str, int, int]]:
    """(coder uuid, layer, label, start, end) of the article's live spans."""
    rows = project.db.execute(
        'select coder_uuid, layer, label, start, "end" from spans where article_id = ? '
        "and deleted = 0",
        [article_id],
    )
    return set(rows)


def answer_row(
    project: Project, article_id: int, coder_uuid: str, scheme: str
) -> tuple[str, str, str] | None:
    """(uuid, value as JSON, updated) of a coder's answer to a scheme, live or not."""
    return project.db.execute(
        "select uuid, value, updated from doc_labels where article_id = ? and "
        "coder_uuid = ? and scheme = ?",
        [article_id, coder_uuid, scheme],
    ).fetchone()


def set_answer_value(
    project: Project, uuid: str, coder_uuid: str, value: Any, updated: str, action: str
) -> None:
    """A document label's new value (made live again), with its history entry."""
    project.db.execute(
        "update doc_labels set value = ?, updated = ?, deleted = 0 where uuid = ?",
        [to_json(value), updated, uuid],
    )
    after = {"value": value, "updated": updated}
    record_many(project.db, action, "doc_labels", [(coder_uuid, uuid, None, after)])


def _select(
    project: Project, table: str, names: Sequence[str], where: str, params: list[Any]
) -> list[dict[str, Any]]:
    cursor = project.db.execute(f"select {_quoted(names)} from {_checked(table)}{where}", params)
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _checked(table: str) -> str:
    if table not in TABLES:
        raise ValueError(f"not a table of bulk rows: {table!r}")
    return table
