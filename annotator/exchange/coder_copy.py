"""Coder copies: a project file for one coder, with the articles, suggestions and codebook of
the project but no other coder's labels, progress or history, and no gold.

When the project has a study plan (``annotator plan``), a copy carries only the coder's queue.
The copy keeps the project's uuid and every article's uuid and content hash, so merging it
back matches everything. It is written beside the target and moved into place when complete
(``annotator.store.coder_copies`` writes it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.errors import ProjectError
from annotator.model import Coder
from annotator.store import Project
from annotator.store.coder_copies import write_coder_copy
from annotator.store.rows import new_uuid, utc_now


@dataclass(frozen=True)
class CoderCopy:
    path: Path
    coder: Coder
    created_coder: bool  # the coder was new to the project
    articles: int
    suggestions: int
    labels: int  # the coder's own live spans and document labels, kept in the copy


def resolve_coder(project: Project, name: str, uuid: str | None = None) -> tuple[Coder, bool]:
    """The coder a copy is for: the project's coder of that name (or id), or a new one."""
    name = name.strip()
    if not name:
        raise ProjectError("a coder copy needs the coder's name")
    if uuid is not None:
        known = project.coders.get(uuid)
        if known is not None:
            return known, False
        return Coder(uuid, name, utc_now()), True
    found = project.coders.by_name(name)
    if len(found) > 1:
        ids = ", ".join(coder.uuid for coder in found)
        raise ProjectError(f"{len(found)} coders are named '{name}' ({ids}); give the id")
    if found:
        return found[0], False
    return Coder(new_uuid(), name, utc_now()), True


def make_coder_copy(
    project: Project, coder_name: str, target: str | Path, coder_uuid: str | None = None
) -> CoderCopy:
    """Write ``target``: the project for one coder. The project itself is not changed."""
    target = Path(target)
    if target.exists():
        raise ProjectError(f"{target} already exists; choose another name")
    if not target.parent.is_dir():
        raise ProjectError(f"{target.parent} does not exist")
    if target.resolve() == project.path.resolve():
        raise ProjectError("a coder copy cannot replace the project itself")
    coder, created = resolve_coder(project, coder_name, coder_uuid)
    planned = project.assignments.exists()
    if planned and not project.assignments.queue(coder.uuid):
        raise ProjectError(
            f"the study plan has no articles for {coder.name}; copies go to the planned coders "
            f"({', '.join(_planned_names(project))}) or draw a new plan with `annotator plan`"
        )
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        counts = write_coder_copy(project, partial, coder, created, planned)
        partial.replace(target)
    finally:
        for leftover in (partial, *partial.parent.glob(partial.name + "-*")):
            leftover.unlink(missing_ok=True)
    return CoderCopy(target, coder, created, *counts)


def _planned_names(project: Project) -> list[str]:
    planned = {row.coder_uuid for row in project.assignments.all()}
    return sorted(coder.name for coder in project.coders.list() if coder.uuid in planned)
