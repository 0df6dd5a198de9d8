"""Issue 13, case 2: restoring a backup. A backup copied over a project by hand beside a stale
``-wal`` is wrecked at the next write; ``annotator restore`` verifies the backup, moves the
project and its journal aside (never deleting them) and ends with an intact project. Backups cut
off half-way are never listed and never push a good one out."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.errors import ProjectError, ProjectLockedError
from annotator.model import ArticleDraft
from annotator.store import Project
from annotator.store.backup import KEEP, list_backups, project_backup_dir, take_backup
from annotator.store.restore import restore_backup, summarize_backups

LATER_WORK = textwrap.dedent(
    """
    import os, sys
    from annotator.model import ArticleDraft
    from annotator.store import Project
    project = Project.open(sys.argv[1], backup=False)
    project.db.execute("PRAGMA wal_autocheckpoint = 0")
    project.articles.add([ArticleDraft(text=f"crash article {i} " * 60) for i in range(300)])
    os._exit(0)  # a crash: the journal stays beside the file
    """
)


def _project_with_backup_and_stale_wal(folder: Path) -> tuple[Path, Path]:
    """A project with a backup of 5 labels, later work, then a crash that left a -wal."""
    path = folder / "study.sqlite"
    with Project.create(path) as project:
        project.articles.add([ArticleDraft(text="x" * 100)])
        coder = project.coders.add("Ann").uuid
        for start in range(5):
            project.spans.add(1, coder, "loaded", "other", start, start + 3)
        backup = project.back_up("manual")
        project.articles.add([ArticleDraft(text=f"later {i} " * 80) for i in range(200)])
    subprocess.run([sys.executable, "-c", LATER_WORK, str(path)], check=True)
    assert path.with_name("study.sqlite-wal").stat().st_size > 0
    return path, backup


def test_copying_a_backup_by_hand_beside_a_stale_wal_wrecks_it(tmp_path):
    # The hazard the restore command exists for (what the issue saw): SQLite applies the
    # stale journal to the copied backup.
    path, backup = _project_with_backup_and_stale_wal(tmp_path)
    shutil.copy(backup, path)
    conn = sqlite3.connect(path)
    try:
        conn.execute("insert into coders (uuid, name, created) values ('u', 'n', 't')")
        conn.commit()
        damaged = conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    except sqlite3.DatabaseError:
        damaged = True
    finally:
        conn.close()
    assert damaged


def test_restoring_beside_a_stale_wal_ends_with_an_intact_project(tmp_path):
    path, backup = _project_with_backup_and_stale_wal(tmp_path)
    stale = path.with_name("study.sqlite-wal").read_bytes()
    report = restore_backup(path, backup)
    assert report.counts["spans"] == 5 and report.counts["articles"] == 1
    with Project.open(path) as project:  # and it takes writes
        project.spans.add(1, project.coders.list()[0].uuid, "loaded", "other", 10, 20)
        assert project.integrity_check() == "ok"
    with Project.open(path, readonly=True) as project:
        assert project.integrity_check() == "ok"
        assert len(project.spans.for_article(1)) == 6
    # nothing was deleted: the replaced file and its journal sit beside it, still together
    names = sorted(p.name for p in report.moved_aside)
    assert names[0].startswith("study.before-restore-") and names[0].endswith(".sqlite")
    wal = next(p for p in report.moved_aside if p.name.endswith("-wal"))
    assert wal.read_bytes() == stale
    with Project.open(report.moved_aside[0], readonly=True) as replaced:
        assert replaced.articles.count() == 501  # the later work, readable for salvage


def test_the_command_lists_backups_of_a_damaged_project_and_restores_one(tmp_path):
    path, _ = _project_with_backup_and_stale_wal(tmp_path)
    path.with_name("study.sqlite-wal").unlink()  # a damaged project: its first page wrecked
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    runner = CliRunner()
    assert runner.invoke(app, ["backup", str(path)]).exit_code == 1  # damaged: no backup
    listed = runner.invoke(app, ["restore", str(path)])
    assert listed.exit_code == 0, listed.output
    assert "1." in listed.output and "1 articles, 5 labels" in listed.output
    restored = runner.invoke(app, ["restore", str(path), "1"])
    assert restored.exit_code == 0, restored.output
    assert "5 label(s)" in restored.output and "were kept, not deleted" in restored.output
    assert runner.invoke(app, ["check", str(path)]).exit_code == 0


def test_a_restore_is_refused_while_the_project_is_open_elsewhere(project_path):
    Project.open(project_path).close()  # takes the first backup
    (backup,) = list_backups(project_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom annotator.store import Project\n"
            "p = Project.open(sys.argv[1], backup=False)\nprint('open', flush=True)\n"
            "time.sleep(60)",
            str(project_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        before = sorted(p.name for p in project_path.parent.iterdir())
        with pytest.raises(ProjectLockedError, match="already open by"):
            restore_backup(project_path, backup)
        assert sorted(p.name for p in project_path.parent.iterdir()) == before
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()


def test_a_damaged_backup_is_refused_and_nothing_is_moved(project_path, tmp_path):
    broken = tmp_path / "broken-backup.sqlite"
    data = bytearray(project_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    broken.write_bytes(bytes(data))
    before = sorted(project_path.parent.glob("closed*"))
    with pytest.raises(ProjectError, match="broken-backup"):
        restore_backup(project_path, broken)
    assert sorted(project_path.parent.glob("closed*")) == before


def test_partial_backups_are_never_listed_and_never_push_good_ones_out(project_path):
    with Project.open(project_path, backup=False) as project:
        for _ in range(KEEP):
            take_backup(project.db.conn, project_path, "good")
        folder = project_backup_dir(project_path)
        # a cut-off backup of the new kind (temporary name) and of the old kind (with the
        # journal SQLite left beside it), both newer than every good one
        (folder / ".29991231T000000000000Z-open.sqlite.partial").write_bytes(b"SQLite format 3")
        (folder / "29991231T000000000000Z-open.sqlite").write_bytes(b"SQLite format 3\x00")
        (folder / "29991231T000000000000Z-open.sqlite-journal").write_bytes(b"\x00" * 512)
        listed = list_backups(project_path)
        assert len(listed) == KEEP and all("good" in p.name for p in listed)
        take_backup(project.db.conn, project_path, "next")
    listed = list_backups(project_path)
    assert len(listed) == KEEP and "next" in listed[0].name
    assert not list(folder.glob("*-journal"))
    for backup in listed:
        with Project.open(backup, readonly=True) as copy:
            assert copy.integrity_check() == "ok"


BACKING_UP = textwrap.dedent(
    """
    import sys
    from annotator.store import Project
    project = Project.open(sys.argv[1], readonly=True)
    print("ready", flush=True)
    while True:
        project.back_up("loop")
    """
)


@pytest.mark.slow
def test_backups_killed_mid_way_leave_only_complete_backups(tmp_path):
    path = tmp_path / "big.sqlite"
    with Project.create(path) as project:
        project.articles.add([ArticleDraft(text=f"article {i} " * 400) for i in range(400)])
    rng = random.Random(13)
    folder = project_backup_dir(path)
    cut = 0  # kills that landed mid-way through a backup (the next writer tidies them away)
    for kill in range(40):
        writer = subprocess.Popen(
            [sys.executable, "-c", BACKING_UP, str(path)], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.4))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        cut += bool(list(folder.glob(".*.partial")))
        if kill >= 7 and cut >= 2:
            break
    # where a kill lands is up to the scheduler: keep killing until two landed mid-way
    assert cut >= 2, "no kill cut a backup off half-way"
    listed = summarize_backups(path)
    assert listed, "some backups completed"
    for backup in listed:
        assert backup.counts is not None and backup.counts["articles"] == 400, backup
    Project.open(path, backup=False).close()  # the next opening: no backup due, still tidies
    with Project.open(path) as project:
        project.back_up("after")
    assert not [p for p in folder.iterdir() if p.name.startswith(".")], "no partial kept"


def test_a_backup_being_written_by_another_process_is_left_alone(project_path):
    from annotator.store.backup import _writing, remove_unfinished

    folder = project_backup_dir(project_path)
    folder.mkdir(parents=True)
    running = folder / ".29991231T000000000000Z-open.sqlite.partial"
    dead = folder / ".29991230T000000000000Z-open.sqlite.partial"
    dead.write_bytes(b"SQLite format 3")
    dead.with_name(dead.name + ".lock").write_text("")  # its writer died: the lock is free
    renamed = folder / ".29991229T000000000000Z-open.sqlite.partial.lock"
    renamed.write_text("")  # killed after the rename, before letting go of its lock
    with _writing(running):  # held, as the writer holds it
        running.write_bytes(b"SQLite format 3")
        assert remove_unfinished(folder) == [renamed.with_suffix(""), dead]
        assert running.exists() and not dead.exists() and not renamed.exists()
    assert remove_unfinished(folder) == [running]
