"""What an export reads: the selected labels as plain rows, one query per table, in article
order, and the articles they are on.

Gold is the ``gold`` table's live rows of kind ``span`` and ``doc_label`` (docs/schema.md);
a coder source is the live rows of ``spans``, ``doc_labels`` and ``relations``, of one coder
or all. ``coder_uuid=None`` means every coder; ``layers``/``schemes`` None mean all of them.
Rows are tuples, read as they come (500,000 spans must stream within the export's budget):

- span rows: article id, uuid, layer, label, start, end, attrs (JSON), coder name, coder uuid
  (gold: who decided), origin (gold: None), created, updated, from uuid (coders: None);
- answer rows: article id, uuid, scheme, value (JSON), coder name, coder uuid, created,
  updated, from uuid (coders: None);
- relation rows: article id, uuid, kind, head, tail, attrs (JSON), coder name, coder uuid,
  created, updated.
With ``details=False`` the uuid, origin, created and updated come back empty and attrs as
None: what a training corpus does not use, left unread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite3 import Cursor

    from annotator.store.project import Project

_BLANKS = {"uuid": "''", "attrs": "null", "origin": "''", "created": "''", "updated": "''"}
_BLANKS["from_uuid"] = "null"
_SPAN_COLUMNS = (
    "uuid, layer, label, start, end, attrs, coalesce(c.name, ''), {who}, {origin}, created, "
    "updated, {source}"
)
_ANSWER_COLUMNS = "uuid, scheme, value, coalesce(c.name, ''), {who}, created, updated, {source}"
_ARTICLE_COLUMNS = "id, uuid, content_hash, title, outlet, url, published, story, text, meta"


def statuses(project: Project) -> Iterator[tuple[int, str, str]]:
    """(article id, coder uuid, status) of every progress row."""
    yield from project.db.execute("select article_id, coder_uuid, status from progress")


def articles_with_gold(
    project: Project, layers: Sequence[str] | None, schemes: Sequence[str] | None
) -> list[int]:
    """Ids of the articles with live gold spans of the layers or answers to the schemes."""
    layer_sql, layer_params = _names("layer", layers)
    scheme_sql, scheme_params = _names("scheme", schemes)
    rows = project.db.execute(
        f"select distinct article_id from gold where deleted = 0 and ((kind = 'span'"
        f"{layer_sql}) or (kind = 'doc_label'{scheme_sql}))",
        layer_params + scheme_params,
    )
    return [row[0] for row in rows]


def articles_with_coder_labels(
    project: Project,
    coder_uuid: str | None,
    layers: Sequence[str] | None,
    schemes: Sequence[str] | None,
) -> list[tuple[int, str]]:
    """(article id, coder uuid) for every article where a coder has a selected live label."""
    coder_sql, coder_params = _coder(coder_uuid)
    layer_sql, layer_params = _names("layer", layers)
    scheme_sql, scheme_params = _names("scheme", schemes)
    rows = project.db.execute(
        "select distinct article_id, coder_uuid from spans where deleted = 0"
        f"{coder_sql}{layer_sql} union select distinct article_id, coder_uuid from "
        f"doc_labels where deleted = 0{coder_sql}{scheme_sql}",
        coder_params + layer_params + coder_params + scheme_params,
    )
    return [tuple(row) for row in rows]


def article_stories(project: Project) -> list[tuple[int, str, str | None]]:
    """(id, uuid, story) of every article in id order (no text read: cheap)."""
    return [
        tuple(row) for row in project.db.execute("select id, uuid, story from articles order by id")
    ]


def article_rows(project: Project) -> Cursor:
    """Every article in id order: id, uuid, content hash, title, outlet, url, published,
    story, text, meta (JSON)."""
    return project.db.execute(f"select {_ARTICLE_COLUMNS} from articles order by id")


def gold_label_rows(
    project: Project,
    layers: Sequence[str] | None,
    schemes: Sequence[str] | None,
    details: bool = True,
) -> tuple[Cursor, Cursor]:
    """(span rows, answer rows) of live gold, each ordered by article id."""
    layer_sql, layer_params = _names("g.layer", layers)
    scheme_sql, scheme_params = _names("g.scheme", schemes)
    fill = {"who": "g.decided_by", "origin": "null", "source": "from_uuid"}
    join = "left join coders c on c.uuid = g.decided_by where g.deleted = 0 and"
    spans = project.db.execute(
        f"select g.article_id, {_columns('g', _SPAN_COLUMNS.format(**fill), details)} from gold g "
        f"{join} g.kind = 'span'{layer_sql} order by g.article_id",
        layer_params,
    )
    answers = project.db.execute(
        f"select g.article_id, {_columns('g', _ANSWER_COLUMNS.format(**fill), details)} "
        f"from gold g {join} g.kind = 'doc_label'{scheme_sql} order by g.article_id",
        scheme_params,
    )
    return spans, answers


def coder_label_rows(
    project: Project,
    coder_uuid: str | None,
    layers: Sequence[str] | None,
    schemes: Sequence[str] | None,
    details: bool = True,
) -> tuple[Cursor, Cursor, Cursor | list[Any]]:
    """(span rows, answer rows, relation rows) of coders' live labels, each ordered by article,
    then creation; relations only with ``details`` (else an empty list)."""
    coder_sql, coder_params = _coder(coder_uuid, "t.")
    layer_sql, layer_params = _names("t.layer", layers)
    scheme_sql, scheme_params = _names("t.scheme", schemes)
    fill = {"who": "t.coder_uuid", "origin": "origin", "source": "null"}
    join = "left join coders c on c.uuid = t.coder_uuid where t.deleted = 0"
    order = " order by t.article_id, t.created, t.uuid"
    spans = project.db.execute(
        f"select t.article_id, {_columns('t', _SPAN_COLUMNS.format(**fill), details)} "
        f"from spans t {join}{coder_sql}{layer_sql}{order}",
        coder_params + layer_params,
    )
    answers = project.db.execute(
        f"select t.article_id, {_columns('t', _ANSWER_COLUMNS.format(**fill), details)} "
        f"from doc_labels t {join}{coder_sql}{scheme_sql}{order}",
        coder_params + scheme_params,
    )
    relations: Cursor | list[Any] = []
    if details:
        relations = project.db.execute(
            "select t.article_id, t.uuid, kind, head, tail, attrs, coalesce(c.name, ''), "
            f"t.coder_uuid, t.created, t.updated from relations t {join}{coder_sql}{order}",
            coder_params,
        )
    return spans, answers, relations


def label_totals(project: Project) -> tuple[int, int]:
    """(live gold labels, live coder spans and document labels): what an export could find."""
    return project.db.execute(
        "select (select count(*) from gold where deleted = 0 and kind != 'no_span'), "
        "(select count(*) from spans where deleted = 0) + "
        "(select count(*) from doc_labels where deleted = 0)"
    ).fetchone()


def _columns(table: str, names: str, details: bool) -> str:
    """``table.column`` for each name, or a constant for what ``details=False`` leaves out."""
    out = []
    for name in re.split(r",\s*(?![^()]*\))", names):  # commas outside parentheses
        if not details and name in _BLANKS:
            out.append(_BLANKS[name])
        elif re.fullmatch(r"[a-z_]+", name) and name != "null":
            out.append(f'{table}."{name}"')
        else:  # qualified already, an expression or a constant
            out.append(name)
    return ", ".join(out)


def _names(column: str, names: Sequence[str] | None) -> tuple[str, list[str]]:
    if names is None:
        return "", []
    return f" and {column} in ({', '.join('?' * len(names))})", list(names)


def _coder(coder_uuid: str | None, prefix: str = "") -> tuple[str, list[str]]:
    if coder_uuid is None:
        return "", []
    return f" and {prefix}coder_uuid = ?", [coder_uuid]
