"""Every coder's live (not tombstoned) labels, read in bulk as plain rows.

What agreement, disagreements, merging and the coder's article list read across the whole
project: who has work, which articles each coder coded, and their answers and spans, one
query per table. Rows are tuples in the order each function's docstring gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from annotator.store.rows import from_json

if TYPE_CHECKING:
    from annotator.store.project import Project

# A coder coded an article when they marked it done or left a live label or decision on it.
_CODED = (
    "select coder_uuid, article_id from progress where status = 'done' union "
    "select coder_uuid, article_id from spans where deleted = 0 union "
    "select coder_uuid, article_id from doc_labels where deleted = 0 union "
    "select coder_uuid, article_id from decisions where deleted = 0"
)


def coded_articles(project: Project) -> Iterator[tuple[str, int]]:
    """(coder uuid, article id) for every article a coder coded (see ``_CODED``)."""
    yield from project.db.execute(_CODED)


def coders_with_labels(project: Project) -> set[str]:
    """Uuids of the coders with a live span or document label."""
    rows = project.db.execute(
        "select coder_uuid from spans where deleted = 0 union "
        "select coder_uuid from doc_labels where deleted = 0"
    )
    return {row[0] for row in rows}


def live_answers(project: Project) -> Iterator[tuple[str, int, str, Any, str]]:
    """(coder uuid, article id, scheme, value, label uuid) of every live document label."""
    rows = project.db.execute(
        "select coder_uuid, article_id, scheme, value, uuid from doc_labels where deleted = 0"
    )
    parsed: dict[str | None, tuple[str, Any]] = {}  # answers repeat: parse each text once
    for coder, article, scheme, value, uuid in rows:
        found = parsed.get(value)
        if found is None:
            found = parsed[value] = _answer(value)
        kind, answer = found
        if kind == "list":
            answer = list(answer)  # each row its own list
        elif kind == "deep":
            answer = from_json(value)  # nested values are not shared either
        yield coder, article, scheme, answer, uuid


_SCALARS = (str, int, float, bool, type(None))


def _answer(text: str | None) -> tuple[str, Any]:
    """("plain", value), ("list", its items as a tuple) or ("deep", None) for an answer's text."""
    value = from_json(text)
    if type(value) in _SCALARS:
        return "plain", value
    if type(value) is list and all(type(item) in _SCALARS for item in value):
        return "list", tuple(value)
    return "deep", None


def live_spans(
    project: Project,
) -> Iterator[tuple[str, int, str, int, int, str, dict[str, Any], str]]:
    """(layer, article id, coder uuid, start, end, label, attrs, span uuid) of every live span,
    in no particular order. Spans with the same attributes share one attrs dict: read it, do
    not change it."""
    rows = project.db.execute(
        'select layer, article_id, coder_uuid, start, "end", label, attrs, uuid from spans '
        "where deleted = 0"
    )
    parsed: dict[str | None, dict[str, Any]] = {}  # spans share few attribute sets
    for layer, article, coder, start, end, label, attrs, uuid in rows:
        values = parsed.get(attrs)
        if values is None:
            values = parsed[attrs] = from_json(attrs, {})
        yield layer, article, coder, start, end, label, values, uuid


def live_label_counts(project: Project, coder_uuid: str) -> dict[int, int]:
    """Article id -> how many live spans and document labels this coder has on it."""
    return dict(
        project.db.execute(
            "select article_id, sum(n) from ("
            " select article_id, count(*) as n from spans where coder_uuid = ? and deleted = 0"
            " group by article_id union all"
            " select article_id, count(*) from doc_labels where coder_uuid = ? and deleted = 0"
            " group by article_id) group by article_id",
            [coder_uuid, coder_uuid],
        )
    )


SpanRow = tuple[int, str, int, int, str, dict[str, Any], str]


def live_layer_spans(project: Project, layer: str) -> Iterator[SpanRow]:
    """(article id, coder uuid, start, end, label, attrs, span uuid) of every live span of one
    layer, in text order. Spans with the same attributes share one attrs dict: read it, do not
    change it."""
    rows = project.db.execute(
        'select article_id, coder_uuid, start, "end", label, attrs, uuid from spans '
        'where deleted = 0 and layer = ? order by article_id, start, "end", label, uuid',
        [layer],
    )
    parsed: dict[str | None, dict[str, Any]] = {}  # a layer's spans share few attribute sets
    for article, coder, start, end, label, attrs, uuid in rows:
        values = parsed.get(attrs)
        if values is None:
            values = parsed[attrs] = from_json(attrs, {})
        yield article, coder, start, end, label, values, uuid


def live_relations(project: Project) -> Iterator[tuple[int, str, str, str, str]]:
    """(article id, coder uuid, kind, head uuid, tail uuid) of every live relation, oldest
    first."""
    yield from project.db.execute(
        "select article_id, coder_uuid, kind, head, tail from relations where deleted = 0 "
        "order by created, uuid"
    )
