"""One article per file: plain text, Markdown and HTML."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from annotator.errors import IngestError
from annotator.ingest.normalize import guess_title, normalize_text
from annotator.ingest.source import FileRead, display_path, read_decoded
from annotator.model import ArticleDraft


def read_text_file(path: Path, max_bytes: int) -> FileRead:
    decoded = read_decoded(path, max_bytes)
    text = _article_text(decoded.text, path)
    draft = ArticleDraft(text=text, title=guess_title(text), source=display_path(path))
    return FileRead(path, [draft], decoded)


# -- Markdown ---------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_QUOTE_MARK = re.compile(r"^>[ \t]?", re.MULTILINE)
_STRONG = re.compile(r"(\*\*|__)(?=\S)([^\n]*?\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_CODE = re.compile(r"`([^`\n]*)`")
_FRONT_KEYS = {
    "title": "title",
    "date": "published",
    "published": "published",
    "outlet": "outlet",
    "source": "outlet",
    "publication": "outlet",
    "url": "url",
    "link": "url",
    "story": "story",
}


def read_markdown(path: Path, max_bytes: int) -> FileRead:
    decoded = read_decoded(path, max_bytes)
    raw = normalize_text(decoded.text)
    fields: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(raw)
    if match:
        for key, value in _front_matter(match.group(1), path).items():
            name = _FRONT_KEYS.get(key.strip().lower())
            if name is not None and name not in fields and _scalar(value) is not None:
                fields[name] = _scalar(value)
            elif name is None:
                meta[key] = _plain(value)
        raw = raw[match.end() :]
    heading = re.search(r"^#[ \t]+(.+)$", raw, re.MULTILINE)
    text = _article_text(markdown_to_text(raw), path)
    title = fields.pop("title", None) or (heading.group(1).strip() if heading else "")
    draft = ArticleDraft(
        text=text,
        title=markdown_to_text(title) or guess_title(text),
        meta=meta,
        source=display_path(path),
        **fields,
    )
    return FileRead(path, [draft], decoded)


def _front_matter(block: str, path: Path) -> dict[str, Any]:
    """The YAML front matter as a mapping (PyYAML's safe loader: data only, no objects)."""
    import yaml

    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None  # + the opening "---" line
        reason = getattr(exc, "problem", None) or "not valid YAML"
        raise IngestError(f"front matter: {reason}", path=str(path), line=line) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise IngestError("front matter is not a mapping of keys to values", path=str(path))
    return {str(key): value for key, value in data.items()}


def _scalar(value: Any) -> str | None:
    """A front-matter value for one of our text fields (a date as ISO text); None if empty."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (list, dict)):
        return None
    return normalize_text(str(value)) or None


def _plain(value: Any) -> Any:
    """A front-matter value kept in meta as JSON can hold it (dates as ISO text)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def markdown_to_text(markdown: str) -> str:
    """Markdown markup removed, words kept: what a reader of the rendered page sees."""
    text = _IMAGE.sub("", markdown)
    text = _LINK.sub(r"\1", text)
    text = _HEADING.sub("", text)
    text = _QUOTE_MARK.sub("", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\1", text)
    return _CODE.sub(r"\1", text)


# -- HTML -------------------------------------------------------------------------------------

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def read_html(path: Path, max_bytes: int) -> FileRead:
    """Main text and metadata by trafilatura, from the file alone: nothing is fetched or run."""
    decoded = read_decoded(path, max_bytes)
    import trafilatura  # slow to import; only HTML needs it

    try:
        document: Any = trafilatura.bare_extraction(
            decoded.text,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
        )
    except Exception as exc:  # a third-party parser's failure on bad markup
        raise IngestError(
            f"could not be read as HTML ({exc.__class__.__name__})", path=str(path)
        ) from None
    body = getattr(document, "text", None) if document is not None else None
    if not body or not body.strip():
        raise IngestError("has no article text that could be found in the HTML", path=str(path))
    text = _article_text(body, path)
    meta = {
        key: value
        for key in ("author", "description", "hostname", "categories", "tags")
        if (value := getattr(document, key, None))
    }
    draft = ArticleDraft(
        text=text,
        title=normalize_text(document.title or "") or guess_title(text),
        outlet=document.sitename or None,
        url=document.url or None,
        published=document.date or None,
        meta=meta,
        source=display_path(path),
    )
    return FileRead(path, [draft], decoded)


def _article_text(raw: str, path: Path) -> str:
    text = normalize_text(raw)
    if not text:
        raise IngestError("has no text (only blank space)", path=str(path))
    return text
