"""Label Studio tasks: a JSON export (a list of tasks) or JSONL (a task a line).

A task is ``{"data": {"text", ...}, "annotations": [{"completed_by", "result": [...],
"created_at", "updated_at", "was_cancelled"}]}``. Each annotation is one coder's:
- its coder: our ``coder`` field (our exports), else ``completed_by`` (a user object's
  email or username, or "label-studio user N" for a number);
- ``labels`` regions (``value``: ``start``, ``end``, ``labels``, ``text``) are spans; the
  region's ``from_name`` is its layer when the codebook has that layer;
- ``choices``/``textarea`` results with a region's ``id`` are that span's attributes (named
  by ``from_name``); without one they answer the document scheme named by ``from_name``
  (its values placed by ``LabelMap``);
- ``relation`` results (``from_id``, ``to_id``, ``labels``) link two regions, of the first
  label's kind (``related`` without one);
- a cancelled annotation (``was_cancelled``) brings no labels (counted).
Offsets count code points; offsets that only fit as UTF-16 units (older Label Studio with
emoji) are converted when the region's ``text`` shows that is what they are. Predictions are
not read. Other ``data`` fields are the article's: ``title``, ``outlet``, ``published`` (or
``date``), ``story``, ``url``; the rest is kept in its meta.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.errors import IngestError
from annotator.ingest.record_labels import (
    RecordLabels,
    check_relation_ends,
    checked_relation,
    is_int,
    with_labels,
)
from annotator.model import ArticleDraft

DATA_FIELDS = ("title", "outlet", "url", "published", "story")


def is_label_studio_task(record: Any) -> bool:
    return isinstance(record, dict) and isinstance(record.get("data"), dict)


def task_draft(task: dict[str, Any], path: Path, line: int, draft_from_record: Any) -> ArticleDraft:
    """The article of a task and the labels of its annotations (``draft_from_record`` is the
    JSONL importer's, so fields are checked the same way)."""
    data = dict(task["data"])
    text = data.get("text")
    if not isinstance(text, str):
        strings = [k for k, v in data.items() if isinstance(v, str) and len(v) > 200]
        if len(strings) != 1:
            raise IngestError("the task's 'data' has no 'text'", path=str(path), line=line)
        text = data.pop(strings[0])
    else:
        data.pop("text")
    if "published" not in data and "date" in data:
        data["published"] = data.pop("date")
    fields = {"text": text, **{k: data.pop(k) for k in DATA_FIELDS if k in data}}
    meta = data.pop("meta", None)
    meta = {**data, **(meta if isinstance(meta, dict) else {})}
    draft = draft_from_record(fields, path, line, meta)
    labels = RecordLabels("label-studio", "coders", str(path), line, text, local_ids=True)
    annotations = task.get("annotations") or task.get("completions") or []
    if not isinstance(annotations, list):
        raise labels.error("'annotations' must be a list")
    for number, annotation in enumerate(annotations, start=1):
        if not isinstance(annotation, dict):
            raise labels.error(f"annotation {number} must be an object")
        _annotation(labels, number, annotation)
    check_relation_ends(labels)
    return with_labels(draft, labels)


def _annotation(labels: RecordLabels, number: int, annotation: dict[str, Any]) -> None:
    results = annotation.get("result") or []
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        raise labels.error(f"annotation {number}: 'result' must be a list of objects")
    if annotation.get("was_cancelled"):
        labels.refused += len(results)
        return
    common = {"coder": _coder(labels, number, annotation)}
    for key, name in (("created", "created_at"), ("updated", "updated_at")):
        if isinstance(annotation.get(name), str):
            common[key] = annotation[name]
    prefix = f"a{number}:"
    regions: dict[str, dict[str, Any]] = {}
    for result in results:
        if not isinstance(result.get("value", {}), dict):
            raise labels.error(f"annotation {number}: a result's 'value' must be an object")
        if not isinstance(result.get("from_name", ""), str):
            raise labels.error(f"annotation {number}: a result's 'from_name' must be a name")
    for result in results:
        if result.get("type") == "labels" or "labels" in (result.get("value") or {}):
            if result.get("type") == "relation":
                continue
            span = _region(labels, number, result, common)
            regions[str(result.get("id"))] = span
            span["id"] = prefix + str(result.get("id"))
            labels.spans.append(span)
    for result in results:
        kind = result.get("type")
        value = result.get("value") or {}
        if kind == "relation":
            kinds = result.get("labels") or ["related"]
            if not isinstance(kinds, list) or not isinstance(kinds[0], str):
                raise labels.error(f"annotation {number}: a relation's 'labels' must be names")
            link = {
                "kind": kinds[0],
                "head": prefix + str(result.get("from_id")),
                "tail": prefix + str(result.get("to_id")),
            }
            labels.relations.append({**checked_relation(labels, number, link), **common})
        elif kind in ("choices", "textarea", "taxonomy") or "choices" in value:
            answer = value.get("choices") if "choices" in value else value.get("text")
            if isinstance(answer, str):
                answer = [answer]
            if not isinstance(answer, list) or not all(isinstance(v, str) for v in answer):
                raise labels.error(f"annotation {number}: a {kind} result needs its values")
            name = result.get("from_name")
            owner = regions.get(str(result.get("id")))
            if owner is not None:  # a per-region answer: an attribute of that span
                owner["attributes"][name] = answer[0] if len(answer) == 1 else answer
            elif answer:
                labels.choices.append({"values": answer, "scheme": name, **common})


def _coder(labels: RecordLabels, number: int, annotation: dict[str, Any]) -> str:
    if isinstance(annotation.get("coder"), str) and annotation["coder"]:
        return annotation["coder"]
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        found = who.get("email") or who.get("username") or who.get("id")
        if found is not None:
            return str(found)
    if is_int(who):
        return f"label-studio user {who}"
    return f"label-studio annotation {annotation.get('id', number)}"


def _region(labels: RecordLabels, number: int, result: dict, common: dict) -> dict[str, Any]:
    value = result.get("value") or {}
    start, end, names = value.get("start"), value.get("end"), value.get("labels")
    where = f"annotation {number}, region {result.get('id')}"
    if not (is_int(start) and is_int(end)) or not isinstance(names, list) or not names:
        raise labels.error(f"{where} needs whole-number 'start', 'end' and 'labels'")
    if not all(isinstance(name, str) and name for name in names):
        raise labels.error(f"{where}: its 'labels' must be label names")
    start, end = _code_points(labels, where, start, end, value.get("text"))
    span = {"start": start, "end": end, "label": names[0], "attributes": {}, **common}
    if result.get("from_name"):
        span["layer_hint"] = result["from_name"]
    return span


def _code_points(
    labels: RecordLabels, where: str, start: int, end: int, given: Any
) -> tuple[int, int]:
    text = labels.raw_text
    if 0 <= start < end <= len(text) and (not isinstance(given, str) or text[start:end] == given):
        return start, end
    if isinstance(given, str):  # UTF-16 code units, as JavaScript counts
        units = [0]
        for char in text:
            units.append(units[-1] + (2 if ord(char) > 0xFFFF else 1))
        if start in units and end in units:
            moved = units.index(start), units.index(end)
            if text[moved[0] : moved[1]] == given:
                return moved
    raise labels.error(
        f"{where} [{start}, {end}) does not fit the text of {len(text)} characters"
        + (f" or its text {given!r}" if isinstance(given, str) else "")
    )


def read_tasks(data: Any, path: Path, draft_from_record: Any) -> Iterator[ArticleDraft]:
    """The drafts of a Label Studio JSON export (a list of tasks, or one task)."""
    tasks = data if isinstance(data, list) else [data]
    for number, task in enumerate(tasks, start=1):
        if not is_label_studio_task(task):
            raise IngestError(f"task {number} has no 'data' object", path=str(path))
        yield task_draft(task, path, number, draft_from_record)
