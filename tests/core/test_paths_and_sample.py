"""Paths follow ANNOTATOR_HOME; the sample project is made once, complete, from resources/."""

from __future__ import annotations

from annotator import paths
from annotator.profile import current_coder, load_profile, save_profile
from annotator.sample import ensure_sample_project
from annotator.store import Project


def test_one_variable_moves_every_folder(annotator_home):
    for folder in (paths.data_dir(), paths.config_dir(), paths.log_dir(), paths.backup_dir()):
        assert folder.is_relative_to(annotator_home)
        assert folder.is_dir()
    assert paths.sample_project_path().is_relative_to(annotator_home)


def test_resources_ship_the_codebook_and_the_samples():
    assert paths.resource_path("codebooks", "default.toml").is_file()
    assert len(list(paths.resource_path("samples", "idlib-2020").glob("*.txt"))) == 5


def test_the_sample_project_is_created_once_and_complete():
    path, created = ensure_sample_project()
    assert created and path == paths.sample_project_path()
    assert not list(path.parent.glob("*.partial*"))
    with Project.open(path, readonly=True) as project:
        assert project.articles.count() == 5
        outlets = {s.outlet for s in project.articles.summaries()}
    assert "Anadolu Agency" in outlets
    assert ensure_sample_project() == (path, False)


def test_the_coder_profile_keeps_its_id_when_renamed():
    assert load_profile() is None
    first = current_coder()
    renamed = save_profile("Amira K.")
    assert renamed.uuid == first.uuid and renamed.name == "Amira K."
    assert load_profile() == renamed
