"""The bundled sample project: five outlets' coverage of one story (resources/samples/)."""

from __future__ import annotations

from pathlib import Path

from annotator.paths import resource_path, sample_project_path
from annotator.store import Project
from annotator.store.lock import lock_path

SAMPLE_NAME = "Sample: Idlib, February-March 2020 (five outlets)"


def sample_manifest() -> Path:
    return resource_path("samples", "idlib-2020", "manifest.json")


def ensure_sample_project(path: Path | None = None) -> tuple[Path, bool]:
    """The sample project's path, and whether it was created just now.

    Built under a temporary name and renamed when complete, so an interrupted first start
    never leaves a half-made sample behind.
    """
    path = path or sample_project_path()
    if path.exists():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    for leftover in partial.parent.glob(partial.name + "*"):
        leftover.unlink()
    from annotator.ingest import import_paths  # the importer loads only when a sample is made

    with Project.create(partial, name=SAMPLE_NAME) as project:
        import_paths(project, [sample_manifest()])
    partial.replace(path)
    lock_path(partial).unlink(missing_ok=True)
    return path, True
