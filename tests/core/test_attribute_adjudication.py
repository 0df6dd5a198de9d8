"""Adjudicating attributes: the same spans with a different stance are a dispute that stays open
until a supervisor decides it, per attribute if they like; and gold export leaves out articles
whose units are not all decided."""

from __future__ import annotations

import json

import pytest
from multi_coder import make_master, word
from typer.testing import CliRunner

from annotator.adjudication import (
    accept_agreed,
    gold_status,
    majority,
    take_attribute,
    take_version,
    unfinished_gold,
)
from annotator.cli import app
from annotator.disagreements import list_units
from annotator.errors import LabelError
from annotator.store import Project
from annotator.store.gold import read_gold

TEXTS = (
    "Officials said the town was shelled, and the ministry claimed it was calm.",
    "Diplomats said talks resume on Monday.",
)


@pytest.fixture
def stance_case(tmp_path):
    """Three coders accept the same cue "said" in article 0; Cy sets it to distancing. In
    article 1 all three mark "said" neutral (agreed)."""
    project = make_master(tmp_path, texts=TEXTS)
    ids = project.articles.ids()
    project.supervisor = project.coders.add("Supervisor").uuid
    for name, stance in (("Ann", "neutral"), ("Bob", "neutral"), ("Cy", "distancing")):
        coder = project.coders.add(name).uuid
        project.spans.add(
            ids[0], coder, "attribution", "cue", *word(TEXTS[0], "said"), {"stance": stance}
        )
        project.spans.add(
            ids[1], coder, "attribution", "cue", *word(TEXTS[1], "said"), {"stance": "neutral"}
        )
    project.ids = ids
    yield project
    project.close()


def the_unit(project, article):
    (unit,) = [u for u in list_units(project, article_id=article) if u.name == "attribution"]
    return unit


def test_the_same_cue_with_a_different_stance_is_a_dispute(stance_case):
    unit = the_unit(stance_case, stance_case.ids[0])
    assert unit.spans_agreed and not unit.agreed
    assert unit.disagreement == pytest.approx(2 / 3)
    assert unit.disputed_attributes == ["stance"]
    assert unit.attribute_values("stance") == {
        "Ann": "neutral",
        "Bob": "neutral",
        "Cy": "distancing",
    }
    assert majority(unit.attribute_values("stance")) == "neutral"
    assert the_unit(stance_case, stance_case.ids[1]).agreed


def test_accept_agreed_leaves_the_stance_dispute_and_says_so(stance_case):
    result = accept_agreed(stance_case, stance_case.supervisor)
    assert (result.span_units, result.left_disputed, result.left_on_attributes) == (1, 1, 1)
    assert "left 1 disputed unit(s)" in result.sentence()
    assert not read_gold(stance_case, stance_case.ids[0]).spans  # nothing stored for it
    status = gold_status(stance_case)
    counts = status.by_layer["attribution"]
    assert (counts.agreed, counts.disputed, counts.open, counts.on_attributes) == (1, 1, 1, 1)
    stance = status.by_attribute["attribution.stance"]
    assert (stance.units, stance.agreed, stance.disputed, stance.open) == (2, 1, 1, 1)
    # the unit stays disputed until a supervisor decides it
    unit = the_unit(stance_case, stance_case.ids[0])
    assert not unit.decided and not unit.agreed
    assert take_attribute(stance_case, unit, "stance", "distancing", stance_case.supervisor) == 1
    (gold,) = read_gold(stance_case, stance_case.ids[0]).spans
    assert (gold.label, gold.attrs["stance"]) == ("cue", "distancing")
    assert gold.decided_by == stance_case.supervisor
    decided = the_unit(stance_case, stance_case.ids[0])
    assert decided.decided and not decided.agreed
    assert gold_status(stance_case).by_layer["attribution"].open == 0


def test_take_attribute_checks_the_value_and_the_spans(stance_case):
    unit = the_unit(stance_case, stance_case.ids[0])
    with pytest.raises(LabelError, match="stance must be one of"):
        take_attribute(stance_case, unit, "stance", "furious", stance_case.supervisor)
    with pytest.raises(LabelError, match="no choice attribute 'mood'"):
        take_attribute(stance_case, unit, "mood", "x", stance_case.supervisor)
    # a coder's whole version first, then another coder's stance on it
    take_version(stance_case, unit, "Cy", stance_case.supervisor)
    unit = the_unit(stance_case, stance_case.ids[0])
    take_attribute(stance_case, unit, "stance", "neutral", stance_case.supervisor)
    (gold,) = read_gold(stance_case, stance_case.ids[0]).spans
    assert gold.attrs == {"stance": "neutral"}


def test_gold_cli_counts_attribute_disputes_and_decides_one(stance_case):
    path = str(stance_case.path)
    runner = CliRunner()
    out = runner.invoke(app, ["gold", path, "--accept-agreed", "--decider", "Supervisor"])
    assert out.exit_code == 0, out.output
    assert "left 1 disputed unit(s) for a decision (1 differ only in an attribute)" in out.output
    status = runner.invoke(app, ["gold", path, "--status", "--json"])
    data = json.loads(status.output)["status"]
    assert data["layers"]["attribution"]["disputed"] == 1
    assert data["attributes"]["attribution.stance"]["open"] == 1
    (open_article,) = [a for a in data["articles"] if not a["finished"]]
    assert (open_article["title"], open_article["open"]) == ("Article 0", 1)
    listed = runner.invoke(app, ["gold", path, "--list"])
    assert "stance differs: Ann neutral, Bob neutral, Cy distancing" in listed.output
    key = the_unit(stance_case, stance_case.ids[0]).key
    took = runner.invoke(
        app,
        [
            "gold",
            path,
            "--unit",
            key,
            "--attribute",
            "stance",
            "--take",
            "Cy",
            "--decider",
            "Supervisor",
        ],
    )
    assert took.exit_code == 0, took.output
    assert "stance = distancing on 1 span(s)" in took.output
    text = runner.invoke(app, ["gold", path, "--status"]).output
    assert "Articles fully adjudicated: 2 of 2" in text
    bad = runner.invoke(app, ["gold", path, "--unit", key, "--attribute", "stance"])
    assert bad.exit_code != 0 and "--take CODER or --value VALUE" in bad.output


@pytest.fixture
def partly_decided(tmp_path):
    """Article 0: Ann and Bob agree on one cue and dispute a second; article 1: agreed."""
    project = make_master(tmp_path, texts=TEXTS)
    ids = project.articles.ids()
    supervisor = project.coders.add("Supervisor").uuid
    for name in ("Ann", "Bob"):
        coder = project.coders.add(name).uuid
        project.spans.add(ids[0], coder, "attribution", "cue", *word(TEXTS[0], "said"))
        project.spans.add(ids[1], coder, "attribution", "cue", *word(TEXTS[1], "said"))
        if name == "Ann":
            project.spans.add(ids[0], coder, "attribution", "cue", *word(TEXTS[0], "claimed"))
    accept_agreed(project, supervisor)
    project.ids = ids
    yield project
    project.close()


def test_gold_export_leaves_out_partly_adjudicated_articles(partly_decided, tmp_path):
    (unfinished,) = unfinished_gold(partly_decided)
    assert unfinished.article_id == partly_decided.ids[0]
    assert (
        unfinished.why_unfinished() == "“Article 0”: 1 disputed unit(s) undecided (1 of 2 decided)"
    )
    path = str(partly_decided.path)
    partly_decided.close()
    runner = CliRunner()
    out = runner.invoke(app, ["export", path, "-o", str(tmp_path / "gold.jsonl")])
    assert out.exit_code == 0, out.output
    assert "1 article(s)" in out.output
    assert "left out 1 partly adjudicated article(s)" in out.output
    assert "Article 0" in out.output
    lines = (tmp_path / "gold.jsonl").read_text().splitlines()
    assert [json.loads(line)["meta"]["title"] for line in lines] == ["Article 1"]
    both = runner.invoke(
        app, ["export", path, "-o", str(tmp_path / "all.jsonl"), "--include-partial", "--json"]
    )
    assert both.exit_code == 0, both.output
    assert json.loads(both.output)["articles"] == 2 and json.loads(both.output)["left_out"] == []
    # a coder's labels are never held back
    coder = runner.invoke(
        app, ["export", path, "-o", str(tmp_path / "ann.jsonl"), "--source", "coder:Ann"]
    )
    assert coder.exit_code == 0 and "left out" not in coder.output


def test_nothing_finished_nothing_written_and_why(tmp_path):
    project = make_master(tmp_path, texts=TEXTS[:1])
    (article,) = project.articles.ids()
    supervisor = project.coders.add("Supervisor").uuid
    for name, words in (("Ann", ("said", "claimed")), ("Bob", ("said",))):
        coder = project.coders.add(name).uuid
        for needle in words:
            project.spans.add(article, coder, "attribution", "cue", *word(TEXTS[0], needle))
    accept_agreed(project, supervisor)
    project.close()
    out = CliRunner().invoke(app, ["export", str(project.path), "-o", str(tmp_path / "g.jsonl")])
    assert out.exit_code != 0
    assert "1 partly adjudicated article(s) were left out" in out.output
    assert not (tmp_path / "g.jsonl").exists()
    with Project.open(project.path, readonly=True) as opened:
        assert len(unfinished_gold(opened)) == 1


def test_train_leaves_out_partly_adjudicated_articles_too(partly_decided, tmp_path):
    """The same rule as the export: of two articles, the partly adjudicated one is left out,
    which leaves too few to train on, and the message says why; --include-partial keeps it."""
    path = str(partly_decided.path)
    partly_decided.close()
    runner = CliRunner()
    base = ["train", path, "--layer", "attribution", "--max-steps", "1", "--width", "32"]
    out = runner.invoke(app, [*base, "-o", str(tmp_path / "m")])
    assert out.exit_code == 1
    assert "1 partly adjudicated article(s) were left out (--include-partial" in out.output
    both = runner.invoke(app, [*base, "-o", str(tmp_path / "m2"), "--include-partial"])
    assert both.exit_code == 0, both.output
    assert "from gold: 1 train and 1 dev document(s)" in both.output
