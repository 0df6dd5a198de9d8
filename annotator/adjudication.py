"""Adjudication: turning the coders' versions of each unit into gold.

- ``take_version``: the supervisor picks one coder's version of a unit (an answer, or the
  coder's spans in a span unit, possibly none) and it becomes the unit's gold.
- ``take_attribute``: for a span unit, one attribute of its gold spans (stance, source type…)
  becomes the value one coder, or most coders, gave.
- ``accept_agreed``: every unit agreed on its spans and every attribute that has no gold yet
  gets the agreed version, in one transaction; it counts the undecided units it left.
- ``gold_status``: how many units are agreed, disputed and decided, per scheme and layer, per
  attribute, and per article (``ArticleProgress``).
- ``unfinished_gold``: the articles with gold but undecided units, which gold export leaves out.
Own versions are written with ``gold.set_gold_answer`` and ``gold.replace_gold_spans``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.disagreements import Unit, list_units
from annotator.errors import LabelError
from annotator.export import Selection
from annotator.store import Project
from annotator.store.gold import (
    GoldSpanDraft,
    articles_with_gold,
    gold_articles,
    read_gold,
    replace_gold_spans,
    set_gold_answer,
)


@dataclass
class AcceptResult:
    answers: int = 0
    span_units: int = 0
    spans: int = 0
    left_disputed: int = 0  # undecided disputed units left for a supervisor
    left_on_attributes: int = 0  # of them: the same spans, an attribute differs

    def sentence(self) -> str:
        """What was accepted and what was left, for people."""
        left = f"left {self.left_disputed} disputed unit(s) for a decision"
        if self.left_on_attributes:
            left += f" ({self.left_on_attributes} differ only in an attribute)"
        return (
            f"Accepted into gold: {self.answers} agreed answers and {self.span_units} agreed "
            f"span units ({self.spans} spans); {left}"
        )


@dataclass
class UnitCounts:
    units: int = 0
    agreed: int = 0
    disputed: int = 0
    decided_agreed: int = 0
    decided_disputed: int = 0
    on_attributes: int = 0  # disputed units whose spans agree but an attribute differs

    @property
    def open(self) -> int:
        """Disputed units still without gold."""
        return self.disputed - self.decided_disputed


@dataclass
class ArticleProgress:
    """How far one article's adjudication has come."""

    article_id: int
    title: str
    units: int = 0  # units with two or more versions
    decided: int = 0  # with gold
    disputed: int = 0
    open: int = 0  # disputed and undecided
    waiting: int = 0  # agreed, not yet accepted into gold

    @property
    def finished(self) -> bool:
        return self.decided == self.units

    def why_unfinished(self) -> str:
        parts = [f"{self.open} disputed unit(s) undecided"] if self.open else []
        if self.waiting:
            parts.append(f"{self.waiting} agreed unit(s) not yet accepted")
        return f"“{self.title}”: {', '.join(parts)} ({self.decided} of {self.units} decided)"


@dataclass
class GoldStatus:
    by_scheme: dict[str, UnitCounts] = field(default_factory=dict)
    by_layer: dict[str, UnitCounts] = field(default_factory=dict)
    by_attribute: dict[str, UnitCounts] = field(default_factory=dict)  # "layer.attribute"
    by_article: list[ArticleProgress] = field(default_factory=list)
    articles_with_gold: int = 0

    def to_dict(self) -> dict:
        def counts(group: dict[str, UnitCounts]) -> dict:
            return {name: {**vars(c), "open": c.open} for name, c in group.items()}

        return {
            "schemes": counts(self.by_scheme),
            "layers": counts(self.by_layer),
            "attributes": counts(self.by_attribute),
            "articles": [{**vars(a), "finished": a.finished} for a in self.by_article if a.units],
            "articles_with_gold": self.articles_with_gold,
        }


def take_version(project: Project, unit: Unit, coder: str, decided_by: str) -> None:
    """Make one coder's version of ``unit`` its gold (``coder``: display name or uuid)."""
    try:
        version = unit.version(coder)
    except KeyError:
        raise LabelError(f"{coder} has no version of {unit.key}") from None
    _write(project, unit, version.value, version.uuids, decided_by)


def majority(values: dict[str, Any]) -> Any:
    """The value most coders gave (None when no value leads: a tie, or nothing set)."""
    counted = Counter(v for v in values.values() if v is not None and not isinstance(v, tuple))
    ranked = counted.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def take_attribute(
    project: Project, unit: Unit, attribute: str, value: Any, decided_by: str
) -> int:
    """Set ``attribute`` on the gold spans of a span unit to ``value`` (a choice of the
    codebook, or None to unset); returns how many gold spans took it.

    A unit without gold first gets the spans the coders agree on; a unit whose coders' spans
    differ needs one coder's version taken first.
    """
    if unit.kind != "spans" or unit.start is None or unit.end is None:
        raise LabelError(f"{unit.key} is an answer, not spans with attributes")
    layer = project.codebook.layer(unit.name)
    known = [a for a in layer.attributes if a.name == attribute and a.kind == "choice"]
    if not known:
        raise LabelError(f"layer {unit.name} has no choice attribute '{attribute}'")
    choices = [c.name for c in known[0].choices]
    if value is not None and value not in choices:
        raise LabelError(f"{attribute} must be one of {', '.join(choices)}, not '{value}'")
    start, end = unit.start, unit.end
    gold = [
        GoldSpanDraft(g.label, g.start, g.end, dict(g.attrs), g.from_uuid)
        for g in read_gold(project, unit.article_id).spans
        if g.layer == unit.name and g.start < end and g.end > start
    ]
    if not gold and unit.decided:
        raise LabelError(f"the gold of {unit.key} has no span to set {attribute} on")
    if not gold and not unit.spans_agreed:
        raise LabelError(f"the coders' spans differ at {unit.key}: take one coder's version first")
    if not gold:
        first = unit.versions[0]
        gold = [
            GoldSpanDraft(label, s, e, dict(project.spans.get(uuid).attrs), uuid)
            for (s, e, label), uuid in zip(first.value, first.uuids, strict=True)
        ]
    taking = [d for d in gold if known[0] in layer.attributes_for(d.label)]
    if not taking:
        raise LabelError(f"no gold span of {unit.key} takes {attribute}")
    for draft in taking:
        if value is None:
            draft.attrs.pop(attribute, None)
        else:
            draft.attrs[attribute] = value
    replace_gold_spans(project, unit.article_id, unit.name, start, end, gold, decided_by)
    return len(taking)


def accept_agreed(
    project: Project,
    decided_by: str,
    *,
    coders: Sequence[str] | None = None,
    units: Sequence[Unit] | None = None,
) -> AcceptResult:
    """Gold for every agreed unit that has none yet, in one transaction."""
    result = AcceptResult()
    chosen = units if units is not None else list_units(project, coders=coders)
    with project.transaction():
        for unit in chosen:
            if unit.decided:
                continue
            if not unit.agreed:
                result.left_disputed += 1
                result.left_on_attributes += unit.spans_agreed
                continue
            first = unit.versions[0]
            _write(project, unit, first.value, first.uuids, decided_by)
            if unit.kind == "answer":
                result.answers += 1
            else:
                result.span_units += 1
                result.spans += len(first.value)
    return result


def gold_status(project: Project, coders: Sequence[str] | None = None) -> GoldStatus:
    status = GoldStatus()
    units: list[Unit] = []
    for unit in list_units(project, coders=coders):
        group = status.by_scheme if unit.kind == "answer" else status.by_layer
        _count(group.setdefault(unit.name, UnitCounts()), unit, unit.agreed)
        if not unit.agreed and unit.spans_agreed:
            group[unit.name].on_attributes += 1
        for name in unit.attributes:
            if len(unit.attribute_values(name)) < 2:
                continue  # one coder marked a span here: nothing to compare its value with
            agreed = name not in unit.disputed_attributes
            _count(
                status.by_attribute.setdefault(f"{unit.name}.{name}", UnitCounts()), unit, agreed
            )
        units.append(unit)
    status.by_article = sorted(
        article_progress(units).values(), key=lambda a: (a.finished, -a.open, a.title)
    )
    status.articles_with_gold = articles_with_gold(project)
    return status


def article_progress(units: Sequence[Unit]) -> dict[int, ArticleProgress]:
    """Article id -> how far its adjudication has come, from its units."""
    articles: dict[int, ArticleProgress] = {}
    for unit in units:
        article = articles.setdefault(unit.article_id, ArticleProgress(unit.article_id, unit.title))
        article.units += 1
        article.decided += unit.decided
        article.disputed += not unit.agreed
        article.open += not unit.agreed and not unit.decided
        article.waiting += unit.agreed and not unit.decided
    return articles


def unfinished_gold(project: Project) -> list[ArticleProgress]:
    """Articles that have gold but also units without it: exporting their gold as it is would
    leave the undecided units' labels out, as if the coders had marked nothing there."""
    with_gold = {gold.article_id for gold in gold_articles(project)}
    return [
        a for a in gold_status(project).by_article if not a.finished and a.article_id in with_gold
    ]


def without_unfinished_gold(project: Project, selection: Selection) -> Selection:
    """A gold export's selection without the partly adjudicated articles, each with why."""
    if selection.source.kind != "gold":
        return selection
    left = tuple((a.article_id, a.why_unfinished()) for a in unfinished_gold(project))
    return replace(selection, left_out=left)


def _count(counts: UnitCounts, unit: Unit, agreed: bool) -> None:
    counts.units += 1
    if agreed:
        counts.agreed += 1
        counts.decided_agreed += unit.decided
    else:
        counts.disputed += 1
        counts.decided_disputed += unit.decided


def _write(project: Project, unit: Unit, value, uuids: tuple[str, ...], decided_by: str) -> None:
    if unit.kind == "answer":
        set_gold_answer(project, unit.article_id, unit.name, value, decided_by, uuids[0])
        return
    assert unit.start is not None and unit.end is not None  # a span unit is a stretch
    drafts = []
    for (start, end, label), uuid in zip(value, uuids, strict=True):
        attrs = project.spans.get(uuid).attrs
        drafts.append(GoldSpanDraft(label, start, end, attrs, uuid))
    replace_gold_spans(
        project, unit.article_id, unit.name, unit.start, unit.end, drafts, decided_by
    )
