"""``annotator check`` and Help > Check project: is the file sound, and do its rows agree?

SQLite's integrity check finds a damaged file, not changed data: three bytes of an article's
text edited on disk pass it. So the check also recomputes every article's content hash (the
text's identity across coders' files), checks every span, suggestion, decision and gold span
against its article's text (SQLite's ``length`` counts code points, as offsets do), and runs the
foreign key check; and it says when a ``-wal`` file holds changes the file alone lacks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.model import content_hash
from annotator.progress import ProgressCallback, no_progress
from annotator.store.file_access import has_pending_journal

if TYPE_CHECKING:
    from annotator.store.project import Project

_BATCH = 200
_TABLES_WITH_OFFSETS = ("spans", "suggestions", "decisions", "gold")
_SHOWN = 20  # problems listed per kind; the rest are counted


@dataclass
class CheckReport:
    integrity: list[str] = field(default_factory=list)  # SQLite's findings; empty when ok
    problems: list[str] = field(default_factory=list)
    more: int = 0  # problems found beyond those listed
    articles: int = 0
    labels: int = 0
    journal_pending: bool = False  # the -wal holds changes not yet in the file itself

    @property
    def ok(self) -> bool:
        return not self.integrity and not self.problems

    def lines(self) -> list[str]:
        lines = [f"integrity check: {line}" for line in self.integrity]
        lines += self.problems
        if self.more:
            lines.append(f"… and {self.more} more problem(s) of the kinds above")
        return lines


def check_project(project: Project, progress: ProgressCallback = no_progress) -> CheckReport:
    """Every check of the module docstring; works on a project opened read-only."""
    report = CheckReport(journal_pending=has_pending_journal(project.path))
    rows = project.db.execute("PRAGMA integrity_check").fetchall()
    report.integrity = [row[0] for row in rows if row[0] != "ok"]
    if report.integrity:
        return report  # row-level checks on a damaged file would only add noise or fail
    try:
        _foreign_keys(project, report)
        _hashes(project, report, progress)
        _offsets(project, report)
    except sqlite3.DatabaseError as exc:
        report.integrity.append(f"reading the rows failed: {exc}")
    return report


def _add(report: CheckReport, shown: list[int], kind: int, problem: str) -> None:
    if shown[kind] < _SHOWN:
        report.problems.append(problem)
        shown[kind] += 1
    else:
        report.more += 1


def _foreign_keys(project: Project, report: CheckReport) -> None:
    shown = [0]
    for table, rowid, parent, _ in project.db.execute("PRAGMA foreign_key_check"):
        _add(report, shown, 0, f"{table} row {rowid} refers to a missing {parent} row")


def _article_batches(project: Project) -> Iterator[list[tuple[int, str, str, str]]]:
    last = 0
    while True:
        batch = project.db.execute(
            "select id, title, content_hash, text from articles where id > ? order by id limit ?",
            [last, _BATCH],
        ).fetchall()
        if not batch:
            return
        yield batch
        last = batch[-1][0]


def _hashes(project: Project, report: CheckReport, progress: ProgressCallback) -> None:
    total = project.articles.count()
    shown = [0]
    for batch in _article_batches(project):
        for article_id, title, digest, text in batch:
            report.articles += 1
            if not isinstance(text, str) or content_hash(text) != digest:
                _add(
                    report,
                    shown,
                    0,
                    f"article {article_id} ({title!r}): its text no longer matches its content "
                    "hash; it was changed after import",
                )
        progress(report.articles, total, "Checking article texts")


def _offsets(project: Project, report: CheckReport) -> None:
    shown = [0]
    for table in _TABLES_WITH_OFFSETS:
        key = "id" if table == "suggestions" else "uuid"
        report.labels += project.db.execute(f"select count(*) from {table}").fetchone()[0]
        rows = project.db.execute(
            f"select t.{key}, t.article_id, t.start, t.end, length(a.text) from {table} t "
            "join articles a on a.id = t.article_id "
            "where t.start is not null and (typeof(t.start) != 'integer' "
            "or typeof(t.end) != 'integer' or t.start < 0 or t.end <= t.start "
            "or t.end > length(a.text))"
        )
        for ident, article_id, start, end, length in rows:
            _add(
                report,
                shown,
                0,
                f"{table} {ident} on article {article_id}: [{start}, {end}) does not fit its "
                f"text of {length} characters",
            )
