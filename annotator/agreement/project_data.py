"""The reliability data of a project: its coders' live labels, read in a few queries.

Which coders count: every coder with a live span or document label, a suggestion decision, or
an article marked done; or the ones asked for. A coder *coded* an article when they marked it
done or left a live label or decision on it: on such an article, a layer with no span of
theirs means "nothing to mark here", and on articles they did not code they are missing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotator.agreement.reliability import AgreementDataError
from annotator.agreement.spans import SpanDocument
from annotator.store import Project
from annotator.store.live_labels import coded_articles, live_answers, live_spans


@dataclass(frozen=True)
class CoderRef:
    uuid: str
    name: str  # display name, made unique within the project's figures


@dataclass(frozen=True)
class ArticleRef:
    id: int
    uuid: str
    title: str
    length: int  # characters (code points), as span offsets count them


class LayerSpan(NamedTuple):
    """A live span whole: what attribute agreement reads (label, attrs) and what
    ``attribution_records`` takes as a part (uuid, layer, label, start, end)."""

    uuid: str
    layer: str
    label: str
    start: int
    end: int
    attrs: dict[str, Any]  # shared by spans with the same attributes: read it, do not change it


class DocRating(NamedTuple):
    coder: str  # uuid
    article: int
    value: Any
    uuid: str


@dataclass
class ProjectLabels:
    coders: tuple[CoderRef, ...]
    articles: dict[int, ArticleRef]
    coded: dict[str, set[int]]  # coder uuid -> articles they coded
    doc_labels: dict[str, list[DocRating]] = field(default_factory=dict)  # by scheme
    # by layer, article and coder uuid: the coder's (start, end, label) spans
    spans: dict[str, dict[int, dict[str, list[tuple[int, int, str]]]]] = field(default_factory=dict)
    # the same for the layers read whole (see read_project_labels), in no particular order
    whole: dict[str, dict[int, dict[str, list[LayerSpan]]]] = field(default_factory=dict)

    def name(self, coder_uuid: str) -> str:
        return self._names[coder_uuid]

    def __post_init__(self) -> None:
        self._names = {coder.uuid: coder.name for coder in self.coders}

    def coded_by_several(self) -> list[int]:
        """Articles at least two of the coders coded, in article order."""
        counts: dict[int, int] = defaultdict(int)
        for articles in self.coded.values():
            for article in articles:
                counts[article] += 1
        return sorted(article for article, n in counts.items() if n >= 2)

    def span_documents(
        self, layer: str, articles: Sequence[int] | None = None
    ) -> list[SpanDocument]:
        """One SpanDocument per article (default: coded by two or more), id = article id."""
        chosen = self.coded_by_several() if articles is None else list(articles)
        marked = self.spans.get(layer, {})
        documents = []
        for article in chosen:
            found = marked.get(article, {})
            spans = {
                coder.name: found.get(coder.uuid, [])
                for coder in self.coders
                if article in self.coded[coder.uuid]
            }
            documents.append(SpanDocument(self.articles[article].length, spans, id=article))
        return documents


def read_project_labels(
    project: Project,
    coders: Sequence[str] | None = None,
    only: Collection[int] | None = None,
    whole: Collection[str] = (),
) -> ProjectLabels:
    """Live labels of the chosen coders (names or uuids; default: every coder with work), on
    the articles ``only`` names (default: every article), e.g. a plan's reliability subsample.
    The spans of the layers in ``whole`` are also kept with their attributes and ids
    (``ProjectLabels.whole``), so that nothing reads them a second time."""
    known = [(coder.uuid, coder.name) for coder in project.coders.list()]
    coded_pairs = list(coded_articles(project))
    worked = {coder for coder, _ in coded_pairs}  # the coders with work, from the same query
    if coders is None:
        chosen = [(uuid, name) for uuid, name in known if uuid in worked]
    else:
        chosen = []
        for wanted in coders:
            match = [(u, n) for u, n in known if wanted in (u, n)]
            if not match:
                names = ", ".join(sorted(n for _, n in known)) or "none"
                raise AgreementDataError(f"no coder named {wanted!r} (coders: {names})")
            chosen += [m for m in match if m not in chosen]
    refs = _unique_names(chosen)
    wanted_uuids = {ref.uuid for ref in refs}
    coded: dict[str, set[int]] = {ref.uuid: set() for ref in refs}
    keep = None if only is None else set(only)
    for coder, article in coded_pairs:
        if coder in wanted_uuids and (keep is None or article in keep):
            coded[coder].add(article)
    articles = {
        s.id: ArticleRef(s.id, s.uuid, s.title, s.length) for s in project.articles.summaries()
    }
    labels = ProjectLabels(refs, articles, coded)
    for coder, article, scheme, value, uuid in live_answers(project):
        if coder in wanted_uuids and (keep is None or article in keep):
            labels.doc_labels.setdefault(scheme, []).append(DocRating(coder, article, value, uuid))
    _read_spans(project, labels, wanted_uuids, keep, set(whole))
    return labels


def _read_spans(
    project: Project,
    labels: ProjectLabels,
    coders: set[str],
    keep: set[int] | None,
    whole: set[str],
) -> None:
    # Grouped under one flat key first: a dict lookup per span instead of three.
    found: dict[tuple[str, int, str], list] = {}
    kept: dict[tuple[str, int, str], list] = {}
    for layer, article, coder, start, end, label, attrs, uuid in live_spans(project):
        if coder not in coders or (keep is not None and article not in keep):
            continue
        key = (layer, article, coder)
        spans = found.get(key)
        if spans is None:
            spans = found[key] = []
        spans.append((start, end, label))
        if layer in whole:
            spans = kept.get(key)
            if spans is None:
                spans = kept[key] = []
            spans.append(LayerSpan(uuid, layer, label, start, end, attrs))
    labels.spans = _nested(found)
    labels.whole = {layer: {} for layer in whole}
    labels.whole.update(_nested(kept))


def _nested(flat: dict[tuple[str, int, str], list]) -> dict[str, dict[int, dict[str, list]]]:
    """layer -> article -> coder -> spans, in the order the keys first came."""
    nested: dict[str, dict[int, dict[str, list]]] = {}
    for (layer, article, coder), spans in flat.items():
        by_article = nested.get(layer)
        if by_article is None:
            by_article = nested[layer] = {}
        by_coder = by_article.get(article)
        if by_coder is None:
            by_coder = by_article[article] = {}
        by_coder[coder] = spans
    return nested


def _unique_names(coders: list[tuple[str, str]]) -> tuple[CoderRef, ...]:
    """Display names; two coders called alike get their id's first characters added."""
    counts: dict[str, int] = defaultdict(int)
    for _, name in coders:
        counts[name] += 1
    return tuple(
        CoderRef(uuid, name if counts[name] == 1 else f"{name} ({uuid[:8]})")
        for uuid, name in coders
    )
