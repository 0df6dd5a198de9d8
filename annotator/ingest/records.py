"""Many articles per file: JSON Lines and CSV."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from annotator.errors import IngestError
from annotator.export.jsonl import META_FIELDS
from annotator.ingest.label_studio import is_label_studio_task, read_tasks, task_draft
from annotator.ingest.normalize import guess_title, normalize_text
from annotator.ingest.record_labels import take_our_labels, with_labels
from annotator.ingest.source import FileRead, display_path, read_decoded
from annotator.ingest.surrogates import surrogate_problem
from annotator.ingest.tool_records import take_tool_labels
from annotator.model import ArticleDraft

FIELDS = ("text", "title", "outlet", "url", "published", "story")
# Column names other tools use for our fields; matched without regard to case.
ALIASES = {
    "text": ("text", "body", "content", "article", "full_text", "fulltext"),
    "title": ("title", "headline", "heading"),
    "outlet": ("outlet", "source", "publication", "publisher", "site", "sitename", "media"),
    "url": ("url", "link", "address"),
    "published": ("published", "date", "publish_date", "published_at", "pubdate"),
    "story": ("story", "topic", "event"),
}

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def draft_from_record(
    record: Mapping[str, Any], path: Path, line: int, meta: dict[str, Any] | None = None
) -> ArticleDraft:
    """An article from a JSONL object or a mapped CSV row; raises IngestError for bad fields."""
    text = record.get("text")
    if not isinstance(text, str):
        raise IngestError("has no 'text' field (a string)", path=str(path), line=line)
    text = normalize_text(text)
    if not text:
        raise IngestError("the 'text' field is empty", path=str(path), line=line)
    values: dict[str, Any] = {}
    for name in ("title", "outlet", "url", "published", "story"):
        value = record.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise IngestError(f"the '{name}' field must be text", path=str(path), line=line)
        values[name] = normalize_text(value)
    if "title" not in values:
        values["title"] = guess_title(text)
    source = f"{display_path(path)}:{line}"
    return ArticleDraft(text=text, meta=meta or {}, source=source, **values)


def read_jsonl(path: Path, max_bytes: int, skip_bad: bool = False) -> FileRead:
    """The file is decoded at once; its articles are parsed as the importer asks for them."""
    decoded = read_decoded(path, max_bytes)
    result = FileRead(path, [], decoded)
    result.drafts = _jsonl_drafts(decoded.text, path, skip_bad, result.skipped)
    return result


def _lines(text: str) -> Iterator[str]:
    """Lines split at \n without copying the whole text (a StringIO would hold it again)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield text[start:end]
        start = end + 1


def _jsonl_drafts(
    text: str, path: Path, skip_bad: bool, skipped: list[str]
) -> Iterator[ArticleDraft]:
    found = 0
    # Lines end at \n only: U+2028 and friends are legal inside JSON strings.
    for number, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        try:
            draft = _jsonl_draft(line, path, number)
        except IngestError as exc:
            if not skip_bad:
                raise
            skipped.append(str(exc))
            continue
        found += 1
        yield draft
    if not found and not skipped:
        raise IngestError("has no JSON lines", path=str(path))


def _jsonl_draft(line: str, path: Path, number: int) -> ArticleDraft:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        raise IngestError(f"not valid JSON ({reason})", path=str(path), line=number) from None
    if not isinstance(record, dict):
        raise IngestError("is not a JSON object", path=str(path), line=number)
    # only a \u escape makes a lone surrogate: no codec read_decoded uses ever yields one
    problem = surrogate_problem(record) if "\\u" in line else None
    if problem:
        raise IngestError(problem, path=str(path), line=number)
    if is_label_studio_task(record) and "text" not in record:
        return task_draft(record, path, number, draft_from_record)
    fields = dict(record)
    labels = None  # spans, answers and suggestions that came along
    if isinstance(fields.get("text"), str):
        if isinstance(fields.get("annotator"), dict):
            labels = take_our_labels(fields, path, number)
        else:
            labels = take_tool_labels(fields, path, number)
            if labels is not None:  # Prodigy keeps article fields in "meta" (ours do)
                _article_fields_from_meta(fields)
    if "published" not in fields and "date" in fields:
        fields["published"] = fields.pop("date")
    meta = fields.pop("meta", None) or {}
    if not isinstance(meta, dict):
        raise IngestError("the 'meta' field must be an object", path=str(path), line=number)
    extra = {k: v for k, v in fields.items() if k not in FIELDS}
    return with_labels(draft_from_record(fields, path, number, {**extra, **meta}), labels)


def read_label_studio_json(path: Path, max_bytes: int) -> FileRead | None:
    """A Label Studio JSON export (a list of tasks, or one task); None for other JSON (a
    manifest), which the manifest reader reads and judges."""
    decoded = read_decoded(path, max_bytes)
    try:
        data = json.loads(decoded.text)
    except (ValueError, RecursionError):
        return None
    tasks = data if isinstance(data, list) else [data]
    if not tasks or not all(is_label_studio_task(task) for task in tasks):
        return None
    return FileRead(path, list(read_tasks(data, path, draft_from_record)), decoded)


def _article_fields_from_meta(fields: dict[str, Any]) -> None:
    meta = fields.get("meta")
    if not isinstance(meta, dict):
        return
    meta = dict(meta)
    for key, name in META_FIELDS.items():
        if name not in fields and isinstance(meta.get(key), str):
            fields[name] = meta.pop(key)
    fields["meta"] = meta


def read_csv(
    path: Path,
    max_bytes: int,
    column_map: Mapping[str, str] | None = None,
    skip_bad: bool = False,
) -> FileRead:
    """CSV with a header row. ``column_map`` maps our fields to the file's column names."""
    decoded = read_decoded(path, max_bytes)
    text = decoded.text
    try:
        dialect: Any = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise IngestError("has no header row", path=str(path)) from None
    except csv.Error as exc:
        raise IngestError(f"is not valid CSV ({exc})", path=str(path), line=1) from None
    columns = _map_columns(header, column_map or {}, path)
    result = FileRead(path, [], decoded)
    result.drafts = _csv_drafts(reader, header, columns, path, skip_bad, result.skipped)
    return result


def _csv_drafts(
    reader: Any,
    header: list[str],
    columns: dict[str, int],
    path: Path,
    skip_bad: bool,
    skipped: list[str],
) -> Iterator[ArticleDraft]:
    found = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise IngestError(
                f"is not valid CSV ({exc})", path=str(path), line=reader.line_num
            ) from None
        if not any(cell.strip() for cell in row):
            continue
        record = {name: row[i] for name, i in columns.items() if i < len(row)}
        meta = {
            header[i]: cell
            for i, cell in enumerate(row)
            if i not in columns.values() and i < len(header) and cell
        }
        try:
            draft = draft_from_record(record, path, reader.line_num, meta)
        except IngestError as exc:
            if not skip_bad:
                raise
            skipped.append(str(exc))
            continue
        found += 1
        yield draft
    if not found and not skipped:
        raise IngestError("has a header but no rows", path=str(path))


def _map_columns(header: list[str], column_map: Mapping[str, str], path: Path) -> dict[str, int]:
    """Our field name -> column index, from the explicit map, else by name and alias."""
    lowered = {name.strip().lower(): i for i, name in enumerate(header)}
    columns: dict[str, int] = {}
    for field in FIELDS:
        if field in column_map:
            wanted = column_map[field].strip().lower()
            if wanted not in lowered:
                raise IngestError(
                    f"has no column '{column_map[field]}' to use as {field} "
                    f"(columns: {', '.join(header)})",
                    path=str(path),
                )
            columns[field] = lowered[wanted]
            continue
        for alias in ALIASES[field]:
            if alias in lowered:
                columns[field] = lowered[alias]
                break
    unknown = set(column_map) - set(FIELDS)
    if unknown:
        raise IngestError(
            f"cannot map columns to {', '.join(sorted(unknown))}; fields are {', '.join(FIELDS)}",
            path=str(path),
        )
    if "text" not in columns:
        raise IngestError(
            f"has no text column (columns: {', '.join(header)}); name the column that holds "
            "the article text with --column text=NAME",
            path=str(path),
        )
    return columns
