"""The rows a comparison of outlets reads (annotator.compare): articles' grouping fields and
texts, and label counts per article from one source (suggestions, gold, coders), aggregated in
SQL. Label rows are read for a range of article ids, so that workers can count a large project
a range each.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from annotator.store.project import Project

# Article columns a comparison may group by (besides meta.KEY and the date bins of published).
ARTICLE_FIELDS = ("outlet", "story", "published", "title", "url", "source")
SOURCES = ("suggestions", "gold", "coders")
_TEXT_BATCH = 500


def article_field_values(
    project: Project, field: str, story: str | None = None
) -> list[tuple[int, Any]]:
    """``(article id, value)`` for every article; ``field`` is a column or ``meta.KEY``."""
    db = project.db
    if field.startswith("meta."):
        expression, params = "json_extract(meta, ?)", ['$."' + field[5:].replace('"', "") + '"']
    elif field in ARTICLE_FIELDS:
        expression, params = field, []
    else:
        raise ValueError(f"not an article field: {field}")
    where, story_params = ("", []) if story is None else (" and story = ?", [story])
    rows = db.execute(
        f"select id, {expression} from articles where 1{where} order by id", params + story_params
    )
    return list(rows)


def story_counts(project: Project) -> list[tuple[str | None, int]]:
    db = project.db
    return list(db.execute("select story, count(*) from articles group by story order by story"))


def detector_names(project: Project) -> list[str]:
    """The detectors with suggestions in the project (from the detector index: quick)."""
    db = project.db
    return [row[0] for row in db.execute("select distinct detector from suggestions")]


def article_texts(project: Project, ids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
    """``(id, text as UTF-8 bytes)``, in the order of ``ids``, read a batch at a time (the
    bytes skip a decode and an encode of every text: the word counter reads bytes)."""
    db = project.db
    for begin in range(0, len(ids), _TEXT_BATCH):
        chunk = list(ids[begin : begin + _TEXT_BATCH])
        marks = ",".join("?" * len(chunk))
        found = dict(
            db.execute(f"select id, cast(text as blob) from articles where id in ({marks})", chunk)
        )
        for article_id in chunk:
            yield article_id, found[article_id]


def _ids(ids: Sequence[int]) -> tuple[str, list[int]]:
    """SQL limiting ``article_id`` to ``ids`` (sorted): a range when they are dense."""
    if ids[-1] - ids[0] < 2 * len(ids):
        return " and article_id between ? and ?", [ids[0], ids[-1]]
    return f" and article_id in ({','.join('?' * len(ids))})", list(ids)


KEY_PARTS, KEY_END = "\x1f", "\x1e"  # separate a label key's parts, and the keys


def label_keys(
    project: Project, source: str, who: str | None, attributes: Sequence[str], ids: Sequence[int]
) -> list[tuple[int, str, str, str]]:
    """``(article id, coder uuid, keys, versions)`` for the articles ``ids`` (sorted; a range
    of them may come back): ``keys`` holds one key per label, ``layer, label, *attribute
    values`` joined by ``KEY_PARTS``, the keys joined by ``KEY_END`` (one row per article and
    coder is far quicker to read than one per label, and the caller counts the keys);
    ``versions``, for suggestions, the detector versions of the article's suggestions.

    ``source``: ``suggestions`` (``who`` = the detector; layer and label are the detector's,
    and the only attribute read is the source type of its codebook target, for source rows:
    see ``annotator.detect.explanations``), ``gold``, or ``coders`` (``who`` = one coder's
    uuid, or None for all). Tombstoned labels never count.
    """
    db = project.db
    where, id_params = _ids(ids)
    params: list[Any] = list(id_params)
    if source == "suggestions":
        parts = [
            "ifnull(case when layer = 'source' then json_extract(explanation, ?) end, '')"
            if name == "source_type"
            else "''"
            for name in attributes
        ]
        paths = ["$.codebook.attributes.source_type"] if "source_type" in attributes else []
        table, coder, filters = "suggestions", "''", " and +detector = ?"
        versions = "group_concat(distinct detector_version)"
        params = [who, *params]
    else:
        parts = ["ifnull(json_extract(attrs, ?), '')" for _ in attributes]
        paths = [f"$.{name}" for name in attributes]
        table = "gold" if source == "gold" else "spans"
        versions = "''"
        coder = "''" if source == "gold" else "coder_uuid"
        filters = " and kind = 'span' and deleted = 0" if source == "gold" else " and deleted = 0"
        if source == "coders" and who:
            filters += " and coder_uuid = ?"
            params = [who, *params]
    key = " || char(31) || ".join(["layer", "label", *parts])
    # grouped by article alone where there is no coder: the article index then gives the rows in
    # order, and SQLite needs no temporary b-tree
    grouping = "article_id" if source != "coders" else "article_id, coder_uuid"
    sql = (
        f"select article_id, {coder}, group_concat({key}, char(30)), {versions} from {table} "
        f"where 1{filters}{where} group by {grouping}"
    )
    return list(db.execute(sql, [*paths, *params]))


def answer_rows(
    project: Project, source: str, coder: str | None, ids: Sequence[int]
) -> list[tuple[int, str, str, str]]:
    """``(article id, coder uuid, scheme, value as JSON)`` of every current answer of the
    articles ``ids`` (sorted; a range of them may come back)."""
    db = project.db
    where, params = _ids(ids)
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
    project: Project, source: str, coder: str | None, ids: Sequence[int]
) -> list[tuple[int, str]]:
    """``(article id, coder uuid)`` of every article a source has coded: for gold, any gold
    row (a decision that a stretch has no span counts); for coders, any label, answer or
    decision on a suggestion, or the status done (articles ``ids``, or a range of them)."""
    db = project.db
    where, params = _ids(ids)
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
    project: Project,
    source: str,
    who: str | None,
    attributes: Sequence[str],
    article_ids: Sequence[int],
) -> list[tuple]:
    """``(article id, coder uuid, layer, label, start, end, *attribute values)`` of every label
    of a few articles (for sentence counts and highlights), ordered by article and start."""
    db = project.db
    marks = ",".join("?" * len(article_ids))
    if source == "suggestions":  # the detector's layer and label, as label_counts reads them
        values = ", ".join(
            "case when layer = 'source' then json_extract(explanation, ?) end"
            if name == "source_type"
            else "null"
            for name in attributes
        )
        sql = (
            f"select article_id, '', layer, label, start, \"end\", {values} "
            f"from suggestions where detector = ? and article_id in ({marks})"
        )
        paths = ["$.codebook.attributes.source_type"] if "source_type" in attributes else []
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
