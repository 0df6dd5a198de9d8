"""Project files that must be refused, shared, backed up and migrated without losing anything."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.errors import ProjectError, ProjectLockedError
from annotator.store import Project
from annotator.store.backup import KEEP, list_backups, take_backup
from annotator.store.migrations import migrate, user_version
from annotator.store.schema import LATEST_VERSION, MIGRATIONS, Migration

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("just some notes\n")
    before = digest(path)
    with pytest.raises(ProjectError, match="not an annotator project"):
        Project.open(path)
    assert digest(path) == before


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.touch()
    with pytest.raises(ProjectError, match=r"empty\.sqlite is not an annotator project"):
        Project.open(path)


def test_an_sqlite_file_of_another_program_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("create table things (id integer)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError, match="SQLite database but not an annotator project"):
        Project.open(path)


def test_a_damaged_file_gets_a_clear_message(tmp_path, project_path):
    data = bytearray(project_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the first page after the header
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(bytes(data))
    with pytest.raises(ProjectError, match=r"broken\.sqlite"):
        Project.open(broken)


def test_a_file_from_a_newer_schema_is_refused_and_untouched(tmp_path, project_path):
    conn = sqlite3.connect(project_path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.commit()
    conn.close()
    before = digest(project_path)
    for readonly in (False, True):
        with pytest.raises(ProjectError, match="newer version of the annotator"):
            Project.open(project_path, readonly=readonly)
    assert digest(project_path) == before
    assert not list_backups(project_path)


def test_a_read_only_file_opens_read_only_and_refuses_writing(project_path):
    os.chmod(project_path, 0o444)
    try:
        before = digest(project_path)
        with pytest.raises(ProjectError, match="read-only"):
            Project.open(project_path)
        with Project.open(project_path, readonly=True) as project:
            assert project.articles.count() == 0
        assert digest(project_path) == before
    finally:
        os.chmod(project_path, 0o644)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ProjectError, match=r"nowhere\.sqlite does not exist"):
        Project.open(tmp_path / "nowhere.sqlite")


def test_create_refuses_to_overwrite(project_path):
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(project_path)


HOLDER = textwrap.dedent(
    """
    import sys, time
    from annotator.store import Project
    project = Project.open(sys.argv[1])
    print("open", flush=True)
    time.sleep(60)
    """
)


def test_a_second_process_is_told_who_has_the_project_open(project_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(project_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(ProjectLockedError, match=r"already open by .* \(process \d+"):
            Project.open(project_path)
        with Project.open(project_path, readonly=True) as reader:  # reading is still fine
            assert reader.meta.name == "closed project"
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # the OS dropped the dead holder's lock: no stale lock
    Project.open(project_path).close()


def test_opening_for_writing_takes_a_rotating_backup(project_path):
    Project.open(project_path).close()
    backups = list_backups(project_path)
    assert len(backups) == 1
    with Project.open(backups[0], readonly=True) as copy:
        assert copy.meta.name == "closed project"
    Project.open(project_path).close()  # within the interval: no second backup
    assert len(list_backups(project_path)) == 1
    with Project.open(project_path, backup=False) as project:
        for _ in range(KEEP + 3):
            take_backup(project.db.conn, project_path, "test")
    assert len(list_backups(project_path)) == KEEP


def test_every_schema_fixture_opens_with_its_labels_intact(tmp_path):
    fixtures = sorted(FIXTURES.glob("schema-v*.sqlite"))
    assert fixtures, "a fixture database per schema version lives in tests/fixtures"
    for fixture in fixtures:
        path = tmp_path / fixture.name
        shutil.copy(fixture, path)
        with Project.open(path) as project:
            assert user_version(project.db) == LATEST_VERSION
            text = project.articles.get(1).text
            live = project.spans.for_article(1)
            assert [s.covered(text) for s in live] == ["neutralized"]
            assert len(project.spans.for_article(1, include_deleted=True)) == 2
            coder = project.coders.list()[0]
            assert project.doc_labels.current(1, coder.uuid, "primary_frame").value == (
                "security_defense"
            )
            assert project.integrity_check() == "ok"


def _add_column(db):
    db["articles"].add_column("language", str)


def _broken(db):
    db["articles"].add_column("half_done", str)
    raise RuntimeError("migration failed half-way")


def test_a_migration_takes_a_backup_first_and_bumps_the_version(tmp_path):
    path = tmp_path / "latest.sqlite"
    shutil.copy(FIXTURES / f"schema-v{LATEST_VERSION}.sqlite", path)
    with Project.open(path, backup=False) as project:
        steps = (*MIGRATIONS, Migration(LATEST_VERSION + 1, "add language", _add_column))
        assert migrate(project.db, path, steps) == [LATEST_VERSION + 1]
        assert user_version(project.db) == LATEST_VERSION + 1
        assert "language" in project.db["articles"].columns_dict
    backups = list_backups(path)
    assert len(backups) == 1 and f"before-v{LATEST_VERSION + 1}" in backups[0].name
    with Project.open(backups[0], readonly=True) as old:
        assert user_version(old.db) == LATEST_VERSION


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "latest.sqlite"
    shutil.copy(FIXTURES / f"schema-v{LATEST_VERSION}.sqlite", path)
    with Project.open(path, backup=False) as project:
        steps = (*MIGRATIONS, Migration(LATEST_VERSION + 1, "broken", _broken))
        with pytest.raises(RuntimeError):
            migrate(project.db, path, steps)
        assert user_version(project.db) == LATEST_VERSION
        assert "half_done" not in project.db["articles"].columns_dict
        assert len(project.spans.for_article(1)) == 1
