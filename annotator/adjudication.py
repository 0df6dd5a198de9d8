"""Adjudication: turning the coders' versions of each unit into gold.

- ``take_version``: the supervisor picks one coder's version of a unit (an answer, or the
  coder's spans in a span unit, possibly none) and it becomes the unit's gold.
- ``accept_agreed``: every agreed unit that has no gold yet gets the agreed version, in one
  transaction.
- ``gold_status``: how many units are agreed, disputed and decided, per scheme and layer.
Own versions are written with ``gold.set_gold_answer`` and ``gold.replace_gold_spans``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.disagreements import Unit, list_units
from annotator.errors import LabelError
from annotator.store import Project
from annotator.store.gold import (
    GoldSpanDraft,
    articles_with_gold,
    replace_gold_spans,
    set_gold_answer,
)


@dataclass
class AcceptResult:
    answers: int = 0
    span_units: int = 0
    spans: int = 0


@dataclass
class UnitCounts:
    units: int = 0
    agreed: int = 0
    disputed: int = 0
    decided_agreed: int = 0
    decided_disputed: int = 0

    @property
    def open(self) -> int:
        """Disputed units still without gold."""
        return self.disputed - self.decided_disputed


@dataclass
class GoldStatus:
    by_scheme: dict[str, UnitCounts] = field(default_factory=dict)
    by_layer: dict[str, UnitCounts] = field(default_factory=dict)
    articles_with_gold: int = 0

    def to_dict(self) -> dict:
        def counts(group: dict[str, UnitCounts]) -> dict:
            return {name: {**vars(c), "open": c.open} for name, c in group.items()}

        return {
            "schemes": counts(self.by_scheme),
            "layers": counts(self.by_layer),
            "articles_with_gold": self.articles_with_gold,
        }


def take_version(project: Project, unit: Unit, coder: str, decided_by: str) -> None:
    """Make one coder's version of ``unit`` its gold (``coder``: display name or uuid)."""
    try:
        version = unit.version(coder)
    except KeyError:
        raise LabelError(f"{coder} has no version of {unit.key}") from None
    _write(project, unit, version.value, version.uuids, decided_by)


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
            if not unit.agreed or unit.decided:
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
    for unit in list_units(project, coders=coders):
        group = status.by_scheme if unit.kind == "answer" else status.by_layer
        counts = group.setdefault(unit.name, UnitCounts())
        counts.units += 1
        if unit.agreed:
            counts.agreed += 1
            counts.decided_agreed += unit.decided
        else:
            counts.disputed += 1
            counts.decided_disputed += unit.decided
    status.articles_with_gold = articles_with_gold(project)
    return status


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
