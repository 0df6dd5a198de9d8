"""Building attribution records by hand: link a span to a record, add a piece to a part,
unlink a part, and what to offer when a coder accepts a source or content that no cue holds yet.

Each action is one transaction and returns a ``labeling.Change`` (one undo step). A cue holds
at most one source and one content: linking another one in their place unlinks the old one in
the same action. Records are read with ``annotator.attribution_records``.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.attribution_records import (
    FRAGMENT_OF,
    LAYER,
    ROLE_LINKS,
    AttributionRecord,
)
from annotator.detect_layers import suggestion_target
from annotator.errors import LabelError
from annotator.labeling import Change, coder_records, is_first_part
from annotator.model import Span, Suggestion
from annotator.store import Project


def link_part(project: Project, coder_uuid: str, part: Span, cue: Span) -> Change:
    """Link a source or a content to a cue (replacing the cue's earlier one of that role); a
    piece of another part stops being one."""
    kind = ROLE_LINKS.get(part.label) if part.layer == LAYER else None
    if kind is None:
        raise LabelError("only a source or a content can be linked to a cue")
    if cue.layer != LAYER or cue.label != "cue":
        raise LabelError("a source or a content is linked to a cue, not to another part")
    if part.article_id != cue.article_id or {part.coder_uuid, cue.coder_uuid} != {coder_uuid}:
        raise LabelError("both spans must be this coder's, in the same article")
    with project.transaction():
        change = Change(f"Link {part.label} to cue", cue.article_id)
        for relation in project.relations.for_article(cue.article_id, coder_uuid):
            replaced = relation.tail == cue.uuid and relation.kind == kind
            if replaced and relation.head == part.uuid:
                raise LabelError(f"this {part.label} is already linked to that cue")
            if replaced or (relation.head == part.uuid and relation.kind == FRAGMENT_OF):
                project.relations.delete(relation.uuid)
                change.removed.append(("relations", relation.uuid))
        made = project.relations.add(cue.article_id, coder_uuid, kind, part.uuid, cue.uuid)
        change.created.append(("relations", made.uuid))
    return change


def link_to_record(
    project: Project, coder_uuid: str, span: Span, record: AttributionRecord[Span]
) -> Change:
    """Make ``span`` a part of ``record``: a source or content joins the record's cue; a cue
    becomes the cue of a record that has none (its source or content is linked to it)."""
    if span.layer != LAYER:
        raise LabelError("only a cue, a source or a content belongs to an attribution")
    if span.label == "cue":
        if record.cue is not None:
            raise LabelError("that attribution has its cue already")
        parts = [p for p in (record.source, record.content) if p is not None]
        with project.transaction():
            change = Change("Link cue to attribution", span.article_id)
            for part in parts:
                step = link_part(project, coder_uuid, part, span)
                change.created += step.created
                change.removed += step.removed
        return change
    if record.cue is None:
        raise LabelError(
            f"that attribution has no cue yet: link its parts to a cue, not a {span.label}"
        )
    return link_part(project, coder_uuid, span, record.cue)


def add_piece(
    project: Project, coder_uuid: str, span: Span, record: AttributionRecord[Span]
) -> Change:
    """Make ``span`` a further piece of ``record``'s source or content ("X, he said, Y": X a piece
    of the content Y), in place of any link to a cue or part it had."""
    part = record.part(span.label) if span.layer == LAYER and span.label in ROLE_LINKS else None
    if part is None:
        raise LabelError(f"that attribution has no {span.label} to add a piece to")
    if any(p.uuid == span.uuid for p in record.parts):
        raise LabelError(f"this {span.label} is in that attribution already")
    if span.article_id != part.article_id or {span.coder_uuid, part.coder_uuid} != {coder_uuid}:
        raise LabelError("both spans must be this coder's, in the same article")
    with project.transaction():
        change = Change(f"Add a piece to the {span.label}", span.article_id)
        links = (ROLE_LINKS[span.label], FRAGMENT_OF)
        moved = []  # the span's own pieces become pieces of the part
        for relation in project.relations.for_article(span.article_id, coder_uuid):
            own_piece = relation.tail == span.uuid and relation.kind == FRAGMENT_OF
            if (relation.head == span.uuid and relation.kind in links) or own_piece:
                project.relations.delete(relation.uuid)
                change.removed.append(("relations", relation.uuid))
            if own_piece:
                moved.append(relation.head)
        for head in (span.uuid, *moved):
            made = project.relations.add(span.article_id, coder_uuid, FRAGMENT_OF, head, part.uuid)
            change.created.append(("relations", made.uuid))
    return change


def unlink(project: Project, coder_uuid: str, record: AttributionRecord[Span], role: str) -> Change:
    """Take the source or the content out of a record; the span stays, as a record of its own."""
    part = record.part(role) if role in ROLE_LINKS else None
    if record.cue is None or part is None:
        raise LabelError(f"that attribution has no linked {role} to unlink")
    with project.transaction():
        change = Change(f"Unlink {role}", record.cue.article_id)
        for relation in project.relations.for_article(record.cue.article_id, coder_uuid):
            if (relation.head, relation.tail, relation.kind) == (
                part.uuid,
                record.cue.uuid,
                ROLE_LINKS[role],
            ):
                project.relations.delete(relation.uuid)
                change.removed.append(("relations", relation.uuid))
    return change


@dataclass(frozen=True)
class CueOffer:
    """What a source or content without a cue can be linked to: the cue the detector found for
    it (still a suggestion) and the coder's records that have a cue, nearest first."""

    part: Span
    detected: Suggestion | None
    records: list[AttributionRecord[Span]]

    @property
    def empty(self) -> bool:
        return self.detected is None and not self.records


def cue_offer(
    project: Project, coder_uuid: str, part: Span, suggestion: Suggestion | None = None
) -> CueOffer | None:
    """What to offer for ``part`` if no cue holds it (None if one does, if it is no part, or
    if it is the first part of a content its cue interrupts: it joins that content, with the
    cue or after it, and linking it to a cue would take the content's place)."""
    if part.layer != LAYER or part.label not in ROLE_LINKS:
        return None
    if suggestion is not None and is_first_part(suggestion):
        return None
    records = coder_records(project, part.article_id, coder_uuid)
    if any(r.cue is not None and r.part(part.label) == part for r in records):
        return None
    detected = None
    cue_at = list((suggestion.explanation or {}).get("cue") or []) if suggestion else []
    if cue_at:
        decided = {
            (d.layer, d.label, d.start, d.end)
            for d in project.decisions.for_article(part.article_id, coder_uuid)
        }
        for other in project.suggestions.for_article(part.article_id):
            target = suggestion_target(other)[:2]
            key = (other.layer, other.label, other.start, other.end)
            if target == (LAYER, "cue") and [other.start, other.end] == cue_at:
                if key not in decided:
                    detected = other
                break
    with_cue = [r for r in records if r.cue is not None]
    with_cue.sort(key=lambda r: abs(r.start - part.start))
    return CueOffer(part, detected, with_cue)
