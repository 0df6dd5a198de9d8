"""Issue 13, case 1 (one writer per file, whatever its name) and case 8's last item (the
``.sqlite`` file alone holds every saved label once the app or command ends)."""

from __future__ import annotations

import ast
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.errors import ProjectError, ProjectLockedError
from annotator.model import ArticleDraft
from annotator.store import Project, lock

HOLDER = textwrap.dedent(
    """
    import sys, time
    from annotator.store import Project
    project = Project.open(sys.argv[1])
    print("open", flush=True)
    time.sleep(60)
    """
)


@pytest.fixture
def holder():
    """Start a process that keeps a project open for writing; killed at the end."""
    started = []

    def start(path: Path) -> None:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True
        )
        started.append(process)
        assert process.stdout.readline().strip() == "open"

    yield start
    for process in started:
        process.send_signal(signal.SIGKILL)
        process.wait()


def test_a_hard_link_is_refused_for_writing_by_either_name(project_path):
    second = project_path.with_name("second-name.sqlite")
    os.link(project_path, second)
    for name in (project_path, second):
        with pytest.raises(ProjectError, match="2 names on disk") as refused:
            Project.open(name)
        assert "corrupt" in str(refused.value) and "read-only" in str(refused.value)
    with Project.open(second, readonly=True) as reader:  # reading through either name is fine
        assert reader.meta.name == "closed project"
    second.unlink()
    Project.open(project_path).close()  # one name again: writable again


def test_a_hard_link_made_while_open_does_not_let_a_second_writer_in(project_path, holder):
    holder(project_path)
    second = project_path.with_name("second-name.sqlite")
    os.link(project_path, second)
    with pytest.raises(ProjectError, match="names on disk"):
        Project.open(second)


def test_a_symlink_to_a_file_open_elsewhere_is_refused_and_says_so(project_path, holder):
    link = project_path.with_name("shortcut.sqlite")
    link.symlink_to(project_path)
    holder(project_path)
    with pytest.raises(ProjectLockedError, match=r"shortcut\.sqlite is a link to .*closed\.sqlite"):
        Project.open(link)


def test_the_real_file_is_refused_while_a_symlink_to_it_is_open(project_path, holder):
    link = project_path.with_name("shortcut.sqlite")
    link.symlink_to(project_path)
    holder(link)
    with pytest.raises(ProjectLockedError, match=r"already open by .*\(process \d+"):
        Project.open(project_path)


def test_names_of_one_file_share_one_lock_within_a_process(project_path):
    link = project_path.with_name("shortcut.sqlite")
    link.symlink_to(project_path)
    first = Project.open(project_path)
    second = Project.open(link)  # the app's own connections share the lock
    second.close()
    first.close()
    assert not lock._held  # every hold was let go


def test_the_lock_goes_through_portalocker_not_a_hand_made_byte_range():
    # Static check of the one module that locks: the Windows byte-range lock that followed the
    # moving end of the lock file is gone, and portalocker (which locks from byte 0 on Windows
    # and flocks on Unix) is the only locking call.
    source = Path(lock.__file__).read_text(encoding="utf-8")
    names = {
        node.names[0].name if isinstance(node, ast.Import) else node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.Import, ast.ImportFrom))
    }
    assert "portalocker" in names
    assert not {"fcntl", "msvcrt"} & names


def test_closing_leaves_every_label_in_the_file_itself(tmp_path):
    path = tmp_path / "study.sqlite"
    with Project.create(path) as project:
        article = project.articles.add([ArticleDraft(text="x" * 200)]).added[0]
        coder = project.coders.add("Ann").uuid
        for start in range(50):
            project.spans.add(article, coder, "loaded", "other", start, start + 3)
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    alone = tmp_path / "copied" / "study.sqlite"
    alone.parent.mkdir()
    shutil.copy(path, alone)  # the .sqlite file only, as the README once said
    with Project.open(alone, readonly=True) as copy:
        assert len(copy.spans.for_article(article)) == 50


CRASHING_WRITER = textwrap.dedent(
    """
    import os, sys
    from annotator.store import Project
    project = Project.open(sys.argv[1], backup=False)
    for start in range(40):
        project.spans.add(1, sys.argv[2], "loaded", "other", start, start + 3)
    os._exit(0)  # dies without closing, as a crash does
    """
)


def test_after_a_crash_the_next_open_puts_the_journal_into_the_file(tmp_path):
    path = tmp_path / "study.sqlite"
    with Project.create(path) as project:
        project.articles.add([ArticleDraft(text="x" * 200)])
        coder = project.coders.add("Ann").uuid
    subprocess.run([sys.executable, "-c", CRASHING_WRITER, str(path), coder], check=True)
    wal = path.with_name(path.name + "-wal")
    assert wal.stat().st_size > 0  # the crash left the labels in the journal
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0 and "holds saved changes not yet in" in result.output
    Project.open(path).close()  # any writing command or the app, opened and closed
    alone = tmp_path / "copied.sqlite"
    shutil.copy(path, alone)
    with Project.open(alone, readonly=True) as copy:
        assert len(copy.spans.for_article(1)) == 40
