"""JSONL: one article per line, with its spans, document labels and relations.

Span fields follow Prodigy's ``{"start", "end", "label"}`` (character offsets, end exclusive),
so Prodigy and other tools read the spans as they are; ``layer``, ``attributes``, ``coder``
and ``id`` ride along. The ``annotator`` object marks the line as ours, so ``annotator import``
brings every label back exactly (see docs/export.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from annotator.export.label_rows import ArticleExport
from annotator.export.output import Staging
from annotator.export.summary import ExportSummary

FORMAT_VERSION = 1
# Article fields carried in "meta", beside the article's own meta; "date" is ``published``.
META_FIELDS = {
    "title": "title",
    "outlet": "outlet",
    "date": "published",
    "story": "story",
    "url": "url",
}


def article_record(article: ArticleExport, source: str) -> dict[str, Any]:
    meta = {key: getattr(article, name) for key, name in META_FIELDS.items()}
    for key, value in article.meta.items():
        meta.setdefault(key, value)
    text = article.text
    return {
        "id": article.uuid,
        "text": text,
        "meta": meta,
        "spans": [
            {
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "layer": s.layer,
                "text": text[s.start : s.end],
                "attributes": s.attrs,
                "coder": s.coder,
                "coder_id": s.coder_id,
                "id": s.id,
                "origin": s.origin,
                "from": s.from_id,
                "created": s.created,
                "updated": s.updated,
            }
            for s in article.spans
        ],
        "doc_labels": [
            {
                "scheme": a.scheme,
                "value": a.value,
                "coder": a.coder,
                "coder_id": a.coder_id,
                "id": a.id,
                "from": a.from_id,
                "created": a.created,
                "updated": a.updated,
            }
            for a in article.answers
        ],
        "relations": [
            {
                "kind": r.kind,
                "head": r.head,
                "tail": r.tail,
                "attributes": r.attrs,
                "coder": r.coder,
                "coder_id": r.coder_id,
                "id": r.id,
                "created": r.created,
                "updated": r.updated,
            }
            for r in article.relations
        ],
        "annotator": {
            "format": FORMAT_VERSION,
            "source": "gold" if source == "gold" else "coders",
            "content_hash": article.content_hash,
        },
    }


def write_jsonl(
    articles: Iterable[ArticleExport], staging: Staging, summary: ExportSummary, **_: Any
) -> None:
    path = staging.file()
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for article in articles:
            handle.write(dumps(article_record(article, summary.source)))
            handle.write("\n")
