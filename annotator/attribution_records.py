"""Attribution records: a cue with the source and the content linked to it, read from spans and
relations. The one place that knows how an attribution is put together.

A coder marks the three parts as spans of the ``attribution`` layer (labels ``cue``, ``source``,
``content``) and links a source or a content to its cue with a relation (``source_of`` or
``content_of``, head = the part, tail = the cue). A *record* is one cue with what is linked to
it; a source or content linked to no cue is a record of its own, missing its cue (and the other
part). Any part may be missing while the coder builds the record; ``missing`` says which.

Works on anything shaped like a span (``uuid``, ``layer``, ``label``, ``start``, ``end``) and a
relation (``kind``, ``head``, ``tail``), so the coder's view, agreement and adjudication build
records the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Generic, Protocol, TypeVar

LAYER = "attribution"
ROLES = ("cue", "source", "content")
ROLE_LINKS = {"source": "source_of", "content": "content_of"}  # part label -> relation kind
LINK_ROLES = {kind: role for role, kind in ROLE_LINKS.items()}


class SpanLike(Protocol):
    @property
    def uuid(self) -> str: ...
    @property
    def layer(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class RelationLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def head(self) -> str: ...
    @property
    def tail(self) -> str: ...


S = TypeVar("S", bound=SpanLike)


@dataclass(frozen=True)
class AttributionRecord(Generic[S]):
    """A cue with the source and content linked to it; any of the three may be missing."""

    cue: S | None
    source: S | None
    content: S | None

    def part(self, role: str) -> S | None:
        if role not in ROLES:
            raise KeyError(role)
        return getattr(self, role)

    @property
    def missing(self) -> tuple[str, ...]:
        """The roles this record has no span for, in the order cue, source, content."""
        return tuple(role for role in ROLES if self.part(role) is None)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def parts(self) -> list[S]:
        return [span for span in (self.cue, self.source, self.content) if span is not None]

    @property
    def start(self) -> int:
        return min(s.start for s in (self.cue, self.source, self.content) if s is not None)


def role_link(span: SpanLike) -> str | None:
    """The relation that links ``span`` to a cue (``source_of``, ``content_of``), or None when
    the span is no source or content of an attribution."""
    return ROLE_LINKS.get(span.label) if span.layer == LAYER else None


_TEXT_ORDER = attrgetter("start", "end", "uuid")


def attribution_records(
    spans: Iterable[S], relations: Iterable[RelationLike]
) -> list[AttributionRecord[S]]:
    """The records of one coder's spans on one article, in text order of their first part.

    A cue has at most one source and one content (the latest link wins, as relations come in
    creation order); a source may be linked to several cues (one person, two statements) and
    then appears in each of their records.
    """
    parts = {s.uuid: s for s in spans if s.layer == LAYER}
    linked: dict[str, dict[str, S]] = {}
    used: set[str] = set()
    for relation in relations:
        head, tail = parts.get(relation.head), parts.get(relation.tail)
        role = LINK_ROLES.get(relation.kind)
        if head is None or tail is None or tail.label != "cue" or role != head.label:
            continue
        linked.setdefault(tail.uuid, {})[role] = head
    for found in linked.values():
        used.update(span.uuid for span in found.values())
    # (start of the record's first part, whether it lacks a cue, its number, the record)
    found_records: list[tuple[int, bool, int, AttributionRecord[S]]] = []
    for span in sorted(parts.values(), key=_TEXT_ORDER):
        if span.label == "cue":
            found = linked.get(span.uuid, {})
            record = AttributionRecord(span, found.get("source"), found.get("content"))
            start = record.start if found else span.start
        elif span.uuid not in used and span.label in ROLE_LINKS:
            record = AttributionRecord(
                None,
                span if span.label == "source" else None,
                span if span.label == "content" else None,
            )
            start = span.start
        else:
            continue
        found_records.append((start, record.cue is None, len(found_records), record))
    found_records.sort()  # by first part, a record with a cue first; the numbers keep ties
    return [record for *_, record in found_records]


def records_to_join(span: S, records: Iterable[AttributionRecord[S]]) -> list[AttributionRecord[S]]:
    """The records ``span`` can become a part of: for a source or content, the records with a
    cue that do not hold it yet; for a cue, the records without a cue."""
    if span.layer != LAYER:
        return []
    if span.label == "cue":
        return [r for r in records if r.cue is None]
    if span.label not in ROLE_LINKS:
        return []
    return [r for r in records if r.cue is not None and r.part(span.label) != span]


def describe_missing(record: AttributionRecord) -> str:
    """'no source', 'no cue and no content', or '' for a complete record."""
    missing = record.missing
    if not missing:
        return ""
    return "no " + " and no ".join(missing)
