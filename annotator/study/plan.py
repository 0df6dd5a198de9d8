"""Drawing a study plan: a stratified reliability subsample that every coder codes, the rest
dealt out between the coders, and each coder's queue in a shuffled order. Pure: no project.

The draw is reproducible: the same articles, coders, settings and seed give the same plan.

- The subsample holds ``round(overlap * articles)`` articles (at least one when overlap > 0),
  shared out between the strata (outlets, stories, ...) in proportion to their size by largest
  remainders, so each stratum is represented as it is in the project.
- The other articles are dealt to the coders in turn, strata interleaved in proportion, so every
  coder gets a similar mix; ``per_coder`` caps a coder's whole queue, and what does not fit stays
  unassigned (and is reported).
- A queue mixes the subsample with the coder's own articles in random order, so a coder cannot
  tell which articles are compared and reliability is measured over the whole coding period.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.errors import ProjectError

NO_VALUE = "(none)"  # the stratum of an article without a value in the chosen field


@dataclass(frozen=True)
class PlanSettings:
    overlap: float  # share of the articles every coder codes, 0..1
    per_coder: int | None  # most articles in one coder's queue; None: no cap
    by: str | None  # the article field the subsample is stratified by; None: no strata
    seed: int


@dataclass(frozen=True)
class DrawnPlan:
    coders: tuple[str, ...]  # as given (names or ids; the caller knows which)
    reliability: tuple[int, ...]  # article ids, sorted
    queues: dict[str, tuple[int, ...]]  # coder -> article ids in queue order
    unassigned: tuple[int, ...]  # articles no coder got (only with per_coder), sorted
    strata: dict[str, tuple[int, int]]  # stratum -> (articles, of them in the subsample)


def draw_plan(
    articles: Sequence[tuple[int, str | None]], coders: Sequence[str], settings: PlanSettings
) -> DrawnPlan:
    """``articles`` are (id, stratum value) pairs; ``coders`` at least one, two for overlap."""
    _check(articles, coders, settings)
    rng = random.Random(settings.seed)
    strata = _strata(articles, settings.by is not None)
    for ids in strata.values():
        rng.shuffle(ids)
    total = len(articles)
    wanted = round(settings.overlap * total)
    if settings.overlap > 0 and wanted == 0 and total:
        wanted = 1
    shares = _largest_remainders({name: len(ids) for name, ids in strata.items()}, wanted)
    reliability = [i for name, ids in strata.items() for i in ids[: shares[name]]]
    if settings.per_coder is not None and len(reliability) > settings.per_coder:
        raise ProjectError(
            f"the reliability subsample holds {len(reliability)} articles, more than "
            f"--per-coder {settings.per_coder}; lower --overlap or raise --per-coder"
        )
    rest = _interleave([ids[shares[name] :] for name, ids in strata.items()])
    own: dict[str, list[int]] = {coder: [] for coder in coders}
    room = None if settings.per_coder is None else settings.per_coder - len(reliability)
    unassigned: list[int] = []
    for index, article in enumerate(rest):
        coder = coders[index % len(coders)]
        if room is not None and len(own[coder]) >= room:
            unassigned.append(article)
        else:
            own[coder].append(article)
    queues = {}
    for coder in coders:
        queue = reliability + own[coder]
        rng.shuffle(queue)
        queues[coder] = tuple(queue)
    return DrawnPlan(
        coders=tuple(coders),
        reliability=tuple(sorted(reliability)),
        queues=queues,
        unassigned=tuple(sorted(unassigned)),
        strata={name: (len(ids), shares[name]) for name, ids in strata.items()},
    )


def _check(
    articles: Sequence[tuple[int, str | None]], coders: Sequence[str], settings: PlanSettings
) -> None:
    if not coders:
        raise ProjectError("a plan needs at least one coder")
    if len(set(coders)) != len(coders):
        raise ProjectError("a coder is named twice in the plan")
    if not 0 <= settings.overlap <= 1:
        raise ProjectError(f"--overlap is a share between 0 and 1, not {settings.overlap}")
    if settings.overlap > 0 and len(coders) < 2:
        raise ProjectError("a reliability subsample needs at least two coders")
    if settings.per_coder is not None and settings.per_coder < 1:
        raise ProjectError("--per-coder must be at least 1")
    if not articles:
        raise ProjectError("the project has no articles to plan")


def _strata(articles: Sequence[tuple[int, str | None]], stratified: bool) -> dict[str, list[int]]:
    strata: dict[str, list[int]] = {}
    for article_id, value in sorted(articles):
        name = (value or NO_VALUE) if stratified else "all"
        strata.setdefault(name, []).append(article_id)
    return dict(sorted(strata.items()))


def _largest_remainders(sizes: dict[str, int], wanted: int) -> dict[str, int]:
    """``wanted`` shared in proportion to ``sizes`` (Hamilton's method; ties by name)."""
    total = sum(sizes.values())
    exact = {name: wanted * size / total for name, size in sizes.items()}
    shares = {name: int(value) for name, value in exact.items()}
    left = wanted - sum(shares.values())
    by_remainder = sorted(sizes, key=lambda name: (-(exact[name] - shares[name]), name))
    for name in by_remainder[:left]:
        shares[name] += 1
    return shares


def _interleave(groups: list[list[int]]) -> list[int]:
    """The groups merged so that every stretch of the result holds them in proportion to their
    sizes: each article sorted by its relative place within its own group."""
    placed = [
        ((index + 0.5) / len(group), order, article)
        for order, group in enumerate(groups)
        for index, article in enumerate(group)
    ]
    return [article for _, _, article in sorted(placed)]
