"""CI and the developer run the same checks: .ci/run holds the README's test command verbatim,
and every check of .pre-commit-config.yaml is a step of .ci/run."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_ci_runs_the_readme_test_command_verbatim():
    readme = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    marker = next(i for i, line in enumerate(readme) if "what CI runs: .ci/run" in line)
    command = readme[marker + 1]
    assert "pytest" in command
    assert command in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_every_pre_commit_check_is_a_ci_step():
    hooks = (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    entries = re.findall(r"^\s+entry: (.+)$", hooks, flags=re.MULTILINE)
    assert len(entries) == 4
    steps = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for entry in entries:
        assert any(line.startswith(entry) for line in steps), entry
