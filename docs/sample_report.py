"""Write docs/reliability-report-sample.md: the reliability report of the bundled sample's five
articles coded by three made-up coders (tests/ui/supervisor_project.py: copies made, labelled
with known blind spots and relabellings, merged back), as ``annotator agree --report`` writes
it. The same merged project is behind the supervisor screenshots.

    .venv/bin/python docs/sample_report.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from typer.testing import CliRunner  # noqa: E402

from annotator.cli import app  # noqa: E402
from tests.ui.supervisor_project import build_merged_project  # noqa: E402

OUT = REPO / "docs" / "reliability-report-sample.md"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        master = build_merged_project(Path(folder))
        arguments = ["agree", str(master), "--bootstrap", "1000", "--seed", "1"]
        result = CliRunner().invoke(app, [*arguments, "--report", str(OUT)])
        if result.exit_code != 0:
            print(result.output)
            return 1
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
