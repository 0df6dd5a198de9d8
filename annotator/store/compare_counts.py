"""The counts a comparison of outlets keeps in the project (schema version 4, "comparison
counts"): each text's words and word-choice terms (``word_counts``, filled by the comparison),
and suggestions per article and label key (``suggestion_counts``, kept by triggers on the
suggestions table). A file of an older version opened read-only has neither: ``has_kept_counts``
says so, and the comparison then reads the texts and the suggestions themselves.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from annotator.store.compare_rows import ids_condition
from annotator.store.project import Project

_BATCH = 500


def has_kept_counts(project: Project) -> bool:
    """True when the file has the tables of the kept counts (schema version 4 or later)."""
    found = project.db.execute(
        "select count(*) from sqlite_master where type = 'table' "
        "and name in ('word_counts', 'suggestion_counts')"
    ).fetchone()[0]
    return found == 2


def suggestion_label_counts(
    project: Project, detector: str, ids: Sequence[int]
) -> tuple[list[tuple[str, str, str, str, str]], list[str]]:
    """The detector's suggestions on the articles ``ids`` (sorted; a range of them may come
    back), counted per label key: ``(layer, label, source type, article ids, counts)``, the
    ids and counts comma-separated and in the same order (an article may appear once per
    detector version); and the detector versions met."""
    where, params = ids_condition(ids)
    rows = project.db.execute(
        "select layer, label, source_type, group_concat(article_id), group_concat(n) "
        f"from suggestion_counts where detector = ?{where} group by layer, label, source_type",
        [detector, *params],
    )
    versions = project.db.execute(
        f"select distinct detector_version from suggestion_counts where detector = ?{where}",
        [detector, *params],
    )
    return list(rows), [row[0] for row in versions]


def kept_word_counts(
    project: Project, groups_hash: str, ids: Sequence[int]
) -> dict[int, tuple[int, str]]:
    """``article id -> (words, terms)`` kept for the word groups ``groups_hash``, for those of
    the articles ``ids`` (sorted) that have them."""
    where, params = ids_condition(ids, column="a.id")
    rows = project.db.execute(
        "select a.id, w.words, w.terms from articles a cross join word_counts w "
        f"on w.groups_hash = ? and w.content_hash = a.content_hash where 1{where}",
        [groups_hash, *params],
    )
    return {article_id: (words, terms) for article_id, words, terms in rows}


def texts_and_hashes(project: Project, ids: Sequence[int]) -> Iterator[tuple[int, str, bytes]]:
    """``(id, content hash, text as UTF-8 bytes)`` of the articles ``ids``, in that order."""
    db = project.db
    for begin in range(0, len(ids), _BATCH):
        chunk = list(ids[begin : begin + _BATCH])
        marks = ",".join("?" * len(chunk))
        found = {
            row[0]: row
            for row in db.execute(
                f"select id, content_hash, cast(text as blob) from articles where id in ({marks})",
                chunk,
            )
        }
        for article_id in chunk:
            yield found[article_id]


def keep_word_counts(
    project: Project, groups_hash: str, rows: Sequence[tuple[str, int, str]]
) -> None:
    """Keep ``(content hash, words, terms)`` of some texts for the word groups ``groups_hash``
    (one transaction; a text already kept is left as it is)."""
    with project.transaction():
        project.db.conn.executemany(
            "insert or ignore into word_counts (groups_hash, content_hash, words, terms) "
            "values (?, ?, ?, ?)",
            [(groups_hash, *row) for row in rows],
        )


def forget_word_counts(project: Project) -> int:
    """Drop every kept word count (they are made again by the next comparison); how many."""
    with project.transaction():
        return project.db.conn.execute("delete from word_counts").rowcount


def uncounted_articles(project: Project, groups_hash: str) -> int:
    """How many articles have no word counts kept for the word groups ``groups_hash`` (all of
    them when the file has no kept counts)."""
    if not has_kept_counts(project):
        return project.db.execute("select count(*) from articles").fetchone()[0]
    return project.db.execute(
        "select count(*) from articles a where not exists (select 1 from word_counts w "
        "where w.groups_hash = ? and w.content_hash = a.content_hash)",
        [groups_hash],
    ).fetchone()[0]
