"""``agree`` and ``agree-matrix`` with --bootstrap, --seed, --csv and --report, in-process:
interval columns in text, JSON and CSV, the reliability report (Markdown and one
self-contained HTML file), the notes issue 17 asks for, and one-line errors."""

from __future__ import annotations

import csv
import json
import re

import pytest
from test_project_agreement import project  # noqa: F401  (the hand-made three-coder project)
from typer.testing import CliRunner

from annotator.cli import app

K2011 = """coder,1,2,3,4,5,6,7,8,9,10,11,12
A,1,2,3,3,2,1,4,1,2,,,
B,1,2,3,3,2,2,4,1,2,5,,3
C,,3,3,3,2,3,4,2,2,5,1,
D,1,2,3,3,2,4,4,1,2,5,1,
"""


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def matrix(tmp_path):
    path = tmp_path / "k2011.csv"
    path.write_text(K2011, encoding="utf-8")
    return path


def test_matrix_json_has_intervals_q_and_is_reproducible(matrix):
    args = ("agree-matrix", matrix, "--level", "ordinal", "--bootstrap", 500, "--seed", 3, "--json")
    first, again = run(*args), run(*args)
    assert first.exit_code == 0, first.output
    assert first.stdout == again.stdout
    data = json.loads(first.stdout)
    alpha = data["overall"]["krippendorff_alpha"]
    assert alpha["value"] == pytest.approx(0.815388, abs=1e-6)
    interval = alpha["interval"]
    assert interval["samples"] == 500 and interval["seed"] == 3
    assert interval["method"] == "bootstrap over units"
    assert set(interval["q"]) == {"0.667", "0.8"}
    assert interval["lower"] <= alpha["value"] <= interval["upper"]
    assert data["bootstrap"]["alpha_method"] == "units"
    assert data["overall"]["gwet_ac1"]["value"] == pytest.approx(0.77544, abs=1e-5)
    assert any("Weighted kappa" in note for note in data["notes"])
    kalpha = json.loads(run(*args, "--bootstrap-method", "kalpha").stdout)
    method = kalpha["overall"]["krippendorff_alpha"]["interval"]["method"]
    assert method == "Hayes & Krippendorff (2007) bootstrap"


def test_matrix_text_csv_and_report(matrix, tmp_path):
    table, report = tmp_path / "figures.csv", tmp_path / "report.md"
    result = run("agree-matrix", matrix, "--bootstrap", 300, "--csv", table, "--report", report)
    assert result.exit_code == 0, result.output
    assert "Interval" in result.stdout and "q<.667" in result.stdout
    assert re.search(r"Krippendorff's alpha \(nominal\)\s+0\.743\s+\[", result.stdout)
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    alpha = next(r for r in rows if r["figure"] == "krippendorff_alpha" and r["scope"] == "overall")
    assert float(alpha["ci_lower"]) <= float(alpha["value"]) <= float(alpha["ci_upper"])
    assert alpha["samples"] == "300" and alpha["seed"] == "0" and alpha["q_below_0.667"]
    text = report.read_text(encoding="utf-8")
    assert "## Methods" in text
    assert re.search(r"Krippendorff's alpha \(nominal\) = \.74, 95% CI \[\.\d\d, [.\d]+\]", text)
    assert "q(alpha < .667) = " in text and "300 bootstrap samples" in text
    assert "no value" in text  # Fleiss' kappa, with its reason
    assert "the same number on every unit" in text


def test_headerless_numeric_ids_are_named_in_the_output(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("1,1,2,2\n2,1,2,1\n3,1,2,2\n", encoding="utf-8")
    result = run("agree-matrix", path)
    assert result.exit_code == 0, result.output
    assert "numeric coder ids in the first column without a header row are read as" in result.stdout


def test_project_agree_with_bootstrap_and_an_html_report(project, tmp_path):  # noqa: F811
    path = project.path
    page, table = tmp_path / "report.html", tmp_path / "agree.csv"
    result = run(
        "agree", path, "--bootstrap", 200, "--seed", 9, "--report", page, "--csv", table, "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["bootstrap"]["samples"] == 200 and data["position_unit"] == "character"
    frame = next(s for s in data["schemes"] if s["name"] == "primary_frame")
    assert frame["overall"]["krippendorff_alpha"]["interval"]["samples"] == 200
    loaded = next(s for s in data["layers"] if s["name"] == "loaded")
    assert loaded["overall"]["u_alpha"]["level"] == "uα"
    assert loaded["overall"]["Cu_alpha"]["level"] == "Cuα"
    assert loaded["per_label"]["euphemism"]["cu_alpha"]["level"] == "cuα, label 'euphemism'"
    assert any("Krippendorff's 1995/2004 alpha_u" in note for note in loaded["notes"])
    tone = next(s for s in data["schemes"] if s["name"] == "tone")
    assert any("Weighted kappa" in note for note in tone["notes"])
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert not re.search(r"<script|<link|https?://|@import|src=", html)
    assert "The unit of analysis was the article" in html
    assert "characters (Unicode code points)" in html
    header = next(csv.reader(table.open(encoding="utf-8")))
    assert {"ci_lower", "ci_upper", "ci_method", "q_below_0.667"} <= set(header)


def test_project_text_shows_intervals_and_tokens_are_named(project, tmp_path):  # noqa: F811
    report = tmp_path / "report.md"
    result = run("agree", project.path, "--bootstrap", 100, "--tokens", "--report", report)
    assert result.exit_code == 0, result.output
    assert "Interval" in result.stdout
    assert r"\w+|[^\w\s]" in report.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--report", "out.pdf"), "a report is .md or .html"),
        (("--bootstrap", "-5"), "--bootstrap needs a number of resamples of 0 or more"),
        (("--report", "missing-folder/out.md"), "does not exist"),
    ],
)
def test_bad_options_are_one_line_errors(matrix, tmp_path, extra, message):
    args = [a if not a.endswith((".pdf", ".md")) else tmp_path / a for a in extra]
    result = run("agree-matrix", matrix, *args)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
