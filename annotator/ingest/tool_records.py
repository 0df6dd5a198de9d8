"""Labels in other tools' JSONL shapes, taken out of a record for ``annotator import``.

- Prodigy: ``"spans": [{"start", "end", "label"}]``; choice tasks (``"options"`` and the
  chosen ``"accept"`` ids) and binary text classification (``"label": "NAME"``) as document
  labels; ``answer`` ("reject" and "ignore" bring no labels), ``_timestamp`` (when the labels
  were made). ``tokens``, the hashes and the other underscore fields are not kept.
- doccano: spans as ``"label": [[start, end, "LABEL"], ...]`` or ``"entities":
  [{"id", "start_offset", "end_offset", "label"}]`` with ``"relations": [{"from_id", "to_id",
  "type"}]``; text classification as ``"label": ["political", ...]`` (document labels).
- ``annotator detect --jsonl`` output (``"spans"`` with ``layer`` and ``explanation``, and
  ``detector``/``version`` or ``tier``): suggestions, stored under the detect layers as
  ``annotator detect --project`` stores them.
- Any shape: a line-level ``coder``, ``annotator``, ``_annotator_id`` or ``_session_id`` (in
  that order) makes the line's labels that coder's.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.ingest.record_labels import (
    RecordLabels,
    check_relation_ends,
    checked_relation,
    checked_span,
    is_int,
    list_items,
)

LINE_CODER_FIELDS = ("coder", "annotator", "_annotator_id", "_session_id")
PRODIGY_FIELDS = (
    "tokens",
    "answer",
    "_input_hash",
    "_task_hash",
    "_view_id",
    "_timestamp",
    "_is_binary",
    "options",
    "accept",
    "config",
    "user_input",
    "field_id",
)
DETECT_FIELDS = ("language", "tier", "detector", "version")
IMPORTED_DETECTOR = "annotator.detect"  # detect output that does not name its detector


def take_tool_labels(fields: dict[str, Any], path: Path, line: int) -> RecordLabels | None:
    """Take the labels of a Prodigy, doccano or detect record out of ``fields``; None when
    the record carries none (it is then an article and nothing else)."""
    text = fields["text"]
    label = fields.get("label")
    if _is_detect_output(fields):
        return _detect_output(fields, RecordLabels("detect", "coders", str(path), line, text))
    doccano_spans = _is_triples(label) or _is_entities(fields.get("entities"))
    doccano_cats = (
        isinstance(label, list) and bool(label) and all(isinstance(v, str) for v in label)
    )
    prodigy = any(k in fields for k in ("spans", "answer", "accept", "_input_hash")) or (
        isinstance(label, str) and "answer" in fields
    )
    if not (doccano_spans or doccano_cats or prodigy):
        return None
    kind = "doccano" if doccano_spans or doccano_cats else "prodigy"
    labels = RecordLabels(kind, "coders", str(path), line, text)
    labels.coder = _line_coder(labels, fields)
    if kind == "doccano":
        _doccano(fields, labels)
    else:
        _prodigy(fields, labels)
    check_relation_ends(labels)
    return labels


def _line_coder(labels: RecordLabels, fields: dict[str, Any]) -> str | None:
    found = None
    for name in LINE_CODER_FIELDS:
        value = fields.pop(name, None)
        if value is None or value == "":
            continue
        if is_int(value):  # Label Studio and some exports number their users
            value = str(value)
        if not isinstance(value, str):
            raise labels.error(f"'{name}' must be the coder's name (text)")
        found = found or value.strip() or None
    return found


def _prodigy(fields: dict[str, Any], labels: RecordLabels) -> None:
    answer = fields.get("answer", "accept")
    if answer not in ("accept", "reject", "ignore"):
        raise labels.error(f"'answer' must be accept, reject or ignore, not {answer!r}")
    labels.accepted = answer == "accept"
    stamp = fields.get("_timestamp")
    if stamp is not None:
        if not isinstance(stamp, (int, float)) or isinstance(stamp, bool):
            raise labels.error("'_timestamp' must be a Unix time in seconds")
        labels.timestamp = datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    labels.spans = [checked_span(labels, n, s) for n, s in list_items(labels, fields, "spans")]
    _prodigy_relations(fields, labels)
    scheme = fields.pop("scheme", None)  # our exports name the question a task answers
    if scheme is not None and not isinstance(scheme, str):
        raise labels.error("'scheme' must be the name of a document scheme")
    if "options" in fields or "accept" in fields:
        chosen = fields.get("accept") or []
        options = fields.get("options") or []
        if not isinstance(chosen, list) or not isinstance(options, list):
            raise labels.error("'options' and 'accept' must be lists")
        ids = {o.get("id") for o in options if isinstance(o, dict) and _is_name(o.get("id"))}
        if not all(_is_name(value) for value in chosen):
            raise labels.error("'accept' must list the ids of chosen options")
        for value in chosen:
            if ids and value not in ids:
                raise labels.error(f"'accept' names {value!r}, which is not one of the 'options'")
        names = [str(v) for v in chosen]
        if names:
            labels.choices.append({"values": names, "scheme": scheme})
    if isinstance(fields.get("user_input"), str) and fields["user_input"]:  # a text answer
        labels.choices.append({"values": [fields.pop("user_input")], "scheme": scheme})
    if isinstance(fields.get("label"), str):  # binary text classification
        labels.choices.append({"values": [fields.pop("label")], "scheme": None})
    for name in PRODIGY_FIELDS:
        fields.pop(name, None)


def _prodigy_relations(fields: dict[str, Any], labels: RecordLabels) -> None:
    """Prodigy's relations (``head_span``, ``child_span``, ``label``) between the task's
    spans, found by their offsets and label."""
    relations = fields.pop("relations", None) or []
    if not relations:
        return
    if not isinstance(relations, list):
        raise labels.error("'relations' must be a list")
    by_place = {}
    for number, span in enumerate(labels.spans, start=1):
        span["id"] = f"prodigy-{number}"
        by_place[(span["start"], span["end"], span["label"])] = span["id"]
    labels.local_ids = True
    for number, relation in enumerate(relations, start=1):
        ends = [
            end
            for k in ("head_span", "child_span")
            if isinstance(relation, dict) and isinstance(end := relation.get(k), dict)
        ]
        if len(ends) != 2:
            raise labels.error(f"relation {number} needs 'head_span' and 'child_span'")
        ids = [by_place.get((e.get("start"), e.get("end"), e.get("label"))) for e in ends]
        if None in ids:
            raise labels.error(f"relation {number} links a span that is not in 'spans'")
        link = {"kind": relation.get("label"), "head": ids[0], "tail": ids[1]}
        labels.relations.append(checked_relation(labels, number, link))


def _doccano(fields: dict[str, Any], labels: RecordLabels) -> None:
    label = fields.get("label")
    if label is not None and _is_triples(label):
        fields.pop("label")
        raw = [{"start": s, "end": e, "label": name} for s, e, name in label]
        labels.spans = [checked_span(labels, n, s) for n, s in enumerate(raw, start=1)]
    elif isinstance(label, list):
        labels.choices.append({"values": fields.pop("label"), "scheme": None})
    if _is_entities(fields.get("entities")):
        entities = fields.pop("entities")
        for number, entity in enumerate(entities, start=1):
            span = {"start": entity.get("start_offset"), "end": entity.get("end_offset")}
            span["label"] = entity.get("label")
            checked = checked_span(labels, number, span)
            if entity.get("id") is not None:
                checked["id"] = f"doccano-{entity['id']}"
            labels.spans.append(checked)
        relations = fields.pop("relations", None) or []
        if not isinstance(relations, list):
            raise labels.error("'relations' must be a list")
        for number, relation in enumerate(relations, start=1):
            if not isinstance(relation, dict):
                raise labels.error(f"relation {number} must be an object")
            kind = relation.get("type") or relation.get("label")
            link = {
                "kind": kind,
                "head": f"doccano-{relation.get('from_id')}",
                "tail": f"doccano-{relation.get('to_id')}",
            }
            labels.relations.append(checked_relation(labels, number, link))
        labels.local_ids = True
    if isinstance(fields.get("cats"), list):  # doccano's name in some versions
        labels.choices.append({"values": [str(v) for v in fields.pop("cats")], "scheme": None})


def _is_detect_output(fields: dict[str, Any]) -> bool:
    spans = fields.get("spans")
    if not isinstance(spans, list) or not ("detector" in fields or "tier" in fields):
        return False
    return all(isinstance(s, dict) and "layer" in s and "explanation" in s for s in spans)


def _detect_output(fields: dict[str, Any], labels: RecordLabels) -> RecordLabels:
    name = fields.get("detector") or IMPORTED_DETECTOR
    version = fields.get("version") or f"imported ({fields.get('tier') or 'unknown tier'})"
    if not isinstance(name, str) or not isinstance(version, str):
        raise labels.error("'detector' and 'version' must be text")
    labels.detector = (name, version)
    for number, span in list_items(labels, fields, "spans"):
        checked = checked_span(labels, number, span)
        layer = span.get("layer")
        score = span.get("score")
        if not isinstance(layer, str) or not layer:
            raise labels.error(f"span {number} needs a 'layer'")
        if score is not None and (not isinstance(score, (int, float)) or isinstance(score, bool)):
            raise labels.error(f"span {number}: 'score' must be a number")
        explanation = span.get("explanation") or {}
        if not isinstance(explanation, dict):
            raise labels.error(f"span {number}: 'explanation' must be an object")
        labels.suggestions.append(
            {
                "start": checked["start"],
                "end": checked["end"],
                "layer": layer,
                "label": checked["label"],
                "score": score,
                "explanation": explanation,
            }
        )
    for key in DETECT_FIELDS:
        fields.pop(key, None)
    return labels


def _is_name(value: Any) -> bool:
    """An option id: a string or a whole number (Prodigy allows both)."""
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


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
