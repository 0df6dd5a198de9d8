"""A project's study plan: drawn from its articles (``annotator.study.plan``), stored in the
project (the assignments table, and the settings under ``study_plan``), and read back.

Coders are named; a name the project does not know yet becomes a new coder, so the coder
copies made afterwards (``annotator coder-copy``) carry that coder's id and only their queue.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from annotator.errors import ProjectError
from annotator.model import Coder
from annotator.store import Project
from annotator.store.assignments import Assignment
from annotator.store.rows import utc_now
from annotator.study.plan import DrawnPlan, PlanSettings, draw_plan

SETTING = "study_plan"
STRATA_FIELDS = ("outlet", "story", "published")


@dataclass(frozen=True)
class StudyPlan:
    settings: PlanSettings
    created: str
    coders: tuple[Coder, ...]
    reliability: tuple[int, ...]  # article ids every coder codes
    queues: dict[str, tuple[int, ...]]  # coder uuid -> article ids in queue order
    unassigned: tuple[int, ...] = ()
    strata: dict[str, tuple[int, int]] | None = None  # only right after drawing


def make_plan(
    project: Project, coder_names: Sequence[str], settings: PlanSettings, replace: bool = False
) -> StudyPlan:
    """Draw and store a plan. An existing plan is kept unless ``replace`` is true; labels,
    progress and earlier coder copies are never touched."""
    if settings.by is not None and settings.by not in STRATA_FIELDS:
        raise ProjectError(f"--by must be one of {', '.join(STRATA_FIELDS)}, not '{settings.by}'")
    if project.assignments.exists() and not replace:
        raise ProjectError(
            f"{project.path.name} already has a study plan; give --replace to draw a new one "
            "(coder copies made from the old plan keep their articles)"
        )
    names = [name.strip() for name in coder_names if name.strip()]
    articles = [
        (summary.id, getattr(summary, settings.by) if settings.by else None)
        for summary in project.articles.summaries()
    ]
    drawn = draw_plan(articles, names, settings)
    created = utc_now()
    with project.transaction():
        coders = tuple(_coder(project, name) for name in names)
        rows = _rows(drawn, coders)
        project.assignments.replace(rows)
        stored = {"settings": asdict(settings), "created": created}
        project.settings.set({SETTING: json.dumps(stored)})
    return StudyPlan(
        settings,
        created,
        coders,
        drawn.reliability,
        {coder.uuid: drawn.queues[name] for coder, name in zip(coders, names, strict=True)},
        drawn.unassigned,
        drawn.strata,
    )


def read_plan(project: Project) -> StudyPlan | None:
    """The stored plan, or None when the project has none."""
    rows = project.assignments.all()
    raw = project.settings.get(SETTING)
    if not rows or raw is None:
        return None
    try:
        stored = json.loads(raw)
        settings = PlanSettings(**stored["settings"])
        created = str(stored["created"])
    except (ValueError, TypeError, KeyError) as error:
        raise ProjectError(
            f"the study plan stored in {project.path.name} is damaged: {error}"
        ) from None
    queues: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        queues.setdefault(row.coder_uuid, []).append((row.position, row.article_id))
    coders = tuple(project.coders.get(uuid) or Coder(uuid, uuid, "") for uuid in sorted(queues))
    return StudyPlan(
        settings,
        created,
        tuple(sorted(coders, key=lambda coder: coder.name)),
        tuple(project.assignments.reliability_articles()),
        {uuid: tuple(article for _, article in sorted(queue)) for uuid, queue in queues.items()},
    )


def _coder(project: Project, name: str) -> Coder:
    found = project.coders.by_name(name)
    if len(found) > 1:
        raise ProjectError(f"{len(found)} coders are named '{name}'; rename one first")
    return found[0] if found else project.coders.add(name)


def _rows(drawn: DrawnPlan, coders: tuple[Coder, ...]) -> list[Assignment]:
    subsample = set(drawn.reliability)
    return [
        Assignment(coder.uuid, article, position, article in subsample)
        for coder, name in zip(coders, drawn.coders, strict=True)
        for position, article in enumerate(drawn.queues[name], start=1)
    ]
