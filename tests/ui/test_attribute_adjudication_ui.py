"""Adjudicating attributes in the disagreement browser, by keys: the same cue with a
different stance is listed as disputed, each coder's stance shows side by side, and the
supervisor puts one in gold (Tab to its button, Space), or takes a coder's whole version
with Ctrl+number."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from annotator.disagreements import list_units
from annotator.model import ArticleDraft
from annotator.store import Project
from annotator.store.gold import read_gold
from ui.supervisor.disagreements import DisagreementBrowser

TEXT = "Officials said the town was shelled, and the ministry claimed it was calm."


@pytest.fixture
def stance_project(tmp_path):
    project = Project.create(tmp_path / "stance.sqlite", name="stance")
    project.articles.add([ArticleDraft(text=TEXT, title="Shelling")])
    (article,) = project.articles.ids()
    said = (TEXT.index("said"), TEXT.index("said") + 4)
    for name, stance in (("Ann", "neutral"), ("Bob", "neutral"), ("Cy", "distancing")):
        coder = project.coders.add(name).uuid
        project.spans.add(article, coder, "attribution", "cue", *said, {"stance": stance})
    project.supervisor = project.coders.add("Supervisor")
    project.article = article
    yield project
    project.close()


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_the_browser_shows_stances_side_by_side_and_takes_one_by_keys(
    qtbot, stance_project, parent
):
    project = stance_project
    browser = DisagreementBrowser(project, project.supervisor, parent, units=list_units(project))
    (unit,) = browser.model.units
    assert unit.disputed_attributes == ["stance"]
    index = browser.model.index(0, 5)
    assert "Cy: Cue [10–14) (stance distancing)" in browser.model.data(index)
    browser.table.selectRow(0)
    panel = browser.compare.attributes
    assert panel is not None
    neutral = panel.buttons[("stance", "neutral")]
    assert neutral.text() == "Neutral (Ann, Bob, most)"  # the choice's codebook title
    assert "Articles fully adjudicated: 0 of 1" in browser.progress.text()
    assert "1 open" in browser.progress.text()
    browser.show()
    qtbot.waitExposed(browser)
    browser.activateWindow()
    qtbot.waitUntil(browser.isActiveWindow, timeout=5000)
    distancing = browser.compare.attributes.buttons[("stance", "distancing")]
    browser.table.setFocus()
    qtbot.keyClick(browser.table, Qt.Key.Key_Tab)  # from the list to the attribute buttons
    assert browser.focusWidget() is neutral
    qtbot.keyClick(neutral, Qt.Key.Key_Tab)
    assert browser.focusWidget() is distancing
    qtbot.keyClick(distancing, Qt.Key.Key_Space)
    (gold,) = read_gold(project, project.article).spans
    assert (gold.label, gold.attrs["stance"]) == ("cue", "distancing")
    assert gold.decided_by == project.supervisor.uuid
    assert "Articles fully adjudicated: 1 of 1" in browser.progress.text()
    assert browser.compare.unit.decided
    # Ctrl+1 takes the first coder's whole version (Ann: neutral)
    browser.activateWindow()
    qtbot.waitUntil(browser.isActiveWindow, timeout=5000)
    qtbot.keyClick(browser.table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    (gold,) = read_gold(project, project.article).spans
    assert gold.attrs["stance"] == "neutral"
    browser.close()
