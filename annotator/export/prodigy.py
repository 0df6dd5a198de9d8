"""Prodigy JSONL: one task per article and coder, as Prodigy's ``db-in`` and recipes read it.

A span task per article and coder: ``text``, ``tokens`` (``text``, ``start``, ``end``, ``id``,
``ws``), ``spans`` (``start``, ``end``, ``label``, ``token_start``, ``token_end`` inclusive,
and our ``layer`` and ``attributes``), ``relations`` (Prodigy's ``head``/``child`` token
indexes with ``head_span``/``child_span`` and the relation kind as ``label``), ``answer``
"accept", ``_annotator_id`` and ``_session_id`` (the coder's name; gold: "gold"),
``_timestamp`` (the latest change, Unix seconds), ``_input_hash`` and ``_task_hash``, and
``meta`` (the article's fields and metadata, shown by Prodigy's card). Then, per answered
document scheme, a choice task (``options``, ``accept``, ``scheme``) or, for a free-text
scheme, a text-input task (``user_input``, ``scheme``). Tokens are split at label
boundaries so every label covers whole tokens. The hashes are ours (a SHA-256 cut to a
signed 32-bit integer, as Prodigy's are 32-bit): stable for the same input and task, so
Prodigy's de-duplication works between exports, but not the numbers Prodigy would compute
itself.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from annotator.codebook import Codebook
from annotator.export.jsonl import META_FIELDS
from annotator.export.label_rows import ArticleExport
from annotator.export.output import Staging
from annotator.export.summary import ExportSummary
from annotator.export.tokens import tokens

GOLD_ANNOTATOR = "gold"


def prodigy_hash(value: Any) -> int:
    """A signed 32-bit hash of a JSON value (keys sorted), like Prodigy's hash fields."""
    data = json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return int.from_bytes(hashlib.sha256(data).digest()[:4], "big", signed=True)


def prodigy_tasks(article: ArticleExport, book: Codebook, source: str) -> list[dict[str, Any]]:
    """The article's tasks: a span task per coder, then a task per answered scheme."""
    by_coder: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {}
    for kind, items in (("spans", article.spans), ("answers", article.answers)):
        for item in items:
            key = GOLD_ANNOTATOR if source == "gold" else item.coder_id
            names[key] = GOLD_ANNOTATOR if source == "gold" else item.coder
            by_coder[key][kind].append(item)
    for relation in article.relations:
        by_coder[relation.coder_id]["relations"].append(relation)
    text = article.text
    cuts = [offset for span in article.spans for offset in (span.start, span.end)]
    token_spans = tokens(text, cuts)
    token_list = [
        {"text": text[s:e], "start": s, "end": e, "id": n, "ws": e < len(text) and text[e] == " "}
        for n, (s, e) in enumerate(token_spans)
    ]
    meta = {key: getattr(article, name) for key, name in META_FIELDS.items()}
    meta = {k: v for k, v in meta.items() if v is not None}
    for key, value in article.meta.items():
        meta.setdefault(key, value)
    input_hash = prodigy_hash({"text": text})
    tasks = []
    for key, labels in by_coder.items():
        coder = names.get(key, key)
        common = {
            "text": text,
            "meta": meta,
            "answer": "accept",
            "_input_hash": input_hash,
            "_annotator_id": coder,
            "_session_id": coder,
        }
        spans = labels["spans"]
        if spans:
            task = {**common, "tokens": token_list, "spans": _spans(spans, token_spans)}
            relations = _relations(labels["relations"], spans, token_spans)
            if relations:
                task["relations"] = relations
            task["_view_id"] = "spans_manual"
            tasks.append(_finished(task, spans, ("spans", "relations")))
        for answer in labels["answers"]:
            scheme = book.scheme(answer.scheme)
            task = {**common, "scheme": scheme.name}
            if scheme.kind == "text":
                task |= {"user_input": answer.value, "_view_id": "text_input"}
                tasks.append(_finished(task, [answer], ("scheme", "user_input")))
                continue
            chosen = answer.value if isinstance(answer.value, list) else [answer.value]
            task["options"] = [{"id": c.name, "text": c.title} for c in scheme.choices]
            task |= {"accept": chosen, "_view_id": "choice"}
            tasks.append(_finished(task, [answer], ("scheme", "options", "accept")))
    return tasks


def _spans(spans: list, token_spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    found = []
    for span in spans:
        first, last = _token_range(span.start, span.end, token_spans)
        item = {"start": span.start, "end": span.end, "label": span.label, "layer": span.layer}
        if first is not None:
            item |= {"token_start": first, "token_end": last}
        if span.attrs:
            item["attributes"] = span.attrs
        found.append(item)
    return found


def _relations(relations: list, spans: list, token_spans) -> list[dict[str, Any]]:
    by_id = {span.id: span for span in spans}
    found = []
    for relation in relations:
        head, child = by_id.get(relation.head), by_id.get(relation.tail)
        if head is None or child is None:
            continue
        head_item, child_item = _spans([head], token_spans)[0], _spans([child], token_spans)[0]
        found.append(
            {
                "head": head_item.get("token_end"),
                "child": child_item.get("token_end"),
                "head_span": head_item,
                "child_span": child_item,
                "label": relation.kind,
            }
        )
    return found


def _token_range(start: int, end: int, token_spans) -> tuple[int | None, int | None]:
    inside = [n for n, (s, e) in enumerate(token_spans) if s < end and e > start]
    return (inside[0], inside[-1]) if inside else (None, None)


def _finished(task: dict[str, Any], items: list, keys: Iterable[str]) -> dict[str, Any]:
    task["_task_hash"] = prodigy_hash(
        [task["_input_hash"], {k: task[k] for k in keys if k in task}]
    )
    latest = max(item.updated for item in items)
    task["_timestamp"] = _unix(latest)
    return task


def _unix(stamp: str) -> int:
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp())


def write_prodigy(
    articles: Iterable[ArticleExport],
    staging: Staging,
    summary: ExportSummary,
    *,
    codebook: Codebook,
    **_: Any,
) -> None:
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with open(staging.file(), "w", encoding="utf-8", newline="\n") as handle:
        for article in articles:
            for task in prodigy_tasks(article, codebook, summary.source):
                handle.write(dumps(task))
                handle.write("\n")
