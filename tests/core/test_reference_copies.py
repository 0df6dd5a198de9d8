"""The agreement reference vectors live in tests/data so that the exactness tests run in any
clone; the copy must stay the team's published file, ../shared/reference/agreement-vectors.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AGREEMENT_VECTORS = REPO / "tests" / "data" / "agreement" / "agreement-vectors.json"
SHARED_AGREEMENT_VECTORS = REPO.parent / "shared" / "reference" / "agreement-vectors.json"


def test_the_vectors_are_in_the_repository():
    data = json.loads(AGREEMENT_VECTORS.read_text(encoding="utf-8"))
    assert len(data["vectors"]) >= 20
    assert all(vector["id"] and "expected" in vector for vector in data["vectors"])


@pytest.mark.skipif(
    not SHARED_AGREEMENT_VECTORS.is_file(), reason="../shared is not beside this checkout"
)
def test_the_copy_equals_the_shared_reference():
    # byte for byte: copy ../shared/reference/agreement-vectors.json to tests/data/agreement/
    assert AGREEMENT_VECTORS.read_bytes() == SHARED_AGREEMENT_VECTORS.read_bytes()
