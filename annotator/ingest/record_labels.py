"""Labels that come with an article in a JSONL record, read by ``annotator import``.

Three shapes are recognised:
- ours (a line of ``annotator export -f jsonl``, marked by its ``annotator`` object): spans,
  document labels and relations with their ids, coders and timestamps, so they come back
  exactly;
- Prodigy: ``"spans": [{"start", "end", "label"}]`` (with ``answer``, ``_annotator_id`` and the
  other underscore fields, which are not kept as article metadata);
- doccano: ``"label": [[start, end, "LABEL"], ...]`` or ``"entities": [{"start_offset",
  "end_offset", "label"}]``.
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

PRODIGY_FIELDS = (
    "tokens",
    "answer",
    "_input_hash",
    "_task_hash",
    "_view_id",
    "_session_id",
    "_annotator_id",
    "_timestamp",
    "_is_binary",
)
_TEXT_FIELDS = ("coder", "coder_id", "id", "origin", "from", "created", "updated", "layer")


@dataclass
class RecordLabels:
    kind: str  # "annotator", "prodigy" or "doccano"
    source: str  # "coders", or "gold" for our gold exports
    path: str
    line: int
    raw_text: str
    spans: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    coder: str | None = None  # the record's coder (Prodigy's _annotator_id or _session_id)
    accepted: bool = True  # False for a Prodigy answer of "reject" or "ignore"

    def error(self, message: str) -> IngestError:
        return IngestError(message, path=self.path, line=self.line)

    def layer_label(self, number: int, span: dict[str, Any], book: Codebook) -> tuple[str, str]:
        """The codebook (layer, label) of span ``number``: its layer, else the one layer that
        has its label (matched exactly, else in lower case: Prodigy labels are upper case)."""
        label, layer = span["label"], span.get("layer")
        layers = [layer] if layer else [x.name for x in book.layers]
        matches = []
        for name in layers:
            try:
                names = [x.name for x in book.layer(name).labels]
            except KeyError:
                raise self.error(f"span {number}: no layer '{name}' in the codebook") from None
            exact = [x for x in names if x == label] or [x for x in names if x == label.lower()]
            matches += [(name, x) for x in exact]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            known = ", ".join(x.name for n in layers for x in book.layer(n).labels)
            raise self.error(f"span {number}: '{label}' is not a label of {known}")
        raise self.error(
            f"span {number}: '{label}' is a label of layers "
            f"{', '.join(m[0] for m in matches)}; give the span a 'layer'"
        )

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
        spans = []
        for number, span in enumerate(self.spans, start=1):
            start, end = _place(self.raw_text, span["start"]), _place(self.raw_text, span["end"])
            end = min(end, len(text))
            words = normalize_text(self.raw_text[span["start"] : span["end"]])
            if start >= end or text[start:end].strip() != words:
                raise self.error(
                    f"span {number} [{span['start']}, {span['end']}) does not survive the "
                    "text's normalisation (NFC, newlines, control characters, outer spaces)"
                )
            spans.append({**span, "start": start, "end": end})
        return dataclasses.replace(self, spans=spans)


@dataclass
class LabeledDraft(ArticleDraft):
    """An article draft that brought labels with it."""

    labels: RecordLabels | None = None


def _place(raw: str, offset: int) -> int:
    """Where ``offset`` of the raw text lands in the normalised text ("x" keeps the prefix's
    trailing white space, which normalisation would strip from a text's end)."""
    return len(normalize_text(raw[:offset] + "x")) - 1


def take_record_labels(fields: dict[str, Any], path: Path, line: int) -> RecordLabels | None:
    """Take the label fields out of a JSONL record (so they do not become article metadata)
    and check their shape; None when the record carries no labels."""
    text = fields.get("text")
    ours = isinstance(fields.get("annotator"), dict)
    doccano = fields.get("label") if _is_triples(fields.get("label")) else None
    entities = fields.get("entities") if _is_entities(fields.get("entities")) else None
    if not isinstance(text, str) or not (ours or "spans" in fields or doccano or entities):
        return None
    kind = "annotator" if ours else "prodigy" if "spans" in fields else "doccano"
    labels = RecordLabels(kind, "coders", display_path(path), line, text)
    if ours:
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
        labels.answers = [_answer(labels, n, a) for n, a in _items(labels, fields, "doc_labels")]
        labels.relations = [_relation(labels, n, r) for n, r in _items(labels, fields, "relations")]
    if kind == "doccano":
        if doccano is not None:
            fields.pop("label")
            raw = [{"start": s, "end": e, "label": label} for s, e, label in doccano]
        else:
            raw = [
                {"start": e.get("start_offset"), "end": e.get("end_offset"), "label": e["label"]}
                for e in fields.pop("entities")
            ]
        labels.spans = [_span(labels, n, s) for n, s in enumerate(raw, start=1)]
    else:
        labels.spans = [_span(labels, n, s) for n, s in _items(labels, fields, "spans")]
    if kind == "prodigy":
        labels.coder = _record_coder(labels, fields)
        labels.accepted = fields.get("answer", "accept") == "accept"
        for name in PRODIGY_FIELDS:
            fields.pop(name, None)
    ids = {span.get("id") for span in labels.spans}
    for number, relation in enumerate(labels.relations, start=1):
        if relation["head"] not in ids or relation["tail"] not in ids:
            raise labels.error(f"relation {number} links a span that is not in this record")
    return labels


def _record_coder(labels: RecordLabels, fields: dict[str, Any]) -> str | None:
    """Prodigy's ``_annotator_id`` (else ``_session_id``): text, or a number written as text."""
    for name in ("_annotator_id", "_session_id"):
        value = fields.get(name)
        if value is None or value == "":
            continue
        if _is_int(value):
            return str(value)
        if not isinstance(value, str):
            raise labels.error(
                f"'{name}' must be text (a coder's name), not {type(value).__name__}"
            )
        return value.strip() or None
    return None


def _items(labels: RecordLabels, fields: dict[str, Any], name: str):
    items = fields.pop(name, None) or []
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise labels.error(f"'{name}' must be a list of objects")
    return enumerate(items, start=1)


def _is_triples(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, list) and len(v) == 3 and isinstance(v[2], str) for v in value)
    )


def _is_entities(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) and "start_offset" in v and "label" in v for v in value)
    )


def _span(labels: RecordLabels, number: int, span: dict[str, Any]) -> dict[str, Any]:
    start, end, label = span.get("start"), span.get("end"), span.get("label")
    where = f"span {number}"
    if not (_is_int(start) and _is_int(end)):
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


def _relation(labels: RecordLabels, number: int, relation: dict[str, Any]) -> dict[str, Any]:
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


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def with_labels(draft: ArticleDraft, labels: RecordLabels | None) -> ArticleDraft:
    """The draft, carrying its labels (offsets fitted to its normalised text) if it has any."""
    if labels is None:
        return draft
    return LabeledDraft(**vars(draft), labels=labels.fitted(draft.text))
