"""Reading a file for import: the size limit, the bytes, the encoding; and what a reader returns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import IngestError, printable
from annotator.ingest.decode import Decoded, decode_bytes
from annotator.model import ArticleDraft

DEFAULT_MAX_BYTES = 100 * 1024 * 1024


@dataclass
class FileRead:
    """The articles one file gave, how it was decoded, and lines skipped on the way."""

    path: Path
    drafts: Iterable[ArticleDraft]  # a generator for JSONL and CSV: read once
    decoded: Decoded | None = None
    skipped: list[str] = field(default_factory=list)  # "file line N: reason"
    refused: list[str] = field(default_factory=list)  # files a manifest may not reach
    encodings: dict[str, str] = field(default_factory=dict)  # file -> guessed legacy encoding

    def __post_init__(self) -> None:
        if self.decoded is not None and self.decoded.legacy:
            self.encodings[display_path(self.path)] = self.decoded.encoding


def display_path(path: Path | str) -> str:
    """A path as it is shown and stored: a file name that is not UTF-8 keeps its odd bytes as
    ``\\xe9`` (Python holds them as lone surrogates, which no UTF-8 text may contain)."""
    return printable(str(path))


def read_decoded(path: Path, max_bytes: int) -> Decoded:
    """The file's text, refusing files over ``max_bytes``, empty files and binaries."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(
                f"is {_megabytes(size)}, over the import limit of {_megabytes(max_bytes)} "
                "(the limit can be raised)",
                path=str(path),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot be read ({exc.strerror or exc})", path=str(path)) from None
    if not data:
        raise IngestError("is empty", path=str(path))
    return decode_bytes(data, str(path))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"
