"""Plain records passed between the store, the importers, the detectors and the UI.

Offsets are ``[start, end)`` in Python code points into ``Article.text``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

ORIGINS = ("manual", "accepted", "edited")
STATUSES = ("todo", "in_progress", "done")


def content_hash(text: str) -> str:
    """SHA-256 of the normalised text: an article's identity across coders' files."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Coder:
    uuid: str
    name: str
    created: str = ""

    @property
    def short_id(self) -> str:
        """The first 8 characters of the id: enough to tell two coders of one name apart."""
        return self.uuid[:8]


def shown_coder_names(coders: list[Coder]) -> dict[str, str]:
    """Coder uuid -> the name to show: the display name, with the short id when another coder
    of the list has the same name."""
    counts: dict[str, int] = {}
    for coder in coders:
        counts[coder.name] = counts.get(coder.name, 0) + 1
    return {c.uuid: f"{c.name} ({c.short_id})" if counts[c.name] > 1 else c.name for c in coders}


@dataclass
class ArticleDraft:
    """An article as an importer read it, before it has an id."""

    text: str
    title: str = ""
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    story: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # where it came from: file, or file:line

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True)
class ArticleSummary:
    """What the article list shows; no text, so 10,000 of them stay small."""

    id: int
    uuid: str
    title: str
    outlet: str | None
    published: str | None
    story: str | None
    length: int


@dataclass(frozen=True)
class Article:
    id: int
    uuid: str
    content_hash: str
    title: str
    outlet: str | None
    url: str | None
    published: str | None
    story: str | None
    text: str
    meta: dict[str, Any]
    source: str
    imported: str


@dataclass(frozen=True)
class Span:
    uuid: str
    article_id: int
    coder_uuid: str
    layer: str
    label: str
    start: int
    end: int
    attrs: dict[str, Any]
    origin: str
    codebook_hash: str
    created: str
    updated: str
    deleted: bool = False

    def covered(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class DocLabel:
    """A coder's answer to one document scheme; ``value`` is a str, a list of str, or text."""

    uuid: str
    article_id: int
    coder_uuid: str
    scheme: str
    value: Any
    codebook_hash: str
    created: str
    updated: str
    deleted: bool = False


@dataclass(frozen=True)
class Relation:
    """A link between two spans of one coder, e.g. an attribution cue to its source."""

    uuid: str
    article_id: int
    coder_uuid: str
    kind: str
    head: str
    tail: str
    attrs: dict[str, Any]
    codebook_hash: str
    created: str
    updated: str
    deleted: bool = False


@dataclass(frozen=True)
class Decision:
    """A coder's answer to a suggestion, kept by what it marked; an accepted one names its span."""

    uuid: str
    article_id: int
    coder_uuid: str
    layer: str
    label: str
    start: int
    end: int
    detector: str | None
    decision: str  # "accepted" or "rejected"
    span_uuid: str | None
    codebook_hash: str
    created: str
    updated: str
    deleted: bool = False


@dataclass(frozen=True)
class Suggestion:
    """A detector's proposal. Never a label until a coder accepts it."""

    id: int
    article_id: int
    detector: str
    detector_version: str
    layer: str
    label: str
    start: int
    end: int
    score: float | None
    explanation: dict[str, Any]


@dataclass(frozen=True)
class Progress:
    article_id: int
    coder_uuid: str
    status: str
    seconds: float
    updated: str
