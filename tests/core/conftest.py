"""Fixtures for the core tests (no Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.store import Project

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path):
    """A new, empty project on disk, closed after the test."""
    opened = Project.create(tmp_path / "project.sqlite", name="test project")
    yield opened
    opened.close()


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """The path of a new, empty, closed project."""
    path = tmp_path / "closed.sqlite"
    Project.create(path, name="closed project").close()
    return path
