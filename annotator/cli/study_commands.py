"""A reliability study's plan and progress: ``annotator plan`` and ``annotator progress``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from annotator.cli.app import app, emit_json, reports_errors
from annotator.errors import ProjectError
from annotator.exchange.coder_copy import make_coder_copy
from annotator.store import Project
from annotator.study.plan import PlanSettings
from annotator.study.progress import StudyProgress, duration_text, study_progress
from annotator.study.project_plan import StudyPlan, make_plan

ProjectArg = Annotated[Path, typer.Argument(help="The project file (.sqlite).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@app.command()
@reports_errors
def plan(
    project: ProjectArg,
    coders: Annotated[
        str, typer.Option("--coders", help="The coders' names, separated by commas.")
    ],
    overlap: Annotated[
        float,
        typer.Option(help="Share of the articles every coder codes (the reliability subsample)."),
    ] = 0.2,
    per_coder: Annotated[
        int | None, typer.Option(help="At most this many articles in one coder's queue.")
    ] = None,
    by: Annotated[
        str,
        typer.Option(help="Stratify the subsample by outlet, story or published; 'none': not."),
    ] = "outlet",
    seed: Annotated[int, typer.Option(help="Seed of the draw (same seed, same plan).")] = 0,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace the project's existing plan.")
    ] = False,
    copies: Annotated[
        Path | None,
        typer.Option(help="Also write each coder's copy (only their queue) into this folder."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Assign the articles to coders: a reliability subsample that every coder codes,
    stratified by outlet (or another field), and the rest split between them. Each coder's
    queue is shuffled; coder copies made afterwards carry only that queue, in its order, and
    `annotator agree` measures agreement on the subsample.

    Example: annotator plan study.sqlite --coders "Amira K.,Bashir,Chen" --overlap 0.2 --seed 7
    """
    settings = PlanSettings(overlap, per_coder, None if by == "none" else by, seed)
    if copies is not None and not copies.is_dir():
        raise ProjectError(f"{copies} is not a folder")
    with Project.open(project) as opened:
        made = make_plan(opened, coders.split(","), settings, replace)
        written = []
        if copies is not None:
            for coder in made.coders:
                target = _copy_path(copies, project, coder.name)
                written.append(make_coder_copy(opened, coder.name, target, coder.uuid).path)
    if as_json:
        emit_json(_plan_json(made) | {"copies": [str(path) for path in written]})
        return
    _print_plan(made)
    for path in written:
        typer.echo(f"Wrote {path}")


@app.command()
@reports_errors
def progress(project: ProjectArg, as_json: JsonOpt = False) -> None:
    """Each coder's progress against their queue: assigned, done, in progress, to do and the
    time spent (merge the coders' copies first to see everyone's).

    Example: annotator progress study.sqlite
    """
    with Project.open(project, readonly=True) as opened:
        standing = study_progress(opened)
    if as_json:
        emit_json(_progress_json(standing))
        return
    _print_progress(standing)


def _copy_path(folder: Path, project: Path, coder: str) -> Path:
    slug = re.sub(r"[^\w.-]+", "-", coder.strip()).strip("-.") or "coder"
    return folder / f"{project.stem}-{slug}.sqlite"


def _plan_json(made: StudyPlan) -> dict:
    return {
        "settings": made.settings.__dict__,
        "reliability": list(made.reliability),
        "coders": [
            {"uuid": c.uuid, "name": c.name, "queue": list(made.queues[c.uuid])}
            for c in made.coders
        ],
        "unassigned": list(made.unassigned),
        "strata": {
            name: {"articles": n, "reliability": r} for name, (n, r) in (made.strata or {}).items()
        },
    }


def _print_plan(made: StudyPlan) -> None:
    settings = made.settings
    typer.echo(
        f"Reliability subsample: {len(made.reliability)} articles, coded by all "
        f"{len(made.coders)} coders (overlap {settings.overlap:g}, seed {settings.seed}"
        + (f", stratified by {settings.by}" if settings.by else "")
        + ")"
    )
    for name, (n, chosen) in (made.strata or {}).items():
        typer.echo(f"  {name}: {chosen} of {n}")
    for coder in made.coders:
        queue = made.queues[coder.uuid]
        own = len(queue) - len(made.reliability)
        typer.echo(f"{coder.name}: {len(queue)} articles ({own} of their own)")
    if made.unassigned:
        typer.echo(f"Not assigned (over --per-coder): {len(made.unassigned)} articles")


def _progress_json(standing: StudyProgress) -> dict:
    return {
        "planned": standing.planned,
        "coders": [
            {
                "uuid": c.coder_uuid,
                "name": c.name,
                "assigned": c.assigned,
                "reliability": c.reliability,
                "done": c.done,
                "in_progress": c.in_progress,
                "todo": c.todo,
                "seconds": round(c.seconds, 1),
                "done_outside_queue": c.done_outside,
            }
            for c in standing.coders
        ],
    }


def _print_progress(standing: StudyProgress) -> None:
    if not standing.coders:
        typer.echo("No plan and no coder has worked yet (see `annotator plan`).")
        return
    if not standing.planned:
        typer.echo("No study plan: every article counts as assigned to every coder.")
    headers = ["coder", "assigned", "done", "in progress", "to do", "done %", "time", "per done"]
    rows = [
        [
            c.name,
            str(c.assigned),
            str(c.done),
            str(c.in_progress),
            str(c.todo),
            "" if c.share_done is None else f"{c.share_done:.0%}",
            duration_text(c.seconds),
            "" if c.seconds_per_done is None else duration_text(c.seconds_per_done),
        ]
        for c in standing.coders
    ]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=True)
        ]
        typer.echo("  ".join(cells).rstrip())
    for c in standing.coders:
        if c.done_outside:
            typer.echo(f"{c.name}: also {c.done_outside} article(s) done outside the queue")
