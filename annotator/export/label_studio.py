"""Label Studio JSON: a list of tasks, one per article, an annotation per coder.

``data`` holds the text and the article's fields (``title``, ``outlet``, ``published``,
``story``, ``url``) and its metadata (``meta``). Each annotation: ``completed_by`` (a number
per coder in the file; Label Studio maps it to its own users on import), our ``coder`` (the
coder's name, which ``annotator import`` reads back), ``created_at``/``updated_at`` (the
earliest and latest of its labels), and ``result``:
- a ``labels`` region per span, ``from_name`` its layer, ``value`` ``start``, ``end``,
  ``text``, ``labels`` (code points, as current Label Studio counts);
- per span attribute, a ``choices`` result (the attribute's value among its choices) or a
  ``textarea`` result (text attributes) with the region's ``id``: Label Studio's per-region
  answers;
- per document label, a ``choices`` result (``textarea`` for a free-text scheme) named by
  the scheme;
- per relation, a ``relation`` result (``from_id`` the head, ``to_id`` the tail, ``labels``
  its kind).
``label_studio_config`` writes the labeling configuration that shows these results.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import quoteattr

from annotator.codebook import Codebook
from annotator.export.label_rows import ArticleExport, ExportAnswer, ExportRelation, ExportSpan
from annotator.export.output import Staging
from annotator.export.summary import ExportSummary


def label_studio_task(article: ArticleExport, book: Codebook, coders: dict[str, int]):
    data: dict[str, Any] = {"text": article.text}
    for name in ("title", "outlet", "published", "story", "url"):
        if getattr(article, name) is not None:
            data[name] = getattr(article, name)
    if article.meta:
        data["meta"] = article.meta
    grouped: dict[str, list] = defaultdict(list)
    names: dict[str, str] = {}
    items: list[ExportSpan | ExportAnswer | ExportRelation]
    items = [*article.spans, *article.answers, *article.relations]
    for item in items:
        grouped[item.coder_id].append(item)
        names[item.coder_id] = item.coder
    annotations = []
    for coder_id, items in grouped.items():
        coders.setdefault(coder_id, len(coders) + 1)
        annotations.append(
            {
                "completed_by": coders[coder_id],
                "coder": names[coder_id],
                "created_at": min(item.created for item in items),
                "updated_at": max(item.updated for item in items),
                "was_cancelled": False,
                "result": _results(article, book, items),
            }
        )
    return {"data": data, "annotations": annotations}


def _results(article: ArticleExport, book: Codebook, items: list) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    spans = [item for item in items if hasattr(item, "start")]
    region = {span.id: f"r{n}" for n, span in enumerate(spans, start=1)}
    for span in spans:
        where = {"start": span.start, "end": span.end, "text": article.text[span.start : span.end]}
        common = {"id": region[span.id], "to_name": "text"}
        results.append(
            {**common, "from_name": span.layer, "type": "labels",
             "value": {**where, "labels": [span.label]}}
        )  # fmt: skip
        for name, value in span.attrs.items():
            values = value if isinstance(value, list) else [value]
            place = {"start": span.start, "end": span.end}  # a textarea's "text" is its answer
            if _attribute_kind(book, span.layer, name) == "choice":
                kind, value = "choices", {**where, "choices": [str(v) for v in values]}
            else:
                kind, value = "textarea", {**place, "text": [str(v) for v in values]}
            results.append({**common, "from_name": name, "type": kind, "value": value})
    for answer in (item for item in items if hasattr(item, "scheme")):
        scheme = book.scheme(answer.scheme)
        values = answer.value if isinstance(answer.value, list) else [answer.value]
        kind, key = ("textarea", "text") if scheme.kind == "text" else ("choices", "choices")
        results.append(
            {"from_name": scheme.name, "to_name": "text", "type": kind, "value": {key: values}}
        )
    for relation in (item for item in items if hasattr(item, "kind")):
        if relation.head in region and relation.tail in region:
            results.append(
                {"from_id": region[relation.head], "to_id": region[relation.tail],
                 "type": "relation", "direction": "right", "labels": [relation.kind]}
            )  # fmt: skip
    return results


def _attribute_kind(book: Codebook, layer: str, name: str) -> str:
    try:
        found = [a for a in book.layer(layer).attributes if a.name == name]
    except KeyError:
        return "text"
    return found[0].kind if found else "text"


def label_studio_config(book: Codebook) -> str:
    """A labeling configuration (XML) with a Labels tag per layer, per-region answers for
    the attributes, a Choices or TextArea per scheme, and relations between regions."""
    lines = ["<View>", '  <Relations><Relation value="source_of"/><Relation value="content_of"/>'
             "</Relations>"]  # fmt: skip
    for layer in book.layers:
        lines.append(f'  <Labels name={quoteattr(layer.name)} toName="text">')
        lines += [f"    <Label value={quoteattr(label.name)}/>" for label in layer.labels]
        lines.append("  </Labels>")
    lines.append('  <Text name="text" value="$text"/>')
    for layer in book.layers:
        for attribute in layer.attributes:
            name = quoteattr(attribute.name)
            if attribute.kind == "choice":
                lines.append(f'  <Choices name={name} toName="text" perRegion="true">')
                lines += [f"    <Choice value={quoteattr(c.name)}/>" for c in attribute.choices]
                lines.append("  </Choices>")
            else:
                lines.append(f'  <TextArea name={name} toName="text" perRegion="true"/>')
    for scheme in book.schemes:
        name = quoteattr(scheme.name)
        if scheme.kind == "text":
            lines.append(f'  <TextArea name={name} toName="text"/>')
            continue
        choice = "single" if scheme.kind == "single" else "multiple"
        lines.append(f'  <Choices name={name} toName="text" choice="{choice}">')
        lines += [f"    <Choice value={quoteattr(c.name)}/>" for c in scheme.choices]
        lines.append("  </Choices>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"


def write_label_studio(
    articles: Iterable[ArticleExport],
    staging: Staging,
    summary: ExportSummary,
    *,
    codebook: Codebook,
    **_: Any,
) -> None:
    coders: dict[str, int] = {}
    with open(staging.file(), "w", encoding="utf-8", newline="\n") as handle:
        handle.write("[\n")
        for number, article in enumerate(articles):
            task = label_studio_task(article, codebook, coders)
            handle.write(("" if number == 0 else ",\n") + json.dumps(task, ensure_ascii=False))
        handle.write("\n]\n")
