"""Which labels an export takes: the source (gold, one coder, every coder), layers, schemes and
article status; and which articles that selects, known from the label tables alone.

The labels themselves are read by ``annotator.export.label_rows``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from annotator.errors import AnnotatorError
from annotator.model import STATUSES
from annotator.store import Project
from annotator.store.export_rows import (
    article_stories,
    articles_with_coder_labels,
    articles_with_gold,
    statuses,
)

SOURCE_HELP = "gold (default), coder:NAME, or all-coders"


class ExportError(AnnotatorError):
    """An export that cannot be made as asked: bad options, no labels, an unwritable path."""


@dataclass(frozen=True)
class Source:
    """Where labels come from: ``gold``, one coder (``coder:NAME``) or ``all-coders``."""

    kind: str  # "gold", "coder" or "all-coders"
    coder: str | None = None

    @classmethod
    def parse(cls, text: str) -> Source:
        text = text.strip()
        if text in ("gold", "all-coders"):
            return cls(text)
        if text.startswith("coder:") and text[6:].strip():
            return cls("coder", text[6:].strip())
        raise ExportError(f"unknown source '{text}'; choose {SOURCE_HELP}")

    def __str__(self) -> str:
        return f"coder:{self.coder}" if self.kind == "coder" else self.kind


@dataclass(frozen=True)
class Selection:
    source: Source = Source("gold")
    layers: tuple[str, ...] | None = None  # None: every layer
    schemes: tuple[str, ...] | None = None  # None: every scheme
    status: str | None = None  # only articles in this status (see ``article_passes``)


def check_selection(project: Project, selection: Selection) -> None:
    """Refuse unknown layers, schemes, statuses and coders, naming what there is."""
    book = project.codebook
    known_layers = [layer.name for layer in book.layers]
    for name in selection.layers or ():
        if name not in known_layers:
            known = ", ".join(known_layers)
            raise ExportError(f"no layer '{name}' in the codebook; layers: {known}")
    known_schemes = [scheme.name for scheme in book.schemes]
    for name in selection.schemes or ():
        if name not in known_schemes:
            raise ExportError(
                f"no scheme '{name}' in the codebook; schemes: {', '.join(known_schemes)}"
            )
    if selection.status is not None and selection.status not in STATUSES:
        raise ExportError(f"status must be one of {', '.join(STATUSES)}, not '{selection.status}'")
    if selection.source.kind == "coder":
        coder_uuid(project, selection.source.coder or "")


def coder_uuid(project: Project, name: str) -> str:
    """The uuid of the coder with this display name (or uuid)."""
    if project.coders.get(name) is not None:
        return name
    found = project.coders.by_name(name)
    if len(found) == 1:
        return found[0].uuid
    names = ", ".join(c.name for c in project.coders.list()) or "none yet"
    if not found:
        raise ExportError(f"no coder named '{name}' in {project.path.name}; coders: {names}")
    raise ExportError(f"{len(found)} coders are named '{name}'; give the coder's id instead")


@dataclass(frozen=True)
class LabeledArticle:
    """An article the export will contain, known before any text is read."""

    id: int
    uuid: str
    story: str | None
    coders: frozenset[str]  # whose labels it carries (gold: the empty set)


def labeled_articles(project: Project, selection: Selection) -> list[LabeledArticle]:
    """Exactly the articles ``read_articles`` yields, from the label tables alone (cheap):
    for progress totals, the "no labels" check and the train/dev split."""
    check_selection(project, selection)
    passes = status_filter(project, selection.status)
    found: dict[int, set[str]] = defaultdict(set)
    if selection.source.kind == "gold":
        for article_id in articles_with_gold(project, selection.layers, selection.schemes):
            if passes(article_id, None):
                found[article_id]
    else:
        coder = selected_coder(project, selection)
        pairs = articles_with_coder_labels(project, coder, selection.layers, selection.schemes)
        for article_id, coder_id in pairs:
            if passes(article_id, coder_id):
                found[article_id].add(coder_id)
    return [
        LabeledArticle(article_id, uuid, story, frozenset(found[article_id]))
        for article_id, uuid, story in article_stories(project)
        if article_id in found
    ]


def selected_coder(project: Project, selection: Selection) -> str | None:
    """The uuid of the coder whose labels are selected; None for gold or every coder."""
    if selection.source.kind != "coder":
        return None
    return coder_uuid(project, selection.source.coder or "")


def status_filter(project: Project, status: str | None):
    """A test ``passes(article_id, coder_uuid or None)``; None asks about gold.

    For a coder: their status on the article (untouched articles are to do). For gold: every
    coder who has a status on the article has this one (so ``done`` means all who worked on
    it finished it); an article nobody touched is to do.
    """
    if status is None:
        return lambda article_id, coder: True
    by_pair: dict[tuple[int, str], str] = {}
    by_article: dict[int, set[str]] = defaultdict(set)
    for article_id, coder, value in statuses(project):
        by_pair[(article_id, coder)] = value
        by_article[article_id].add(value)

    def passes(article_id: int, coder: str | None) -> bool:
        if coder is None:
            return by_article.get(article_id, {"todo"}) == {status}
        return by_pair.get((article_id, coder), "todo") == status

    return passes
