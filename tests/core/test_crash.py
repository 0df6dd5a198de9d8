"""Killing the writer at random moments loses nothing it reported as saved."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from annotator.model import ArticleDraft
from annotator.store import Project

WRITER = textwrap.dedent(
    """
    import sys
    from annotator.store import Project
    project = Project.open(sys.argv[1], backup=False)
    coder = sys.argv[2]
    n = 0
    while True:
        start = n % 50
        span = project.spans.add(1, coder, "loaded", "other", start, start + 5)
        # printed only after the transaction committed: a promise that it is saved
        print(span.uuid, flush=True)
        n += 1
    """
)

KILLS = 24


@pytest.mark.slow
def test_labels_reported_as_saved_survive_sigkill(tmp_path):
    path = tmp_path / "crash.sqlite"
    with Project.create(path) as project:
        project.articles.add([ArticleDraft(text="x" * 100)])
        coder = project.coders.add("crash test").uuid
    rng = random.Random(20261121)
    reported: list[str] = []
    for _ in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), coder], stdout=subprocess.PIPE, text=True
        )
        first = writer.stdout.readline()  # wait until it is writing
        time.sleep(rng.uniform(0.0, 0.3))
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate()
        lines = [first, *rest.splitlines()]
        # a line cut off by the kill was never a complete promise
        reported += [line.strip() for line in lines if len(line.strip()) == 36]
    assert len(reported) > KILLS
    with Project.open(path, readonly=True) as project:
        assert project.integrity_check() == "ok"
        stored = {s.uuid for s in project.spans.for_article(1, coder)}
    missing = [uuid for uuid in reported if uuid not in stored]
    assert not missing, f"{len(missing)} label(s) reported as saved were lost"
