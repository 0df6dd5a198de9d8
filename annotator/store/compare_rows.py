"""The rows a comparison of outlets reads (annotator.compare): articles' grouping fields and
texts, and label counts per article from one source (suggestions, gold, coders), aggregated in
SQL so that 100,000 articles of suggestions come back as a few hundred thousand rows.

Every function takes an optional ``story``: only articles of that story count.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlite_utils import Database

# Article columns a comparison may group by (besides meta.KEY and the date bins of published).
ARTICLE_FIELDS = ("outlet", "story", "published", "title", "url", "source")
SOURCES = ("suggestions", "gold", "coders")
_TEXT_BATCH = 500


def _story(story: str | None, column: str = "article_id") -> tuple[str, list[Any]]:
    if story is None:
        return "", []
    return f" and {column} in (select id from articles where story = ?)", [story]


def article_field_values(
    db: Database, field: str, story: str | None = None
) -> list[tuple[int, Any]]:
    """``(article id, value)`` for every article; ``field`` is a column or ``meta.KEY``."""
    if field.startswith("meta."):
        expression, params = "json_extract(meta, ?)", ['$."' + field[5:].replace('"', "") + '"']
    elif field in ARTICLE_FIELDS:
        expression, params = field, []
    else:
        raise ValueError(f"not an article field: {field}")
    where, story_params = _story(story, "id")
    rows = db.execute(
        f"select id, {expression} from articles where 1{where} order by id", params + story_params
    )
    return list(rows)


def story_counts(db: Database) -> list[tuple[str | None, int]]:
    return list(db.execute("select story, count(*) from articles group by story order by story"))


def article_texts(db: Database, ids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
    """``(id, text as UTF-8 bytes)``, in the order of ``ids``, read a batch at a time (the
    bytes skip a decode and an encode of every text: the word counter reads bytes)."""
    for begin in range(0, len(ids), _TEXT_BATCH):
        chunk = list(ids[begin : begin + _TEXT_BATCH])
        marks = ",".join("?" * len(chunk))
        found = dict(
            db.execute(f"select id, cast(text as blob) from articles where id in ({marks})", chunk)
        )
        for article_id in chunk:
            yield article_id, found[article_id]


def label_counts(
    db: Database,
    source: str,
    who: str | None,
    attributes: Sequence[str],
    story: str | None = None,
) -> list[tuple]:
    """``(article id, coder uuid, layer, label, *attribute values, count)``, one row for each
    distinct combination, in codebook terms, sorted by layer, label and attribute values (so
    the rows of one column come together).

    ``source``: ``suggestions`` (``who`` = the detector; layer, label and attributes are the
    codebook target each suggestion stores in its explanation), ``gold``, or ``coders``
    (``who`` = one coder's uuid, or None for all). Tombstoned labels never count.
    """
    where, params = _story(story)
    if source == "suggestions":
        paths = [f"$.codebook.attributes.{name}" for name in attributes]
        values = ", ".join("json_extract(explanation, ?)" for _ in paths)
        sql = (
            "select article_id, '', json_extract(explanation, '$.codebook.layer') as layer, "
            f"json_extract(explanation, '$.codebook.label') as label, {values}, count(*) "
            f"from suggestions where detector = ?{where}"
        )
        return list(db.execute(_grouped(sql, attributes), [*paths, who, *params]))
    paths = [f"$.{name}" for name in attributes]
    values = ", ".join("json_extract(attrs, ?)" for _ in paths)
    if source == "gold":
        sql = (
            f"select article_id, '', layer, label, {values}, count(*) from gold "
            f"where kind = 'span' and deleted = 0{where}"
        )
        return list(db.execute(_grouped(sql, attributes), [*paths, *params]))
    coder_sql, coder_params = (" and coder_uuid = ?", [who]) if who else ("", [])
    sql = (
        f"select article_id, coder_uuid, layer, label, {values}, count(*) from spans "
        f"where deleted = 0{coder_sql}{where}"
    )
    return list(db.execute(_grouped(sql, attributes), [*paths, *coder_params, *params]))


def _grouped(sql: str, attributes: Sequence[str]) -> str:
    """Group and sort by layer, label, the attribute values, article and coder."""
    columns = ", ".join(["3", "4", *(str(5 + i) for i in range(len(attributes))), "1", "2"])
    return f"{sql} group by {columns} order by {columns}"


def answer_rows(
    db: Database, source: str, coder: str | None, story: str | None = None
) -> list[tuple[int, str, str, str]]:
    """``(article id, coder uuid, scheme, value as JSON)`` of every current answer."""
    where, params = _story(story)
    if source == "gold":
        sql = (
            "select article_id, '', scheme, value from gold where kind = 'doc_label' "
            f"and deleted = 0{where}"
        )
        return list(db.execute(sql, params))
    if source == "suggestions":
        return []
    coder_sql, coder_params = (" and coder_uuid = ?", [coder]) if coder else ("", [])
    sql = "select article_id, coder_uuid, scheme, value from doc_labels where deleted = 0"
    return list(db.execute(sql + coder_sql + where, coder_params + params))


def coded_units(
    db: Database, source: str, coder: str | None, story: str | None = None
) -> list[tuple[int, str]]:
    """``(article id, coder uuid)`` of every article a source has coded: for gold, any gold
    row (a decision that a stretch has no span counts); for coders, any label, answer or
    decision on a suggestion, or the status done."""
    where, params = _story(story)
    if source == "gold":
        return list(
            db.execute(f"select distinct article_id, '' from gold where deleted = 0{where}", params)
        )
    coder_sql, coder_params = (" and coder_uuid = ?", [coder]) if coder else ("", [])
    tables = [
        f"select article_id, coder_uuid from {table} where deleted = 0"
        for table in ("spans", "doc_labels", "decisions")
    ] + ["select article_id, coder_uuid from progress where status = 'done'"]
    sql = " union ".join(f"{part}{coder_sql}{where}" for part in tables)
    return list(db.execute(sql, (coder_params + params) * len(tables)))


def article_labels(
    db: Database,
    source: str,
    who: str | None,
    attributes: Sequence[str],
    article_ids: Sequence[int],
) -> list[tuple]:
    """``(article id, coder uuid, layer, label, start, end, *attribute values)`` of every label
    of a few articles (for sentence counts and highlights), ordered by article and start."""
    marks = ",".join("?" * len(article_ids))
    if source == "suggestions":
        paths = [f"$.codebook.attributes.{name}" for name in attributes]
        values = ", ".join("json_extract(explanation, ?)" for _ in paths)
        sql = (
            "select article_id, '', json_extract(explanation, '$.codebook.layer'), "
            f"json_extract(explanation, '$.codebook.label'), start, \"end\", {values} "
            f"from suggestions where detector = ? and article_id in ({marks})"
        )
        params: list[Any] = [*paths, who, *article_ids]
    else:
        paths = [f"$.{name}" for name in attributes]
        values = ", ".join("json_extract(attrs, ?)" for _ in paths)
        table, coder_column = ("gold", "''") if source == "gold" else ("spans", "coder_uuid")
        kind = " and kind = 'span'" if source == "gold" else ""
        coder_sql = " and coder_uuid = ?" if source == "coders" and who else ""
        sql = (
            f'select article_id, {coder_column}, layer, label, start, "end", {values} '
            f"from {table} where deleted = 0{kind}{coder_sql} and article_id in ({marks})"
        )
        params = [*paths, *([who] if coder_sql else []), *article_ids]
    return list(db.execute(sql + ' order by article_id, start, "end"', params))
