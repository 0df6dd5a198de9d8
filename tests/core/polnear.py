"""Where the PolNeAR train compartment is: ../shared/corpora/polnear-train beside the checkout.

Tests read it there (never copied into the project: the corpus is other people's text and
labels, for development only) to check importers and title guessing on real news files that
this project's authors did not write. Without ../shared such a test FAILS, it does not skip:
CI always has ../shared beside the clone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

POLNEAR = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "polnear-train"


def polnear_folder() -> Path:
    """The folder of NAME.txt + NAME.ann pairs; fails the test when it is not there."""
    if not POLNEAR.is_dir():
        pytest.fail(f"{POLNEAR} is missing: put ../shared beside the checkout (see HELPERS.md)")
    return POLNEAR
