"""Shared test setup: every test gets its own ANNOTATOR_HOME, so none touches a real profile;
hypothesis keeps its files (example database, caches) in a temporary folder, not in the work
tree; a tiny model folder for the suggester tests (core and UI)."""

from __future__ import annotations

import atexit
import shutil
import tempfile

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="annotator-tests-hypothesis-")
set_hypothesis_home_dir(_HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def annotator_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("annotator-home")
    monkeypatch.setenv("ANNOTATOR_HOME", str(home))
    return home


@pytest.fixture
def tiny_model(tmp_path):
    """An untrained span categorizer saved as a model folder (threshold 0: it suggests)."""
    import spacy

    nlp = spacy.blank("en")
    spancat = nlp.add_pipe("spancat", config={"threshold": 0.0, "max_positive": 1})
    spancat.add_label("emotive")
    nlp.initialize()
    nlp.meta.update(name="tiny", version="0.0.1", annotator={"layer": "loaded"})
    nlp.to_disk(tmp_path / "tiny")
    return tmp_path / "tiny"
