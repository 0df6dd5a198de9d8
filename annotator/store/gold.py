"""Gold: the adjudicated version of each article, kept in the ``gold`` table.

A gold row is a document answer (``kind = 'doc_label'``: scheme, value), a span (``'span'``:
layer, label, start, end, attrs) or a decision that a stretch of a layer has no span
(``'no_span'``: layer, start, end), so "the coders disagreed and nothing is marked here" is
recorded, not guessed. Every row names who decided (``decided_by``, a coder) and the coder
label it was taken from (``from_uuid``), if any. Rows are tombstoned like labels, and every
change is written to ``history`` in its own transaction.

Export reads gold through ``read_gold`` (one article) or ``gold_articles`` (all of them).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.errors import LabelError
from annotator.store.history import record
from annotator.store.rows import from_json, new_uuid, to_json, utc_now

if TYPE_CHECKING:
    from annotator.store.project import Project

_COLUMNS = (
    "uuid",
    "article_id",
    "kind",
    "layer",
    "label",
    "start",
    "end",
    "scheme",
    "value",
    "attrs",
    "decided_by",
    "from_uuid",
    "codebook_hash",
    "created",
    "updated",
    "deleted",
)
_SELECT = "select " + ", ".join(f'"{c}"' for c in _COLUMNS) + " from gold"


@dataclass(frozen=True)
class GoldSpan:
    uuid: str
    article_id: int
    layer: str
    label: str
    start: int
    end: int
    attrs: dict[str, Any]
    decided_by: str
    from_uuid: str | None
    updated: str


@dataclass(frozen=True)
class GoldAnswer:
    uuid: str
    article_id: int
    scheme: str
    value: Any
    decided_by: str
    from_uuid: str | None
    updated: str


@dataclass
class ArticleGold:
    """An article's gold: its spans, its answers by scheme, and stretches decided empty."""

    article_id: int
    spans: list[GoldSpan] = field(default_factory=list)
    answers: dict[str, GoldAnswer] = field(default_factory=dict)
    empty: list[tuple[str, int, int]] = field(default_factory=list)  # (layer, start, end)

    @property
    def is_empty(self) -> bool:
        return not (self.spans or self.answers or self.empty)


@dataclass(frozen=True)
class GoldSpanDraft:
    """A span to write into gold, taken from a coder's span (``from_uuid``) or new."""

    label: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
    from_uuid: str | None = None


def read_gold(project: Project, article_id: int) -> ArticleGold:
    """The live gold of one article (spans in text order)."""
    rows = project.db.execute(f"{_SELECT} where article_id = ? and deleted = 0", [article_id])
    return _collect(article_id, rows)


def gold_articles(project: Project) -> Iterator[ArticleGold]:
    """Every article with live gold, in article id order, read in one query."""
    rows = project.db.execute(f"{_SELECT} where deleted = 0 order by article_id")
    current: list[tuple] = []
    for row in rows:
        if current and current[0][1] != row[1]:
            yield _collect(current[0][1], current)
            current = []
        current.append(row)
    if current:
        yield _collect(current[0][1], current)


def articles_with_gold(project: Project) -> int:
    """How many articles have live gold of any kind."""
    return project.db.execute(
        "select count(distinct article_id) from gold where deleted = 0"
    ).fetchone()[0]


def set_gold_answer(
    project: Project,
    article_id: int,
    scheme: str,
    value: Any,
    decided_by: str,
    from_uuid: str | None = None,
) -> GoldAnswer | None:
    """The gold answer to a scheme; an empty value (None, "", []) removes it."""
    value = _checked_answer(project, scheme, value)
    with project.transaction():
        existing = _live(
            project, "article_id = ? and kind = 'doc_label' and scheme = ?", [article_id, scheme]
        )
        for row in existing:
            _tombstone(project, row, decided_by)
        if value in (None, "", []):
            return None
        row = _insert(
            project,
            {
                "article_id": article_id,
                "kind": "doc_label",
                "scheme": scheme,
                "value": to_json(value),
                "decided_by": decided_by,
                "from_uuid": from_uuid,
            },
        )
    return _answer(row)


def replace_gold_spans(
    project: Project,
    article_id: int,
    layer: str,
    start: int,
    end: int,
    spans: Sequence[GoldSpanDraft],
    decided_by: str,
) -> list[GoldSpan]:
    """Decide the stretch ``[start, end)`` of a layer: its gold becomes exactly ``spans``.

    Live gold of the layer that overlaps the stretch is tombstoned first. With no spans, a
    ``no_span`` row records that the stretch was decided to carry none.
    """
    length = project.db.execute("select length(text) from articles where id = ?", [article_id])
    found = length.fetchone()
    if found is None:
        raise LabelError(f"no article with id {article_id}")
    for span in spans:
        _check_label(project, layer, span.label)
        if not (0 <= span.start < span.end <= found[0]):
            raise LabelError(f"span [{span.start}, {span.end}) does not fit the article")
    low = min([start, *(s.start for s in spans)])
    high = max([end, *(s.end for s in spans)])
    with project.transaction():
        overlapping = _live(
            project,
            "article_id = ? and layer = ? and kind in ('span', 'no_span') and start < ? "
            'and "end" > ?',
            [article_id, layer, high, low],
        )
        for row in overlapping:
            _tombstone(project, row, decided_by)
        written = []
        for span in spans:
            values = {
                "article_id": article_id,
                "kind": "span",
                "layer": layer,
                "label": span.label,
                "start": span.start,
                "end": span.end,
                "attrs": to_json(span.attrs),
                "decided_by": decided_by,
                "from_uuid": span.from_uuid,
            }
            written.append(_span(_insert(project, values)))
        if not spans:
            _insert(
                project,
                {
                    "article_id": article_id,
                    "kind": "no_span",
                    "layer": layer,
                    "start": start,
                    "end": end,
                    "decided_by": decided_by,
                },
            )
    return written


def delete_gold(project: Project, uuid: str, decided_by: str) -> None:
    """Tombstone one gold row (span, answer or empty stretch)."""
    rows = _live(project, "uuid = ?", [uuid])
    if not rows:
        raise LabelError(f"no live gold row with id {uuid}")
    with project.transaction():
        _tombstone(project, rows[0], decided_by)


def _checked_answer(project: Project, scheme_name: str, value: Any) -> Any:
    """The value as the codebook allows it (multiple choices in codebook order)."""
    try:
        scheme = project.codebook.scheme(scheme_name)
    except KeyError:
        raise LabelError(f"'{scheme_name}' is not a scheme of the project's codebook") from None
    if value in (None, "", []) or scheme.kind == "text":
        return value
    names = [choice.name for choice in scheme.choices]
    if scheme.kind == "multi" and isinstance(value, str):
        raise LabelError(f"'{scheme_name}' takes a list of its choices")
    chosen = [value] if scheme.kind == "single" else list(value)
    stray = [v for v in chosen if v not in names]
    if stray:
        raise LabelError(f"{stray[0]!r} is not a choice of '{scheme_name}'")
    return value if scheme.kind == "single" else [n for n in names if n in set(chosen)]


def _check_label(project: Project, layer: str, label: str) -> None:
    try:
        project.codebook.layer(layer).label(label)
    except KeyError:
        raise LabelError(f"'{layer}/{label}' is not a label of the project's codebook") from None


def _live(project: Project, where: str, params: list[Any]) -> list[dict[str, Any]]:
    rows = project.db.execute(f"{_SELECT} where deleted = 0 and {where}", params)
    return [dict(zip(_COLUMNS, row, strict=True)) for row in rows]


def _insert(project: Project, values: dict[str, Any]) -> dict[str, Any]:
    now = utc_now()
    row: dict[str, Any] = dict.fromkeys(_COLUMNS)
    row.update(attrs="{}", codebook_hash=project.meta.codebook_hash, created=now, updated=now)
    row.update(values, uuid=new_uuid(), deleted=0)
    project.db.table("gold").insert(row)
    record(project.db, row["decided_by"], "add", "gold", row["uuid"], None, row)
    return row


def _tombstone(project: Project, row: dict[str, Any], decided_by: str) -> None:
    after = {**row, "deleted": 1, "updated": utc_now()}
    project.db.table("gold").update(row["uuid"], {"deleted": 1, "updated": after["updated"]})
    record(project.db, decided_by, "delete", "gold", row["uuid"], row, after)


def _collect(article_id: int, rows) -> ArticleGold:
    gold = ArticleGold(article_id)
    for raw in rows:
        row = dict(zip(_COLUMNS, raw, strict=True))
        if row["kind"] == "span":
            gold.spans.append(_span(row))
        elif row["kind"] == "doc_label":
            gold.answers[row["scheme"]] = _answer(row)
        elif row["kind"] == "no_span":
            gold.empty.append((row["layer"], row["start"], row["end"]))
    gold.spans.sort(key=lambda s: (s.start, s.end, s.layer, s.label))
    gold.empty.sort(key=lambda e: (e[1], e[2], e[0]))
    return gold


def _span(row: dict[str, Any]) -> GoldSpan:
    return GoldSpan(
        row["uuid"],
        row["article_id"],
        row["layer"],
        row["label"],
        row["start"],
        row["end"],
        from_json(row["attrs"], {}),
        row["decided_by"],
        row["from_uuid"],
        row["updated"],
    )


def _answer(row: dict[str, Any]) -> GoldAnswer:
    return GoldAnswer(
        row["uuid"],
        row["article_id"],
        row["scheme"],
        from_json(row["value"]),
        row["decided_by"],
        row["from_uuid"],
        row["updated"],
    )
