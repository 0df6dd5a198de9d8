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
from annotator.exchange.coder_file import LABEL_TABLES, CoderFile, columns, read_coder_file
from annotator.exchange.merge_checks import check_codebook, check_coders, map_articles
from annotator.exchange.merge_report import FileReport, MergeBlocked, MergeReport, TableCounts
from annotator.progress import ProgressCallback, no_progress
from annotator.store import Project
from annotator.store.rows import to_json, utc_now

CHUNK = 500  # uuids per "where uuid in (...)" query, well under SQLite's variable limit


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
        with project.db.atomic():
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
    db = project.db
    with_rows = {row["coder_uuid"] for rows in coder_file.labels.values() for row in rows}
    with_rows |= {row["coder_uuid"] for row in coder_file.progress}
    report = FileReport(
        path=str(coder_file.path),
        project_name=coder_file.project_name,
        same_project=coder_file.project_uuid == project.meta.uuid,
        coders=sorted(c.name for c in coder_file.coders if c.uuid in with_rows),
        articles_in_file=len(coder_file.articles),
    )
    mapping = map_articles(db, coder_file, report)
    check_coders(db, coder_file, with_rows, report)
    db.conn.executemany(
        "insert or ignore into codebooks (hash, name, version, toml, added) values (?,?,?,?,?)",
        [(c["hash"], c["name"], c["version"], c["toml"], c["added"]) for c in coder_file.codebooks],
    )
    check_codebook(project, coder_file, mapping, report)
    for table in LABEL_TABLES:
        counts = report.tables[table]
        rows = _mapped(coder_file.labels[table], mapping, counts)
        if table in ("relations", "decisions"):
            rows = _without_dangling(db, table, rows, counts, report)
        _merge_labels(db, table, rows, counts, report)
    counts = report.tables["progress"]
    _merge_progress(db, _mapped(coder_file.progress, mapping, counts), counts)
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
    db: Any, table: str, rows: list[dict[str, Any]], counts: TableCounts, report: FileReport
) -> list[dict[str, Any]]:
    keys = ("head", "tail") if table == "relations" else ("span_uuid",)
    wanted = {row[k] for row in rows for k in keys if row[k] is not None}
    present = set(_fetch(db, "spans", ["uuid"], sorted(wanted)))
    kept = []
    for row in rows:
        if all(row[k] is None or row[k] in present for k in keys):
            kept.append(row)
        else:
            counts.skipped += 1
            report.dangling += 1
    return kept


def _merge_labels(
    db: Any, table: str, rows: list[dict[str, Any]], counts: TableCounts, report: FileReport
) -> None:
    names = columns(db, table)
    existing = _fetch(db, table, names, [row["uuid"] for row in rows])
    by_key: dict[tuple, dict[str, Any]] = {}
    if table == "doc_labels":
        # One row per (article, coder, scheme) is allowed: the same answer may come under
        # another uuid (two copies for one coder). It is merged into the project's row.
        coders = sorted({row["coder_uuid"] for row in rows})
        for coder in coders:
            for row in _query(db, table, names, "coder_uuid = ?", [coder]):
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
    quoted = [f'"{name}"' for name in names]
    if inserts:
        db.conn.executemany(
            f"insert into {table} ({', '.join(quoted)}) values ({', '.join('?' * len(names))})",
            [tuple(row[name] for name in names) for row in inserts],
        )
    if updates:
        assignments = ", ".join(f"{q} = ?" for q in quoted)
        db.conn.executemany(
            f"update {table} set {assignments} where uuid = ?",
            [(*(after[name] for name in names), before["uuid"]) for before, after in updates],
        )
    now = utc_now()
    history = [(now, r["coder_uuid"], table, r["uuid"], None, to_json(r)) for r in inserts]
    history += [
        (now, a["coder_uuid"], table, a["uuid"], to_json(b), to_json(a)) for b, a in updates
    ]
    db.conn.executemany(
        "insert into history (at, coder_uuid, action, target, target_uuid, before, after) "
        "values (?, ?, 'merge', ?, ?, ?, ?)",
        history,
    )


def _merge_progress(db: Any, rows: list[dict[str, Any]], counts: TableCounts) -> None:
    names = columns(db, "progress")
    current: dict[tuple, dict[str, Any]] = {}
    for coder in sorted({row["coder_uuid"] for row in rows}):
        for row in _query(db, "progress", names, "coder_uuid = ?", [coder]):
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
    quoted = ", ".join(f'"{name}"' for name in names)
    db.conn.executemany(
        f"insert or replace into progress ({quoted}) values ({', '.join('?' * len(names))})",
        [tuple(row[name] for name in names) for row in changed],
    )


def _query(db: Any, table: str, names: list[str], where: str, params: list[Any]) -> list[dict]:
    quoted = ", ".join(f'"{name}"' for name in names)
    cursor = db.execute(f"select {quoted} from {table} where {where}", params)
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _fetch(db: Any, table: str, names: list[str], uuids: list[str]) -> dict[str, dict]:
    """Rows of ``table`` by uuid, for many uuids at once."""
    found: dict[str, dict] = {}
    for at in range(0, len(uuids), CHUNK):
        chunk = uuids[at : at + CHUNK]
        marks = ", ".join("?" * len(chunk))
        for row in _query(db, table, names, f"uuid in ({marks})", chunk):
            found[row["uuid"]] = row
    return found


__all__ = ["MergeBlocked", "MergeReport", "merge_coder_files", "preview_merge"]
