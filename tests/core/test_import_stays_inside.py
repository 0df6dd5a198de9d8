"""Issue 13, case 4: imports stay where the user pointed. A manifest entry that leads out of
the manifest's folder ("../../private/diary.txt", an absolute path, a symbolic link) was
imported silently, and folder import followed ``passwd.txt -> /etc/passwd``. Now both are
refused and listed, the option that allows a manifest more is named, and the rest imports."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from annotator.cli import app
from annotator.ingest import ImportOptions, import_paths
from annotator.store import Project


def _bundle(tmp_path, entries):
    private = tmp_path / "private"
    private.mkdir()
    (private / "diary.txt").write_text("My diary\n\nNothing for a shared project.")
    bundle = tmp_path / "shared" / "bundle"
    bundle.mkdir(parents=True)
    (bundle / "a.txt").write_text("Article A\n\nA shared article.")
    manifest = bundle / "manifest.json"
    manifest.write_text(json.dumps({"articles": [{"file": "a.txt"}, *entries]}))
    return manifest, private / "diary.txt"


def _sources(project):
    return [project.articles.get(i).source for i in project.articles.ids()]


def test_a_manifest_entry_leading_up_and_out_is_refused_and_listed(project, tmp_path):
    manifest, _ = _bundle(tmp_path, [{"file": "../../private/diary.txt"}])
    report = import_paths(project, [manifest])
    assert len(report.added) == 1 and project.articles.count() == 1
    (refusal,) = report.refused
    assert "../../private/diary.txt" in refusal and "outside the manifest's folder" in refusal
    assert "--allow-outside" in refusal
    assert not any("diary" in source for source in _sources(project))


def test_an_absolute_path_in_a_manifest_is_refused(project, tmp_path):
    manifest, _ = _bundle(tmp_path, [{"file": str(tmp_path / "private" / "diary.txt")}])
    report = import_paths(project, [manifest])
    assert project.articles.count() == 1 and "outside" in report.refused[0]


def test_a_symlink_inside_the_bundle_leading_out_is_refused(project, tmp_path):
    manifest, diary = _bundle(tmp_path, [{"file": "notes.txt"}])
    (manifest.parent / "notes.txt").symlink_to(diary)
    report = import_paths(project, [manifest])
    assert project.articles.count() == 1 and "'notes.txt'" in report.refused[0]


def test_allow_outside_imports_what_the_user_allowed(project, tmp_path):
    manifest, _ = _bundle(tmp_path, [{"file": "../../private/diary.txt"}])
    report = import_paths(project, [manifest], ImportOptions(allow_outside=True))
    assert len(report.added) == 2 and not report.refused


def test_folder_import_does_not_follow_symlinks_out_of_the_folder(project, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Article A\n\nAn article.")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "outside").symlink_to(tmp_path)  # a folder link leading out (and back in)
    (folder / "inside.txt").symlink_to(folder / "a.txt")  # a link within the folder is fine
    report = import_paths(project, [folder])
    assert project.articles.count() == 1  # a.txt, and inside.txt is the same text
    refused = "\n".join(report.refused)
    assert "passwd.txt" in refused and "outside" in refused
    assert not any("passwd" in source for source in _sources(project))


def test_the_command_line_lists_what_it_refused(tmp_path):
    manifest, _ = _bundle(tmp_path, [{"file": "../../private/diary.txt"}])
    project = tmp_path / "study.sqlite"
    Project.create(project, name="study").close()
    result = CliRunner().invoke(app, ["import", str(project), str(manifest)])
    assert result.exit_code == 0, result.output
    assert "refused" in result.output and "--allow-outside" in result.output
    result = CliRunner().invoke(app, ["import", str(project), str(manifest), "--json"])
    assert json.loads(result.output)["refused"]
