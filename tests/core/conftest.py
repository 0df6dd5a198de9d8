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


# --- agreement: the published reference vectors -------------------------------------------
# Worked examples from the literature with their expected values (and what reference packages
# compute on them), copied from the team's ../shared/reference/agreement-vectors.json into
# tests/data/agreement so that no exactness test depends on ../shared (test_reference_copies.py
# checks that the copy has not drifted from it).
AGREEMENT_VECTORS = REPO / "tests" / "data" / "agreement" / "agreement-vectors.json"


@pytest.fixture(scope="session")
def agreement_vectors() -> dict:
    """The reference vectors, parsed; ``["by_id"]`` indexes ``["vectors"]`` by their id."""
    import json

    data = json.loads(AGREEMENT_VECTORS.read_text(encoding="utf-8"))
    data["by_id"] = {vector["id"]: vector for vector in data["vectors"]}
    return data
