"""The command line, called in-process: human and JSON output, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from annotator.cli import app
from annotator.paths import resource_path, sample_project_path

runner = CliRunner()


def run(*args: str, ok: bool = True):
    result = runner.invoke(app, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output + str(result.exception)
    return result


def listed_commands(help_text: str) -> list[str]:
    """The command names of a --help text: the first word of each line under "Commands:"."""
    section = help_text.split("\nCommands:\n", 1)[1]
    return [line.split()[0] for line in section.splitlines() if line.startswith("  ")]


def test_help_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    listed = listed_commands(result.output)
    registered = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert sorted(listed) == sorted(registered)  # every command, each once, nothing else
    assert {"new", "import", "info", "coder", "demo", "agree", "agree-matrix"} <= set(listed)


def test_new_import_info_coder_round_trip(tmp_path):
    project = tmp_path / "study.sqlite"
    run("new", project, "--name", "Idlib study")
    imported = json.loads(
        run("import", project, resource_path("samples", "idlib-2020"), "--json").output
    )
    assert imported["added"] == 5 and imported["duplicates"] == 0
    again = run("import", project, resource_path("samples", "idlib-2020")).output
    assert "0 article(s) added" in again and "5 duplicate(s) skipped" in again
    added = json.loads(run("coder", "add", project, "Amira K.", "--json").output)
    listed = json.loads(run("coder", "list", project, "--json").output)
    assert listed == [{"uuid": added["uuid"], "name": "Amira K.", "created": listed[0]["created"]}]
    info = json.loads(run("info", project, "--json").output)
    assert (info["articles"], info["coders"], info["labels"]) == (5, 1, 0)
    assert info["project"]["name"] == "Idlib study"
    assert info["codebook"]["layers"] == ["loaded", "attribution"]
    human = run("info", project).output
    assert "articles: 5" in human and "Amira K.: 0 done" in human


def test_import_with_a_column_map(tmp_path):
    project = tmp_path / "p.sqlite"
    table = tmp_path / "t.csv"
    table.write_text("h,article_body\nA title,Some article text\n")
    run("new", project)
    result = json.loads(
        run(
            "import",
            project,
            table,
            "--column",
            "text=article_body",
            "--column",
            "title=h",
            "--json",
        ).output
    )
    assert result["added"] == 1
    assert "FIELD=COLUMN" in run("import", project, table, "--column", "text", ok=False).output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["info", "{tmp}/missing.sqlite"], "missing.sqlite does not exist"),
        (["import", "{tmp}/missing.sqlite", "{tmp}"], "missing.sqlite does not exist"),
        (["info", "{tmp}/notes.txt"], "not an annotator project"),
        (["new", "{tmp}/notes.txt"], "already exists"),
        (
            ["import", "{tmp}/p.sqlite", "{tmp}/notes.txt", "{tmp}/bad.jsonl"],
            "bad.jsonl line 2: not valid JSON",
        ),
        (["coder", "add", "{tmp}/p.sqlite", " "], "a coder needs a name"),
        (["new", "{tmp}/q.sqlite", "--codebook", "{tmp}/notes.txt"], "not valid TOML"),
    ],
)
def test_errors_are_one_clear_line_and_exit_1(tmp_path, args, message):
    (tmp_path / "notes.txt").write_text("A headline for notes\n\nSome notes = [\n")
    (tmp_path / "bad.jsonl").write_text('{"text": "fine"}\n{"text": \n')
    run("new", tmp_path / "p.sqlite")
    result = run(*[a.replace("{tmp}", str(tmp_path)) for a in args], ok=False)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.output.strip().startswith("error: ")
    assert len(result.output.strip().splitlines()) == 1


def test_a_broken_import_says_nothing_was_imported_and_how_to_import_the_rest(tmp_path):
    project = tmp_path / "p.sqlite"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": \n{"text": "also fine"}\n')
    run("new", project)
    output = run("import", project, bad, ok=False).output
    assert "Nothing was imported" in output and "--skip-bad" in output
    assert json.loads(run("info", project, "--json").output)["articles"] == 0
    skipped = json.loads(run("import", project, bad, "--skip-bad", "--json").output)
    assert skipped["added"] == 2 and "line 2" in skipped["skipped"][0]


def test_demo_creates_the_sample_project_once():
    first = json.loads(run("demo", "--json").output)
    assert first == {"project": str(sample_project_path()), "created": True}
    assert json.loads(run("demo", "--json").output)["created"] is False
    info = json.loads(run("info", sample_project_path(), "--json").output)
    assert info["articles"] == 5


def test_check_and_backup(tmp_path):
    project = tmp_path / "p.sqlite"
    run("new", project)
    assert "ok" in run("check", project).output
    assert run("backup", project).output.strip().endswith(".sqlite")
    checked = json.loads(run("check", project, "--json").stdout)
    assert checked["project"] == str(project) and checked["ok"] is True
    assert checked["integrity_check"] == "ok" and checked["problems"] == []
    backed_up = json.loads(run("backup", project, "--json").stdout)
    assert backed_up["project"] == str(project)
    assert len(backed_up["backups"]) == 2 and backed_up["backup"] in backed_up["backups"]
    assert all(Path(path).is_file() for path in backed_up["backups"])
