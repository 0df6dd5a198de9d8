"""``annotator --self-test``: one line per check, exit 0 only if all pass, user data untouched."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from annotator.detect import run as detect_run
from annotator.detect.run import DetectionResult
from ui.self_test import CHECKS, run_self_test


@pytest.mark.slow
def test_self_test_passes_and_leaves_the_users_home_alone(annotator_home):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_HOME": str(annotator_home)}
    run = subprocess.run(
        [sys.executable, "-m", "ui", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    lines = run.stdout.splitlines()
    assert run.returncode == 0, run.stdout + run.stderr
    assert lines[0].startswith("Media Bias Annotator ")
    assert [line.split(":")[0] for line in lines[1:-1]] == [f"ok   {name}" for name in CHECKS]
    assert lines[-1] == f"{len(CHECKS)} of {len(CHECKS)} checks passed"
    detection = lines[3]
    assert "suggestions stored" in detection and "drawn" in detection
    assert "through the window" in lines[4]
    assert list(annotator_home.iterdir()) == []  # the self-test worked in a home of its own


def test_a_failing_check_is_reported_and_fails_the_run(qapp, monkeypatch, tmp_path):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("ANNOTATOR_HOME", str(tmp_path))

    def finds_nothing(text, nlp=None):
        return DetectionResult([], {}, "blank")

    monkeypatch.setattr(detect_run, "detect_text", finds_nothing)
    out = io.StringIO()
    assert run_self_test(out) == 1
    lines = out.getvalue().splitlines()
    assert lines[3].startswith("FAIL detection: RuntimeError: expected loaded language")
    assert [line[:4] for line in lines[1:-1]] == ["ok  ", "ok  ", "FAIL", "ok  "]
    assert lines[-1] == f"{len(CHECKS) - 1} of {len(CHECKS)} checks passed"
