"""The agreement dashboard's intervals: computed in the background with the seeded bootstrap,
shown as table columns and as whiskers on the per-label bars, and exported as the same
reliability report `annotator agree --report` writes."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QWidget

from annotator.agreement.project import project_agreement
from annotator.agreement.report_intervals import IntervalSettings
from annotator.store import Project
from tests.ui.supervisor_project import build_merged_project
from ui.supervisor.agreement_dashboard import INTERVAL_SAMPLES, INTERVAL_SEED, AgreementDashboard


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_merged_project(tmp_path_factory.mktemp("intervals"))


@pytest.fixture
def dashboard(qtbot, built, tmp_path):
    path = tmp_path / built.name
    shutil.copyfile(built, path)
    parent = QWidget()
    qtbot.addWidget(parent)
    shown = AgreementDashboard(path, parent)
    qtbot.waitUntil(lambda: shown.result is not None, timeout=30_000)
    yield shown
    shown.close()


def test_intervals_are_columns_whiskers_and_the_cli_figures(dashboard):
    with Project.open(dashboard.project_path, readonly=True) as project:
        expected = project_agreement(
            project, intervals=IntervalSettings(INTERVAL_SAMPLES, INTERVAL_SEED)
        )
    dashboard.show_section("loaded")
    headers = dashboard.overall_model.headers
    assert headers[:5] == ["Coefficient", "Value", "95% interval", "q(< 0.667)", "q(< 0.8)"]
    rows = {row[0].text: row for row in dashboard.overall_model.rows}
    alpha = expected.section("loaded").overall["position_alpha"]
    assert alpha.interval is not None
    assert rows[alpha.title][2].text == alpha.interval.formatted()
    assert rows[alpha.title][3].text == f"{alpha.interval.q[0.667]:.3f}"
    # the per-label bars carry the intervals their whiskers are drawn from
    dashboard.bar_combo.setCurrentIndex(dashboard.bar_combo.findData("position_alpha"))
    with_whiskers = [name for name, r in dashboard.bars.items if r.interval is not None]
    assert len(with_whiskers) >= 3
    image = dashboard.bars.grab().toImage()  # paints the bars and whiskers without error
    assert not image.isNull()


def test_unticking_intervals_recomputes_without_them(qtbot, dashboard):
    dashboard.intervals_box.setChecked(False)
    qtbot.waitUntil(lambda: dashboard.task is None, timeout=30_000)
    assert dashboard.result.intervals is None
    dashboard.show_section("loaded")
    assert "95% interval" not in dashboard.overall_model.headers


def test_the_report_exports_as_html_and_markdown(dashboard, tmp_path, monkeypatch):
    html = tmp_path / "reliability.html"
    dashboard.export_report(html)
    text = html.read_text(encoding="utf-8")
    assert "95% CI" in text and "bootstrap" in text
    markdown = tmp_path / "reliability.md"
    dashboard.export_report(markdown)
    assert markdown.read_text(encoding="utf-8").startswith("#")
    warnings = []
    monkeypatch.setattr(
        "ui.supervisor.agreement_dashboard.QMessageBox.warning",
        lambda parent, title, text: warnings.append(text),
    )
    dashboard.export_report(tmp_path / "report.txt")
    assert warnings and "a report is .md or .html" in warnings[0]
