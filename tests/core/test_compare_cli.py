"""``annotator compare``: text, JSON, CSV and HTML outputs, and one-line errors."""

from __future__ import annotations

import csv
import json
import re

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from tests.core.compare_sample import make_labeled_sample

runner = CliRunner()


def run(*args, ok=True):
    result = runner.invoke(app, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output + str(result.exception)
    return result


@pytest.fixture(scope="module")
def labeled(tmp_path_factory):
    return make_labeled_sample(tmp_path_factory.mktemp("cli"))


def test_text_output_states_the_source_and_the_figures(labeled):
    out = run("compare", labeled, "--source", "coder:Amira").stdout
    assert "Labels: coder Amira" in out
    assert "Loaded language per 1,000 words" in out
    assert "Word choice: A government" in out
    assert re.search(r"Anadolu Agency\s+9 \(90%\)\s+1 \(10%\)", out)
    assert "Aligned facts" in out


def test_json_csv_and_html_together(labeled, tmp_path):
    html, folder = tmp_path / "report.html", tmp_path / "tables"
    result = run(
        "compare", labeled, "--source", "coder:Amira", "--json", "--csv", folder, "--html", html
    )
    data = json.loads(result.stdout)
    assert data["source"] == "coder:Amira" and data["source_description"] == "coder Amira"
    assert [g["name"] for g in data["groups"]][-1] == "(no outlet)"
    loaded = next(c for c in data["charts"] if c["key"] == "loaded")
    cell = next(
        v for v in loaded["values"] if v["group"] == "Anadolu Agency" and v["category"] == "*"
    )
    assert (cell["count"], cell["base"]) == (12, 447)
    assert cell["low"] <= cell["value"] <= cell["high"]
    with open(folder / "word_choice.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    regime = next(r for r in rows if r["group"] == "Rudaw" and r["term"] == "regime")
    assert regime["count"] == "12" and regime["source"] == "coder Amira"
    with open(folder / "figures.csv", encoding="utf-8", newline="") as handle:
        assert {r["figure"] for r in csv.DictReader(handle)} >= {"loaded", "cue_stance"}
    page = html.read_text(encoding="utf-8")
    assert "<svg" in page and "coder Amira" in page
    # one self-contained file: no scripts, nothing fetched from the network
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page


def test_outputs_are_never_overwritten_without_force(labeled, tmp_path):
    html = tmp_path / "report.html"
    html.write_text("keep me", encoding="utf-8")
    result = run("compare", labeled, "--html", html, "--source", "gold", ok=False)
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert html.read_text(encoding="utf-8") == "keep me"
    run("compare", labeled, "--html", html, "--source", "gold", "--force")
    assert "<svg" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--source", "editor"), "unknown label source 'editor'"),
        (("--source", "coder:Nobody"), "no coder named 'Nobody'"),
        (("--by", "colour"), "cannot group by 'colour'"),
        (("--by", "published:decade"), "published:decade: choose published:year"),
        (("--story", "Another story"), "no story 'Another story'"),
        (("--source", "suggestions"), "has no suggestions; run 'annotator detect"),
    ],
)
def test_mistakes_are_one_line(labeled, args, message):
    result = run("compare", labeled, *args, ok=False)
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_file_that_is_not_a_project(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database", encoding="utf-8")
    result = run("compare", bad, ok=False)
    assert result.exit_code == 1 and "not an annotator project" in result.stderr


def test_word_groups_from_another_codebook(labeled, tmp_path):
    book = tmp_path / "groups.toml"
    book.write_text(
        '[codebook]\nname = "Groups"\n[[schemes]]\nname = "x"\ntitle = "X"\nkind = "text"\n'
        "[compare]\nlexicon_groups = false\n[[compare.referent_groups]]\nname = 'leaders'\n"
        "title = 'Leaders'\nterms = ['Erdogan', 'Putin']\n",
        encoding="utf-8",
    )
    args = ("--source", "coder:Amira", "--codebook", book, "--json")
    data = json.loads(run("compare", labeled, *args).stdout)
    assert [w["name"] for w in data["word_choice"]] == ["leaders"]
