"""The units coders are compared on, with each coder's version: what a supervisor adjudicates.

Two kinds of unit, over the articles two or more coders coded:
- an *answer*: one article's answer to one choice scheme, from each coder who answered;
- a *span unit*: a stretch of one layer where coders marked overlapping spans (see
  ``annotator.agreement.span_units``), with each coder's spans there (possibly none).
A unit is *agreed* when all versions are the same, *disputed* otherwise; its disagreement is
the share of pairs of coders whose versions differ. ``gold`` is what was decided for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from annotator.agreement.project_data import read_project_labels
from annotator.agreement.span_units import span_units
from annotator.agreement.spans import SpanDocument
from annotator.store import Project
from annotator.store.gold import ArticleGold, gold_articles
from annotator.store.live_labels import live_spans


@dataclass(frozen=True)
class Version:
    coder: str  # uuid
    name: str  # display name
    value: Any  # an answer, or a tuple of (start, end, label) spans
    uuids: tuple[str, ...]  # the coder's doc label, or their spans in the unit (in order)


@dataclass(frozen=True)
class Unit:
    kind: str  # "answer" or "spans"
    article_id: int
    article_uuid: str
    title: str
    name: str  # the scheme or the layer
    start: int | None
    end: int | None
    versions: tuple[Version, ...]
    disagreement: float
    gold: Any = None  # the decided answer or spans; None while undecided

    @property
    def key(self) -> str:
        where = f"/{self.start}-{self.end}" if self.kind == "spans" else ""
        return f"{self.article_uuid}/{self.name}{where}"

    @property
    def agreed(self) -> bool:
        return self.disagreement == 0.0

    @property
    def decided(self) -> bool:
        return self.gold is not None

    def version(self, coder: str) -> Version:
        """A coder's version, by display name or uuid."""
        for version in self.versions:
            if coder in (version.name, version.coder):
                return version
        raise KeyError(coder)


def list_units(
    project: Project,
    *,
    coders: Sequence[str] | None = None,
    article_id: int | None = None,
    disputed_only: bool = False,
) -> list[Unit]:
    """Every unit with two or more versions, most contested first (then by article)."""
    labels = read_project_labels(project, coders)
    wanted = set(labels.coded_by_several())
    if article_id is not None:
        wanted &= {article_id}
    gold = {g.article_id: g for g in gold_articles(project) if g.article_id in wanted}
    units: list[Unit] = []
    for scheme in project.codebook.schemes:
        if scheme.kind == "text":
            continue
        by_article: dict[int, list[Version]] = defaultdict(list)
        for rating in labels.doc_labels.get(scheme.name, ()):
            if rating.article in wanted:
                version = Version(
                    rating.coder, labels.name(rating.coder), rating.value, (rating.uuid,)
                )
                by_article[rating.article].append(version)
        for article, versions in by_article.items():
            if len(versions) < 2:
                continue
            answer = gold.get(article, ArticleGold(article)).answers.get(scheme.name)
            units.append(
                _unit(labels, "answer", article, scheme.name, None, None, versions, answer)
            )
    spans = _span_rows(project, set(labels.coded), wanted)
    for layer in project.codebook.layers:
        for article in sorted(wanted):
            marked = spans.get((layer.name, article), {})
            coders_here = [c for c in labels.coders if article in labels.coded[c.uuid]]
            document = SpanDocument(
                labels.articles[article].length,
                {c.uuid: [row[:3] for row in marked.get(c.uuid, [])] for c in coders_here},
                id=article,
            )
            decided = gold.get(article)
            for found in span_units(document):
                versions = [
                    Version(
                        c.uuid,
                        c.name,
                        found.versions[c.uuid],
                        _uuids(marked.get(c.uuid, []), found.versions[c.uuid]),
                    )
                    for c in coders_here
                ]
                spans_decided = _gold_spans(decided, layer.name, found.start, found.end)
                units.append(
                    _unit(
                        labels,
                        "spans",
                        article,
                        layer.name,
                        found.start,
                        found.end,
                        versions,
                        spans_decided,
                    )
                )
    if disputed_only:
        units = [unit for unit in units if not unit.agreed]
    units.sort(key=lambda u: (-u.disagreement, u.article_id, u.kind, u.name, u.start or 0))
    return units


def _unit(labels, kind, article, name, start, end, versions, gold_value) -> Unit:
    values = [_comparable(v.value) for v in versions]
    pairs = list(combinations(values, 2))
    share = sum(a != b for a, b in pairs) / len(pairs)
    ref = labels.articles[article]
    if kind == "answer" and gold_value is not None:
        gold_value = gold_value.value
    return Unit(
        kind, article, ref.uuid, ref.title, name, start, end, tuple(versions), share, gold_value
    )


def _comparable(value: Any) -> Any:
    return frozenset(value) if isinstance(value, list) else value


def _span_rows(project: Project, coders: set[str], articles: set[int]) -> dict:
    """(layer, article) -> coder uuid -> their live (start, end, label, uuid) spans."""
    found: dict[tuple[str, int], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for layer, article, coder, start, end, label, uuid in live_spans(project, in_text_order=True):
        if coder in coders and article in articles:
            found[(layer, article)][coder].append((start, end, label, uuid))
    return found


def _uuids(rows: list[tuple], version: tuple) -> tuple[str, ...]:
    """The uuid of one of the coder's spans for each span of the version."""
    first: dict[tuple, str] = {}
    for start, end, label, uuid in rows:
        first.setdefault((start, end, label), uuid)
    return tuple(first[span] for span in version)


def _gold_spans(gold: ArticleGold | None, layer: str, start: int, end: int) -> tuple | None:
    """The gold spans overlapping a unit, or None when nothing there was decided."""
    if gold is None:
        return None
    spans = tuple(
        (s.start, s.end, s.label)
        for s in gold.spans
        if s.layer == layer and s.start < end and s.end > start
    )
    empty = any(e[0] == layer and e[1] < end and e[2] > start for e in gold.empty)
    return spans if spans or empty else None
