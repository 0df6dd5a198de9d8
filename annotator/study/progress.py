"""Each coder's progress against their queue: assigned, done, in progress, to do, time spent.

Without a study plan every article counts as assigned to every coder who has worked on the
project, so the figures still say how far each coder has come.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.store import Project
from annotator.store.assignments import CoderProgressRow


@dataclass(frozen=True)
class CoderStanding:
    coder_uuid: str
    name: str
    assigned: int
    reliability: int  # of the assigned, in the reliability subsample
    done: int
    in_progress: int
    seconds: float
    done_outside: int  # articles marked done that are not in the coder's queue

    @property
    def todo(self) -> int:
        return self.assigned - self.done - self.in_progress

    @property
    def share_done(self) -> float | None:
        return self.done / self.assigned if self.assigned else None

    @property
    def seconds_per_done(self) -> float | None:
        return self.seconds / self.done if self.done else None


@dataclass(frozen=True)
class StudyProgress:
    planned: bool  # False: no plan, every article counts as assigned
    coders: tuple[CoderStanding, ...]

    @property
    def assigned(self) -> int:
        return sum(coder.assigned for coder in self.coders)

    @property
    def done(self) -> int:
        return sum(coder.done for coder in self.coders)


def study_progress(project: Project) -> StudyProgress:
    names = {coder.uuid: coder.name for coder in project.coders.list()}
    rows = project.assignments.progress()
    planned = bool(rows)
    if not planned:
        total = project.articles.count()
        rows = [_unplanned(project, uuid, total) for uuid in names]
        rows = [row for row in rows if row.done or row.in_progress or row.seconds]
    standings = [
        CoderStanding(
            row.coder_uuid,
            names.get(row.coder_uuid, row.coder_uuid),
            row.assigned,
            row.reliability,
            row.done,
            row.in_progress,
            row.seconds,
            row.unassigned_done,
        )
        for row in rows
    ]
    return StudyProgress(planned, tuple(sorted(standings, key=lambda s: s.name.casefold())))


def _unplanned(project: Project, coder_uuid: str, total: int) -> CoderProgressRow:
    statuses = project.status.for_coder(coder_uuid).values()
    return CoderProgressRow(
        coder_uuid,
        total,
        0,
        sum(1 for p in statuses if p.status == "done"),
        sum(1 for p in statuses if p.status == "in_progress"),
        sum(p.seconds for p in statuses),
        0,
    )


def duration_text(seconds: float) -> str:
    """Time spent in words a supervisor reads at a glance: '42 min 05 s', '3 h 07 min'."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s"
