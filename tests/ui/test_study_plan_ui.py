"""A study plan in the app: a coder's copy lists their queue in its order and the status bar
counts it; the agreement dashboard shows each coder's progress and says agreement was measured
on the reliability subsample."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QWidget

from annotator.exchange import make_coder_copy
from annotator.store import Project
from annotator.study.plan import PlanSettings
from annotator.study.project_plan import make_plan
from tests.ui.supervisor_project import CODERS, build_merged_project
from ui.coding.article_list import TITLE
from ui.supervisor.agreement_dashboard import AgreementDashboard


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_merged_project(tmp_path_factory.mktemp("planned"))


def test_a_coder_sees_their_queue_in_its_order(open_window, coding_project, coder, tmp_path):
    with Project.open(coding_project) as project:
        project.coders.add(coder.name, uuid=coder.uuid)
        plan = make_plan(project, [coder.name, "Other"], PlanSettings(0.34, None, None, 5))
        copy = make_coder_copy(project, coder.name, tmp_path / "mine.sqlite", coder.uuid)
    queue = plan.queues[coder.uuid]
    window = open_window(copy.path)
    items = window.list_panel.model.items
    assert [item.article_id for item in items] == list(queue)
    assert len(items) == 2  # one shared article, and one of the two others
    shown = [
        window.list_panel.proxy.index(row, TITLE).data()  # column 0 is the status mark
        for row in range(window.list_panel.proxy.rowCount())
    ]
    assert shown == [item.title for item in items]
    assert window.progress_label.text() == "Your queue: done 0 / 2"


def test_the_dashboard_shows_each_coders_progress_on_the_plan(qtbot, built, tmp_path):
    path = tmp_path / built.name
    shutil.copyfile(built, path)
    with Project.open(path) as project:
        # every coder gets the first two articles as the subsample (5 articles, 40%)
        plan = make_plan(project, list(CODERS), PlanSettings(0.4, None, None, 1))
        for coder in plan.coders:
            project.status.add_time(plan.queues[coder.uuid][0], coder.uuid, 125.0)
    parent = QWidget()
    qtbot.addWidget(parent)
    dashboard = AgreementDashboard(path, parent)
    qtbot.waitUntil(lambda: bool(dashboard.progress_table.model.rows), timeout=20_000)
    assert "reliability subsample (2 articles)" in dashboard.status.text()
    assert dashboard.result is not None and dashboard.result.subsample == 2
    rows = {row[0].text: row for row in dashboard.progress_table.model.rows}
    assert set(rows) == set(CODERS)
    for coder in plan.coders:
        assigned = len(plan.queues[coder.uuid])
        assert rows[coder.name][1].text == str(assigned)
        assert rows[coder.name][2].text == "2"
    assert "Study plan:" in dashboard.progress_table.note.text()
    dashboard.close()
