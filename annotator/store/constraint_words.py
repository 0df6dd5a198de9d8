"""SQLite's constraint failures in plain words, for messages that also name the file and line.

"UNIQUE constraint failed: relations.uuid" means nothing to a coder; "two relations share the
id …" does. The caller adds where the rows came from.
"""

from __future__ import annotations

import re
import sqlite3

_UNIQUE = re.compile(r"UNIQUE constraint failed: (\w+)\.(\w+)")
_NOT_NULL = re.compile(r"NOT NULL constraint failed: (\w+)\.(\w+)")
_ROW_NAMES = {
    "spans": "span",
    "doc_labels": "document label",
    "relations": "relation",
    "decisions": "decision on a suggestion",
    "articles": "article",
    "coders": "coder",
    "gold": "gold label",
    "progress": "progress record",
}


def constraint_words(exc: sqlite3.IntegrityError) -> str:
    """What a constraint failure means, without SQL."""
    message = str(exc)
    unique = _UNIQUE.search(message)
    if unique:
        table, column = unique.groups()
        row = _ROW_NAMES.get(table, table)
        if column == "uuid":
            return f"two {row}s have the same id, or one is already in the project under it"
        return f"a {row} repeats one that is already there (the same {column.replace('_', ' ')})"
    if "FOREIGN KEY" in message:
        return (
            "a label refers to something that is not there (a coder, an article, a span or a "
            "codebook missing from the file)"
        )
    not_null = _NOT_NULL.search(message)
    if not_null:
        table, column = not_null.groups()
        return f"a {_ROW_NAMES.get(table, table)} has no {column.replace('_', ' ')}"
    if "CHECK" in message:
        return "a value is outside what the project allows"
    return f"the project refused a row ({message})"
