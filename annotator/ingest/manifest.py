"""A manifest: a JSON file listing article files with their outlet, date and story.

    {"story": "...", "articles": [{"file": "a.txt", "outlet": "X", "date": "2020-03-05"}]}

Paths are relative to the manifest. Keys other than file, title, outlet, url, date/published
and story are kept in the article's meta.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.errors import IngestError
from annotator.ingest.source import FileRead, read_decoded

MANIFEST_NAME = "manifest.json"
_FIELDS = {"title", "outlet", "url", "published", "story"}


def read_manifest(path: Path, max_bytes: int) -> tuple[FileRead, list[tuple[Path, dict]]]:
    """The manifest itself (no articles) and, per listed file, the fields to give its article."""
    decoded = read_decoded(path, max_bytes)
    try:
        data = json.loads(decoded.text)
    except (ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        raise IngestError("is not valid JSON", path=str(path), line=line) from None
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise IngestError(
            "is not a manifest: expected an object with an 'articles' list "
            "(articles themselves go in .jsonl, .txt, .md, .html or .csv files)",
            path=str(path),
        )
    story = data.get("story")
    entries: list[tuple[Path, dict]] = []
    for i, entry in enumerate(data["articles"]):
        where = f"articles[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise IngestError(f"{where} needs a 'file' (a path)", path=str(path))
        target = (path.parent / entry["file"]).resolve()
        if not target.is_file():
            raise IngestError(f"{where}: the file '{entry['file']}' is missing", path=str(path))
        entries.append((target, _fields(entry, story, path, where)))
    return FileRead(path, []), entries


def _fields(entry: dict[str, Any], story: Any, path: Path, where: str) -> dict[str, Any]:
    fields: dict[str, Any] = {"meta": {}}
    if isinstance(story, str) and story:
        fields["story"] = story
    for key, value in entry.items():
        if key == "file":
            continue
        name = "published" if key == "date" else key
        if name in _FIELDS:
            if value is None:
                continue
            if not isinstance(value, str):
                raise IngestError(f"{where}.{key} must be text", path=str(path))
            fields[name] = value
        else:
            fields["meta"][key] = value
    return fields
