"""Study plans: the draw (a stratified reliability subsample every coder codes, the rest split),
stored in the project, coder copies that carry only a coder's queue, progress, and agreement
on the subsample, end to end from plan to agreement."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from annotator.agreement.project import project_agreement
from annotator.article_state import worklist
from annotator.cli import app
from annotator.errors import ProjectError
from annotator.exchange import make_coder_copy, merge_coder_files
from annotator.model import ArticleDraft
from annotator.store import Project
from annotator.study.plan import PlanSettings, draw_plan
from annotator.study.progress import study_progress
from annotator.study.project_plan import make_plan, read_plan

OUTLETS = ("Alpha", "Beta", "Gamma")


def _articles(n: int, strata: int = 3) -> list[tuple[int, str | None]]:
    return [(i, OUTLETS[i % strata] if strata else None) for i in range(1, n + 1)]


def _plan(overlap=0.2, per_coder=None, by="outlet", seed=1) -> PlanSettings:
    return PlanSettings(overlap, per_coder, by, seed)


def test_every_coder_codes_the_subsample_and_the_rest_is_split_once():
    drawn = draw_plan(_articles(100), ["A", "B", "C"], _plan(0.2))
    assert len(drawn.reliability) == 20
    subsample = set(drawn.reliability)
    own = Counter()
    for queue in drawn.queues.values():
        assert subsample <= set(queue)
        assert len(queue) == len(set(queue))
        own.update(set(queue) - subsample)
    # every other article goes to exactly one coder, and the shares differ by at most one
    assert set(own) == set(range(1, 101)) - subsample
    assert set(own.values()) == {1}
    sizes = [len(q) - 20 for q in drawn.queues.values()]
    assert max(sizes) - min(sizes) <= 1
    assert drawn.unassigned == ()


def test_the_subsample_is_stratified_in_proportion_to_the_strata():
    # 60 Alpha, 30 Beta, 10 Gamma; a 20% subsample holds 12, 6 and 2 of them
    articles = [(i, "Alpha") for i in range(60)] + [(100 + i, "Beta") for i in range(30)]
    articles += [(200 + i, "Gamma") for i in range(10)]
    drawn = draw_plan(articles, ["A", "B"], _plan(0.2))
    kinds = Counter(
        "Alpha" if i < 100 else "Beta" if i < 200 else "Gamma" for i in drawn.reliability
    )
    assert kinds == {"Alpha": 12, "Beta": 6, "Gamma": 2}
    assert drawn.strata == {"Alpha": (60, 12), "Beta": (30, 6), "Gamma": (10, 2)}
    # each coder's own articles mix the strata in proportion too
    for queue in drawn.queues.values():
        own = [i for i in queue if i not in drawn.reliability]
        share = sum(1 for i in own if i < 100) / len(own)
        assert 0.5 <= share <= 0.7


def test_the_same_seed_draws_the_same_plan_and_another_seed_another():
    first = draw_plan(_articles(50), ["A", "B"], _plan(seed=7))
    again = draw_plan(_articles(50), ["A", "B"], _plan(seed=7))
    other = draw_plan(_articles(50), ["A", "B"], _plan(seed=8))
    assert first == again
    assert first.queues != other.queues


def test_a_cap_per_coder_leaves_the_rest_unassigned_and_says_so():
    drawn = draw_plan(_articles(40), ["A", "B"], _plan(0.25, per_coder=15))
    assert len(drawn.reliability) == 10
    assert all(len(queue) == 15 for queue in drawn.queues.values())
    assert len(drawn.unassigned) == 40 - 10 - 2 * 5


@pytest.mark.parametrize(
    ("coders", "settings", "message"),
    [
        (["A", "B"], _plan(1.5), "between 0 and 1"),
        (["A"], _plan(0.2), "at least two coders"),
        (["A", "A"], _plan(0.2), "named twice"),
        (["A", "B"], _plan(0.5, per_coder=3), "more than --per-coder 3"),
        ([], _plan(0.2), "at least one coder"),
    ],
)
def test_impossible_plans_are_refused_with_the_reason(coders, settings, message):
    with pytest.raises(ProjectError, match=message):
        draw_plan(_articles(10), coders, settings)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 80),
    coders=st.integers(2, 5),
    overlap=st.floats(0, 1),
    strata=st.integers(0, 3),
    seed=st.integers(0, 10),
)
def test_any_plan_covers_every_article_exactly_as_planned(n, coders, overlap, strata, seed):
    names = [f"C{i}" for i in range(coders)]
    drawn = draw_plan(_articles(n, strata), names, _plan(overlap, by="outlet", seed=seed))
    expected = max(round(overlap * n), 1 if overlap > 0 else 0)
    assert len(drawn.reliability) == expected
    seen = Counter(i for queue in drawn.queues.values() for i in queue)
    for article, _ in _articles(n, strata):
        assert seen[article] == (coders if article in drawn.reliability else 1)


# -- in a project --------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "study.sqlite") as made:
        made.articles.add(
            [
                ArticleDraft(text=f"Article {i} says the regime lied.", title=f"A{i}", outlet=o)
                for i in range(12)
                for o in [OUTLETS[i % 3]]
            ]
        )
        yield made


def test_a_stored_plan_reads_back_and_is_not_replaced_by_accident(project):
    made = make_plan(project, ["Amira", "Bashir", "Chen"], _plan(0.25, seed=3))
    stored = read_plan(project)
    assert stored is not None
    assert stored.reliability == made.reliability and len(made.reliability) == 3
    assert stored.queues == made.queues
    assert stored.settings == made.settings
    assert sorted(c.name for c in project.coders.list()) == ["Amira", "Bashir", "Chen"]
    with pytest.raises(ProjectError, match="already has a study plan"):
        make_plan(project, ["Amira", "Bashir"], _plan())
    make_plan(project, ["Amira", "Bashir"], _plan(0.5), replace=True)
    assert len(project.assignments.reliability_articles()) == 6
    assert len(project.coders.list()) == 3  # a replaced plan keeps every coder


def test_a_coder_copy_carries_only_the_queue_in_its_order(project, tmp_path):
    made = make_plan(project, ["Amira", "Bashir"], _plan(0.25, seed=5))
    amira = next(c for c in made.coders if c.name == "Amira")
    copy = make_coder_copy(project, "Amira", tmp_path / "amira.sqlite")
    assert copy.coder.uuid == amira.uuid and not copy.created_coder
    assert copy.articles == len(made.queues[amira.uuid]) == 3 + 5  # 9 split: 5 and 4
    with Project.open(copy.path, readonly=True) as opened:
        items = worklist(opened, amira.uuid)
        assert [item.article_id for item in items] == list(made.queues[amira.uuid])
        assert [item.queue_position for item in items] == list(range(1, len(items) + 1))
        assert {row.coder_uuid for row in opened.assignments.all()} == {amira.uuid}
        assert opened.integrity_check() == "ok"
    with pytest.raises(ProjectError, match="no articles for Dana"):
        make_coder_copy(project, "Dana", tmp_path / "dana.sqlite")


def test_plan_copies_labels_merge_and_agreement_on_the_subsample_end_to_end(project, tmp_path):
    made = make_plan(project, ["Amira", "Bashir", "Chen"], _plan(0.25, seed=11))
    subsample = set(made.reliability)
    paths = []
    for coder in made.coders:
        path = tmp_path / f"{coder.name}.sqlite"
        make_coder_copy(project, coder.name, path)
        with Project.open(path) as copy:
            for article in made.queues[coder.uuid]:
                # all agree on the subsample; on their own articles Chen answers otherwise,
                # which must not count: only one coder codes those
                frame = "political" if article in subsample or coder.name != "Chen" else "economic"
                copy.doc_labels.set(article, coder.uuid, "primary_frame", frame)
                copy.status.set(article, coder.uuid, "done")
                copy.status.add_time(article, coder.uuid, 30.0)
        paths.append(path)
    report = merge_coder_files(project, paths)
    assert report.committed
    result = project_agreement(project, schemes=["primary_frame"], layers=[])
    assert result.subsample == len(subsample) == 3
    section = result.section("primary_frame")
    assert section.units == 3
    assert section.overall["percent_agreement"].value == 1.0
    everything = project_agreement(project, schemes=["primary_frame"], layers=[], subsample=False)
    assert everything.subsample is None
    progress = study_progress(project)
    assert progress.planned
    assert {c.name: (c.assigned, c.done, c.todo) for c in progress.coders} == {
        c.name: (len(made.queues[c.uuid]), len(made.queues[c.uuid]), 0) for c in made.coders
    }
    assert all(c.seconds == pytest.approx(30.0 * c.assigned) for c in progress.coders)


def test_progress_without_a_plan_counts_every_article_for_coders_who_worked(project):
    coder = project.coders.add("Solo")
    ids = project.articles.ids()
    project.status.set(ids[0], coder.uuid, "done")
    project.status.add_time(ids[1], coder.uuid, 12.0)
    progress = study_progress(project)
    assert not progress.planned
    (solo,) = progress.coders
    assert (solo.assigned, solo.done, solo.in_progress, solo.todo) == (12, 1, 1, 10)


# -- the command line ----------------------------------------------------------------------------


def test_plan_and_progress_commands(project, tmp_path):
    path = project.path
    project.close()
    runner = CliRunner()
    folder = tmp_path / "copies"
    folder.mkdir()
    done = runner.invoke(
        app,
        [
            "plan",
            str(path),
            "--coders",
            "Amira K.,Bashir",
            "--overlap",
            "0.25",
            "--seed",
            "2",
            "--copies",
            str(folder),
        ],
    )
    assert done.exit_code == 0, done.output
    assert "Reliability subsample: 3 articles, coded by all 2 coders" in done.output
    assert "stratified by outlet" in done.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "study-Amira-K.sqlite",
        "study-Bashir.sqlite",
    ]
    again = runner.invoke(app, ["plan", str(path), "--coders", "X,Y"])
    assert again.exit_code == 1 and "already has a study plan" in again.output
    shown = runner.invoke(app, ["progress", str(path), "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert data["planned"]
    assert [(c["name"], c["assigned"], c["reliability"]) for c in data["coders"]] == [
        ("Amira K.", 8, 3),
        ("Bashir", 7, 3),
    ]
    table = runner.invoke(app, ["progress", str(path)])
    assert "Amira K." in table.output and "assigned" in table.output
    bad = runner.invoke(app, ["plan", str(path), "--coders", "A,B", "--by", "colour", "--replace"])
    assert bad.exit_code == 1 and "--by must be one of" in bad.output
