"""What a coder does to an article, one function per action, each one transaction.

Every action returns a ``Change`` that can undo and redo it through the store, so the UI's undo
stack only keeps Changes and holds no rules of its own. Labels are tombstoned, never deleted,
so undo and redo are exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.detect_layers import suggestion_target
from annotator.errors import LabelError
from annotator.model import Decision, Relation, Span, Suggestion
from annotator.store import Project

ATTRIBUTION_LINKS = {"source": "source_of", "content": "content_of"}
# A coder's memo on a span, in any layer: the attribute the default codebook calls "Note".
SPAN_NOTE = "note"


def cue_link(span: Span) -> str | None:
    """The relation linking ``span`` to its cue (``source_of``, ``content_of``), or None if
    the span is not a part of an attribution that links to a cue."""
    return ATTRIBUTION_LINKS.get(span.label) if span.layer == "attribution" else None


def linkable_cues(span: Span, spans: Iterable[Span]) -> list[Span]:
    """The cues among ``spans`` that ``span`` can be linked to (none if it links to no cue)."""
    if cue_link(span) is None:
        return []
    return [s for s in spans if s.layer == "attribution" and s.label == "cue"]


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
    """The suggestion becomes the coder's span; an attribution part is linked to its cue."""
    layer, label, attrs = suggestion_target(suggestion)
    with project.transaction():
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
        decision = _decide(project, coder_uuid, suggestion, "accepted", span.uuid)
        change = Change(
            "Accept suggestion",
            suggestion.article_id,
            created=[("spans", span.uuid), ("decisions", decision.uuid)],
        )
        for relation in _link_to_cue(project, coder_uuid, span, suggestion):
            change.created.append(("relations", relation.uuid))
    return span, change


def accept_suggestions(
    project: Project, coder_uuid: str, suggestions: Iterable[Suggestion]
) -> tuple[list[Span], Change]:
    """Accept several suggestions of one article as one action (one transaction, one undo)."""
    chosen = sorted(suggestions, key=lambda s: (s.start, s.end, s.id))
    if not chosen:
        raise LabelError("no suggestions to accept")
    if len({s.article_id for s in chosen}) != 1:
        raise LabelError("suggestions of several articles cannot be accepted as one action")
    spans: list[Span] = []
    change = Change(f"Accept {len(chosen)} suggestions", chosen[0].article_id)
    with project.transaction():
        # cues first, so each source and content accepted after them finds its cue
        for suggestion in sorted(chosen, key=lambda s: suggestion_target(s)[1] != "cue"):
            span, one = accept_suggestion(project, coder_uuid, suggestion)
            spans.append(span)
            change.absorb(one)
    return spans, change


def _link_to_cue(
    project: Project, coder_uuid: str, span: Span, suggestion: Suggestion
) -> list[Relation]:
    """Link an accepted source or content to the accepted cue the detector found it for.

    The detector names the cue of a source or content by its offsets (``explanation["cue"]``).
    Accepting the cue first links the parts already accepted; accepting a part links it to a
    cue already accepted.
    """
    if span.layer != "attribution":
        return []
    mine = [
        s
        for s in project.spans.for_article(span.article_id, coder_uuid)
        if s.layer == "attribution" and s.uuid != span.uuid
    ]
    pairs: list[tuple[Span, Span]] = []  # (part, cue)
    if span.label in ATTRIBUTION_LINKS:
        cue_at = (suggestion.explanation or {}).get("cue")
        pairs += [
            (span, s)
            for s in mine
            if s.label == "cue" and cue_at and [s.start, s.end] == list(cue_at)
        ]
    elif span.label == "cue":
        for other in project.suggestions.for_article(span.article_id):
            if list((other.explanation or {}).get("cue") or []) != [span.start, span.end]:
                continue
            _, label, _ = suggestion_target(other)
            pairs += [
                (s, span)
                for s in mine
                if s.label == label and (s.start, s.end) == (other.start, other.end)
            ]
    return [
        project.relations.add(
            span.article_id, coder_uuid, ATTRIBUTION_LINKS[part.label], part.uuid, cue.uuid
        )
        for part, cue in pairs
        if part.label in ATTRIBUTION_LINKS
    ]


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


def link(project: Project, coder_uuid: str, head: Span, tail: Span, kind: str) -> Change:
    relation = project.relations.add(head.article_id, coder_uuid, kind, head.uuid, tail.uuid)
    return Change("Link spans", head.article_id, created=[("relations", relation.uuid)])


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
