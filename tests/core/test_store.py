"""The project store: schema, pragmas, labels with tombstones, transactions."""

from __future__ import annotations

import dataclasses

import pytest

from annotator.errors import LabelError
from annotator.model import (
    Article,
    ArticleDraft,
    Coder,
    Decision,
    DocLabel,
    Progress,
    Relation,
    Span,
)
from annotator.store import Project
from annotator.store.migrations import user_version
from annotator.store.schema import LATEST_VERSION

TEXT = (
    "The regime said the strikes were a \u201cresponse\u201d. Officials claimed victory \U0001f600."
)


@pytest.fixture
def article(project: Project) -> int:
    return project.articles.add([ArticleDraft(text=TEXT, title="t")]).added[0]


@pytest.fixture
def coder(project: Project):
    return project.coders.add("Amira")


def test_new_project_has_every_table_and_the_latest_schema(project: Project):
    tables = set(project.db.table_names())
    assert {
        "project",
        "codebooks",
        "coders",
        "articles",
        "suggestions",
        "spans",
        "doc_labels",
        "relations",
        "decisions",
        "progress",
        "gold",
        "history",
    } <= tables
    assert user_version(project.db) == LATEST_VERSION
    assert project.meta.name == "test project"
    assert project.codebook.hash == project.meta.codebook_hash


@pytest.mark.parametrize(
    ("table", "record"),
    [
        ("spans", Span),
        ("doc_labels", DocLabel),
        ("relations", Relation),
        ("decisions", Decision),
        ("articles", Article),
        ("coders", Coder),
        ("progress", Progress),
    ],
)
def test_each_table_has_exactly_the_columns_of_its_record(project: Project, table, record):
    # annotator.model declares each column once; the store reads rows into these records, so
    # a column added to one needs the same field in the other (and a migration)
    in_schema = [row[1] for row in project.db.execute(f"PRAGMA table_info({table})")]
    assert sorted(in_schema) == sorted(field.name for field in dataclasses.fields(record))


def test_pragmas_on_a_writable_project(project: Project):
    db = project.db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_articles_are_deduplicated_by_content_hash(project: Project):
    first = project.articles.add(
        [ArticleDraft(text="one", source="a"), ArticleDraft(text="two", source="b")]
    )
    again = project.articles.add(
        [
            ArticleDraft(text="two", source="c"),
            ArticleDraft(text="three", source="d"),
            ArticleDraft(text="three", source="e"),
        ]
    )
    assert len(first.added) == 2
    assert len(again.added) == 1
    assert [source for source, _ in again.duplicates] == ["c", "e"]
    assert project.articles.count() == 3


def test_span_lifecycle_keeps_a_tombstone_and_a_history(project, article, coder):
    start = TEXT.index("regime")
    span = project.spans.add(
        article,
        coder.uuid,
        "loaded",
        "pejorative_label",
        start,
        start + len("regime"),
        {"neutral_alternative": "government"},
        origin="accepted",
    )
    assert span.covered(TEXT) == "regime"
    assert span.codebook_hash == project.meta.codebook_hash

    moved = project.spans.update(span.uuid, start=start - 4)
    assert moved.covered(TEXT) == "The regime"
    assert moved.origin == "edited"
    assert moved.updated > span.updated

    project.spans.delete(span.uuid)
    assert project.spans.for_article(article) == []
    kept = project.spans.for_article(article, include_deleted=True)
    assert len(kept) == 1 and kept[0].deleted

    project.spans.restore(span.uuid)
    assert project.spans.get(span.uuid).deleted is False
    actions = [
        row[0]
        for row in project.db.execute(
            "select action from history where target_uuid = ? order by id", [span.uuid]
        )
    ]
    assert actions == ["add", "update", "delete", "restore"]


def test_offsets_count_code_points_even_past_an_emoji(project, article, coder):
    start = TEXT.index("\U0001f600")
    span = project.spans.add(article, coder.uuid, "loaded", "other", start, start + 1)
    assert span.covered(TEXT) == "\U0001f600"
    with pytest.raises(LabelError, match="does not fit"):
        project.spans.add(article, coder.uuid, "loaded", "other", start, len(TEXT) + 1)


def test_spans_are_checked_against_the_codebook(project, article, coder):
    with pytest.raises(LabelError, match="not a label"):
        project.spans.add(article, coder.uuid, "loaded", "made_up", 0, 3)
    with pytest.raises(LabelError, match="does not fit"):
        project.spans.add(article, coder.uuid, "loaded", "other", 5, 5)


def test_doc_labels_replace_clear_and_validate(project, article, coder):
    first = project.doc_labels.set(article, coder.uuid, "primary_frame", "political")
    second = project.doc_labels.set(article, coder.uuid, "primary_frame", "security_defense")
    assert first.uuid == second.uuid and second.value == "security_defense"
    multi = project.doc_labels.set(
        article, coder.uuid, "secondary_frames", ["political", "economic", "political"]
    )
    assert multi.value == ["economic", "political"]  # codebook order, no repeats
    cleared = project.doc_labels.set(article, coder.uuid, "primary_frame", None)
    assert cleared.deleted
    assert project.doc_labels.current(article, coder.uuid, "primary_frame") is None
    assert project.doc_labels.set(article, coder.uuid, "note", "two sides quoted").value
    with pytest.raises(LabelError, match="not a choice"):
        project.doc_labels.set(article, coder.uuid, "primary_frame", "sports")
    with pytest.raises(LabelError, match="not a scheme"):
        project.doc_labels.set(article, coder.uuid, "mood", "x")


def test_relations_link_spans_of_one_article(project, article, coder):
    said = TEXT.index("said")
    cue = project.spans.add(article, coder.uuid, "attribution", "cue", said, said + 4)
    source = project.spans.add(article, coder.uuid, "attribution", "source", 4, 10)
    link = project.relations.add(article, coder.uuid, "source_of", source.uuid, cue.uuid)
    assert project.relations.for_article(article)[0].uuid == link.uuid


def test_one_transaction_per_action_rolls_back_as_a_whole(project, article, coder):
    with pytest.raises(RuntimeError), project.transaction():
        project.spans.add(article, coder.uuid, "loaded", "other", 0, 3)
        project.doc_labels.set(article, coder.uuid, "primary_frame", "political")
        raise RuntimeError("the action failed half-way")
    assert project.spans.for_article(article, include_deleted=True) == []
    assert project.doc_labels.for_article(article, include_deleted=True) == []
    assert project.db.execute("select count(*) from history").fetchone()[0] == 0


def test_labels_survive_closing_and_reopening(tmp_path):
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project:
        article = project.articles.add([ArticleDraft(text=TEXT)]).added[0]
        coder = project.coders.add("Amira")
        span = project.spans.add(article, coder.uuid, "loaded", "other", 4, 10)
        project.status.add_time(article, coder.uuid, 30)
        project.status.set(article, coder.uuid, "done")
    with Project.open(path) as project:
        assert project.spans.get(span.uuid).covered(TEXT) == "regime"
        status = project.status.get(article, coder.uuid)
        assert (status.status, status.seconds) == ("done", 30)
        assert project.status.counts(coder.uuid, 1) == {"todo": 0, "in_progress": 0, "done": 1}


def test_suggestions_are_replaced_per_detector_and_leave_labels_alone(project, article, coder):
    project.spans.add(article, coder.uuid, "loaded", "pejorative_label", 4, 10)
    found = [
        {
            "layer": "loaded",
            "label": "pejorative_label",
            "start": 4,
            "end": 10,
            "explanation": {"rule": "lexicon"},
        }
    ]
    project.suggestions.replace(article, "lexicon", "1", found)
    project.suggestions.replace(article, "lexicon", "2", found * 2)
    project.suggestions.replace(article, "other", "1", found)
    kept = project.suggestions.for_article(article)
    assert sorted((s.detector, s.detector_version) for s in kept) == [
        ("lexicon", "2"),
        ("lexicon", "2"),
        ("other", "1"),
    ]
    assert len(project.spans.for_article(article)) == 1


def test_coders_have_unique_names_and_stable_ids(project):
    coder = project.coders.add("Amira")
    with pytest.raises(LabelError, match="already exists"):
        project.coders.add("Amira")
    assert project.coders.ensure(coder.uuid, "renamed elsewhere") == coder
    other = project.coders.ensure("1234", "Ben")
    assert [c.name for c in project.coders.list()] == ["Amira", "Ben"]
    assert other.uuid == "1234"
