"""Merging coder files: union by uuid, articles by text, the report before anything is kept,
idempotence, newest-wins, and one transaction that an error or a cancel leaves untouched."""

from __future__ import annotations

import sqlite3

import pytest
from multi_coder import TEXTS, coder_copy, dump, make_master, word, work

from annotator.errors import Cancelled, ProjectError
from annotator.exchange import MergeBlocked, merge_coder_files, preview_merge
from annotator.exchange import merge as merge_module
from annotator.model import content_hash


@pytest.fixture
def master(tmp_path):
    project = make_master(tmp_path)
    yield project
    project.close()


def two_coders(master, tmp_path):
    """Ann and Bob each mark 'Regime' and answer the primary frame of every article."""
    files = []
    for name, frame in (("Ann", "security_defense"), ("Bob", "political")):
        path, coder = coder_copy(master, name, tmp_path)

        def label(project, ids, coder=coder, frame=frame):
            span = project.spans.add(ids[0], coder.uuid, "loaded", "pejorative_label", 0, 6)
            cue = project.spans.add(
                ids[0], coder.uuid, "attribution", "cue", *word(TEXTS[0], "said")
            )
            source = project.spans.add(
                ids[0], coder.uuid, "attribution", "source", *word(TEXTS[0], "officials")
            )
            project.relations.add(ids[0], coder.uuid, "source_of", source.uuid, cue.uuid)
            project.decisions.add(
                ids[0],
                coder.uuid,
                "loaded",
                "pejorative_label",
                0,
                6,
                "accepted",
                "test",
                span.uuid,
            )
            for article in ids:
                project.doc_labels.set(article, coder.uuid, "primary_frame", frame)
                project.status.set(article, coder.uuid, "done")

        work(path, coder, label)
        files.append(path)
    return files


def counts(project):
    return project.counts()


def test_merge_brings_every_label_and_the_coders(master, tmp_path):
    files = two_coders(master, tmp_path)
    report = merge_coder_files(master, files)
    assert report.committed and not report.blocking
    assert {c.name for c in master.coders.list()} == {"Ann", "Bob"}
    got = counts(master)
    assert (got["spans"], got["doc_labels"], got["relations"]) == (6, 8, 2)
    assert master.db.execute("select count(*) from decisions").fetchone()[0] == 2
    assert master.db.execute("select count(*) from progress").fetchone()[0] == 8
    totals = report.totals()
    assert totals["spans"].new == 6 and totals["doc_labels"].new == 8
    # every change the merge made is in the audit trail
    merged = master.db.execute("select count(*) from history where action = 'merge'").fetchone()
    assert merged[0] == 6 + 8 + 2 + 2


def test_merging_the_same_files_again_changes_nothing(master, tmp_path):
    files = two_coders(master, tmp_path)
    merge_coder_files(master, files)
    before = dump(master.path)
    again = merge_coder_files(master, files)
    assert dump(master.path) == before
    totals = again.totals()
    assert all(totals[t].new == 0 and totals[t].updated == 0 for t in totals)
    assert totals["spans"].unchanged == 6 and totals["progress"].unchanged == 8


def test_one_file_twice_in_one_merge_is_merged_once(master, tmp_path):
    files = two_coders(master, tmp_path)
    report = merge_coder_files(master, [files[0], files[0]])
    assert report.files[0].tables["spans"].new == 3
    assert report.files[1].tables["spans"].new == 0
    assert report.files[1].tables["spans"].unchanged == 3


def test_a_dry_run_and_the_preview_write_nothing_and_report_the_same(master, tmp_path):
    files = two_coders(master, tmp_path)
    before = dump(master.path)
    preview = preview_merge(master, files)
    assert dump(master.path) == before
    assert not preview.committed
    done = merge_coder_files(master, files)
    assert preview.to_dict()["totals"] == done.to_dict()["totals"]


def test_newest_update_wins_and_tombstones_travel(master, tmp_path):
    files = two_coders(master, tmp_path)
    merge_coder_files(master, files)
    ann = master.coders.by_name("Ann")[0]
    first = master.articles.ids()[0]
    # Ann later relabels one span and deletes her cue in her own file ...
    with_file = {}

    def change(project, ids):
        spans = project.spans.for_article(ids[0], ann.uuid)
        loaded = next(s for s in spans if s.layer == "loaded")
        cue = next(s for s in spans if s.label == "cue")
        project.spans.update(loaded.uuid, label="emotive")
        project.spans.delete(cue.uuid)
        with_file.update(loaded=loaded.uuid, cue=cue.uuid)

    work(files[0], ann, change)
    # ... while the supervisor's project changes Bob's answer after Bob's last edit.
    bob = master.coders.by_name("Bob")[0]
    master.doc_labels.set(first, bob.uuid, "primary_frame", "economic")
    report = merge_coder_files(master, files)
    assert master.spans.get(with_file["loaded"]).label == "emotive"
    assert master.spans.get(with_file["cue"]).deleted
    assert report.files[0].tables["spans"].updated == 2
    assert master.doc_labels.current(first, bob.uuid, "primary_frame").value == "economic"
    assert report.files[1].tables["doc_labels"].kept == 1


def test_two_uuids_for_one_answer_keep_the_newer_answer(master, tmp_path):
    """Two copies for the same coder: the unique (article, coder, scheme) row takes the newer."""
    first_path, ann = coder_copy(master, "Ann", tmp_path)
    second_path = tmp_path / "ann-again.sqlite"
    from annotator.exchange import make_coder_copy

    make_coder_copy(master, "Ann", second_path, ann.uuid)
    work(
        first_path,
        ann,
        lambda p, ids: p.doc_labels.set(ids[0], ann.uuid, "primary_frame", "legality"),
    )
    work(
        second_path,
        ann,
        lambda p, ids: p.doc_labels.set(ids[0], ann.uuid, "primary_frame", "political"),
    )
    report = merge_coder_files(master, [first_path, second_path])
    first = master.articles.ids()[0]
    assert master.doc_labels.current(first, ann.uuid, "primary_frame").value == "political"
    assert report.files[1].doc_label_collisions == 1
    assert report.files[1].tables["doc_labels"].updated == 1
    before = dump(master.path)
    merge_coder_files(master, [first_path, second_path])
    assert dump(master.path) == before


def test_an_error_midway_leaves_the_project_as_it_was(master, tmp_path, monkeypatch):
    files = two_coders(master, tmp_path)
    before = dump(master.path)

    written = []

    def broken(project, rows, table_counts):
        written.append(project.counts()["spans"])
        raise RuntimeError("disk on fire")

    # spans, document labels, relations and decisions are written before progress fails
    monkeypatch.setattr(merge_module, "_merge_progress", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        merge_coder_files(master, files)
    assert written == [3]  # Ann's spans were in the transaction when it failed
    assert dump(master.path) == before
    assert counts(master)["spans"] == 0


def test_a_cancel_on_the_second_file_keeps_nothing_of_the_first(master, tmp_path):
    files = two_coders(master, tmp_path)
    before = dump(master.path)

    def progress(done, total, note):
        if note.startswith("Merging") and done == 1:
            raise Cancelled("cancelled")

    with pytest.raises(Cancelled):
        merge_coder_files(master, files, progress=progress)
    assert dump(master.path) == before


def test_labels_on_an_article_the_project_lacks_stop_the_merge(master, tmp_path):
    path, ann = coder_copy(master, "Ann", tmp_path)

    def add_article_and_label(project, ids):
        from annotator.model import ArticleDraft

        new = project.articles.add(
            [ArticleDraft(text="A text only Ann has.", title="Extra")]
        ).added[0]
        project.spans.add(new, ann.uuid, "loaded", "emotive", 0, 1)
        project.doc_labels.set(ids[0], ann.uuid, "primary_frame", "political")

    work(path, ann, add_article_and_label)
    before = dump(master.path)
    with pytest.raises(MergeBlocked) as blocked:
        merge_coder_files(master, [path])
    assert dump(master.path) == before
    file_report = blocked.value.report.files[0]
    assert [a.title for a in file_report.missing_in_project] == ["Extra"]
    assert [p.kind for p in blocked.value.report.blocking] == ["labels_without_article"]
    forced = merge_coder_files(master, [path], force=True)
    assert forced.committed
    assert forced.files[0].tables["spans"].skipped == 1
    assert counts(master)["doc_labels"] == 1 and counts(master)["spans"] == 0


def test_articles_missing_on_either_side_without_labels_are_only_noted(master, tmp_path):
    path, ann = coder_copy(master, "Ann", tmp_path)
    from annotator.model import ArticleDraft

    master.articles.add([ArticleDraft(text="Imported after the copies were made.", title="Late")])

    def label(project, ids):
        project.articles.add([ArticleDraft(text="Ann imported this one.", title="Ann's")])
        project.doc_labels.set(ids[0], ann.uuid, "primary_frame", "political")

    work(path, ann, label)
    report = merge_coder_files(master, [path])
    assert report.committed
    kinds = {p.kind: p.blocking for p in report.files[0].problems}
    assert kinds == {"missing_in_project": False, "missing_in_file": False}
    assert report.files[0].missing_in_file == 1


def test_a_changed_text_under_the_same_id_is_reported_and_its_labels_never_merged(master, tmp_path):
    path, ann = coder_copy(master, "Ann", tmp_path)
    work(path, ann, lambda p, ids: p.spans.add(ids[1], ann.uuid, "loaded", "euphemism", 0, 3))
    changed = TEXTS[1].replace("militants", "fighters")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "update articles set text = ?, content_hash = ? where id = 2",
            [changed, content_hash(changed)],
        )
    conn.close()
    with pytest.raises(MergeBlocked) as blocked:
        merge_coder_files(master, [path])
    report = blocked.value.report.files[0]
    assert [a.title for a in report.text_mismatches] == ["Article 1"]
    assert report.text_mismatches[0].labels == 1
    forced = merge_coder_files(master, [path], force=True)
    assert forced.files[0].tables["spans"].skipped == 1 and counts(master)["spans"] == 0


def test_a_different_codebook_is_noted_and_labels_outside_it_stop_the_merge(master, tmp_path):
    path, ann = coder_copy(master, "Ann", tmp_path)
    toml = master.codebook.toml.replace('name = "emotive"', 'name = "heated"')
    from annotator.codebook import parse_codebook

    other = parse_codebook(toml)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "insert into codebooks (hash, name, version, toml, added) values (?, ?, ?, ?, ?)",
            [other.hash, other.name, "2.0", other.toml, "2026-01-01T00:00:00.000000Z"],
        )
        conn.execute("update project set codebook_hash = ?", [other.hash])
    conn.close()
    work(path, ann, lambda p, ids: p.spans.add(ids[0], ann.uuid, "loaded", "heated", 0, 6))
    with pytest.raises(MergeBlocked) as blocked:
        merge_coder_files(master, [path])
    report = blocked.value.report.files[0]
    assert not report.codebook.same
    assert report.codebook.unknown == ["span loaded/heated (1)"]
    assert list(report.codebook.other_codebooks.values()) == [1]
    kinds = {p.kind: p.blocking for p in report.problems}
    assert kinds["codebook_differs"] is False and kinds["labels_outside_codebook"] is True
    merge_coder_files(master, [path], force=True)
    # the codebook the label was made under comes along, so the label's hash still resolves
    assert (
        master.db.execute("select count(*) from codebooks where hash = ?", [other.hash]).fetchone()[
            0
        ]
        == 1
    )


def test_a_codebook_change_that_every_label_fits_is_only_noted(master, tmp_path):
    path, ann = coder_copy(master, "Ann", tmp_path)
    toml = master.codebook.toml.replace('version = "1.0"', 'version = "1.1"')
    from annotator.codebook import parse_codebook

    other = parse_codebook(toml)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "insert into codebooks (hash, name, version, toml, added) values (?, ?, ?, ?, ?)",
            [other.hash, other.name, other.version, other.toml, "2026-01-01T00:00:00.000000Z"],
        )
        conn.execute("update project set codebook_hash = ?", [other.hash])
    conn.close()
    work(path, ann, lambda p, ids: p.spans.add(ids[0], ann.uuid, "loaded", "emotive", 0, 6))
    report = merge_coder_files(master, [path])
    assert report.committed
    assert "v1.1" in report.files[0].codebook.file


def test_two_labelled_coders_of_one_name_stop_the_merge(master, tmp_path):
    first, ann = coder_copy(master, "Ann", tmp_path)
    work(
        first, ann, lambda p, ids: p.doc_labels.set(ids[0], ann.uuid, "primary_frame", "political")
    )
    merge_coder_files(master, [first])
    # another person also called Ann, with a copy made for her own id
    second = tmp_path / "other-ann.sqlite"
    from annotator.exchange import make_coder_copy

    other = make_coder_copy(master, "ann ", second, "11111111-1111-4111-8111-111111111111").coder
    work(
        second,
        other,
        lambda p, ids: p.doc_labels.set(ids[0], other.uuid, "primary_frame", "legality"),
    )
    with pytest.raises(MergeBlocked) as blocked:
        merge_coder_files(master, [second])
    clash = blocked.value.report.files[0].same_name_coders[0]
    assert (clash.file_uuid, clash.project_uuid) == (other.uuid, ann.uuid)
    merge_coder_files(master, [second], force=True)
    assert len(master.coders.list()) == 2


def test_a_coder_who_only_exists_in_the_file_is_not_added(master, tmp_path):
    """A copy made for 'Ann', coded under Ann's own profile id: the stub brings nothing."""
    path, stub = coder_copy(master, "Ann", tmp_path)
    profile = "22222222-2222-4222-8222-222222222222"

    def code_as_profile(project, ids):
        project.coders.ensure(profile, "Ann")
        project.doc_labels.set(ids[0], profile, "primary_frame", "political")

    work(path, stub, code_as_profile)
    report = merge_coder_files(master, [path])
    assert [c.uuid for c in master.coders.list()] == [profile]
    assert report.files[0].same_name_coders == []


def test_a_file_of_another_project_stops_the_merge(master, tmp_path):
    (tmp_path / "other").mkdir()
    other = make_master(tmp_path / "other", name="other")
    path, ann = coder_copy(other, "Ann", tmp_path)
    other.close()
    work(path, ann, lambda p, ids: p.doc_labels.set(ids[0], ann.uuid, "primary_frame", "political"))
    with pytest.raises(MergeBlocked) as blocked:
        merge_coder_files(master, [path])
    assert [p.kind for p in blocked.value.report.blocking] == ["other_project"]
    assert "not a copy of this project" in str(blocked.value)
    # same texts: with --force the labels land on the matching articles
    merge_coder_files(master, [path], force=True)
    assert counts(master)["doc_labels"] == 1


def test_merging_the_project_into_itself_is_refused(master):
    with pytest.raises(ProjectError, match="the project itself"):
        merge_coder_files(master, [master.path])


def test_a_file_that_is_not_a_project_is_refused_clearly(master, tmp_path):
    junk = tmp_path / "notes.sqlite"
    junk.write_text("not a database")
    with pytest.raises(ProjectError, match="not an annotator project"):
        merge_coder_files(master, [junk])
