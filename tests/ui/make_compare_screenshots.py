"""Write docs/screenshots/compare-*.png: the Compare view on the bundled sample project's
suggestions, as a new user sees it after detection (Supervisor › Compare outlets).

Run under a display, e.g.:
    ANNOTATOR_HOME=/tmp/shots xvfb-run -a -s "-screen 0 1360x768x24" \\
        .venv/bin/python tests/ui/make_compare_screenshots.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.detect import detect_project, shared_pipeline  # noqa: E402
from annotator.sample import ensure_sample_project  # noqa: E402
from annotator.store import Project  # noqa: E402
from ui.compare.compare_view import CompareView  # noqa: E402
from ui.theme import apply_theme  # noqa: E402

OUT = REPO / "docs" / "screenshots"


def wait_for(app: QApplication, done, ms: int = 120_000) -> None:
    for _ in range(ms // 50):
        if done():
            return
        app.processEvents()
        QTest.qWait(50)
    raise TimeoutError("the view did not finish")


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    apply_theme(app, "light")
    path, _ = ensure_sample_project()
    with Project.open(path) as project:
        if not project.suggestions.detectors():
            detect_project(project, shared_pipeline())
        view = CompareView(project, compute=False)
    view.resize(1360, 768)
    view.show()
    view.compute()
    wait_for(app, lambda: view.comparison is not None and view.task is None)
    titles = [view.figure_combo.itemText(i) for i in range(view.figure_combo.count())]
    for title, name in (
        ("Loaded language per 1,000 words", "compare-figures.png"),
        ("Cue stance", "compare-cue-stance.png"),
    ):
        view.figure_combo.setCurrentIndex(titles.index(title))
        QTest.qWait(200)
        view.grab().save(str(OUT / name))
    view.tabs.setCurrentWidget(view.word_choice)
    combo = view.word_choice.group_combo
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemText(i) == "Deaths"))
    QTest.qWait(200)
    table = view.word_choice.table
    rows = range(table.rowCount())
    row = next(r for r in rows if "Anadolu" in table.verticalHeaderItem(r).text())
    column = next(
        c for c in range(table.columnCount()) if table.horizontalHeaderItem(c).text() == "martyred"
    )
    table.cellClicked.emit(row, column)  # as a click on the cell
    wait_for(app, lambda: "sentence" in view.word_choice.sentences.toPlainText())
    QTest.qWait(200)
    view.grab().save(str(OUT / "compare-word-choice.png"))
    view.tabs.setCurrentWidget(view.aligned)
    # the fact docs/compare.md names: the outlets' sentences on the 36 soldiers
    soldiers = next(
        n for n, fact in enumerate(view.comparison.aligned, start=1) if "#36" in fact.shared
    )
    QTest.qWait(200)
    view.aligned.show_fact(soldiers)
    QTest.qWait(300)
    view.grab().save(str(OUT / "compare-aligned.png"))
    view.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
