"""The supervisor's windows: agreement dashboard, disagreement browser, merge and copy flows."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QPushButton, QWidget

from annotator.adjudication import gold_status
from annotator.agreement.project import project_agreement
from annotator.disagreements import list_units
from annotator.exchange import make_coder_copy, preview_merge
from annotator.store import Project
from annotator.store.gold import read_gold
from tests.ui.supervisor_project import CODERS, build_merged_project
from ui.supervisor import merge_dialog
from ui.supervisor.agreement_dashboard import AgreementDashboard
from ui.supervisor.disagreements import DisagreementBrowser
from ui.supervisor.supervisor_menu import SupervisorMenu
from ui.tasks import runner


@pytest.fixture
def parent(qtbot):
    """The dialogs' parent, as the main window is in the app: Qt owns them, not Python's GC."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_merged_project(tmp_path_factory.mktemp("supervised"))


@pytest.fixture
def merged(built, tmp_path):
    """A fresh copy of the merged three-coder project for each test."""
    path = tmp_path / built.name
    shutil.copyfile(built, path)
    return path


def test_the_dashboard_shows_figures_counts_reasons_and_charts(qtbot, merged, parent):
    with Project.open(merged, readonly=True) as project:
        result = project_agreement(project)
        codebook = project.codebook
    dashboard = AgreementDashboard(merged, parent, result=result, codebook=codebook)
    # 3 schemes, 2 layers, the 3 attributes of attributions, and attribution records
    assert dashboard.section_combo.count() == 9
    dashboard.show_section("primary_frame")
    model = dashboard.overall_model
    assert model.rows[0][0].text == "Krippendorff's alpha (nominal)"
    expected = result.section("primary_frame").overall["krippendorff_alpha"]
    # five articles: every figure is marked as resting on fewer than ten units, and says so
    assert model.rows[0][1].text == f"⚠ {expected.formatted()}"
    assert "rests on only 5 units" in model.rows[0][1].tooltip
    assert "fewer than 10 units" in dashboard.notes.text()
    assert model.rows[0][model.headers.index("Units")].text == str(expected.units)
    # a choice nobody used: "no value" in the table and the bars, under the codebook's title;
    # the reason, shared by eleven choices, is written once as a note they all point to
    labels = {row[0].text: row for row in dashboard.label_model.rows}
    assert "economic" not in labels and "security_defense" not in labels
    assert labels["Economic"][1].text == "no value"
    assert labels["Economic"][5].text == labels["Morality"][5].text == "note 1"
    assert "no variation" in labels["Economic"][5].tooltip
    assert dashboard.reasons.text().count("no variation") == 1
    assert dashboard.reasons.text().startswith("Note 1 (Economic, Capacity and resources")
    bars = dict(dashboard.bars.items)
    assert not bars["Economic"].defined and bars["Security and defense"].defined
    # clicking a pair in the matrix draws that pair's confusion matrix
    dashboard.tabs.setCurrentIndex(1)
    dashboard.show()
    matrix = dashboard.matrix
    left, top, cell = matrix._layout()
    qtbot.mouseClick(
        matrix, Qt.MouseButton.LeftButton, pos=QPoint(int(left + 2.5 * cell), int(top + 1.5 * cell))
    )
    assert {dashboard.heatmap.matrix.coder_a, dashboard.heatmap.matrix.coder_b} == {
        CODERS[1],
        CODERS[2],
    }
    assert "rests on only 5 units" in dashboard.heatmap_title.text()
    assert "<" not in dashboard.heatmap_title.text()  # a plain-text label: no markup shows
    assert "Security and defense" in {dashboard.heatmap.name(i) for i in dashboard.heatmap.used}
    dashboard.show_section("loaded")
    assert dashboard.heatmap.matrix is None and "single-choice" in dashboard.heatmap_title.text()
    assert dashboard.article_model.rows[0][0].sort >= dashboard.article_model.rows[-1][0].sort


def test_a_figure_on_one_unit_is_marked():
    from annotator.agreement.result import Coefficient
    from ui.supervisor.figure_tables import figure_cell

    one = Coefficient("cohen_kappa", 0.0, units=1, coders=2, pairable=2)
    cell = figure_cell(one)
    assert cell.text == "⚠ 0.000" and cell.warned
    assert cell.tooltip.startswith("⚠ rests on only 1 unit (fewer than 10)")
    ten = Coefficient("cohen_kappa", 0.5, units=10, coders=2, pairable=20)
    assert figure_cell(ten).text == "0.500" and not figure_cell(ten).warned


def test_the_dashboard_opens_an_article_by_double_click_or_enter(qtbot, merged, parent):
    with Project.open(merged, readonly=True) as project:
        result = project_agreement(project)
        codebook = project.codebook
    dashboard = AgreementDashboard(merged, parent, result=result, codebook=codebook)
    dashboard.show_section("tone")
    dashboard.tabs.setCurrentIndex(3)
    dashboard.show()
    view = dashboard.article_view
    assert "Somewhat negative" in dashboard.article_model.rows[0][2].text  # titles, not names
    opened = []
    dashboard.article_opened.connect(opened.append)
    second = view.model().index(1, 1)
    view.scrollTo(second)
    where = view.visualRect(second).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    expected = result.section("tone").per_article[1].article.uuid
    assert opened[-1] == expected
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 1))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened[-1] == result.section("tone").per_article[0].article.uuid


def test_the_dashboard_computes_in_the_background(qtbot, merged, parent):
    dashboard = AgreementDashboard(merged, parent)
    qtbot.waitUntil(lambda: dashboard.result is not None, timeout=20_000)
    assert dashboard.result.coders == list(CODERS)
    assert "Amira, Ben, Chen" in dashboard.status.text()
    dashboard.compute()  # closing while it computes cancels the work and waits for it
    assert dashboard.task is not None
    dashboard.close()
    assert dashboard.task is None or not dashboard.task.running


def own_button(browser, text):
    gold = browser.compare.columns.widget(browser.compare.columns.count() - 1)
    return next(b for b in gold.findChildren(QPushButton) if b.text() == text)


def test_the_browser_lists_disputed_units_and_adjudicates(
    qtbot, merged, messages, parent, monkeypatch
):
    project = Project.open(merged)
    try:
        supervisor = project.coders.add("Supervisor")
        browser = DisagreementBrowser(project, supervisor, parent)
        qtbot.waitUntil(lambda: bool(browser.all_units), timeout=20_000)
        shown = browser.model.units
        assert shown and all(not u.agreed for u in shown)
        assert [u.disagreement for u in shown] == sorted(
            (u.disagreement for u in shown), reverse=True
        )
        span_row = next(i for i, u in enumerate(shown) if u.kind == "spans")
        browser.table.selectRow(span_row)
        unit = browser.compare.unit
        assert unit is shown[span_row]
        assert browser.compare.columns.count() == len(unit.versions) + 1  # and the gold
        first = browser.compare.columns.widget(0)
        qtbot.mouseClick(first.button, Qt.MouseButton.LeftButton)
        gold = read_gold(project, unit.article_id)
        taken = tuple((s.start, s.end, s.label) for s in gold.spans if s.layer == unit.name)
        version = unit.versions[0].value
        assert taken == version or (version == () and gold.empty)
        assert all(s.decided_by == supervisor.uuid for s in gold.spans)
        assert browser.compare.unit.decided
        browser.undecided_only.setChecked(True)
        assert unit.key not in {u.key for u in browser.model.units}
        # the supervisor's own versions: an answer of their own, "no span here" for spans
        monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Economic", True))
        answer_row = next(i for i, u in enumerate(browser.model.units) if u.name == "primary_frame")
        browser.table.selectRow(answer_row)
        chosen = browser.compare.unit
        # a frame dispute: each coder's answers in the codebook's words, the article once below
        columns = [
            browser.compare.columns.widget(i) for i in range(browser.compare.columns.count())
        ]
        assert not any(column.view.isVisibleTo(browser) for column in columns)
        assert browser.compare.article.isVisibleTo(browser)
        assert "Primary frame" in browser.compare.title.text()
        assert "primary_frame" not in columns[0].heading.text()
        row = browser.model.units.index(chosen)
        assert browser.model.index(row, 3).data() == "Primary frame"
        own_button(browser, "Set my own answer…").click()
        assert read_gold(project, chosen.article_id).answers["primary_frame"].value == "economic"
        span_row = next(i for i, u in enumerate(browser.model.units) if u.kind == "spans")
        browser.table.selectRow(span_row)
        chosen = browser.compare.unit
        assert browser.compare.columns.widget(0).view.isVisibleTo(browser)
        assert not browser.compare.article.isVisibleTo(browser)
        own_button(browser, "Gold: no span here").click()
        empty = read_gold(project, chosen.article_id).empty
        assert (chosen.name, chosen.start, chosen.end) in empty
        browser.accept_agreed()
        qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
        assert messages[-1][1] == "Agreed units accepted"
        qtbot.waitUntil(lambda: browser.task is None, timeout=20_000)  # the list reloads
        status = gold_status(project)
        assert all(c.decided_agreed == c.agreed for c in status.by_scheme.values())
        browser.close()
    finally:
        project.close()


def test_the_merge_report_needs_merge_anyway_for_stop_problems(qtbot, merged, tmp_path, parent):
    with Project.open(merged) as project:
        other = tmp_path / "other.sqlite"
        Project.create(other, name="another study").close()
        report = preview_merge(project, [other])
    dialog = merge_dialog.MergeDialog(report, parent)
    assert report.blocking and not dialog.merge_button.isEnabled()
    assert "STOP" in dialog.text.toPlainText()
    dialog.force.setChecked(True)
    assert dialog.merge_button.isEnabled()


def test_the_supervisor_menu_merges_and_makes_copies(
    qtbot, open_window, merged, tmp_path, messages, monkeypatch
):
    window = open_window(merged)
    menu = window.supervisor_menu
    titles = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert titles == [
        "&Merge coder files…",
        "Make a &coder copy…",
        "&Agreement dashboard…",
        "&Disagreements and gold…",
        "C&ompare outlets…",
    ]
    assert menu.menuAction() in window.menuBar().actions()
    target = tmp_path / "dana.sqlite"
    merge_dialog.coder_copy(window, "Dana", target)
    qtbot.waitUntil(lambda: runner().idle, timeout=20_000)
    assert target.exists() and messages[-1][1] == "Coder copy made"
    with Project.open(target, backup=False) as copy:
        dana = copy.coders.by_name("Dana")[0]
        copy.doc_labels.set(copy.articles.ids()[0], dana.uuid, "primary_frame", "economic")
    monkeypatch.setattr(merge_dialog.MergeDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    merge_dialog.merge_files(window, [target])
    qtbot.waitUntil(lambda: messages[-1][1] == "Merged", timeout=20_000)
    qtbot.waitUntil(lambda: runner().idle, timeout=20_000)
    assert window.project.coders.by_name("Dana")
    dashboard = menu.agreement()
    browser = menu.disagreements()
    qtbot.waitUntil(
        lambda: dashboard.result is not None and bool(browser.all_units), timeout=20_000
    )
    assert "Dana" in dashboard.result.coders
    dashboard.close()
    browser.close()
    assert menu.open_dialogs == []


def test_a_copy_for_a_coder_merges_back_without_changes(qtbot, merged, tmp_path):
    """Round trip: a copy for an existing coder merged straight back changes nothing."""
    with Project.open(merged) as project:
        copy = make_coder_copy(project, CODERS[0], tmp_path / "again.sqlite")
        before = len(list_units(project))
        report = preview_merge(project, [copy.path])
    assert report.totals()["spans"].new == 0 and report.totals()["spans"].updated == 0
    assert before > 0


def test_an_article_opened_from_the_dashboard_opens_in_the_window(open_window, merged, qtbot):
    window = open_window(merged)
    menu = next(m for m in window.findChildren(SupervisorMenu))
    with Project.open(merged, readonly=True) as project:
        result = project_agreement(project)
    article = result.section("tone").per_article[-1].article
    dashboard = menu.agreement()
    qtbot.waitUntil(lambda: dashboard.result is not None, timeout=20_000)
    dashboard.article_opened.emit(article.uuid)
    assert window.article_id == window.project.articles.id_for_uuid(article.uuid)
    dashboard.close()
