"""A coder's project file read for merging: every row the merge may bring, read-only.

A file at an older schema version is copied to a temporary file and migrated there, so the
coder's own file is never changed; a file of a newer version is refused by ``Project.open``.
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.errors import ProjectError
from annotator.model import Coder
from annotator.store import Project
from annotator.store.bulk_rows import read_table
from annotator.store.schema import LATEST_VERSION

# Tables whose rows carry a uuid, a coder and an ``updated`` time; merged in this order so
# that every foreign key (relation and decision -> span) points at a row already there.
LABEL_TABLES = ("spans", "doc_labels", "relations", "decisions")


@dataclass(frozen=True)
class FileArticle:
    id: int
    uuid: str
    content_hash: str
    title: str


@dataclass
class CoderFile:
    """Everything a merge reads from one coder file. Label rows keep the file's article ids."""

    path: Path
    project_uuid: str
    project_name: str
    codebook_hash: str
    articles: list[FileArticle]
    coders: list[Coder]
    codebooks: list[dict[str, Any]]
    labels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    progress: list[dict[str, Any]] = field(default_factory=list)


@contextlib.contextmanager
def opened_for_reading(path: Path) -> Iterator[Project]:
    """The coder file, read-only; migrated in a temporary copy when its schema is older."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="annotator-merge-") as folder:
        with Project.open(path, readonly=True) as project:
            if project.schema_version() == LATEST_VERSION:
                yield project
                return
            copy = Path(folder) / path.name
            project.snapshot(copy)
        with Project.open(copy, backup=False) as migrated:
            yield migrated


def read_coder_file(path: Path) -> CoderFile:
    """Read every row a merge needs from ``path`` (never writing to it)."""
    path = Path(path)
    with opened_for_reading(path) as source:
        try:
            meta = source.meta
            articles = [FileArticle(*row) for row in source.articles.identities()]
            coders = source.coders.list()
            codebooks = read_table(source, "codebooks")
            labels = {table: read_table(source, table) for table in LABEL_TABLES}
            progress = read_table(source, "progress")
        except sqlite3.DatabaseError as exc:
            raise ProjectError(f"{path} cannot be read for merging: {exc}") from exc
    return CoderFile(
        path=path,
        project_uuid=meta.uuid,
        project_name=meta.name,
        codebook_hash=meta.codebook_hash,
        articles=articles,
        coders=coders,
        codebooks=codebooks,
        labels=labels,
        progress=progress,
    )
