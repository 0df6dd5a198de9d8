"""Which labels an export takes: the source (gold, one coder, every coder), layers, schemes and
article status; and the labels themselves, streamed one article at a time.

Articles and label rows are read with one query per table in article order and joined as they
stream, so 10,000 articles with 500,000 spans never sit in memory together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from annotator.errors import AnnotatorError
from annotator.gold import gold_articles
from annotator.model import STATUSES
from annotator.store import Project
from annotator.store.rows import from_json

SOURCE_HELP = "gold (default), coder:NAME, or all-coders"


class ExportError(AnnotatorError):
    """An export that cannot be made as asked: bad options, no labels, an unwritable path."""


@dataclass(frozen=True)
class Source:
    """Where labels come from: ``gold``, one coder (``coder:NAME``) or ``all-coders``."""

    kind: str  # "gold", "coder" or "all-coders"
    coder: str | None = None

    @classmethod
    def parse(cls, text: str) -> Source:
        text = text.strip()
        if text in ("gold", "all-coders"):
            return cls(text)
        if text.startswith("coder:") and text[6:].strip():
            return cls("coder", text[6:].strip())
        raise ExportError(f"unknown source '{text}'; choose {SOURCE_HELP}")

    def __str__(self) -> str:
        return f"coder:{self.coder}" if self.kind == "coder" else self.kind


@dataclass(frozen=True)
class Selection:
    source: Source = Source("gold")
    layers: tuple[str, ...] | None = None  # None: every layer
    schemes: tuple[str, ...] | None = None  # None: every scheme
    status: str | None = None  # only articles in this status (see ``article_passes``)


@dataclass(frozen=True)
class ExportSpan:
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


@dataclass(frozen=True)
class ExportAnswer:
    id: str
    scheme: str
    value: Any
    coder: str
    coder_id: str
    created: str
    updated: str
    from_id: str | None = None


@dataclass(frozen=True)
class ExportRelation:
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


def check_selection(project: Project, selection: Selection) -> None:
    """Refuse unknown layers, schemes, statuses and coders, naming what there is."""
    book = project.codebook
    known_layers = [layer.name for layer in book.layers]
    for name in selection.layers or ():
        if name not in known_layers:
            known = ", ".join(known_layers)
            raise ExportError(f"no layer '{name}' in the codebook; layers: {known}")
    known_schemes = [scheme.name for scheme in book.schemes]
    for name in selection.schemes or ():
        if name not in known_schemes:
            raise ExportError(
                f"no scheme '{name}' in the codebook; schemes: {', '.join(known_schemes)}"
            )
    if selection.status is not None and selection.status not in STATUSES:
        raise ExportError(f"status must be one of {', '.join(STATUSES)}, not '{selection.status}'")
    if selection.source.kind == "coder":
        coder_uuid(project, selection.source.coder or "")


def coder_uuid(project: Project, name: str) -> str:
    """The uuid of the coder with this display name (or uuid)."""
    if project.coders.get(name) is not None:
        return name
    found = project.coders.by_name(name)
    if len(found) == 1:
        return found[0].uuid
    names = ", ".join(c.name for c in project.coders.list()) or "none yet"
    if not found:
        raise ExportError(f"no coder named '{name}' in {project.path.name}; coders: {names}")
    raise ExportError(f"{len(found)} coders are named '{name}'; give the coder's id instead")


def read_articles(project: Project, selection: Selection) -> Iterator[ArticleExport]:
    """Every article with at least one selected label, in article id order."""
    check_selection(project, selection)
    names = dict(project.db.execute("select uuid, name from coders"))
    passes = _status_filter(project, selection.status)
    if selection.source.kind == "gold":
        labels = _gold_labels(project, selection, names, passes)
    else:
        labels = _coder_labels(project, selection, names, passes)
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
        kept = {span.id for span in spans}
        relations = [r for r in relations if r.head in kept and r.tail in kept]
        article = ArticleExport(*row[:9], from_json(row[9], {}), spans, answers, relations)
        if article.has_labels:
            yield article


@dataclass(frozen=True)
class LabeledArticle:
    """An article the export will contain, known before any text is read."""

    id: int
    uuid: str
    story: str | None
    coders: frozenset[str]  # whose labels it carries (gold: the empty set)


def labeled_articles(project: Project, selection: Selection) -> list[LabeledArticle]:
    """Exactly the articles ``read_articles`` yields, from the label tables alone (cheap):
    for progress totals, the "no labels" check and the train/dev split."""
    check_selection(project, selection)
    passes = _status_filter(project, selection.status)
    found: dict[int, set[str]] = defaultdict(set)
    if selection.source.kind == "gold":
        layer_sql, layer_params = _in("layer", selection.layers)
        scheme_sql, scheme_params = _in("scheme", selection.schemes)
        rows = project.db.execute(
            f"select distinct article_id from gold where deleted = 0 and ((kind = 'span'"
            f"{layer_sql}) or (kind = 'doc_label'{scheme_sql}))",
            layer_params + scheme_params,
        )
        for (article_id,) in rows:
            if passes(article_id, None):
                found[article_id]
    else:
        coder_sql, coder_params = _coder_clause(project, selection)
        layer_sql, layer_params = _in("layer", selection.layers)
        scheme_sql, scheme_params = _in("scheme", selection.schemes)
        rows = project.db.execute(
            "select distinct article_id, coder_uuid from spans where deleted = 0"
            f"{coder_sql}{layer_sql} union select distinct article_id, coder_uuid from "
            f"doc_labels where deleted = 0{coder_sql}{scheme_sql}",
            coder_params + layer_params + coder_params + scheme_params,
        )
        for article_id, coder in rows:
            if passes(article_id, coder):
                found[article_id].add(coder)
    articles = project.db.execute("select id, uuid, story from articles order by id")
    return [
        LabeledArticle(article_id, uuid, story, frozenset(found[article_id]))
        for article_id, uuid, story in articles
        if article_id in found
    ]


def _coder_clause(project: Project, selection: Selection) -> tuple[str, list[str]]:
    if selection.source.kind != "coder":
        return "", []
    return " and coder_uuid = ?", [coder_uuid(project, selection.source.coder or "")]


def _status_filter(project: Project, status: str | None):
    """A test ``passes(article_id, coder_uuid or None)``; None asks about gold.

    For a coder: their status on the article (untouched articles are to do). For gold: every
    coder who has a status on the article has this one (so ``done`` means all who worked on
    it finished it); an article nobody touched is to do.
    """
    if status is None:
        return lambda article_id, coder: True
    by_pair: dict[tuple[int, str], str] = {}
    by_article: dict[int, set[str]] = defaultdict(set)
    for article_id, coder, value in project.db.execute(
        "select article_id, coder_uuid, status from progress"
    ):
        by_pair[(article_id, coder)] = value
        by_article[article_id].add(value)

    def passes(article_id: int, coder: str | None) -> bool:
        if coder is None:
            return by_article.get(article_id, {"todo"}) == {status}
        return by_pair.get((article_id, coder), "todo") == status

    return passes


def _in(column: str, names: tuple[str, ...] | None) -> tuple[str, list[str]]:
    if names is None:
        return "", []
    return f" and {column} in ({', '.join('?' * len(names))})", list(names)


def _gold_labels(project: Project, selection: Selection, names: dict, passes) -> Iterator:
    layers = selection.layers
    schemes = selection.schemes
    for gold in gold_articles(project):
        if not passes(gold.article_id, None):
            continue
        spans = [
            ExportSpan(
                s.uuid,
                s.layer,
                s.label,
                s.start,
                s.end,
                s.attrs,
                names.get(s.decided_by, ""),
                s.decided_by,
                None,
                s.updated,
                s.updated,
                s.from_uuid,
            )
            for s in gold.spans
            if layers is None or s.layer in layers
        ]
        answers = [
            ExportAnswer(
                a.uuid,
                a.scheme,
                a.value,
                names.get(a.decided_by, ""),
                a.decided_by,
                a.updated,
                a.updated,
                a.from_uuid,
            )
            for a in gold.answers.values()
            if schemes is None or a.scheme in schemes
        ]
        answers.sort(key=lambda a: a.scheme)
        yield gold.article_id, spans, answers, []


def _coder_labels(project: Project, selection: Selection, names: dict, passes) -> Iterator:
    coder_sql, coder_params = _coder_clause(project, selection)
    layer_sql, layer_params = _in("layer", selection.layers)
    scheme_sql, scheme_params = _in("scheme", selection.schemes)
    order = " order by article_id, created, uuid"
    spans = project.db.execute(
        'select article_id, uuid, layer, label, start, "end", attrs, coder_uuid, origin, '
        f"created, updated from spans where deleted = 0{coder_sql}{layer_sql}{order}",
        coder_params + layer_params,
    )
    answers = project.db.execute(
        "select article_id, uuid, scheme, value, coder_uuid, created, updated from doc_labels "
        f"where deleted = 0{coder_sql}{scheme_sql}{order}",
        coder_params + scheme_params,
    )
    relations = project.db.execute(
        "select article_id, uuid, kind, head, tail, attrs, coder_uuid, created, updated "
        f"from relations where deleted = 0{coder_sql}{order}",
        coder_params,
    )
    yield from _joined(_Groups(spans), _Groups(answers), _Groups(relations), names, passes)


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


def _joined(spans: _Groups, answers: _Groups, relations: _Groups, names: dict, passes):
    while True:
        heads = [h for h in (spans.head(), answers.head()) if h is not None]
        if not heads:
            return
        article_id = min(heads)
        span_rows = spans.take(article_id)
        answer_rows = answers.take(article_id)
        relation_rows = relations.take(article_id)
        yield (
            article_id,
            [
                ExportSpan(
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    r[5],
                    from_json(r[6], {}),
                    names.get(r[7], ""),
                    r[7],
                    r[8],
                    r[9],
                    r[10],
                )
                for r in span_rows
                if passes(article_id, r[7])
            ],
            [
                ExportAnswer(r[1], r[2], from_json(r[3]), names.get(r[4], ""), r[4], r[5], r[6])
                for r in answer_rows
                if passes(article_id, r[4])
            ],
            [
                ExportRelation(
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    from_json(r[5], {}),
                    names.get(r[6], ""),
                    r[6],
                    r[7],
                    r[8],
                )
                for r in relation_rows
                if passes(article_id, r[6])
            ],
        )
