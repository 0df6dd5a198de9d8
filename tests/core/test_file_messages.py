"""Issue 13, case 6: messages that say what is wrong. A healthy project in a read-only folder
or file opens read-only with a notice (it was called damaged, and could not even be read); a
full disk or backup folder is called full, not damage; an unwritable data folder, a lock path
that is a folder and another user's lock file get a sentence, not a traceback; constraint
failures come in plain words with the file and line."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3

import pytest
from typer.testing import CliRunner
from unprivileged import run_unprivileged, shared_folder

from annotator.cli import app
from annotator.errors import AnnotatorError, DataFolderError, ProjectError
from annotator.ingest import import_paths
from annotator.model import ArticleDraft
from annotator.profile import save_profile
from annotator.store import Project, backup
from annotator.store.backup import list_backups


@pytest.fixture
def shared_project():
    """A closed project with one article, in a folder another user can enter."""
    folder = shared_folder()
    path = folder / "study.sqlite"
    with Project.create(path, name="shared") as project:
        project.articles.add([ArticleDraft(text="A healthy article.")])
    path.chmod(0o644)
    yield path
    shutil.rmtree(folder, ignore_errors=True)


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_a_healthy_project_in_a_read_only_folder_reads_and_opens_read_only(shared_project):
    shared_project.chmod(0o666)  # the file itself may be written: only the folder stops it
    shared_project.parent.chmod(0o555)

    def as_a_user():
        with Project.open(shared_project, readonly=True) as reader:
            counted = reader.articles.count()
        with pytest.raises(ProjectError) as refused:
            Project.open(shared_project)
        with Project.open(shared_project, read_only_if_needed=True) as opened:
            state = (opened.readonly, list(opened.notices), opened.articles.count())
        return counted, str(refused.value), state, _cli("info", str(shared_project))

    counted, refused, (readonly, notices, count), (code, output) = run_unprivileged(as_a_user)
    assert counted == 1 and count == 1 and readonly
    assert "folder" in refused and "is read-only" in refused and "damaged" not in refused
    assert any("open read-only" in n for n in notices)
    assert code == 0 and "articles: 1" in output and "damaged" not in output


def test_a_read_only_project_file_opens_read_only_with_a_notice(shared_project):
    shared_project.chmod(0o444)

    def as_a_user():
        with Project.open(shared_project, read_only_if_needed=True) as opened:
            state = (opened.readonly, list(opened.notices))
        return state, _cli("coder", "add", str(shared_project), "Ann")

    (readonly, notices), (code, output) = run_unprivileged(as_a_user)
    assert readonly and "the file is read-only" in notices[0]
    assert code == 1 and "cannot be opened for writing: the file is read-only" in output


def test_a_full_disk_is_called_full(project_path):
    with Project.open(project_path, backup=False) as project:
        pages = project.db.execute("PRAGMA page_count").fetchone()[0]
        project.db.execute(f"PRAGMA max_page_count = {pages + 1}")  # SQLite's own "disk full"
        project.close()  # the command line opens it itself
    # the same limit, set by the command's own connection, through the command line
    code, output = _full_disk_import(project_path)
    assert code == 1 and "the disk is full" in output and "damaged" not in output


def _full_disk_import(project_path):
    original = Project.open.__func__

    def limited(cls, *args, **kwargs):
        opened = original(cls, *args, **kwargs)
        if not opened.readonly:
            pages = opened.db.execute("PRAGMA page_count").fetchone()[0]
            opened.db.execute(f"PRAGMA max_page_count = {pages + 1}")
        return opened

    articles = project_path.parent / "many.jsonl"
    articles.write_text(
        "\n".join(json.dumps({"text": f"article {i} " * 300}) for i in range(50)),
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Project, "open", classmethod(limited))
        return _cli("import", str(project_path), str(articles))


def test_a_full_backup_folder_is_a_notice_and_the_project_still_opens(project_path, monkeypatch):
    real_write = backup.write_copy

    def full(conn, target):  # the backup's own connection, limited as a full disk limits it
        dest = sqlite3.connect(target)
        dest.execute("PRAGMA max_page_count = 2")
        try:
            conn.backup(dest)
        finally:
            dest.close()

    monkeypatch.setattr(backup, "write_copy", full)
    with Project.open(project_path) as project:
        assert not project.readonly
        (notice,) = project.notices
    assert "No backup was taken" in notice and "is full" in notice and "not changed" in notice
    assert not list_backups(project_path)
    assert not list(backup.project_backup_dir(project_path).iterdir())  # no partial kept
    monkeypatch.setattr(backup, "write_copy", real_write)


def test_an_unwritable_data_folder_is_a_sentence(tmp_path, monkeypatch):
    blocker = tmp_path / "home-is-a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ANNOTATOR_HOME", str(blocker))
    with pytest.raises(DataFolderError, match="cannot be made"):
        save_profile("Ann")
    code, output = _cli("demo")
    assert code == 1 and "ANNOTATOR_HOME" in output


def test_a_project_still_opens_when_its_backups_cannot_be_written(project_path, monkeypatch):
    blocker = project_path.parent / "home-is-a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ANNOTATOR_HOME", str(blocker))
    with Project.open(project_path) as project:
        assert "No backup was taken" in project.notices[0]


def test_a_lock_path_that_is_a_folder_is_named(project_path):
    lock = project_path.with_name(project_path.name + ".lock")
    lock.unlink(missing_ok=True)  # the one the project left when it was made
    lock.mkdir()
    with pytest.raises(ProjectError, match=r"closed\.sqlite\.lock is a folder"):
        Project.open(project_path)
    code, output = _cli("coder", "add", str(project_path), "Ann")
    assert code == 1 and "is a folder" in output


def test_another_users_lock_file(shared_project):
    folder = shared_project.parent
    folder.chmod(0o777)
    shared_project.chmod(0o666)
    lock = shared_project.with_name(shared_project.name + ".lock")
    lock.write_text("{}")
    lock.chmod(0o644)  # someone else's, readable: enough to hold the lock with

    def open_it():
        os.environ["ANNOTATOR_HOME"] = str(folder / "home")
        try:
            with Project.open(shared_project) as project:
                return project.readonly
        except AnnotatorError as exc:
            return str(exc)

    assert run_unprivileged(open_it) is False
    lock.chmod(0o600)  # someone else's, unreadable: said so, with the owner
    outcome = run_unprivileged(open_it)
    if os.geteuid() == 0:  # as anyone else, the file is the test's own and stays usable
        assert "lock file) cannot be opened" in outcome and "another user" in outcome


def test_a_constraint_failure_in_an_import_names_the_file_and_line(project, tmp_path):
    record = {
        "text": "Officials said the talks failed.",
        "annotator": {"version": 1},
        "spans": [
            {"id": "s1", "start": 0, "end": 9, "label": "source", "layer": "attribution"},
            {"id": "s2", "start": 10, "end": 14, "label": "cue", "layer": "attribution"},
        ],
        "relations": [
            {"id": "r1", "kind": "source_of", "head": "s1", "tail": "s2"},
            {"id": "r1", "kind": "source_of", "head": "s1", "tail": "s2"},
        ],
    }
    path = tmp_path / "labels.jsonl"
    path.write_text("\n" + json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(AnnotatorError) as failed:
        import_paths(project, [path])
    message = str(failed.value)
    assert "labels.jsonl line 2" in message and "two relations have the same id" in message
    assert "UNIQUE" not in message
    assert project.articles.count() == 0
