"""Coder copies: the project for one coder, with nothing of the other coders left in the file."""

from __future__ import annotations

import pytest
from multi_coder import coder_copy, dump, make_master, work

from annotator.errors import ProjectError
from annotator.exchange import make_coder_copy, merge_coder_files
from annotator.store import Project


@pytest.fixture
def master(tmp_path):
    project = make_master(tmp_path)
    yield project
    project.close()


def test_a_copy_has_the_articles_suggestions_and_codebook_under_the_same_ids(master, tmp_path):
    path, _ = coder_copy(master, "Ann", tmp_path)
    with Project.open(path, readonly=True) as copy:
        assert copy.meta.uuid == master.meta.uuid
        assert copy.codebook.hash == master.codebook.hash
        ours = master.db.execute("select uuid, content_hash, text from articles order by id")
        theirs = copy.db.execute("select uuid, content_hash, text from articles order by id")
        assert list(theirs) == list(ours)
        assert copy.suggestions.count() == master.suggestions.count() == 1
        assert [c.name for c in copy.coders.list()] == ["Ann"]
        assert copy.integrity_check() == "ok"
    assert master.coders.list() == []  # the project itself is not changed


def test_a_copy_carries_none_of_the_other_coders_work(master, tmp_path):
    ann_path, ann = coder_copy(master, "Ann", tmp_path)
    bob_path, bob = coder_copy(master, "Bob", tmp_path)
    for path, coder in ((ann_path, ann), (bob_path, bob)):

        def label(project, ids, coder=coder):
            span = project.spans.add(ids[0], coder.uuid, "loaded", "pejorative_label", 0, 6)
            project.spans.update(span.uuid, label="emotive")
            project.doc_labels.set(ids[0], coder.uuid, "primary_frame", "political")
            project.status.set(ids[0], coder.uuid, "done")

        work(path, coder, label)

    def many(project, ids):  # enough of Bob's rows to fill whole pages
        with project.transaction():
            for start in range(300):
                project.spans.add(ids[0], bob.uuid, "loaded", "emotive", start % 40, 41)

    work(bob_path, bob, many)
    merge_coder_files(master, [ann_path, bob_path])
    master.db["gold"].insert(
        {
            "uuid": "gold-1",
            "article_id": master.articles.ids()[0],
            "kind": "doc_label",
            "scheme": "primary_frame",
            "value": '"political"',
            "decided_by": ann.uuid,
            "codebook_hash": master.codebook.hash,
            "created": "2026-01-01T00:00:00.000000Z",
            "updated": "2026-01-01T00:00:00.000000Z",
            "deleted": 0,
        }
    )
    again = tmp_path / "ann-second-round.sqlite"
    made = make_coder_copy(master, "Ann", again)
    assert made.coder.uuid == ann.uuid and not made.created_coder
    assert made.labels == 2
    with Project.open(again, readonly=True) as copy:
        for table in ("spans", "doc_labels", "progress", "history"):
            owners = {row[0] for row in copy.db.execute(f"select coder_uuid from {table}")}
            assert owners == {ann.uuid}, table
        assert copy.db.execute("select count(*) from gold").fetchone()[0] == 0
        assert [c.name for c in copy.coders.list()] == ["Ann"]
        # vacuumed: no free page keeps a deleted row (whatever secure_delete does here)
        assert copy.db.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert bob.uuid.encode() not in again.read_bytes()


def test_a_copy_for_a_known_id_uses_it(master, tmp_path):
    path = tmp_path / "amira.sqlite"
    made = make_coder_copy(master, "Amira", path, "33333333-3333-4333-8333-333333333333")
    assert made.created_coder
    with Project.open(path, readonly=True) as copy:
        assert copy.coders.get("33333333-3333-4333-8333-333333333333").name == "Amira"


def test_refusals_are_clear_and_write_nothing(master, tmp_path):
    before = dump(master.path)
    existing = tmp_path / "taken.sqlite"
    existing.write_text("x")
    with pytest.raises(ProjectError, match="already exists"):
        make_coder_copy(master, "Ann", existing)
    with pytest.raises(ProjectError, match="does not exist"):
        make_coder_copy(master, "Ann", tmp_path / "no-such-folder" / "ann.sqlite")
    with pytest.raises(ProjectError, match="needs the coder's name"):
        make_coder_copy(master, "  ", tmp_path / "blank.sqlite")
    master.coders.add("Sam")
    master.coders.ensure("44444444-4444-4444-8444-444444444444", "Sam")
    with pytest.raises(ProjectError, match="2 coders are named 'Sam'"):
        make_coder_copy(master, "Sam", tmp_path / "sam.sqlite")
    assert not (tmp_path / "sam.sqlite").exists()
    assert not list(tmp_path.glob("*.partial*"))
    master.db.execute("delete from coders")
    master.db.conn.commit()
    assert dump(master.path) == before
