"""The Compare view (Supervisor › Compare outlets), driven by keys and clicks on the labeled
sample (tests/core/compare_sample.py): what it shows must be the core's figures."""

from __future__ import annotations

import shutil
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from annotator.compare import compare_project
from annotator.compare.tables import CSV_FILES
from annotator.store import Project
from tests.core.compare_sample import make_labeled_sample
from ui.compare.aligned_panel import AlignedPanel
from ui.compare.chart_panels import ChartPanels, describe_value, layout
from ui.compare.compare_view import CompareView, label_sources
from ui.compare.word_choice_panel import cell_text
from ui.tasks import runner

RUDAW, AA = "Rudaw", "Anadolu Agency"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return make_labeled_sample(tmp_path_factory.mktemp("compare-view"))


@pytest.fixture
def labeled(built, tmp_path):
    path = tmp_path / built.name
    shutil.copyfile(built, path)
    return path


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def open_view(qtbot, path, parent, source="coder:Amira"):
    """The view on ``source``, compared by a click on Compare (as a person would)."""
    with Project.open(path, readonly=True) as project:
        view = CompareView(project, parent, compute=False)
    view.show()
    view.choose(source=source, by="outlet")
    qtbot.mouseClick(view.compare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.comparison is not None and view.task is None, timeout=60_000)
    return view


def core(path, source="coder:Amira"):
    with Project.open(path, readonly=True) as project:
        return compare_project(project, source, "outlet")


def test_the_sources_are_named_and_the_figures_are_the_cores(qtbot, labeled, parent):
    with Project.open(labeled, readonly=True) as project:
        sources = dict(label_sources(project))
    assert sources == {
        "gold": "Gold (adjudicated)",
        "all-coders": "All coders, pooled",
        "coder:Amira": "Coder Amira",
        "coder:Ben": "Coder Ben",
    }
    view = open_view(qtbot, labeled, parent)
    expected = core(labeled)
    assert "coder Amira" in view.status.text()
    titles = [view.figure_combo.itemText(i) for i in range(view.figure_combo.count())]
    assert titles == [c.title for c in expected.charts if c in view.figures()]
    assert titles[:2] == ["Loaded language per 1,000 words", "Cue stance"]
    assert view.chart == expected.loaded  # every value, count, base and interval
    # the panels are the codebook's titles, never internal ids
    panels = layout(view.chart, 1200)
    assert "Pejorative label" in [p.title for p in panels]
    assert "pejorative_label" not in [p.title for p in panels]
    # hovering a bar says its figure: Anadolu Agency's 12 loaded labels of 447 words
    all_loaded = next(p for p in panels if p.title == "All loaded language")
    assert (
        describe_value(view.chart, AA, all_loaded.category).splitlines()[1].startswith("12 of 447")
    )
    # the cue stance figure, chosen with the keyboard
    view.figure_combo.setFocus()
    qtbot.keyClick(view.figure_combo, Qt.Key.Key_Down)
    assert view.chart.key == "cue_stance"
    assert view.panels.chart == next(c for c in expected.attribution if c.key == "cue_stance")
    view.close()


def test_a_click_on_a_word_choice_cell_shows_its_sentences(qtbot, labeled, parent):
    view = open_view(qtbot, labeled, parent)
    expected = {w.word_group.name: w for w in core(labeled).word_choice}
    view.tabs.setCurrentIndex(1)
    panel = view.word_choice
    panel.choose_group("government")
    table = panel.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["regime", "government"]
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    choice = expected["government"]
    assert rows == list(choice.chart.groups)
    for r in range(len(rows)):
        for c in range(2):
            assert table.item(r, c).text() == cell_text(choice, r, c)
    # grep -oiwE 'regimes?': Rudaw 12 of 12 uses, Anadolu Agency 9 of 10
    assert table.item(rows.index(RUDAW), 0).text() == "12 (100%)"
    assert table.item(rows.index(AA), 0).text() == "9 (90%)"
    panel.choose_group("deaths")
    item = table.item(rows.index(RUDAW), 1)
    assert table.horizontalHeaderItem(1).text() == "killed"
    assert item.toolTip().startswith("killed 3, killing 2")
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(item).center()
    )
    qtbot.waitUntil(lambda: "sentence(s)" in panel.sentences.toPlainText(), timeout=20_000)
    shown = panel.sentences.toPlainText()
    assert "Rudaw: “killed” in 5 sentence(s)" in shown
    assert shown.lower().count("killed") + shown.lower().count("killing") >= 5
    view.close()


def test_the_aligned_facts_pair_the_36_soldiers_sentences(qtbot, labeled, parent):
    view = open_view(qtbot, labeled, parent)
    facts = view.comparison.aligned
    number = next(i for i, f in enumerate(facts, start=1) if "#36" in f.shared)
    view.tabs.setCurrentIndex(2)
    view.aligned.show_fact(number)
    text = view.aligned.toPlainText()
    fact = text.split(f"Fact {number}:")[1].split(f"Fact {number + 1}:")[0]
    assert "risen to 36" in fact and "increased to 36" in fact
    assert "said (Neutral)" in fact  # Amira's cue, named by its codebook title
    html = view.aligned.toHtml()
    assert "#f6d38a" in html  # loaded words lit
    view.close()


def test_figures_export_as_png_and_svg_and_tables_as_csv(qtbot, labeled, parent, tmp_path):
    view = open_view(qtbot, labeled, parent)
    png = view.export_chart(tmp_path / "loaded.png")
    image = QImage(str(png))
    assert not image.isNull() and image.width() == 2 * 960
    svg = view.export_chart(tmp_path / "loaded")  # no suffix: a PNG
    assert svg is not None and svg.name == "loaded.png"
    svg = view.export_chart(tmp_path / "loaded.svg")
    texts = [el.text or "" for el in ElementTree.parse(svg).iter() if el.tag.endswith("text")]
    assert "Loaded language per 1,000 words" in texts and "Pejorative label" in texts
    written = view.export_tables(tmp_path / "tables")
    assert [p.name for p in written] == list(CSV_FILES)
    figures = (tmp_path / "tables" / CSV_FILES[1]).read_text(encoding="utf-8")
    assert "coder Amira" in figures and "Pejorative label" in figures
    view.close()


def test_the_export_buttons_ask_where_and_save(qtbot, labeled, parent, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    view = open_view(qtbot, labeled, parent)
    target = tmp_path / "cue.svg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    view.show_figure("cue_stance")
    qtbot.mouseClick(view.export_chart_button, Qt.MouseButton.LeftButton)
    assert target.is_file() and "Cue stance" in target.read_text(encoding="utf-8")
    qtbot.mouseClick(view.export_tables_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / CSV_FILES[0]).is_file() and "Saved 4 CSV tables" in view.status.text()
    view.close()


def test_a_comparison_can_be_cancelled_and_a_bad_one_says_why(qtbot, labeled, parent):
    with Project.open(labeled, readonly=True) as project:
        view = CompareView(project, parent, compute=False)
    view.choose(source="coder:Amira")
    view.compute()
    view.task.cancel()
    qtbot.waitUntil(lambda: view.task is None, timeout=30_000)
    assert view.status.text().startswith("Cancelled") or view.comparison is not None
    with Project.open(labeled) as project:  # renamed since the view was opened
        project.db.execute("update coders set name = 'Benjamin' where name = 'Ben'")
    view.choose(source="coder:Ben")
    view.compute()
    qtbot.waitUntil(lambda: view.task is None, timeout=30_000)
    assert view.status.text().startswith("Could not compare:") and "Ben" in view.status.text()
    view.close()
    qtbot.waitUntil(lambda: runner().idle, timeout=30_000)


def test_panels_and_facts_draw_without_a_comparison(qtbot):
    panels, facts = ChartPanels(), AlignedPanel()
    qtbot.addWidget(panels)
    qtbot.addWidget(facts)
    panels.show()
    assert panels.cell_at(QPoint(5, 5)) is None and panels.heightForWidth(400) > 0


def test_the_supervisor_menu_opens_the_view(qtbot, open_window, labeled):
    window = open_window(labeled)
    view = window.supervisor_menu.compare()
    qtbot.waitUntil(lambda: view.comparison is not None, timeout=60_000)
    assert view.source_combo.currentData() == "gold"  # no suggestions: gold comes first
    view.close()
    assert window.supervisor_menu.open_dialogs == []
