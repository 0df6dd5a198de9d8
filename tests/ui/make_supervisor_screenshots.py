"""Write docs/screenshots/agreement-*.png and disagreements.png from a merged sample project.

Run under a display, e.g.:
    ANNOTATOR_HOME=/tmp/shots xvfb-run -a -s "-screen 0 1360x768x24" \\
        .venv/bin/python tests/ui/make_supervisor_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.agreement.project import project_agreement  # noqa: E402
from annotator.agreement.report_intervals import IntervalSettings  # noqa: E402
from annotator.disagreements import list_units  # noqa: E402
from annotator.store import Project  # noqa: E402
from tests.ui.supervisor_project import build_merged_project  # noqa: E402
from ui.supervisor.agreement_dashboard import (  # noqa: E402
    INTERVAL_SAMPLES,
    INTERVAL_SEED,
    AgreementDashboard,
)
from ui.supervisor.disagreements import DisagreementBrowser  # noqa: E402
from ui.theme import apply_theme  # noqa: E402

OUT = REPO / "docs" / "screenshots"


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    apply_theme(app, "light")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        master = build_merged_project(Path(folder))
        with Project.open(master) as project:
            # as the dashboard computes it by default: with its seeded 95% intervals
            result = project_agreement(
                project, intervals=IntervalSettings(INTERVAL_SAMPLES, INTERVAL_SEED)
            )
            dashboard = AgreementDashboard(master, result=result, codebook=project.codebook)
            dashboard.resize(1360, 768)
            dashboard.show()
            for section, tab, name in (
                ("primary_frame", 0, "agreement-dashboard.png"),
                ("primary_frame", 1, "agreement-pairs.png"),
                ("attribution.stance", 0, "agreement-stance.png"),
                ("attribution", 0, "agreement-records.png"),
            ):
                kind = {"attribution.stance": "attribute", "attribution": "records"}
                dashboard.show_section(section, kind.get(section))
                dashboard.tabs.setCurrentIndex(tab)
                QTest.qWait(100)
                dashboard.grab().save(str(OUT / name))
            dashboard.close()
            supervisor = project.coders.add("Supervisor")
            units = list_units(project)
            browser = DisagreementBrowser(project, supervisor, units=units)
            browser.resize(1360, 768)
            browser.show()
            shown = browser.model.units
            for kind, name in (
                ("spans", "disagreements.png"),
                ("answer", "disagreement-frame.png"),
            ):
                # a span unit whose coders differ in its spans (the stance shot shows attributes)
                browser.table.selectRow(
                    next(
                        i
                        for i, u in enumerate(shown)
                        if u.kind == kind and not u.disputed_attributes
                    )
                )
                QTest.qWait(200)
                browser.grab().save(str(OUT / name))
            stance = next(i for i, u in enumerate(shown) if u.disputed_attributes)
            browser.table.selectRow(stance)
            QTest.qWait(200)
            browser.grab().save(str(OUT / "disagreements-stance.png"))
            browser.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
