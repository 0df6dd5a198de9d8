"""Merge coder files into a project: labels united by uuid, articles matched by content hash.

Every file is merged inside one transaction over the whole call. The report is complete
before the transaction ends; when it finds a blocking problem (and ``force`` is off), or for
a dry run, the transaction is rolled back and the project is exactly as it was. An error or a
cancel anywhere rolls back too. Merging the same file again changes nothing: rows already
present and identical are left alone, and the newest ``updated`` wins a difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotator.errors import ProjectError
from annotator.exchange.coder_file import LABEL_TABLES, CoderFile, read_coder_file
from annotator.exchange.merge_checks import check_codebook, check_coders, map_articles
from annotator.exchange.merge_report import FileReport, MergeBlocked, MergeReport, TableCounts
from annotator.exchange.row_checks import drop_bad_rows
from annotator.progress import ProgressCallback, no_progress
from annotator.store import Project
from annotator.store.bulk_rows import (
    add_codebooks,
    insert_rows,
    replace_progress,
    rows_by_uuid,
    rows_of_coder,
    table_columns,
    update_rows,
)


class _Discard(Exception):
    """Raised inside the transaction to roll it back on purpose."""


def merge_coder_files(
    project: Project,
    paths: Sequence[Path],
    *,
    force: bool = False,
    dry_run: bool = False,
    progress: ProgressCallback = no_progress,
) -> MergeReport:
    """Merge ``paths`` into ``project`` in one transaction and return the report.

    Raises ``MergeBlocked`` (with the report, nothing written) when a file has a blocking
    problem and ``force`` is off. ``dry_run`` returns the report and writes nothing.
    """
    files = []
    for number, path in enumerate(paths):
        progress(number, len(paths), f"Reading {Path(path).name}")
        if Path(path).resolve() == project.path.resolve():
            raise ProjectError(f"{path} is the project itself; choose the coders' files")
        files.append(read_coder_file(Path(path)))
    report = MergeReport([])
    try:
        with project.transaction():
            for number, coder_file in enumerate(files):
                progress(number, len(files), f"Merging {coder_file.path.name}")
                report.files.append(_merge_file(project, coder_file))
            if dry_run or (report.blocking and not force):
                raise _Discard
    except _Discard:
        if dry_run:
            return report
        raise MergeBlocked(report) from None
    progress(len(files), len(files), "Merged")
    report.committed = True
    return report


def preview_merge(
    project: Project, paths: Sequence[Path], progress: ProgressCallback = no_progress
) -> MergeReport:
    """The report of merging ``paths``, computed by the merge itself and rolled back."""
    return merge_coder_files(project, paths, dry_run=True, progress=progress)


def _merge_file(project: Project, coder_file: CoderFile) -> FileReport:
    with_rows = {row["coder_uuid"] for rows in coder_file.labels.values() for row in rows}
    with_rows |= {row["coder_uuid"] for row in coder_file.progress}
    report = FileReport(
        path=str(coder_file.path),
        project_name=coder_file.project_name,
        same_project=coder_file.project_uuid == project.meta.uuid,
        coders=sorted(c.name for c in coder_file.coders if c.uuid in with_rows),
        articles_in_file=len(coder_file.articles),
    )
    mapping = map_articles(project, coder_file, report)
    report.bad_rows = drop_bad_rows(project, coder_file, mapping)
    check_coders(project, coder_file, with_rows, report)
    add_codebooks(project, coder_file.codebooks)
    check_codebook(project, coder_file, mapping, report)
    for table in LABEL_TABLES:
        counts = report.tables[table]
        rows = _mapped(coder_file.labels[table], mapping, counts)
        if table in ("relations", "decisions"):
            rows = _without_dangling(project, table, rows, counts, report)
        _merge_labels(project, table, rows, counts, report)
    counts = report.tables["progress"]
    _merge_progress(project, _mapped(coder_file.progress, mapping, counts), counts)
    return report


def _mapped(
    rows: list[dict[str, Any]], mapping: dict[int, int], counts: TableCounts
) -> list[dict[str, Any]]:
    """Rows moved onto the project's article ids; rows on unmatched articles are skipped."""
    result = []
    for row in rows:
        target = mapping.get(row["article_id"])
        if target is None:
            counts.skipped += 1
        else:
            result.append({**row, "article_id": target})
    return result


def _without_dangling(
    project: Project,
    table: str,
    rows: list[dict[str, Any]],
    counts: TableCounts,
    report: FileReport,
) -> list[dict[str, Any]]:
    keys = ("head", "tail") if table == "relations" else ("span_uuid",)
    wanted = {row[k] for row in rows for k in keys if row[k] is not None}
    present = set(rows_by_uuid(project, "spans", ["uuid"], sorted(wanted)))
    kept = []
    for row in rows:
        if all(row[k] is None or row[k] in present for k in keys):
            kept.append(row)
        else:
            counts.skipped += 1
            report.dangling += 1
    return kept


def _merge_labels(
    project: Project,
    table: str,
    rows: list[dict[str, Any]],
    counts: TableCounts,
    report: FileReport,
) -> None:
    names = table_columns(project, table)
    existing = rows_by_uuid(project, table, names, [row["uuid"] for row in rows])
    by_key: dict[tuple, dict[str, Any]] = {}
    if table == "doc_labels":
        # One row per (article, coder, scheme) is allowed: the same answer may come under
        # another uuid (two copies for one coder). It is merged into the project's row.
        coders = sorted({row["coder_uuid"] for row in rows})
        for coder in coders:
            for row in rows_of_coder(project, table, names, coder):
                by_key[(row["article_id"], row["coder_uuid"], row["scheme"])] = row
    inserts, updates = [], []
    for incoming in rows:
        row = {name: incoming.get(name) for name in names}
        current = existing.get(row["uuid"])
        if current is None and by_key:
            current = by_key.get((row["article_id"], row["coder_uuid"], row["scheme"]))
            if current is not None:
                report.doc_label_collisions += 1
                row["uuid"] = current["uuid"]
        if current is None:
            inserts.append(row)
            counts.new += 1
        elif current == row:
            counts.unchanged += 1
        elif row["updated"] > current["updated"]:
            updates.append((current, row))
            counts.updated += 1
        else:
            counts.kept += 1
    insert_rows(project, table, inserts, "merge")
    update_rows(project, table, updates, "merge")


def _merge_progress(project: Project, rows: list[dict[str, Any]], counts: TableCounts) -> None:
    names = table_columns(project, "progress")
    current: dict[tuple, dict[str, Any]] = {}
    for coder in sorted({row["coder_uuid"] for row in rows}):
        for row in rows_of_coder(project, "progress", names, coder):
            current[(row["article_id"], row["coder_uuid"])] = row
    changed = []
    for incoming in rows:
        row = {name: incoming.get(name) for name in names}
        before = current.get((row["article_id"], row["coder_uuid"]))
        if before is None:
            counts.new += 1
        elif before == row:
            counts.unchanged += 1
            continue
        elif row["updated"] > before["updated"]:
            counts.updated += 1
        else:
            counts.kept += 1
            continue
        changed.append(row)
    replace_progress(project, changed)


__all__ = ["MergeBlocked", "MergeReport", "merge_coder_files", "preview_merge"]
