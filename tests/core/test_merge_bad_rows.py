"""Issue 13, case 5: corrupt coder files. Every row is checked before a merge writes anything;
bad rows are reported with what is wrong, stop the merge (nothing written), and are skipped,
never written, when the merge is forced."""

from __future__ import annotations

import sqlite3

import pytest
from multi_coder import TEXTS, coder_copy, dump, make_master, work
from typer.testing import CliRunner

from annotator.agreement import project as project_agreement
from annotator.cli import app
from annotator.exchange import MergeBlocked, merge_coder_files, preview_merge


@pytest.fixture
def master(tmp_path):
    project = make_master(tmp_path)
    yield project
    project.close()


def _labelled_copy(master, tmp_path):
    path, coder = coder_copy(master, "Ann", tmp_path)

    def label(project, ids):
        project.spans.add(ids[0], coder.uuid, "loaded", "pejorative_label", 0, 6)
        project.spans.add(ids[1], coder.uuid, "loaded", "euphemism", 16, 27)
        for article in ids:
            project.doc_labels.set(article, coder.uuid, "primary_frame", "political")

    work(path, coder, label)
    return path, coder


def _tamper(path, *statements):
    """Edit the coder's file behind the app's back, as a hand or another program might."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


CASES = {
    "value not JSON": "update doc_labels set value = 'political' where rowid = 1",
    "value a number": "update doc_labels set value = '5' where rowid = 2",
    "span past the end": f"update spans set end = {len(TEXTS[1]) + 40} where label = 'euphemism'",
    "unknown coder": "update doc_labels set coder_uuid = 'nobody' where rowid = 3",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_row_stops_the_merge_with_the_row_named(master, tmp_path, case):
    path, _ = _labelled_copy(master, tmp_path)
    _tamper(path, CASES[case])
    before = dump(master.path)
    with pytest.raises(MergeBlocked, match="do not hold and would be skipped") as blocked:
        merge_coder_files(master, [path])
    assert dump(master.path) == before
    (bad,) = blocked.value.report.files[0].bad_rows
    assert {
        "value not JSON": "is not a JSON answer",
        "value a number": "neither text nor a list",
        "span past the end": "runs past the article's end",
        "unknown coder": "whom the file does not list",
    }[case] in bad


def test_forcing_skips_the_bad_rows_and_merges_the_rest(master, tmp_path):
    path, _ = _labelled_copy(master, tmp_path)
    _tamper(path, *CASES.values())
    preview = preview_merge(master, [path])
    assert len(preview.files[0].bad_rows) == 4
    report = merge_coder_files(master, [path], force=True)
    assert report.committed
    spans = master.db.execute("select label, end from spans").fetchall()
    assert spans == [("pejorative_label", 6)]  # the span past its article's end stayed out
    assert master.db.execute("select count(*) from doc_labels").fetchone()[0] == 1
    assert master.db.execute("PRAGMA foreign_key_check").fetchall() == []
    # agreement runs on what was merged (it refused the whole project before)
    project_agreement.project_agreement(master)


def test_the_command_line_says_what_is_wrong_without_a_traceback(master, tmp_path):
    path, _ = _labelled_copy(master, tmp_path)
    _tamper(path, *CASES.values())
    master.close()
    result = CliRunner().invoke(app, ["merge", str(master.path), str(path)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "do not hold" in result.output and "Traceback" not in result.output
