"""Every row of a coder file checked before a merge writes anything.

A coder file is a file someone handed over: it may have been edited by hand, cut off, or made by
another program. A row whose values do not hold (a document label whose value is not JSON or
not an answer, a span past its article's end, a label of a coder or codebook the file does not
have, a timestamp that is not text) is taken out of the merge and listed in the report, which
then stops the merge unless it is forced; with ``--force`` such rows are skipped, never written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeGuard

from annotator.exchange.coder_file import LABEL_TABLES, CoderFile
from annotator.model import STATUSES
from annotator.store import Project

SHOWN = 20  # bad rows described in the report; the rest are counted

_TEXT_COLUMNS = {
    "spans": ("layer", "label"),
    "doc_labels": ("scheme",),
    "relations": ("kind", "head", "tail"),
    "decisions": ("layer", "label", "decision"),
}


def drop_bad_rows(project: Project, coder_file: CoderFile, mapping: dict[int, int]) -> list[str]:
    """Take the bad rows out of ``coder_file`` (in place); returns what was wrong with each."""
    coders = {c.uuid for c in coder_file.coders} | {c.uuid for c in project.coders.list()}
    codebooks = {c["hash"] for c in coder_file.codebooks} | {project.meta.codebook_hash}
    lengths = project.articles.lengths(sorted(set(mapping.values())))
    titles = {a.id: a.title for a in coder_file.articles}
    found: list[str] = []

    def length_of(row: dict[str, Any]) -> int | None:
        target = mapping.get(row.get("article_id"))  # type: ignore[arg-type]
        return lengths.get(target) if target is not None else None

    for table in LABEL_TABLES:
        good = []
        for row in coder_file.labels[table]:
            problem = _label_problem(table, row, coders, codebooks, length_of)
            if problem is None:
                good.append(row)
            else:
                title = titles.get(row.get("article_id"), "?")  # type: ignore[arg-type]
                found.append(f"{table} {str(row.get('uuid'))[:8]} (article '{title}'): {problem}")
        coder_file.labels[table] = good
    good = []
    for row in coder_file.progress:
        problem = _progress_problem(row, coders)
        if problem is None:
            good.append(row)
        else:
            found.append(f"progress of article {row.get('article_id')}: {problem}")
    coder_file.progress = good
    return found


def _label_problem(
    table: str,
    row: dict[str, Any],
    coders: set[str],
    codebooks: set[str],
    length_of: Callable[[dict[str, Any]], int | None],
) -> str | None:
    if not isinstance(row.get("uuid"), str) or not row["uuid"]:
        return "has no id"
    if row.get("coder_uuid") not in coders:
        return f"is by coder {row.get('coder_uuid')!r}, whom the file does not list"
    if row.get("codebook_hash") not in codebooks:
        return "was made under a codebook the file does not hold"
    for column in ("created", "updated", *_TEXT_COLUMNS[table]):
        if not isinstance(row.get(column), str):
            return f"its {column} is not text"
    if row.get("deleted") not in (0, 1):
        return "its deleted flag is neither 0 nor 1"
    if table in ("spans", "decisions"):
        problem = _offsets_problem(row, length_of(row))
        if problem:
            return problem
    if table == "doc_labels":
        return _value_problem(row.get("value"))
    if table in ("spans", "relations"):
        return _attrs_problem(row.get("attrs"))
    return None


def _offsets_problem(row: dict[str, Any], length: int | None) -> str | None:
    start, end = row.get("start"), row.get("end")
    if not (_is_int(start) and _is_int(end)):
        return "its start and end are not whole numbers"
    if not 0 <= start < end:
        return f"[{start}, {end}) is not a span of text"
    if length is not None and end > length:
        return f"[{start}, {end}) runs past the article's end ({length} characters)"
    return None


def _value_problem(value: Any) -> str | None:
    try:
        decoded = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        decoded = None
    if decoded is None:
        return f"its value {str(value)[:40]!r} is not a JSON answer"
    if isinstance(decoded, str):
        return None
    if isinstance(decoded, list) and all(isinstance(v, str) for v in decoded):
        return None
    return f"its value {str(value)[:40]!r} is neither text nor a list of choices"


def _attrs_problem(attrs: Any) -> str | None:
    if attrs is None or attrs == "":
        return None
    try:
        decoded = json.loads(attrs) if isinstance(attrs, str) else None
    except ValueError:
        decoded = None
    return None if isinstance(decoded, dict) else "its attributes are not a JSON object"


def _progress_problem(row: dict[str, Any], coders: set[str]) -> str | None:
    if row.get("coder_uuid") not in coders:
        return f"is by coder {row.get('coder_uuid')!r}, whom the file does not list"
    if row.get("status") not in STATUSES:
        return f"its status {row.get('status')!r} is not one of {', '.join(STATUSES)}"
    seconds = row.get("seconds")
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds < 0:
        return "its time spent is not a number of seconds"
    if not isinstance(row.get("updated"), str):
        return "its updated time is not text"
    return None


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
