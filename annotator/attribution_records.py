"""Attribution records: a cue with the source and the content linked to it, read from spans and
relations. The one place that knows how an attribution is put together.

A coder marks the three parts as spans of the ``attribution`` layer (labels ``cue``, ``source``,
``content``) and links a source or a content to its cue with a relation (``source_of`` or
``content_of``, head = the part, tail = the cue). A *record* is one cue with what is linked to
it; a source or content linked to no cue is a record of its own, missing its cue (and the other
part). Any part may be missing while the coder builds the record; ``missing`` says which.

A part can come in pieces: a content its cue interrupts ("The good news, he said, is that ...")
or a discontinuous span imported from brat. A further piece is linked to the part by a
``fragment_of`` relation (head = the piece) and belongs to that part's record, never a record of
its own (``AttributionRecord.fragments``).

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
FRAGMENT_OF = "fragment_of"  # a further piece of a span -> the span (head -> tail)
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
    fragments: tuple[tuple[str, S], ...] = ()  # (role, a further piece of that part)

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
        """Its spans: cue, source and content, then the further pieces of any of them."""
        found = [span for span in (self.cue, self.source, self.content) if span is not None]
        return found + [piece for _, piece in self.fragments]

    @property
    def start(self) -> int:
        return min(s.start for s in self.parts)

    def pieces(self, role: str) -> list[S]:
        """The part of ``role`` with its further pieces, in text order (none if it is missing)."""
        part = self.part(role)
        if part is None:
            return []
        return sorted([part, *(p for r, p in self.fragments if r == role)], key=_TEXT_ORDER)


def words_of(record: AttributionRecord, role: str, text: str) -> str:
    """The words of a record's part, a part in pieces as "X … Y" ("" if it is missing)."""
    return " … ".join(text[piece.start : piece.end] for piece in record.pieces(role))


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
    then appears in each of their records. A piece linked by ``fragment_of`` to a source or
    content goes with it.
    """
    parts = {s.uuid: s for s in spans if s.layer == LAYER}
    linked: dict[str, dict[str, S]] = {}
    pieces: dict[str, list[S]] = {}  # a part's uuid -> its further pieces
    used: set[str] = set()
    for relation in relations:
        head, tail = parts.get(relation.head), parts.get(relation.tail)
        if relation.kind == FRAGMENT_OF:
            if head is not None and tail is not None and head.label == tail.label != "cue":
                pieces.setdefault(tail.uuid, []).append(head)
            continue
        role = LINK_ROLES.get(relation.kind)
        if head is None or tail is None or tail.label != "cue" or role != head.label:
            continue
        linked.setdefault(tail.uuid, {})[role] = head
    for found in linked.values():
        used.update(span.uuid for span in found.values())
    used.update(piece.uuid for found in pieces.values() for piece in found)
    # (start of the record's first part, whether it lacks a cue, its number, the record)
    found_records: list[tuple[int, bool, int, AttributionRecord[S]]] = []
    for span in sorted(parts.values(), key=_TEXT_ORDER):
        if span.label == "cue":
            found = linked.get(span.uuid, {})
            source, content = found.get("source"), found.get("content")
            record = AttributionRecord(span, source, content, _pieces(pieces, source, content))
            start = record.start if found else span.start
        elif span.uuid not in used and span.label in ROLE_LINKS:
            source = span if span.label == "source" else None
            content = span if span.label == "content" else None
            record = AttributionRecord(None, source, content, _pieces(pieces, source, content))
            start = span.start
        else:
            continue
        found_records.append((start, record.cue is None, len(found_records), record))
    found_records.sort()  # by first part, a record with a cue first; the numbers keep ties
    return [record for *_, record in found_records]


def _pieces(pieces: dict[str, list[S]], source: S | None, content: S | None):
    """(role, piece) of the further pieces of a record's source and content, in text order."""
    found = [
        (part.label, piece)
        for part in (source, content)
        if part is not None
        for piece in pieces.get(part.uuid, ())
    ]
    return tuple(sorted(found, key=lambda pair: _TEXT_ORDER(pair[1])))


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


def records_to_piece(
    span: S, records: Iterable[AttributionRecord[S]]
) -> list[AttributionRecord[S]]:
    """The records ``span`` can become a further piece of: those with a part of its role
    (a source or content) that do not hold it yet."""
    if span.layer != LAYER or span.label not in ROLE_LINKS:
        return []
    return [
        r
        for r in records
        if r.part(span.label) is not None and all(p.uuid != span.uuid for p in r.parts)
    ]


def describe_missing(record: AttributionRecord) -> str:
    """'no source', 'no cue and no content', or '' for a complete record."""
    missing = record.missing
    if not missing:
        return ""
    return "no " + " and no ".join(missing)
