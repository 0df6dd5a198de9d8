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
# The agreement tests read ../shared/reference/agreement-vectors.json: it is the published
# reference data (worked examples from the literature with their expected values, and what
# reference packages compute on them), shared by the team and not copied into the repository.
AGREEMENT_VECTORS = REPO.parent / "shared" / "reference" / "agreement-vectors.json"


@pytest.fixture(scope="session")
def agreement_vectors() -> dict:
    """The reference vectors, parsed; ``["by_id"]`` indexes ``["vectors"]`` by their id."""
    import json

    if not AGREEMENT_VECTORS.is_file():
        pytest.skip(f"the published agreement vectors are not at {AGREEMENT_VECTORS}")
    data = json.loads(AGREEMENT_VECTORS.read_text(encoding="utf-8"))
    data["by_id"] = {vector["id"]: vector for vector in data["vectors"]}
    return data
