"""What one coder sees of a project: an article's labels and pending suggestions, the
article list with status and counts, and attributions grouped by cue. Read-only queries."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.model import DocLabel, Progress, Relation, Span, Suggestion
from annotator.store import Project
from annotator.store.live_labels import live_label_counts


@dataclass(frozen=True)
class ArticleLabels:
    """One coder's view of one article: what the UI draws and fills in."""

    spans: list[Span]
    suggestions: list[Suggestion]  # still waiting for this coder's decision
    doc_labels: dict[str, DocLabel]
    relations: list[Relation]
    progress: Progress


def article_labels(project: Project, article_id: int, coder_uuid: str) -> ArticleLabels:
    decided = {
        (d.layer, d.label, d.start, d.end)
        for d in project.decisions.for_article(article_id, coder_uuid)
    }
    pending = [
        s
        for s in project.suggestions.for_article(article_id)
        if (s.layer, s.label, s.start, s.end) not in decided
    ]
    return ArticleLabels(
        spans=project.spans.for_article(article_id, coder_uuid),
        suggestions=pending,
        doc_labels={d.scheme: d for d in project.doc_labels.for_article(article_id, coder_uuid)},
        relations=project.relations.for_article(article_id, coder_uuid),
        progress=project.status.get(article_id, coder_uuid),
    )


@dataclass(frozen=True)
class WorkItem:
    """One row of a coder's article list."""

    article_id: int
    title: str
    outlet: str | None
    published: str | None
    story: str | None
    status: str
    pending: int  # suggestions this coder has not yet accepted or rejected
    labels: int  # this coder's live spans and document labels
    queue_position: int | None = None  # place in the coder's queue (a study plan), 1 = first


def worklist(project: Project, coder_uuid: str) -> list[WorkItem]:
    """Every article with this coder's status and counts, in four queries; when a study plan
    gives the coder a queue (``annotator plan``), only the queue's articles, in its order."""
    statuses = project.status.for_coder(coder_uuid)
    pending = project.suggestions.pending_counts(coder_uuid)
    labels = live_label_counts(project, coder_uuid)
    queue = {row.article_id: row.position for row in project.assignments.queue(coder_uuid)}
    summaries = project.articles.summaries()
    if queue:
        summaries = sorted((s for s in summaries if s.id in queue), key=lambda s: queue[s.id])
    return [
        WorkItem(
            s.id,
            s.title,
            s.outlet,
            s.published,
            s.story,
            statuses[s.id].status if s.id in statuses else "todo",
            pending.get(s.id, 0),
            labels.get(s.id, 0),
            queue.get(s.id),
        )
        for s in summaries
    ]


@dataclass(frozen=True)
class AttributionRow:
    """A cue with the source and content linked to it; unlinked parts get a row of their own."""

    cue: Span | None
    source: Span | None
    content: Span | None


def attribution_rows(spans: list[Span], relations: list[Relation]) -> list[AttributionRow]:
    parts = {s.uuid: s for s in spans if s.layer == "attribution"}
    linked: dict[str, dict[str, Span]] = {}
    used: set[str] = set()
    for relation in relations:
        head, tail = parts.get(relation.head), parts.get(relation.tail)
        if head is None or tail is None or tail.label != "cue":
            continue
        role = {"source_of": "source", "content_of": "content"}.get(relation.kind)
        if role and head.label == role:
            linked.setdefault(tail.uuid, {})[role] = head
            used.add(head.uuid)
    rows = []
    for span in sorted(parts.values(), key=lambda s: (s.start, s.end)):
        if span.label == "cue":
            found = linked.get(span.uuid, {})
            rows.append(AttributionRow(span, found.get("source"), found.get("content")))
        elif span.uuid not in used:
            rows.append(
                AttributionRow(
                    None,
                    span if span.label == "source" else None,
                    span if span.label == "content" else None,
                )
            )
    return rows
