"""The selected labels, streamed one article at a time: what every format writes.

Articles and label rows are read with one query per table in article order and joined as they
stream, so 10,000 articles with 500,000 spans never sit in memory together. Gold is read from
the ``gold`` table as docs/schema.md describes it (live rows of kind ``span`` and
``doc_label``), the same rows ``annotator.gold.gold_articles`` gives (a test holds the two
together); reading the rows as plain tuples keeps a 500,000-span export within its budget.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotator.export.selection import (
    Selection,
    check_selection,
    coder_clause,
    names_clause,
    status_filter,
)
from annotator.store import Project


class ExportSpan(NamedTuple):
    id: str
    layer: str
    label: str
    start: int
    end: int
    attrs: dict[str, Any]
    coder: str
    coder_id: str
    origin: str | None  # None for gold
    created: str
    updated: str
    from_id: str | None = None  # gold: the coder span it was taken from


class ExportAnswer(NamedTuple):
    id: str
    scheme: str
    value: Any
    coder: str
    coder_id: str
    created: str
    updated: str
    from_id: str | None = None


class ExportRelation(NamedTuple):
    id: str
    kind: str
    head: str
    tail: str
    attrs: dict[str, Any]
    coder: str
    coder_id: str
    created: str
    updated: str


@dataclass
class ArticleExport:
    """One article with the selected labels on it."""

    id: int
    uuid: str
    content_hash: str
    title: str
    outlet: str | None
    url: str | None
    published: str | None
    story: str | None
    text: str
    meta: dict[str, Any]
    spans: list[ExportSpan] = field(default_factory=list)
    answers: list[ExportAnswer] = field(default_factory=list)
    relations: list[ExportRelation] = field(default_factory=list)

    @property
    def has_labels(self) -> bool:
        return bool(self.spans or self.answers)


# A NamedTuple made from a full tuple at C speed (its __new__ is Python: 500,000 calls add up)
_record = tuple.__new__


def _json(text: str | None, default: Any = None) -> Any:
    """A JSON column; the empty object most spans carry is not parsed."""
    if text == "{}":
        return {}
    return default if text is None or text == "" else json.loads(text)


def read_articles(
    project: Project, selection: Selection, details: bool = True
) -> Iterator[ArticleExport]:
    """Every article with at least one selected label, in article id order.

    ``details=False`` leaves out what a training corpus does not use, to read 500,000 spans
    faster: label ids, timestamps, origins, span attributes and relations (empty values).
    """
    check_selection(project, selection)
    names = dict(project.db.execute("select uuid, name from coders"))
    passes = status_filter(project, selection.status)
    if selection.source.kind == "gold":
        labels = _gold_labels(project, selection, names, passes, details)
    else:
        labels = _coder_labels(project, selection, names, passes, details)
    articles = project.db.execute(
        "select id, uuid, content_hash, title, outlet, url, published, story, text, meta "
        "from articles order by id"
    )
    for article_id, spans, answers, relations in labels:
        for row in articles:
            if row[0] == article_id:
                break
        else:  # labels on an article that is not there: the foreign key forbids it
            return
        if relations:
            kept = {span.id for span in spans}
            relations = [r for r in relations if r.head in kept and r.tail in kept]
        article = ArticleExport(*row[:9], _json(row[9], {}), spans, answers, relations)
        if article.has_labels:
            yield article


def _select(columns: str, details: bool, blanks: dict[str, str]) -> str:
    """The column list, with the columns in ``blanks`` replaced by constants unless
    ``details`` (unaliased, so "order by" still sorts by the table's columns)."""
    names = [c.strip() for c in columns.split(",")]
    return ", ".join(n if details or n not in blanks else blanks[n] for n in names)


def _gold_labels(project, selection: Selection, names: dict, passes, details: bool):
    layer_sql, layer_params = names_clause("layer", selection.layers)
    scheme_sql, scheme_params = names_clause("scheme", selection.schemes)
    columns = _select(
        'article_id, uuid, kind, layer, label, start, "end", scheme, value, attrs, decided_by, '
        "from_uuid, created, updated",
        details,
        {"uuid": "''", "attrs": "'{}'", "from_uuid": "null", "created": "''", "updated": "''"},
    )
    rows = project.db.execute(
        f"select {columns} from gold where deleted = 0 and ((kind = 'span'{layer_sql}) or "
        f"(kind = 'doc_label'{scheme_sql})) order by article_id",
        layer_params + scheme_params,
    )
    for article_id, group in _by_article(rows):
        if not passes(article_id, None):
            continue
        spans, answers = [], []
        for row in group:
            who = row[10]
            coder = names.get(who, "")
            if row[2] == "span":
                attrs, rest = _json(row[9], {}), (coder, who, None, row[12], row[13], row[11])
                spans.append(_record(ExportSpan, (row[1], *row[3:7], attrs, *rest)))
            else:
                answers.append(
                    ExportAnswer(row[1], row[7], _json(row[8]), coder, who, *row[12:14], row[11])
                )
        spans.sort(key=lambda s: (s.start, s.end, s.layer, s.label))
        answers.sort(key=lambda a: a.scheme)
        yield article_id, spans, answers, []


def _coder_labels(project, selection: Selection, names: dict, passes, details: bool):
    coder_sql, coder_params = coder_clause(project, selection)
    layer_sql, layer_params = names_clause("layer", selection.layers)
    scheme_sql, scheme_params = names_clause("scheme", selection.schemes)
    order = " order by article_id, created, uuid"
    blanks = {"uuid": "''", "attrs": "'{}'", "origin": "''", "created": "''", "updated": "''"}
    columns = 'article_id, uuid, layer, label, start, "end", attrs, coder_uuid, origin, created, '
    spans = project.db.execute(
        f"select {_select(columns + 'updated', details, blanks)} from spans where deleted = 0"
        f"{coder_sql}{layer_sql}{order}",
        coder_params + layer_params,
    )
    columns = "article_id, uuid, scheme, value, coder_uuid, created, updated"
    answers = project.db.execute(
        f"select {_select(columns, details, blanks)} from doc_labels where deleted = 0"
        f"{coder_sql}{scheme_sql}{order}",
        coder_params + scheme_params,
    )
    relations = project.db.execute(
        "select article_id, uuid, kind, head, tail, attrs, coder_uuid, created, updated "
        f"from relations where deleted = 0{coder_sql}{order}",
        coder_params,
    ) if details else []  # fmt: skip
    groups = _Groups(spans), _Groups(answers), _Groups(relations)
    while True:
        heads = [h for h in (groups[0].head(), groups[1].head()) if h is not None]
        if not heads:
            return
        article_id = min(heads)
        span_rows, answer_rows, relation_rows = (g.take(article_id) for g in groups)
        yield (
            article_id,
            [
                _record(ExportSpan, (*r[1:6], _json(r[6], {}), names.get(r[7], ""), *r[7:11], None))
                for r in span_rows
                if passes(article_id, r[7])
            ],
            [
                ExportAnswer(r[1], r[2], _json(r[3]), names.get(r[4], ""), *r[4:7])
                for r in answer_rows
                if passes(article_id, r[4])
            ],
            [
                ExportRelation(*r[1:5], _json(r[5], {}), names.get(r[6], ""), *r[6:9])
                for r in relation_rows
                if passes(article_id, r[6])
            ],
        )


def _by_article(rows: Iterable[tuple]) -> Iterator[tuple[int, list[tuple]]]:
    current: list[tuple] = []
    for row in rows:
        if current and current[0][0] != row[0]:
            yield current[0][0], current
            current = []
        current.append(row)
    if current:
        yield current[0][0], current


class _Groups:
    """Rows of a cursor ordered by article id, handed out one article at a time."""

    def __init__(self, cursor):
        self.cursor = iter(cursor)
        self.pending = next(self.cursor, None)

    def head(self) -> int | None:
        return None if self.pending is None else self.pending[0]

    def take(self, article_id: int) -> list[tuple]:
        rows = []
        while self.pending is not None and self.pending[0] < article_id:
            self.pending = next(self.cursor, None)
        while self.pending is not None and self.pending[0] == article_id:
            rows.append(self.pending)
            self.pending = next(self.cursor, None)
        return rows
