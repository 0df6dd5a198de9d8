"""The app ships its own copies of shared material in resources/; they must not drift."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_the_guidelines_in_the_app_are_the_guidelines_in_docs():
    shipped = (REPO / "resources" / "guidelines.md").read_text(encoding="utf-8")
    assert shipped == (REPO / "docs" / "guidelines.md").read_text(encoding="utf-8"), (
        "copy docs/guidelines.md to resources/guidelines.md"
    )


def test_the_sample_corpus_is_a_faithful_copy():
    # ../shared/samples is the source of the bundled sample; compared here when it is present
    shared = REPO.parent / "shared" / "samples" / "idlib-2020"
    shipped = REPO / "resources" / "samples" / "idlib-2020"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    assert sorted(p.name for p in shipped.iterdir()) == sorted(p.name for p in shared.iterdir())
    for source in shared.iterdir():
        assert (shipped / source.name).read_bytes() == source.read_bytes()
    assert len(json.loads((shipped / "manifest.json").read_text())["articles"]) == 5
