"""The units coders are compared on, with each coder's version: what a supervisor adjudicates.

Two kinds of unit, over the articles two or more coders coded:
- an *answer*: one article's answer to one choice scheme, from each coder who answered;
- a *span unit*: a stretch of one layer where coders marked overlapping spans (see
  ``annotator.agreement.span_units``), with each coder's spans there (possibly none).
A unit is *agreed* when all versions are the same, *disputed* otherwise; its disagreement is
the share of pairs of coders whose versions differ. A span version is its spans with their
choice attributes (stance, source type, quote type…): the same spans with a different stance
are a dispute, on that attribute. ``gold`` is what was decided for it.
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
from annotator.codebook import Layer
from annotator.store import Project
from annotator.store.gold import ArticleGold, gold_articles
from annotator.store.live_labels import live_layer_spans


@dataclass(frozen=True)
class Version:
    coder: str  # uuid
    name: str  # display name
    value: Any  # an answer, or a tuple of (start, end, label) spans
    uuids: tuple[str, ...]  # the coder's doc label, or their spans in the unit (in order)
    # for spans: each span's choice attributes, (name, value) pairs in codebook order (None: unset)
    attrs: tuple[tuple[tuple[str, Any], ...], ...] = ()

    def attribute(self, name: str) -> Any:
        """The coder's value of a choice attribute in the unit: None when unset or on none of
        their spans, a tuple of the values when their spans there differ."""
        values = {value for span in self.attrs for key, value in span if key == name}
        set_values = sorted((v for v in values if v is not None), key=str)
        if len(set_values) > 1:
            return tuple(set_values)
        return set_values[0] if set_values else None


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

    @property
    def spans_agreed(self) -> bool:
        """Every coder has the same spans (or answer), whatever their attributes."""
        return len({_comparable(v.value) for v in self.versions}) == 1

    @property
    def attributes(self) -> list[str]:
        """The choice attributes on the coders' spans in the unit, in codebook order."""
        return list(dict.fromkeys(k for v in self.versions for span in v.attrs for k, _ in span))

    def attribute_values(self, name: str) -> dict[str, Any]:
        """Coder display name -> their value of the attribute (see ``Version.attribute``), for
        the coders with a span in the unit (one without has no value to compare)."""
        return {v.name: v.attribute(name) for v in self.versions if v.value}

    @property
    def disputed_attributes(self) -> list[str]:
        """The attributes whose values differ between the coders who marked spans here."""
        return [
            name for name in self.attributes if len(set(self.attribute_values(name).values())) > 1
        ]

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
    for layer in project.codebook.layers:
        spans = _span_rows(project, layer, set(labels.coded), wanted)
        for article in sorted(wanted):
            marked = spans.get(article, {})
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
                        *_uuids_attrs(marked.get(c.uuid, []), found.versions[c.uuid]),
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
    values = [(_comparable(v.value), v.attrs) for v in versions]
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


def _span_rows(project: Project, layer: Layer, coders: set[str], articles: set[int]) -> dict:
    """Article -> coder uuid -> their live (start, end, label, uuid, choice attrs) spans of the
    layer, in text order."""
    choices = {
        label.name: [a.name for a in layer.attributes_for(label.name) if a.kind == "choice"]
        for label in layer.labels
    }
    found: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for article, coder, start, end, label, attrs, uuid in live_layer_spans(project, layer.name):
        if coder in coders and article in articles:
            chosen = tuple((name, attrs.get(name) or None) for name in choices.get(label, ()))
            found[article][coder].append((start, end, label, uuid, chosen))
    return found


def _uuids_attrs(rows: list[tuple], version: tuple) -> tuple[tuple[str, ...], tuple]:
    """The uuid of one of the coder's spans for each span of the version, and its attributes."""
    first: dict[tuple, tuple] = {}
    for start, end, label, uuid, attrs in rows:
        first.setdefault((start, end, label), (uuid, attrs))
    chosen = [first[span] for span in version]
    return tuple(uuid for uuid, _ in chosen), tuple(attrs for _, attrs in chosen)


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
