"""Issue 13, case 7: ``annotator check`` ran only SQLite's integrity check, so three bytes of
article text changed on disk passed as ok. It now recomputes every article's content hash and
checks every span against its article's text, and says what it found."""

from __future__ import annotations

import sqlite3

from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import ArticleDraft
from annotator.store import Project
from annotator.store.consistency import check_project

TEXT = "Officials said the regime shelled the town on Monday."


def _project(path):
    with Project.create(path, name="checked") as project:
        (article,) = project.articles.add([ArticleDraft(text=TEXT, title="Town")]).added
        coder = project.coders.ensure("44444444-4444-4444-8444-444444444444", "Ann").uuid
        span = project.spans.add(article, coder, "loaded", "emotive", 26, 33)
    return span


def _edit(path, statement, *args):
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(statement, args)
    conn.close()


def test_a_sound_project_checks_ok(tmp_path):
    path = tmp_path / "study.sqlite"
    _project(path)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0 and "ok (1 articles, 1 spans" in result.output


def test_three_bytes_of_text_changed_on_disk_are_found(tmp_path):
    path = tmp_path / "study.sqlite"
    _project(path)
    _edit(path, "update articles set text = replace(text, 'town', 'tow!')")
    with Project.open(path, readonly=True) as project:
        assert project.integrity_check() == "ok"  # what the check alone used to say
        report = check_project(project)
    assert not report.ok
    assert "no longer matches its content hash" in report.problems[0]
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1 and "content hash" in result.output
    assert "Traceback" not in result.output


def test_a_span_past_its_articles_end_is_found(tmp_path):
    path = tmp_path / "study.sqlite"
    span = _project(path)
    _edit(path, "update spans set end = 500 where uuid = ?", span.uuid)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert f"spans {span.uuid}" in result.output and "[26, 500) does not fit" in result.output
