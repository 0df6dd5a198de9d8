"""Packaging tests need a built bundle: they run only when asked for with ``-m packaging``.

    packaging/build.sh && .venv/bin/python -m pytest tests/packaging -m packaging

Not in the default run: pyproject's testpaths leave tests/packaging out, and this skip keeps
``pytest tests`` (or any run without ``-m packaging``) from running them by accident.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def only_when_asked_for(request: pytest.FixtureRequest) -> None:
    selected = request.config.option.markexpr or ""
    if "packaging" not in selected or "not packaging" in selected:
        pytest.skip("packaging test: run with -m packaging after packaging/build.sh")
