"""What a coder does to an article, one function per action, each one transaction.

Every action returns a ``Change`` that can undo and redo it through the store, so the UI's undo
stack only keeps Changes and holds no rules of its own. Labels are tombstoned, never deleted,
so undo and redo are exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.attribution_records import (
    FRAGMENT_OF,
    LAYER,
    ROLE_LINKS,
    AttributionRecord,
    attribution_records,
)
from annotator.detect_layers import suggestion_target
from annotator.errors import LabelError
from annotator.model import Decision, Span, Suggestion
from annotator.store import Project

# A coder's memo on a span, in any layer: the attribute the default codebook calls "Note".
SPAN_NOTE = "note"


@dataclass
class Change:
    """What one action did, enough to undo and redo it exactly."""

    description: str
    article_id: int
    created: list[tuple[str, str]] = field(default_factory=list)  # (table, uuid)
    removed: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    status: tuple[str, str, str] | None = None  # coder, status before, status after

    def undo(self, project: Project) -> None:
        with project.transaction():
            for table, uuid in reversed(self.created):
                _table(project, table).delete(uuid)
            for table, uuid in reversed(self.removed):
                _table(project, table).restore(uuid)
            for table, uuid, before, _after in reversed(self.updated):
                _table(project, table).revise(uuid, before)
            if self.status:
                project.status.set(self.article_id, self.status[0], self.status[1])

    def redo(self, project: Project) -> None:
        with project.transaction():
            for table, uuid in self.created:
                _table(project, table).restore(uuid)
            for table, uuid in self.removed:
                _table(project, table).delete(uuid)
            for table, uuid, _before, after in self.updated:
                _table(project, table).revise(uuid, after)
            if self.status:
                project.status.set(self.article_id, self.status[0], self.status[2])

    def absorb(self, other: Change) -> None:
        """Add what ``other`` did (the same article, the same transaction) to this Change."""
        self.created += other.created
        self.removed += other.removed
        self.updated += other.updated


def _table(project: Project, name: str):
    return {
        "spans": project.spans,
        "doc_labels": project.doc_labels,
        "relations": project.relations,
        "decisions": project.decisions,
    }[name]


def add_span(
    project: Project,
    coder_uuid: str,
    article_id: int,
    layer: str,
    label: str,
    start: int,
    end: int,
    attrs: dict[str, Any] | None = None,
) -> tuple[Span, Change]:
    span = project.spans.add(article_id, coder_uuid, layer, label, start, end, attrs)
    title = project.codebook.layer(layer).label(label).title
    return span, Change(f"Mark '{title}'", article_id, created=[("spans", span.uuid)])


def accept_suggestion(
    project: Project, coder_uuid: str, suggestion: Suggestion
) -> tuple[Span, Change]:
    """The suggestion becomes the coder's span, in one action (one undo step).

    Accepting a detected cue accepts the whole attribution: the source and content the detector
    found for it (``explanation["cue"]`` names the cue by its offsets) that this coder has not
    decided yet become spans with the attributes the detector inferred, and every part is
    linked to the cue. A source or content is linked to its detected cue when the coder has
    already accepted that cue (else it stays a record without a cue; the app then offers to
    link it). Of a content the cue interrupts ("X, he said, Y") the part after the cue is the
    one linked to the cue and the first part is a piece of it (``fragment_of``).
    """
    with project.transaction():
        if _decided(project, coder_uuid, suggestion.article_id, suggestion):
            raise LabelError("this suggestion was accepted or rejected already")
        span, decision = _accept_one(project, coder_uuid, suggestion)
        change = Change(
            "Accept suggestion",
            suggestion.article_id,
            created=[("spans", span.uuid), ("decisions", decision.uuid)],
        )
        if span.layer == LAYER and span.label == "cue":
            links = _accept_cue_parts(project, coder_uuid, span, change)
            if links:
                change.description = "Accept attribution"
        else:
            links = _part_links(project, coder_uuid, span, suggestion)
        article = span.article_id
        for kind, head, tail in links:
            relation = project.relations.add(article, coder_uuid, kind, head.uuid, tail.uuid)
            change.created.append(("relations", relation.uuid))
    return span, change


def _accept_one(project: Project, coder_uuid: str, suggestion: Suggestion) -> tuple[Span, Decision]:
    layer, label, attrs = suggestion_target(suggestion)
    span = project.spans.add(
        suggestion.article_id,
        coder_uuid,
        layer,
        label,
        suggestion.start,
        suggestion.end,
        attrs,
        origin="accepted",
    )
    return span, _decide(project, coder_uuid, suggestion, "accepted", span.uuid)


def accept_suggestions(
    project: Project, coder_uuid: str, suggestions: Iterable[Suggestion]
) -> tuple[list[Span], Change]:
    """Accept several suggestions of one article as one action (one transaction, one undo).
    Cues go first; a source or content a cue already took along is not accepted twice."""
    chosen = sorted(suggestions, key=lambda s: (s.start, s.end, s.id))
    if not chosen:
        raise LabelError("no suggestions to accept")
    if len({s.article_id for s in chosen}) != 1:
        raise LabelError("suggestions of several articles cannot be accepted as one action")
    change = Change(f"Accept {len(chosen)} suggestions", chosen[0].article_id)
    with project.transaction():
        for suggestion in sorted(chosen, key=lambda s: suggestion_target(s)[1] != "cue"):
            if _decided(project, coder_uuid, suggestion.article_id, suggestion):
                continue  # taken along with its cue
            _, one = accept_suggestion(project, coder_uuid, suggestion)
            change.absorb(one)
        spans = [project.spans.get(uuid) for table, uuid in change.created if table == "spans"]
    return spans, change


def _accept_cue_parts(
    project: Project, coder_uuid: str, cue: Span, change: Change
) -> list[tuple[str, Span, Span]]:
    """The links (kind, head, tail) of a cue just accepted: the source and content the detector
    found for it, accepted now if still pending for this coder, or the coder's span already
    there (one of each role at most), and a content's first part as a piece of the content."""
    mine = [
        s
        for s in project.spans.for_article(cue.article_id, coder_uuid)
        if s.layer == LAYER and s.uuid != cue.uuid
    ]
    found: dict[str, Span] = {}
    firsts: list[Span] = []
    for other in project.suggestions.for_article(cue.article_id):
        if list((other.explanation or {}).get("cue") or []) != [cue.start, cue.end]:
            continue
        layer, label, _ = suggestion_target(other)
        first = is_first_part(other)
        if layer != LAYER or label not in ROLE_LINKS or (label in found and not first):
            continue
        already = [s for s in mine if (s.label, s.start, s.end) == (label, other.start, other.end)]
        if already:
            span = already[0]
        elif not _decided(project, coder_uuid, cue.article_id, other):
            span, decision = _accept_one(project, coder_uuid, other)
            change.created += [("spans", span.uuid), ("decisions", decision.uuid)]
        else:
            continue
        if first:
            firsts.append(span)
        else:
            found[label] = span
    links = [(ROLE_LINKS[label], part, cue) for label, part in found.items()]
    return links + _first_part_links(firsts, cue, found.get("content"))


def _part_links(
    project: Project, coder_uuid: str, part: Span, suggestion: Suggestion
) -> list[tuple[str, Span, Span]]:
    """The links of a source or content just accepted whose detected cue the coder has: to the
    cue, or for a content's first part to the content the cue holds."""
    cues = _detected_cue(project, coder_uuid, part, suggestion)
    if not cues:
        return []
    if not is_first_part(suggestion):
        return [(ROLE_LINKS[part.label], part, cues[0])]
    records = coder_records(project, part.article_id, coder_uuid)
    held = next((r.content for r in records if r.cue == cues[0]), None)
    return _first_part_links([part], cues[0], held)


def _first_part_links(
    firsts: list[Span], cue: Span, content: Span | None
) -> list[tuple[str, Span, Span]]:
    """A content's first part ("X" of "X, he said, Y") is a piece of the content after the cue;
    with no such content, the first part is the cue's content."""
    if not firsts:
        return []
    if content is None:
        content, *firsts = firsts
        return [(ROLE_LINKS["content"], content, cue)] + [(FRAGMENT_OF, f, content) for f in firsts]
    return [(FRAGMENT_OF, f, content) for f in firsts]


def coder_records(project: Project, article_id: int, coder_uuid: str) -> list[AttributionRecord]:
    """The coder's attribution records on one article (their live spans and links)."""
    return attribution_records(
        project.spans.for_article(article_id, coder_uuid),
        project.relations.for_article(article_id, coder_uuid),
    )


def is_first_part(suggestion: Suggestion) -> bool:
    """Is this the first part of a content its cue interrupts ("X" in "X, he said, Y")? It is
    linked as a piece of the content after the cue, not to the cue (a cue holds one content)."""
    return (suggestion.explanation or {}).get("part") == "first"


def _decided(project: Project, coder_uuid: str, article_id: int, suggestion: Suggestion) -> bool:
    """Has the coder accepted or rejected this suggestion (known by what it marks)?"""
    key = (suggestion.layer, suggestion.label, suggestion.start, suggestion.end)
    return any(
        (d.layer, d.label, d.start, d.end) == key
        for d in project.decisions.for_article(article_id, coder_uuid)
    )


def _detected_cue(
    project: Project, coder_uuid: str, part: Span, suggestion: Suggestion
) -> list[Span]:
    """The coder's accepted cue that the detector found ``part`` for (none or one)."""
    cue_at = (suggestion.explanation or {}).get("cue")
    if part.layer != LAYER or part.label not in ROLE_LINKS or not cue_at:
        return []
    return [
        s
        for s in project.spans.for_article(part.article_id, coder_uuid)
        if s.layer == LAYER and s.label == "cue" and [s.start, s.end] == list(cue_at)
    ][:1]


def reject_suggestion(
    project: Project, coder_uuid: str, suggestion: Suggestion
) -> tuple[Decision, Change]:
    decision = _decide(project, coder_uuid, suggestion, "rejected", None)
    return decision, Change(
        "Reject suggestion", suggestion.article_id, created=[("decisions", decision.uuid)]
    )


def _decide(
    project: Project, coder_uuid: str, suggestion: Suggestion, decision: str, span_uuid: str | None
) -> Decision:
    return project.decisions.add(
        suggestion.article_id,
        coder_uuid,
        suggestion.layer,
        suggestion.label,
        suggestion.start,
        suggestion.end,
        decision,
        suggestion.detector,
        span_uuid,
    )


def delete_span(project: Project, span_uuid: str) -> Change:
    """Tombstone a span, the links that hang on it, and the acceptance that made it."""
    span = project.spans.get(span_uuid)
    with project.transaction():
        removed = [("spans", span.uuid)]
        for relation in project.relations.for_article(span.article_id, span.coder_uuid):
            if span.uuid in (relation.head, relation.tail):
                removed.append(("relations", relation.uuid))
        for decision in project.decisions.for_article(span.article_id, span.coder_uuid):
            if decision.span_uuid == span.uuid:
                removed.append(("decisions", decision.uuid))
        for table, uuid in removed:
            _table(project, table).delete(uuid)
    return Change("Delete span", span.article_id, removed=removed)


def set_span_note(project: Project, span_uuid: str, note: str) -> tuple[Span, Change]:
    """Write (or, with empty text, remove) the coder's memo on a span; its origin stays."""
    span = project.spans.get(span_uuid)
    attrs = {k: v for k, v in span.attrs.items() if k != SPAN_NOTE}
    if note.strip():
        attrs[SPAN_NOTE] = note.strip()
    after, change = update_span(project, span_uuid, attrs=attrs)
    change.description = "Note on span" if note.strip() else "Remove note on span"
    return after, change


def update_span(project: Project, span_uuid: str, **changes: Any) -> tuple[Span, Change]:
    """Move an end, relabel, or set attributes (``attrs`` replaces the whole mapping)."""
    before = project.spans.get(span_uuid)
    after = project.spans.update(span_uuid, **changes)
    fields = set(changes) | ({"origin"} if after.origin != before.origin else set())
    old = {name: getattr(before, name) for name in fields}
    new = {name: getattr(after, name) for name in fields}
    what = "Change attributes" if set(changes) == {"attrs"} else "Edit span"
    return after, Change(what, before.article_id, updated=[("spans", span_uuid, old, new)])


def set_doc_label(
    project: Project, coder_uuid: str, article_id: int, scheme: str, value: Any
) -> Change:
    """Answer, change or clear (``None``) one document scheme.

    A multi-choice scheme never holds the answer of the scheme it takes its choices from
    (``Codebook.excluded_by``: secondary frames leave out the primary frame): a value holding
    it is refused, and answering the single-choice scheme drops that answer from the other in
    the same action.
    """
    codebook = project.codebook
    source = codebook.excluded_by(scheme)
    if source is not None and isinstance(value, list):
        answer = project.doc_labels.current(article_id, coder_uuid, source)
        if answer is not None and answer.value in value:
            raise LabelError(
                f"“{codebook.choice_title(source, answer.value)}” is the "
                f"{codebook.scheme(source).title.lower()} already; "
                f"{codebook.scheme(scheme).title.lower()} leave it out"
            )
    with project.transaction():
        change = _set_one_answer(project, coder_uuid, article_id, scheme, value)
        for other in codebook.schemes:
            if value is None or codebook.excluded_by(other.name) != scheme:
                continue
            held = project.doc_labels.current(article_id, coder_uuid, other.name)
            if held is not None and value in (held.value or []):
                kept = [v for v in held.value if v != value] or None
                change.absorb(_set_one_answer(project, coder_uuid, article_id, other.name, kept))
    return change


def _set_one_answer(
    project: Project, coder_uuid: str, article_id: int, scheme: str, value: Any
) -> Change:
    before = project.doc_labels.current(article_id, coder_uuid, scheme)
    after = project.doc_labels.set(article_id, coder_uuid, scheme, value)
    title = project.codebook.scheme(scheme).title
    if before is None:
        return Change(f"Set {title}", article_id, created=[("doc_labels", after.uuid)])
    return Change(
        f"Set {title}",
        article_id,
        updated=[
            (
                "doc_labels",
                after.uuid,
                {"value": before.value, "deleted": 0},
                {"value": after.value, "deleted": int(after.deleted)},
            )
        ],
    )


def set_status(project: Project, coder_uuid: str, article_id: int, status: str) -> Change:
    before = project.status.get(article_id, coder_uuid).status
    project.status.set(article_id, coder_uuid, status)
    return Change(
        f"Mark {status.replace('_', ' ')}", article_id, status=(coder_uuid, before, status)
    )
