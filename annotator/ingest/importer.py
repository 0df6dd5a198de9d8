"""Import files, folders and manifests into a project, all or nothing.

Every file is read and checked before anything is written; then all new articles go in one
transaction. A bad file or line stops the import with a message naming it, and nothing is
written, unless ``skip_bad`` is set, in which case the rest is imported and the bad parts
are listed in the report.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import IngestError
from annotator.ingest.brat import read_brat
from annotator.ingest.dates import with_normalized_date
from annotator.ingest.documents import read_html, read_markdown, read_text_file
from annotator.ingest.label_import import LabelImport, import_labels
from annotator.ingest.label_map import LabelMap
from annotator.ingest.manifest import MANIFEST_NAME, read_manifest
from annotator.ingest.record_labels import LabeledDraft, RecordLabels
from annotator.ingest.records import read_csv, read_jsonl, read_label_studio_json
from annotator.ingest.source import DEFAULT_MAX_BYTES, FileRead, display_path
from annotator.ingest.webanno import is_webanno, read_webanno
from annotator.model import ArticleDraft
from annotator.progress import ProgressCallback, no_progress
from annotator.store import Project

SUFFIXES = (
    *(".txt", ".text", ".md", ".markdown", ".html", ".htm"),
    *(".jsonl", ".json", ".csv", ".tsv"),
)
# read with another file: brat's NAME.ann with NAME.txt
COMPANIONS = {".ann": ".txt"}


@dataclass
class ImportOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    column_map: dict[str, str] = field(default_factory=dict)
    skip_bad: bool = False
    coder: str | None = None  # owns imported labels whose record names no coder
    label_map: LabelMap = field(default_factory=LabelMap)  # other tools' names -> codebook
    allow_outside: bool = False  # a manifest may list files outside its own folder


@dataclass
class ImportReport:
    files: int = 0
    read: int = 0
    added: list[int] = field(default_factory=list)
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # bad files or lines left out
    encodings: dict[str, str] = field(default_factory=dict)  # file -> guessed encoding
    ignored: list[str] = field(default_factory=list)  # files of types we do not read
    refused: list[str] = field(default_factory=list)  # files outside what the user chose
    labels: LabelImport | None = None  # labels that came with the articles (labeled JSONL)

    def summary(self) -> str:
        parts = [f"{len(self.added)} article(s) added from {self.files} file(s)"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} duplicate(s) skipped")
        if self.skipped:
            parts.append(f"{len(self.skipped)} bad file(s) or line(s) skipped")
        if self.ignored:
            parts.append(f"{len(self.ignored)} file(s) of other types ignored")
        if self.refused:
            parts.append(f"{len(self.refused)} file(s) outside the chosen folder refused")
        if self.labels is not None:
            parts.append(self.labels.summary())
        return "; ".join(parts)


def read_file(path: Path, options: ImportOptions, within: tuple[Path, ...] = ()) -> FileRead:
    """The articles of one file, by its suffix (``within``: the manifests that led here)."""
    suffix = path.suffix.lower()
    if suffix == ".ann" and path.with_suffix(".txt").is_file():
        return read_brat(path.with_suffix(".txt"), options.max_bytes, options.label_map)
    if suffix == ".txt" and path.with_suffix(".ann").is_file():
        return read_brat(path, options.max_bytes, options.label_map)
    if suffix in (".txt", ".text"):
        return read_text_file(path, options.max_bytes)
    if suffix in (".md", ".markdown"):
        return read_markdown(path, options.max_bytes)
    if suffix in (".html", ".htm"):
        return read_html(path, options.max_bytes)
    if suffix == ".jsonl":
        return read_jsonl(path, options.max_bytes, options.skip_bad)
    if suffix == ".tsv" and _starts_webanno(path):
        return read_webanno(path, options.max_bytes)
    if suffix in (".csv", ".tsv"):
        return read_csv(path, options.max_bytes, options.column_map, options.skip_bad)
    if suffix == ".json":
        tasks = read_label_studio_json(path, options.max_bytes)
        return tasks if tasks is not None else _read_manifest_articles(path, options, within)
    raise IngestError(
        f"is a {suffix or 'suffix-less'} file; the importer reads {', '.join(SUFFIXES)}",
        path=str(path),
    )


def _starts_webanno(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(64).decode("utf-8", errors="replace")
    except OSError:
        return False  # the reader says why
    return is_webanno(head)


def _read_manifest_articles(
    path: Path, options: ImportOptions, within: tuple[Path, ...]
) -> FileRead:
    real = path.resolve()
    if real in within:
        names = " -> ".join(display_path(p.name) for p in (*within, real))
        raise IngestError(f"manifests list each other in a circle ({names})", path=str(path))
    result, entries = read_manifest(path, options.max_bytes, options.allow_outside)
    drafts: list[ArticleDraft] = []
    for target, fields in entries:
        read = functools.partial(read_file, target, options, (*within, real))
        one = _guarded(read, options, result.skipped)
        if one is None:
            continue
        result.refused.extend(one.refused)
        overrides = {k: v for k, v in fields.items() if k != "meta"}
        for draft in one.drafts:
            meta = {**draft.meta, **fields.get("meta", {})}
            drafts.append(dataclasses.replace(draft, meta=meta, **overrides))
        result.encodings.update(one.encodings)
        result.skipped.extend(one.skipped)
    result.drafts = drafts
    return result


def _guarded(
    read: Callable[[], FileRead], options: ImportOptions, skipped: list[str]
) -> FileRead | None:
    try:
        return read()
    except IngestError as exc:
        if not options.skip_bad:
            raise
        skipped.append(str(exc))
        return None


def expand(paths: Sequence[str | Path]) -> tuple[list[Path], list[str], list[str]]:
    """Files to read (folders walked recursively, a folder's manifest standing for the files it
    lists), files ignored for their type, and files refused because a symbolic link leads out
    of the folder that was chosen."""
    files: list[Path] = []
    ignored: list[str] = []
    refused: list[str] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise IngestError("does not exist", path=str(path))
        if path.is_file():
            files.append(path)
            continue
        root = path.resolve()
        listed: set[Path] = set()
        for candidate in sorted(path.rglob("*")):
            relative = candidate.relative_to(path)
            if any(part.startswith(".") for part in relative.parts):
                continue
            inside = _inside(candidate, root)
            if inside is False:
                refused.append(
                    f"{display_path(candidate)} leads outside {display_path(path)} "
                    "(a symbolic link) and was not imported"
                )
                continue
            if inside is None or not candidate.is_file():
                continue
            if candidate.name == MANIFEST_NAME:
                files.append(candidate)
                listed |= _manifest_targets(candidate)
            elif candidate.suffix.lower() in SUFFIXES and candidate.suffix.lower() != ".json":
                files.append(candidate)
            elif not _companion(candidate).is_file():
                ignored.append(display_path(candidate))
        files = [f for f in files if f.resolve() not in listed]
    # a companion given with its main file (brat's a.txt a.ann) is read once, with it
    chosen = {f.resolve() for f in files}
    files = [f for f in files if _companion(f).resolve() not in chosen]
    return files, ignored, refused


def _inside(candidate: Path, root: Path) -> bool | None:
    """Whether ``candidate`` (symbolic links followed) is inside ``root``; None when it leads
    nowhere (a broken or looping link)."""
    try:
        return candidate.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):
        return None


def _companion(path: Path) -> Path:
    """The file ``path`` is read with (a.ann -> a.txt); a path that no file has, else."""
    suffix = COMPANIONS.get(path.suffix.lower())
    return path.with_suffix(suffix) if suffix else path.with_suffix(".no-companion")


def _manifest_targets(manifest: Path) -> set[Path]:
    try:
        _, entries = read_manifest(manifest, DEFAULT_MAX_BYTES)
    except IngestError:
        return set()  # reported when the manifest itself is read
    return {target for target, _ in entries}


def import_paths(
    project: Project,
    paths: Sequence[str | Path],
    options: ImportOptions | None = None,
    progress: ProgressCallback = no_progress,
) -> ImportReport:
    options = options or ImportOptions()
    options.label_map.check(project.codebook)
    report = ImportReport()
    files, report.ignored, report.refused = expand(paths)
    labeled: list[tuple[str, RecordLabels]] = []  # (content hash, labels), written last

    def drafts() -> Iterator[ArticleDraft]:
        for done, path in enumerate(files):
            progress(done, len(files), f"Reading {path.name}")
            read = _guarded(functools.partial(read_file, path, options), options, report.skipped)
            if read is None:
                continue
            report.files += 1
            for draft in read.drafts:
                report.read += 1
                if isinstance(draft, LabeledDraft) and draft.labels is not None:
                    labeled.append((draft.content_hash, draft.labels))
                yield with_normalized_date(draft)
            report.skipped.extend(read.skipped)
            report.refused.extend(read.refused)
            report.encodings.update(read.encodings)
        progress(len(files), len(files), f"Saved {report.read} article(s)")

    # Articles are written as they are read, in one transaction: an error or a cancel
    # anywhere rolls back the whole import, and memory holds one file at a time.
    try:
        with project.transaction():
            added = project.articles.add(drafts())
            if labeled:
                report.labels = import_labels(
                    project,
                    labeled,
                    options.coder,
                    options.skip_bad,
                    report.skipped,
                    progress,
                    options.label_map,
                )
    except IngestError as exc:
        raise IngestError(
            f"{exc.reason}. Nothing was imported: fix it, or choose to skip bad files "
            "and lines to import the rest.",
            path=exc.path,
            line=exc.line,
        ) from None
    report.added, report.duplicates = added.added, added.duplicates
    return report
