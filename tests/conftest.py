"""Shared test setup: every test gets its own ANNOTATOR_HOME, so none touches a real profile."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def annotator_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("annotator-home")
    monkeypatch.setenv("ANNOTATOR_HOME", str(home))
    return home
