"""Export refusals: existing or unwritable paths, no labels, unknown names, a cancel or a write
error halfway. Each is one clear message, and nothing is left behind."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.errors import Cancelled
from annotator.export import ExportError, ExportOptions, Selection, Source, export_project
from annotator.store import Project
from tests.core.labeled_project import make_labeled_project

runner = CliRunner()


@pytest.fixture
def labeled(tmp_path):
    project = make_labeled_project(tmp_path)
    yield project
    project.close()


def export(project, path, fmt="jsonl", source="all-coders", progress=None, **kw):
    selection = Selection(Source.parse(source), kw.pop("layers", None), kw.pop("schemes", None))
    options = ExportOptions(fmt, selection, **kw)
    if progress is None:
        return export_project(project, path, options)
    return export_project(project, path, options, progress)


def leftovers(folder) -> list[str]:
    return sorted(
        p.name for p in folder.iterdir() if "partial" in p.name or "export-check" in p.name
    )


def test_an_existing_file_is_replaced_only_with_force(labeled, tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("keep me")
    with pytest.raises(ExportError, match=r"out.jsonl already exists.*--force"):
        export(labeled, target)
    assert target.read_text() == "keep me"
    export(labeled, target, force=True)
    assert len(target.read_text().splitlines()) == 5 and leftovers(tmp_path) == []


def test_a_folder_export_refuses_only_its_own_file_names(labeled, tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    export(labeled, folder, "csv")  # other files in the folder are fine and left alone
    with pytest.raises(ExportError, match=r"loaded.csv already exists"):
        export(labeled, folder, "csv")
    export(labeled, folder, "csv", force=True)
    assert (folder / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in folder.iterdir()) == [
        "attribution.csv",
        "doc_labels.csv",
        "loaded.csv",
        "notes.txt",
    ]


def test_paths_that_cannot_be_written(labeled, tmp_path):
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ExportError, match=r"a-file is not writable"):
        export(labeled, tmp_path / "a-file" / "out.jsonl")
    with pytest.raises(ExportError, match=r"missing does not exist"):
        export(labeled, tmp_path / "missing" / "out.jsonl")
    with pytest.raises(ExportError, match=r"is a folder; this format writes one file"):
        export(labeled, tmp_path)
    with pytest.raises(ExportError, match=r"is a file; this format writes a folder"):
        export(labeled, tmp_path / "a-file", "spacy")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_refused(labeled, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match=r"locked is not writable"):
            export(labeled, folder / "out.jsonl")
    finally:
        folder.chmod(0o700)


def test_no_labels_says_so_and_writes_nothing(tmp_path, labeled):
    with (
        Project.create(tmp_path / "empty.sqlite") as empty,
        pytest.raises(ExportError, match=r"empty.sqlite has no labels from gold"),
    ):
        export(empty, tmp_path / "out.jsonl", source="gold")
    with pytest.raises(
        ExportError, match=r"no labels from coder:Ben \(layers attribution; schemes note\)"
    ):
        export(labeled, tmp_path / "out.jsonl", layers=("attribution",), schemes=("note",),
               source="coder:Ben")  # fmt: skip
    labeled.db.execute("update gold set deleted = 1")
    labeled.db.conn.commit()
    with pytest.raises(ExportError, match=r"no gold yet: adjudicate with 'annotator gold'"):
        export(labeled, tmp_path / "out", "spacy", source="gold")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("out")) == []


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"fmt": "xml"}, r"unknown format 'xml'; choose jsonl, spacy, csv, parquet"),
        ({"source": "coders"}, r"unknown source 'coders'; choose gold"),
        ({"source": "coder:Zoe"}, r"no coder named 'Zoe' .*coders: Amira, Ben"),
        ({"layers": ("framing",)}, r"no layer 'framing' in the codebook; layers: loaded"),
        ({"schemes": ("mood",)}, r"no scheme 'mood' in the codebook; schemes: primary_frame"),
        ({"fmt": "spacy", "dev_fraction": 1.0}, r"--dev-fraction must be at least 0 and below 1"),
        ({"fmt": "spacy", "cats": "note"}, r"'note' is not a selected choice scheme"),
    ],
)
def test_bad_options_are_named(labeled, tmp_path, kw, message):
    with pytest.raises(ExportError, match=message):
        export(labeled, tmp_path / "out", **kw)
    assert not (tmp_path / "out").exists() and leftovers(tmp_path) == []


def test_a_bad_status_is_named(labeled, tmp_path):
    selection = Selection(Source("gold"), status="finished")
    with pytest.raises(ExportError, match=r"status must be one of todo, in_progress, done"):
        export_project(labeled, tmp_path / "o.jsonl", ExportOptions("jsonl", selection))


@pytest.mark.parametrize("fmt", ["jsonl", "spacy", "csv", "parquet"])
def test_cancel_leaves_nothing_behind(labeled, tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow.parquet")  # the optional parquet extra
    calls = []

    def progress(done, total, note):
        calls.append(note)
        if len(calls) == 3:
            raise Cancelled("cancelled")

    with pytest.raises(Cancelled):
        export(labeled, tmp_path / "out", fmt, progress=progress)
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("labeled.sqlite")] == []


def test_a_write_error_halfway_is_one_message_and_leaves_nothing(labeled, tmp_path, monkeypatch):
    import annotator.export.jsonl as jsonl

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonl.json.JSONEncoder, "encode", full_disk)
    with pytest.raises(ExportError, match=r"out.jsonl: cannot write \(No space left on device\)"):
        export(labeled, tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists() and leftovers(tmp_path) == []


# -- the command line ------------------------------------------------------------------------


def run(*args, code: int = 0):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == code, result.output + str(result.exception)
    return result


def test_cli_export_prints_the_summary_or_json(labeled, tmp_path):
    path = labeled.path
    labeled.close()
    text = run("export", path, "-f", "spacy", "-o", tmp_path / "corpus", "--source", "coder:Amira")
    assert "Wrote spacy from coder:Amira" in text.output
    assert "spans snapped to token boundaries: 2" in text.output
    data = json.loads(
        run("export", path, "-o", tmp_path / "a.jsonl", "--layers", "loaded,attribution",
            "--schemes", "primary_frame", "--json", "--include-partial").output
    )  # fmt: skip
    assert data["articles"] == 4 and data["by_scheme"] == {"primary_frame": 4}
    # by default the articles with undecided units are left out, each with why
    safe = json.loads(run("export", path, "-o", tmp_path / "b.jsonl", "--json").output)
    assert safe["articles"] + len(safe["left_out"]) == 4 and safe["left_out"]
    assert all("undecided" in why or "not yet accepted" in why for why in safe["left_out"])
    assert data["files"][0]["path"].endswith("a.jsonl") and data["files"][0]["bytes"] > 0


def test_cli_export_errors_are_one_line(labeled, tmp_path):
    path = labeled.path
    labeled.close()
    (tmp_path / "a.jsonl").write_text("x")
    result = run("export", path, "-o", tmp_path / "a.jsonl", code=1)
    assert result.output.strip().startswith("error: ") and "--force" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    result = run("export", path, "-o", tmp_path / "b.jsonl", "--source", "nobody", code=1)
    assert "unknown source 'nobody'" in result.output
