"""The supervisor's commands in-process: coder-copy, merge, agree and gold."""

from __future__ import annotations

import csv
import json

import pytest
from multi_coder import dump, make_master, work
from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import ArticleDraft
from annotator.store import Project


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def study(tmp_path):
    make_master(tmp_path).close()
    return tmp_path / "study.sqlite"


def copies(study, tmp_path):
    """Ann and Bob get copies from the CLI and answer and mark in them."""
    files = []
    for name, frame in (("Ann", "political"), ("Bob", "economic")):
        path = tmp_path / f"{name}.sqlite"
        result = run("coder-copy", study, "--coder", name, "-o", path, "--json")
        assert result.exit_code == 0, result.output
        coder = json.loads(result.output)["coder"]

        def label(project, ids, uuid=coder["uuid"], frame=frame):
            for article in ids:
                project.doc_labels.set(article, uuid, "primary_frame", frame)
                project.spans.add(article, uuid, "loaded", "emotive", 0, 3)

        work(path, None, label)
        files.append(path)
    return files


def test_coder_copy_then_merge_then_agree(study, tmp_path):
    files = copies(study, tmp_path)
    merged = run("merge", study, *files)
    assert merged.exit_code == 0, merged.output
    assert "spans: 4 new" in merged.output and "Merged and saved." in merged.output
    again = run("merge", study, *files, "--json")
    assert json.loads(again.output)["totals"]["spans"] == {
        "new": 0,
        "updated": 0,
        "unchanged": 8,
        "kept": 0,
        "skipped": 0,
    }
    table = run("agree", study, "--scheme", "primary_frame")
    assert table.exit_code == 0, table.output
    assert "Primary frame" in table.output and "Loaded language" not in table.output
    # two coders who never agree: n = 8 values, 4 'political' and 4 'economic', Do = 1,
    # De = (64 - 16 - 16) / 56 = 4/7, alpha = 1 - 7/4
    line = next(x for x in table.output.splitlines() if x.strip().startswith("Alpha"))
    assert line.split()[1:] == ["-0.750", "4", "2", "8"]
    out = tmp_path / "figures.csv"
    data = run("agree", study, "--layer", "loaded", "--json", "--csv", out)
    assert data.exit_code == 0, data.output
    parsed = json.loads(data.output)
    assert parsed["schemes"] == [] and parsed["layers"][0]["name"] == "loaded"
    exact = parsed["layers"][0]["overall"]["span_f1_exact"]
    assert exact["value"] == 1.0 and exact["units"] == 4
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["section"] for r in rows} == {"loaded"}


def test_a_blocked_merge_reports_first_and_writes_nothing(study, tmp_path):
    (path,) = copies(study, tmp_path)[:1]

    def extra(project, ids):
        new = project.articles.add([ArticleDraft(text="Only Ann has this.", title="X")]).added[0]
        uuid = project.coders.list()[0].uuid
        project.spans.add(new, uuid, "loaded", "emotive", 0, 4)

    work(path, None, extra)
    before = dump(study)
    result = run("merge", study, path)
    assert result.exit_code == 1
    assert "[STOP]" in result.output
    assert "error: merge stopped, nothing was written" in result.stderr
    assert "--force" in result.stderr
    assert dump(study) == before
    dry = run("merge", study, path, "--force", "--dry-run")
    assert dry.exit_code == 0 and "Dry run: nothing was written." in dry.output
    assert dump(study) == before
    forced = run("merge", study, path, "--force")
    assert forced.exit_code == 0 and "1 skipped" in forced.output


def test_gold_from_the_command_line(study, tmp_path):
    files = copies(study, tmp_path)
    run("merge", study, *files)
    status = run("gold", study)
    assert status.exit_code == 0 and "primary_frame" in status.output
    listed = json.loads(run("gold", study, "--list", "--json").output)["disputed"]
    assert {u["name"] for u in listed} == {"primary_frame"}
    accepted = run("gold", study, "--accept-agreed", "--decider", "Supervisor", "--json")
    assert json.loads(accepted.output)["accepted"]["span_units"] == 4
    key = listed[0]["key"]
    taken = run("gold", study, "--take", "Bob", "--unit", key, "--decider", "Supervisor")
    assert taken.exit_code == 0 and "Bob's version (economic)" in taken.output
    with Project.open(study, readonly=True) as project:
        decided = project.db.execute(
            "select count(*) from gold g join coders c on c.uuid = g.decided_by "
            "where c.name = 'Supervisor' and g.deleted = 0"
        ).fetchone()[0]
    assert decided == 5


def test_user_errors_are_one_line(study, tmp_path):
    for args, message in (
        (("agree", study, "--scheme", "mood"), "the codebook has no scheme 'mood'"),
        (("agree", study, "--coders", "Zed"), "no coder named 'Zed'"),
        (("gold", study, "--take", "Ann"), "--take needs --unit"),
        (("merge", study, study), "is the project itself"),
        (("coder-copy", study, "--coder", "Ann", "-o", study), "already exists"),
        (("gold", study, "--take", "Ann", "--unit", "nope/primary_frame"), "no article"),
    ):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith("error: ") and message in result.stderr, result.stderr
        assert "Traceback" not in result.output + result.stderr


def test_the_agreement_csv_is_escaped_like_every_csv_export(tmp_path):
    # one escaping rule (annotator.csv_cells) for every CSV: coder names that a spreadsheet
    # would run as a formula, or that start with an apostrophe, come back exactly
    path = tmp_path / "escape.sqlite"
    with Project.create(path) as project:
        ids = project.articles.add([ArticleDraft(text=f"Article {n}.") for n in range(3)]).added
        for name, frame in (("=SUM(A1)", "political"), ("'Bob", "economic")):
            coder = project.coders.add(name)
            for article in ids:
                project.doc_labels.set(article, coder.uuid, "primary_frame", frame)
    out = tmp_path / "figures.csv"
    assert run("agree", path, "--scheme", "primary_frame", "--csv", out).exit_code == 0
    keys = {r["key"] for r in csv.DictReader(out.open(encoding="utf-8")) if r["scope"] != ""}
    assert "'=SUM(A1)" in keys and "''Bob" in keys
    assert "=SUM(A1)" not in keys
