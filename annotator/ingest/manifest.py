"""A manifest: a JSON file listing article files with their outlet, date and story.

    {"story": "...", "articles": [{"file": "a.txt", "outlet": "X", "date": "2020-03-05"}]}

Paths are relative to the manifest, and must stay inside the manifest's folder (symbolic links
followed): a shared bundle must not pull ``../../private/diary.txt`` or ``/etc/passwd`` into a
project that coder copies and exports then hand on. Entries that reach out are refused and
listed, unless the import allows it (``allow_outside``). Keys other than file, title, outlet,
url, date/published and story are kept in the article's meta.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from annotator.errors import IngestError
from annotator.ingest.source import FileRead, display_path, read_decoded
from annotator.ingest.surrogates import surrogate_problem

MANIFEST_NAME = "manifest.json"
ALLOW_OUTSIDE_OPTION = "--allow-outside"  # the command-line option of ImportOptions.allow_outside
_FIELDS = {"title", "outlet", "url", "published", "story"}


def read_manifest(
    path: Path, max_bytes: int, allow_outside: bool = False
) -> tuple[FileRead, list[tuple[Path, dict]]]:
    """The manifest itself (no articles, its refused entries listed) and, per listed file, the
    fields to give its article."""
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
    problem = surrogate_problem(data)
    if problem:
        raise IngestError(problem, path=str(path))
    result = FileRead(path, [])
    folder = Path(os.path.realpath(path.parent))
    story = data.get("story")
    entries: list[tuple[Path, dict]] = []
    for i, entry in enumerate(data["articles"]):
        where = f"articles[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise IngestError(f"{where} needs a 'file' (a path)", path=str(path))
        target = _target(path, folder, entry["file"], where)
        if not allow_outside and not target.is_relative_to(folder):
            result.refused.append(
                f"{display_path(path)}: {where} '{entry['file']}' is outside the manifest's "
                f"folder and was not imported ({ALLOW_OUTSIDE_OPTION} imports it)"
            )
            continue
        if not _is_file(target):
            raise IngestError(f"{where}: the file '{entry['file']}' is missing", path=str(path))
        entries.append((target, _fields(entry, story, path, where)))
    return result, entries


def _target(manifest: Path, folder: Path, name: str, where: str) -> Path:
    """The real file an entry names; IngestError for a name no file system takes."""
    if not name.strip() or "\x00" in name:
        raise IngestError(f"{where}: {name!r} is not a file name", path=str(manifest))
    try:
        return Path(os.path.realpath(folder / name))
    except (OSError, ValueError) as exc:
        raise IngestError(
            f"{where}: the file name cannot be used ({_reason(exc)})", path=str(manifest)
        ) from None


def _is_file(target: Path) -> bool:
    try:
        return target.is_file()
    except (OSError, ValueError):  # a name too long for the file system, and the like
        return False


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


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
