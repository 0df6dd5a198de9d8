"""The core never imports Qt or the UI: checked by import-linter (with the other contracts in
pyproject.toml: layers, no GPL package, no cycles) and by importing every module of annotator/
in a fresh interpreter where PySide6, shiboken6 and ui cannot be imported."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

BLOCKED_IMPORT = textwrap.dedent(
    """
    import importlib, pkgutil, sys
    import importlib.abc

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "ui"):
                raise ImportError(f"the core imported {name}")
            return None

    sys.meta_path.insert(0, Block())
    import annotator
    names = [m.name for m in pkgutil.walk_packages(annotator.__path__, "annotator.")]
    for name in names:
        if name.endswith("__main__"):
            continue
        importlib.import_module(name)
    print(len(names))
    """
)


@pytest.mark.slow
def test_every_core_module_imports_without_qt():
    result = subprocess.run(
        [sys.executable, "-c", BLOCKED_IMPORT], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 20


def test_import_linter_contract_holds():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is part of the test extra"
    # --no-cache: nothing is written into the work tree
    result = subprocess.run([lint, "--no-cache"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout
    gpl = "No GPL package in the app: krippendorff and irrCAC are test-time oracles only KEPT"
    assert gpl in result.stdout
