"""The built desktop bundle works on its own: self-test, command line, contents.

Build first (packaging/build.sh), then: .venv/bin/python -m pytest tests/packaging -m packaging
ANNOTATOR_BUNDLE=/path/to/media-bias-annotator tests another bundle folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
NAME = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
BUNDLE = Path(os.environ.get("ANNOTATOR_BUNDLE", ROOT / "dist" / NAME)).resolve()
CHECKS = ("resources", "main window", "detection", "label round trip")


@pytest.fixture
def bundle_exe() -> Path:
    for name in ("annotator", "annotator.exe"):
        if (BUNDLE / name).is_file():
            return BUNDLE / name
    pytest.fail(f"no bundle at {BUNDLE}: build it with packaging/build.sh")


def clean_env(home: Path) -> dict[str, str]:
    """Nothing from this checkout or its virtual environment: only the bundle."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    if sys.platform == "win32":
        env.update({k: v for k, v in os.environ.items() if k.upper() in ("SYSTEMROOT", "TEMP")})
    return env


def run(exe: Path, *args: str, home: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        env=clean_env(home),
        cwd=home,
        timeout=300,
        check=False,
        **kwargs,
    )


def test_the_bundle_passes_its_self_test(bundle_exe, tmp_path):
    result = run(bundle_exe, "--self-test", home=tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test: desktop bundle" in lines[0]
    assert [line.split(":")[0] for line in lines[1:-1]] == [f"ok   {name}" for name in CHECKS]
    assert f"in {BUNDLE}" in lines[1]  # resources come from the bundle, not the checkout
    assert "parser tier" in lines[3]  # the English parser pipeline is bundled
    assert list(tmp_path.iterdir()) == []  # nothing written to the user's home


def test_the_bundles_command_line_imports_detects_and_reports(bundle_exe, tmp_path):
    html = tmp_path / "report.html"
    html.write_text(
        "<html><head><title>Shelling in Idlib</title></head><body><article><h1>Shelling in "
        "Idlib</h1><p>Officials said the regime shelled the town on Monday, and the ministry "
        "claimed that 30 terrorists were neutralized near the border.</p><p>Residents said "
        "the strikes hit a market and a school, according to a local monitor.</p></article>"
        "</body></html>",
        encoding="utf-8",
    )
    project = tmp_path / "study.sqlite"
    env_home = {"home": tmp_path, "stdin": subprocess.DEVNULL}
    for args in (("new", str(project), "--name", "Bundle"), ("import", str(project), str(html))):
        result = run(bundle_exe, *args, **env_home)
        assert result.returncode == 0, result.stdout + result.stderr
    info = run(bundle_exe, "info", str(project), "--json", **env_home)
    assert json.loads(info.stdout)["articles"] == 1, info.stdout + info.stderr
    detected = run(bundle_exe, "detect", "--project", str(project), "--json", **env_home)
    assert detected.returncode == 0, detected.stdout + detected.stderr
    text = tmp_path / "article.txt"
    text.write_text("Officials claimed the regime neutralized 30 terrorists.", encoding="utf-8")
    spans = run(bundle_exe, "detect", str(text), "--jsonl", **env_home)
    layers = {span["layer"] for span in json.loads(spans.stdout)["spans"]}
    assert {"loaded", "attribution_cue"} <= layers, spans.stdout + spans.stderr


def test_the_bundle_holds_nothing_test_only_or_unused():
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "check_bundle.py"), str(BUNDLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
