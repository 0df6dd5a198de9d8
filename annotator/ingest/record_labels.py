"""Labels that come with an article, as every importer hands them to ``annotator import``.

A JSONL record's labels are recognised by their shape:
- ours (a line of ``annotator export -f jsonl``, marked by its ``annotator`` object): spans,
  document labels and relations with their ids, coders and timestamps, so they come back
  exactly;
- other tools' shapes (Prodigy, doccano, ``annotator detect --jsonl``), read by
  ``annotator.ingest.tool_records``.
Folder formats (brat, WebAnno TSV) and Label Studio tasks build ``RecordLabels`` themselves.
Offsets are checked against the record's text when it is read; layers, labels and answers
against the project's codebook when they are written (``annotator.ingest.label_import``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from annotator.codebook import Codebook
from annotator.errors import IngestError
from annotator.export.jsonl import META_FIELDS
from annotator.ingest.normalize import normalize_text
from annotator.ingest.source import display_path
from annotator.model import ArticleDraft

_TEXT_FIELDS = ("coder", "coder_id", "id", "origin", "from", "created", "updated", "layer")


@dataclass
class RecordLabels:
    kind: str  # "annotator", "prodigy", "doccano", "detect", "label-studio", "brat", "webanno"
    source: str  # "coders", or "gold" for our gold exports
    path: str
    line: int
    raw_text: str
    spans: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)  # ours: codebook schemes
    # other tools' document labels, mapped onto schemes when written (``LabelMap``):
    # {"values": [names], "scheme": the tool's name for the question or None, "coder"...}
    choices: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[dict[str, Any]] = field(default_factory=list)  # detect output
    detector: tuple[str, str] | None = None  # (name, version) of detect output
    coder: str | None = None  # the record's coder (line-level coder, annotator, Prodigy ids)
    accepted: bool = True  # False for a Prodigy answer of "reject" or "ignore"
    timestamp: str | None = None  # when the record's labels were made, if it says (Prodigy)
    fallback_coder: str | None = None  # the coder when nothing names one; else "import: FILE"
    local_ids: bool = False  # span ids only link relations within the record (not uuids)
    refused: int = 0  # labels of cancelled annotations (Label Studio), counted, not written

    def error(self, message: str, item: dict[str, Any] | None = None) -> IngestError:
        """An error at the record's line, or at the line of ``item`` when it has its own (the
        ``.ann`` line of a brat span); a record of a whole file (line 0) names no line."""
        line = (item or {}).get("line") or self.line or None
        return IngestError(message, path=self.path, line=line)

    def answer_value(self, answer: dict[str, Any], book: Codebook) -> Any:
        """The answer as the codebook takes it (several choices in codebook order)."""
        try:
            scheme = book.scheme(answer["scheme"])
        except KeyError:
            raise self.error(f"no scheme '{answer['scheme']}' in the codebook") from None
        value = answer["value"]
        if scheme.kind == "text":
            return value if isinstance(value, str) else "; ".join(value)
        names = [c.name for c in scheme.choices]
        chosen = [value] if isinstance(value, str) else value
        if (scheme.kind == "single") != isinstance(value, str) or set(chosen) - set(names):
            raise self.error(f"{value!r} is not an answer to '{scheme.name}'")
        return value if scheme.kind == "single" else [n for n in names if n in set(chosen)]

    def fitted(self, text: str) -> RecordLabels:
        """The labels with offsets moved onto the stored (normalised) text."""
        if text == self.raw_text:
            return self
        spans = [self._fitted(text, n, span) for n, span in enumerate(self.spans, start=1)]
        found = [self._fitted(text, n, s) for n, s in enumerate(self.suggestions, start=1)]
        return dataclasses.replace(self, spans=spans, suggestions=found)

    def _fitted(self, text: str, number: int, span: dict[str, Any]) -> dict[str, Any]:
        start, end = _place(self.raw_text, span["start"]), _place(self.raw_text, span["end"])
        end = min(end, len(text))
        words = normalize_text(self.raw_text[span["start"] : span["end"]])
        if start >= end or text[start:end].strip() != words:
            raise self.error(
                f"span {number} [{span['start']}, {span['end']}) does not survive the "
                "text's normalisation (NFC, newlines, control characters, outer spaces)"
            )
        return {**span, "start": start, "end": end}


@dataclass
class LabeledDraft(ArticleDraft):
    """An article draft that brought labels with it."""

    labels: RecordLabels | None = None


def _place(raw: str, offset: int) -> int:
    """Where ``offset`` of the raw text lands in the normalised text ("x" keeps the prefix's
    trailing white space, which normalisation would strip from a text's end)."""
    return len(normalize_text(raw[:offset] + "x")) - 1


def take_our_labels(fields: dict[str, Any], path: Path, line: int) -> RecordLabels:
    """Take the labels of one of our JSONL lines out of the record (so they do not become
    article metadata), check their shape, and put the article fields back where we read them."""
    labels = RecordLabels("annotator", "coders", display_path(path), line, fields["text"])
    marker = fields.pop("annotator")
    labels.source = "gold" if marker.get("source") == "gold" else "coders"
    fields.pop("id", None)  # the article's id in the exporting project
    meta = fields.get("meta") or {}
    if not isinstance(meta, dict):
        raise labels.error("the 'meta' field must be an object")
    meta = dict(meta)
    for key, name in META_FIELDS.items():
        value = meta.pop(key, None)
        if value is not None and name not in fields:
            fields[name] = value
    fields["meta"] = meta
    labels.answers = [_answer(labels, n, a) for n, a in list_items(labels, fields, "doc_labels")]
    labels.relations = [
        checked_relation(labels, n, r) for n, r in list_items(labels, fields, "relations")
    ]
    labels.spans = [checked_span(labels, n, s) for n, s in list_items(labels, fields, "spans")]
    check_relation_ends(labels)
    return labels


def check_relation_ends(labels: RecordLabels) -> None:
    """Every relation links two spans of the record."""
    ids = {span.get("id") for span in labels.spans}
    for number, relation in enumerate(labels.relations, start=1):
        if relation["head"] not in ids or relation["tail"] not in ids:
            raise labels.error(f"relation {number} links a span that is not in this record")


def list_items(labels: RecordLabels, fields: dict[str, Any], name: str):
    items = fields.pop(name, None) or []
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise labels.error(f"'{name}' must be a list of objects")
    return enumerate(items, start=1)


def checked_span(labels: RecordLabels, number: int, span: dict[str, Any]) -> dict[str, Any]:
    start, end, label = span.get("start"), span.get("end"), span.get("label")
    where = f"span {number}"
    if not (is_int(start) and is_int(end)):
        raise labels.error(f"{where} needs whole-number 'start' and 'end'")
    if not 0 <= start < end <= len(labels.raw_text):
        raise labels.error(
            f"{where} [{start}, {end}) does not fit the text of {len(labels.raw_text)} characters"
        )
    if not isinstance(label, str) or not label:
        raise labels.error(f"{where} needs a 'label'")
    covered = labels.raw_text[start:end]
    if isinstance(span.get("text"), str) and span["text"] != covered:
        raise labels.error(
            f"{where} [{start}, {end}) covers {covered!r} but its 'text' is {span['text']!r}; "
            "offsets must count characters (code points) of 'text'"
        )
    attrs = span.get("attributes") or {}
    if not isinstance(attrs, dict):
        raise labels.error(f"{where}: 'attributes' must be an object")
    return {"start": start, "end": end, "label": label, "attributes": attrs, **_texts(span)}


def _answer(labels: RecordLabels, number: int, answer: dict[str, Any]) -> dict[str, Any]:
    scheme, value = answer.get("scheme"), answer.get("value")
    ok = isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
    )
    if not isinstance(scheme, str) or not ok:
        raise labels.error(f"document label {number} needs a 'scheme' and a text or list 'value'")
    return {"scheme": scheme, "value": value, **_texts(answer)}


def checked_relation(labels: RecordLabels, number: int, relation: dict[str, Any]) -> dict[str, Any]:
    if not all(isinstance(relation.get(k), str) for k in ("kind", "head", "tail")):
        raise labels.error(f"relation {number} needs 'kind', 'head' and 'tail'")
    attrs = relation.get("attributes") or {}
    if not isinstance(attrs, dict):
        raise labels.error(f"relation {number}: 'attributes' must be an object")
    return {
        "kind": relation["kind"],
        "head": relation["head"],
        "tail": relation["tail"],
        "attributes": attrs,
        **_texts(relation),
    }


def _texts(item: dict[str, Any]) -> dict[str, str]:
    return {k: item[k] for k in _TEXT_FIELDS if isinstance(item.get(k), str) and item[k]}


def is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def with_labels(draft: ArticleDraft, labels: RecordLabels | None) -> ArticleDraft:
    """The draft, carrying its labels (offsets fitted to its normalised text) if it has any."""
    if labels is None:
        return draft
    return LabeledDraft(**vars(draft), labels=labels.fitted(draft.text))
