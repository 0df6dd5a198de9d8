"""Shared test setup: every test gets its own ANNOTATOR_HOME, so none touches a real profile;
hypothesis keeps no example database (nothing is written into the work tree)."""

from __future__ import annotations

import pytest
from hypothesis import settings

settings.register_profile("no-database", database=None)
settings.load_profile("no-database")


@pytest.fixture(autouse=True)
def annotator_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("annotator-home")
    monkeypatch.setenv("ANNOTATOR_HOME", str(home))
    return home
