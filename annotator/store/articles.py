"""The articles table: text stored once, never edited, identified by its content hash."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

from annotator.errors import ProjectError
from annotator.model import Article, ArticleDraft, ArticleSummary
from annotator.store.rows import from_json, new_uuid, to_json, utc_now

CHUNK = 500  # values per "in (...)" query, well under SQLite's variable limit
_SUMMARY_COLUMNS = "id, uuid, title, outlet, published, story, length(text)"
_ARTICLE_COLUMNS = (
    "id, uuid, content_hash, title, outlet, url, published, story, text, meta, source, imported"
)


@dataclass
class AddResult:
    added: list[int] = field(default_factory=list)
    # (where the duplicate came from, id of the article it duplicates)
    duplicates: list[tuple[str, int]] = field(default_factory=list)


class Articles:
    def __init__(self, db: Database):
        self.db = db

    def add(self, drafts: Iterable[ArticleDraft]) -> AddResult:
        """Insert in one transaction; a draft whose text is already present is skipped."""
        result = AddResult()
        known = {h: i for h, i in self.db.execute("select content_hash, id from articles")}
        now = utc_now()
        with self.db.atomic():
            cursor = self.db.conn.cursor()
            for draft in drafts:
                digest = draft.content_hash
                if digest in known:
                    result.duplicates.append((draft.source, known[digest]))
                    continue
                cursor.execute(
                    "insert into articles (uuid, content_hash, title, outlet, url, published, "
                    "story, text, meta, source, imported) values (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        new_uuid(),
                        digest,
                        draft.title,
                        draft.outlet,
                        draft.url,
                        draft.published,
                        draft.story,
                        draft.text,
                        to_json(draft.meta),
                        draft.source,
                        now,
                    ),
                )
                article_id = cursor.lastrowid
                assert article_id is not None  # an insert into a rowid table sets it
                known[digest] = article_id
                result.added.append(article_id)
        return result

    def count(self) -> int:
        return self.db.execute("select count(*) from articles").fetchone()[0]

    def summaries(self) -> list[ArticleSummary]:
        rows = self.db.execute(f"select {_SUMMARY_COLUMNS} from articles order by id")
        return [ArticleSummary(*row) for row in rows]

    def summary(self, article_id: int) -> ArticleSummary:
        row = self.db.execute(
            f"select {_SUMMARY_COLUMNS} from articles where id = ?", [article_id]
        ).fetchone()
        if row is None:
            raise ProjectError(f"no article with id {article_id}")
        return ArticleSummary(*row)

    def ids(self) -> list[int]:
        return [row[0] for row in self.db.execute("select id from articles order by id")]

    def get(self, article_id: int) -> Article:
        row = self.db.execute(
            f"select {_ARTICLE_COLUMNS} from articles where id = ?", [article_id]
        ).fetchone()
        if row is None:
            raise ProjectError(f"no article with id {article_id}")
        return _article(row)

    def id_for_uuid(self, uuid: str) -> int | None:
        """The id of the article with this uuid (its id across coders' files), if any."""
        row = self.db.execute("select id from articles where uuid = ?", [uuid]).fetchone()
        return row[0] if row else None

    def by_hash(self, digest: str) -> Article | None:
        row = self.db.execute(
            f"select {_ARTICLE_COLUMNS} from articles where content_hash = ?", [digest]
        ).fetchone()
        return _article(row) if row else None

    def ids_by_hash(self) -> dict[str, int]:
        """Content hash -> article id, for every article."""
        return dict(self.db.execute("select content_hash, id from articles"))

    def uuids(self) -> set[str]:
        return {row[0] for row in self.db.execute("select uuid from articles")}

    def identities(self) -> list[tuple[int, str, str, str]]:
        """(id, uuid, content hash, title) of every article, in id order."""
        rows = self.db.execute("select id, uuid, content_hash, title from articles order by id")
        return [tuple(row) for row in rows]

    def found_by_hash(self, digests: Sequence[str]) -> dict[str, tuple[int, int]]:
        """Content hash -> (article id, text length) for those of ``digests`` present."""
        found = {}
        for at in range(0, len(digests), CHUNK):
            chunk = list(digests[at : at + CHUNK])
            rows = self.db.execute(
                "select content_hash, id, length(text) from articles where content_hash in "
                f"({', '.join('?' * len(chunk))})",
                chunk,
            )
            found.update({digest: (i, n) for digest, i, n in rows})
        return found

    def lengths(self, ids: Sequence[int]) -> dict[int, int]:
        """Text length in code points (the unit of offsets) of the articles ``ids``."""
        found: dict[int, int] = {}
        for at in range(0, len(ids), CHUNK):
            chunk = list(ids[at : at + CHUNK])
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"select id, length(text) from articles where id in ({marks})", chunk
            )
            found.update(dict(rows))
        return found

    def texts(self, ids: Sequence[int]) -> dict[int, str]:
        """Texts of many articles at once, for batch work such as detection."""
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"select id, text from articles where id in ({marks})", list(ids))
        return dict(rows)


def _article(row: tuple) -> Article:
    values = list(row)
    values[9] = from_json(values[9], {})
    return Article(*values)
