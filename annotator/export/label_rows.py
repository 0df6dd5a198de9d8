"""The selected labels, streamed one article at a time: what every format writes.

Articles and label rows are read with one query per table in article order
(``annotator.store.export_rows``) and joined as they stream, so 10,000 articles with 500,000
spans never sit in memory together. Gold rows are the ones ``annotator.store.gold.gold_articles``
gives (a test holds the two together); reading them as plain tuples keeps a 500,000-span
export within its budget.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from annotator.export.selection import Selection, check_selection, selected_coder, status_filter
from annotator.store import Project
from annotator.store.export_rows import article_rows, coder_label_rows, gold_label_rows


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
    faster: label ids, timestamps and origins (empty), span attributes (None), relations.
    """
    check_selection(project, selection)
    passes = status_filter(project, selection.status)
    if selection.source.kind == "gold":
        labels = _gold_labels(project, selection, passes, details)
    else:
        labels = _coder_labels(project, selection, passes, details)
    articles = article_rows(project)
    for article_id, spans, answers, relations in labels:
        for row in articles:
            if row[0] == article_id:
                break
        else:  # labels on an article that is not there: the foreign key forbids it
            return
        if relations:
            kept = {span.id for span in spans}
            relations = [r for r in relations if r.head in kept and r.tail in kept]
        article_id, uuid, digest, title, outlet, url, published, story, text, meta = row
        article = ArticleExport(
            article_id,
            uuid,
            digest,
            title,
            outlet,
            url,
            published,
            story,
            text,
            _json(meta, {}),
            spans,
            answers,
            relations,
        )
        if article.has_labels:
            yield article


def _gold_labels(project, selection: Selection, passes, details: bool):
    spans, answers = gold_label_rows(project, selection.layers, selection.schemes, details)
    make = _span if details else _bare_span
    for article_id, span_rows, answer_rows, _ in _joined(spans, answers, []):
        if not passes(article_id, None):
            continue
        found = [make(row) for row in span_rows]
        if details:  # in text order; a corpus orders its spans itself
            found.sort(key=_SPAN_ORDER)
        answered = sorted((_answer(row) for row in answer_rows), key=_SCHEME)
        yield article_id, found, answered, []


def _coder_labels(project, selection: Selection, passes, details: bool):
    coder = selected_coder(project, selection)
    spans, answers, relations = coder_label_rows(
        project, coder, selection.layers, selection.schemes, details
    )
    make = _span if details else _bare_span
    for article_id, span_rows, answer_rows, relation_rows in _joined(spans, answers, relations):
        yield (
            article_id,
            [make(r) for r in span_rows if passes(article_id, r[8])],
            [_answer(r) for r in answer_rows if passes(article_id, r[5])],
            [_relation(r) for r in relation_rows if passes(article_id, r[7])],
        )


def _span(row: tuple) -> ExportSpan:
    return _record(ExportSpan, (*row[1:6], _json(row[6], {}), *row[7:]))


def _bare_span(row: tuple) -> ExportSpan:
    """Without details: the row as it is (attributes None)."""
    return _record(ExportSpan, row[1:])


def _answer(row: tuple) -> ExportAnswer:
    return _record(ExportAnswer, (row[1], row[2], _json(row[3]), *row[4:]))


def _relation(row: tuple) -> ExportRelation:
    return _record(ExportRelation, (*row[1:5], _json(row[5], {}), *row[6:]))


_SPAN_ORDER = itemgetter(3, 4, 1, 2)  # start, end, layer, label
_SCHEME = itemgetter(1)


def _joined(*cursors) -> Iterator[tuple]:
    """(article id, rows of each cursor) for every article the first two have rows for."""
    groups = [_Groups(cursor) for cursor in cursors]
    while True:
        heads = [h for h in (groups[0].head(), groups[1].head()) if h is not None]
        if not heads:
            return
        article_id = min(heads)
        yield (article_id, *(group.take(article_id) for group in groups))


class _Groups:
    """Rows of a cursor ordered by article id, handed out one article at a time."""

    def __init__(self, cursor):
        self.groups = groupby(cursor, key=itemgetter(0))
        self.current = next(self.groups, None)

    def head(self) -> int | None:
        return None if self.current is None else self.current[0]

    def take(self, article_id: int) -> list[tuple]:
        while self.current is not None and self.current[0] < article_id:
            self.current = next(self.groups, None)
        if self.current is None or self.current[0] != article_id:
            return []
        rows = list(self.current[1])
        self.current = next(self.groups, None)
        return rows
