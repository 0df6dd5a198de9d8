"""What the command line loads when it starts: never spaCy (nor numpy, pandas, pyarrow,
trafilatura, Qt) for ``--help``, ``--version`` or ``info``, and not even the store (sqlite-utils)
for help and the version; those load in the commands that use them.

Each case runs in a fresh process (a test process has loaded everything long ago) and reads
that process's ``sys.modules``. How long start-up takes is measured, against sqlite-utils, by
tests/perf/bench_cli_start.py, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# the libraries that made `annotator --help` take twice as long as `sqlite-utils --help`
HEAVY = ("spacy", "thinc", "numpy", "pandas", "pyarrow", "trafilatura", "PySide6")
# and the store's (sqlite-utils, with dateutil and pluggy): help needs no project
STORE = ("sqlite_utils", "annotator.store")

# run as the console script runs (ui.launch.main), then report the heavy modules loaded
AS_SCRIPT = """
import json, sys
heavy = json.loads(sys.argv[2])
sys.argv = ["annotator", *json.loads(sys.argv[1])]
from ui.launch import main
try:
    main()
except SystemExit:
    pass
print("\\nLOADED " + json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def loaded(code: str, *args: str, heavy: tuple[str, ...] = HEAVY + STORE) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code, *args, json.dumps(heavy)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    marker = result.stdout.rsplit("LOADED ", 1)
    assert len(marker) == 2, result.stdout + result.stderr
    return json.loads(marker[1])


def test_importing_the_command_line_does_not_import_spacy():
    code = (
        "import json, sys; import annotator.cli; "
        "print('LOADED ' + json.dumps([m for m in json.loads(sys.argv[1]) if m in sys.modules]))"
    )
    assert loaded(code) == []


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["detect", "--help"], ["agree", "--help"], ["export", "--help"]],
    ids=" ".join,
)
def test_help_and_version_load_no_heavy_library(args):
    assert loaded(AS_SCRIPT, json.dumps(args)) == []


def test_info_loads_no_heavy_library(tmp_path):
    from annotator.sample import ensure_sample_project

    project, _ = ensure_sample_project(tmp_path / "sample.sqlite")
    # info reads the project: the store, and nothing heavier
    info = json.dumps(["info", str(project), "--json"])
    assert loaded(AS_SCRIPT, info, heavy=HEAVY) == []
    assert loaded(AS_SCRIPT, info, heavy=STORE) == sorted(STORE)


def test_a_command_that_detects_still_loads_spacy(tmp_path):
    # the other side of the rule: spaCy is loaded where it is needed, and works
    text = tmp_path / "a.txt"
    text.write_text("Officials said the brutal regime slaughtered protesters.", encoding="utf-8")
    assert "spacy" in loaded(AS_SCRIPT, json.dumps(["detect", str(text), "--tier", "blank"]))
