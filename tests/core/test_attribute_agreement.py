"""Agreement on attributes of matched spans (stance, source type, quote type) and on whole
attribution records, on small hand-made multi-coder projects checked by hand."""

from __future__ import annotations

import json

import krippendorff
import numpy as np
import pytest
from multi_coder import make_master, word
from typer.testing import CliRunner

from annotator.agreement import ReliabilityData, krippendorff_alpha, percent_agreement
from annotator.agreement.project import project_agreement
from annotator.cli import app

STANCE_TEXT = "Officials said the town was shelled, and the ministry claimed it was calm."


@pytest.fixture
def stance_case(tmp_path):
    """The issue's case: three coders accept the cue "said"; Cy sets it to distancing."""
    project = make_master(tmp_path, texts=(STANCE_TEXT,))
    (article,) = project.articles.ids()
    said = word(STANCE_TEXT, "said")
    names = {}
    for name, stance in (("Ann", "neutral"), ("Bob", "neutral"), ("Cy", "distancing")):
        coder = project.coders.add(name).uuid
        names[name] = coder
        project.spans.add(article, coder, "attribution", "cue", *said, {"stance": stance})
    project.names = names
    yield project
    project.close()


def test_stance_agreement_has_counts_and_matches_the_reference(stance_case):
    result = project_agreement(stance_case, schemes=[], layers=["attribution"])
    stance = result.section("attribution.stance")
    assert (stance.kind, stance.title, stance.units) == ("attribute", "Cue stance", 1)
    alpha = stance.overall["krippendorff_alpha"]
    percent = stance.overall["percent_agreement"]
    rows = [["neutral"], ["neutral"], ["distancing"]]
    data = ReliabilityData.from_rows(rows, coders=["Ann", "Bob", "Cy"])
    expected = krippendorff.alpha(
        reliability_data=np.array([[0.0], [0.0], [1.0]]), level_of_measurement="nominal"
    )
    assert (
        alpha.value
        == pytest.approx(expected)
        == pytest.approx(krippendorff_alpha(data, "nominal").value)
    )
    assert (alpha.units, alpha.coders, alpha.pairable) == (1, 3, 3)
    assert percent.value == pytest.approx(1 / 3) == pytest.approx(percent_agreement(data).value)
    assert (percent.units, percent.pairable) == (1, 3)
    (ann_cy,) = [p for p in stance.pairs if {p.coder_a, p.coder_b} == {"Ann", "Cy"}]
    assert ann_cy.coefficients["percent_agreement"].value == 0.0
    assert ann_cy.confusion is not None and ann_cy.confusion.total == 1
    # nobody marked a source or a content: no value, and why
    source_type = result.section("attribution.source_type").overall["krippendorff_alpha"]
    assert not source_type.defined
    assert source_type.reason == "no source span of one coder overlaps one of another coder's"


def test_agree_prints_and_emits_the_stance_figures(stance_case, tmp_path):
    path = str(stance_case.path)
    runner = CliRunner()
    text = runner.invoke(app, ["agree", path, "--layer", "attribution"])
    assert text.exit_code == 0, text.output
    assert "== Cue stance (attribute attribution.stance;" in text.output
    assert "1 matched spans" in text.output
    stance_lines = text.output.split("== Cue stance")[1].splitlines()
    line = next(x for x in stance_lines if x.strip().startswith("Agreement "))
    assert line.split()[1:] == ["0.333", "1", "3", "3"]
    out = runner.invoke(app, ["agree", path, "--layer", "attribution", "--json"])
    data = json.loads(out.output)
    (stance,) = [a for a in data["attributes"] if a["name"] == "attribution.stance"]
    figure = stance["overall"]["percent_agreement"]
    assert (figure["value"], figure["units"], figure["pairable"]) == (pytest.approx(1 / 3), 1, 3)
    assert stance["unit"] == "matched spans"
    (quote,) = [a for a in data["attributes"] if a["name"] == "attribution.quote_type"]
    assert quote["overall"]["krippendorff_alpha"]["value"] is None
    assert quote["overall"]["krippendorff_alpha"]["reason"]


RECORD_TEXTS = (
    'Officials said the town was shelled. A witness told reporters that "the army fired first".',
    "The ministry claimed the strikes were precise.",
)
# article -> coder -> records as (cue, source, content) words (None: missing)
RECORDS = {
    0: {
        "Ann": [
            ("said", "Officials", "the town was shelled"),
            ("told", "A witness", '"the army fired first"'),
        ],
        "Bob": [
            ("said", "Officials", "the town was shelled."),
            ("told", "A witness", None),  # no content: only the cue matches Ann's
        ],
        "Cy": [("said", "Officials", None)],
    },
    1: {
        coder: [("claimed", "The ministry", "the strikes were precise")]
        for coder in ("Ann", "Bob", "Cy")
    },
}


@pytest.fixture
def record_case(tmp_path):
    project = make_master(tmp_path, texts=RECORD_TEXTS)
    ids = project.articles.ids()
    for name in ("Ann", "Bob", "Cy"):
        coder = project.coders.add(name).uuid
        for article, by_coder in RECORDS.items():
            text = RECORD_TEXTS[article]
            for cue_words, source_words, content_words in by_coder[name]:
                cue = project.spans.add(
                    ids[article], coder, "attribution", "cue", *word(text, cue_words)
                )
                for label, words in (("source", source_words), ("content", content_words)):
                    if words is None:
                        continue
                    part = project.spans.add(
                        ids[article], coder, "attribution", label, *word(text, words)
                    )
                    kind = "source_of" if label == "source" else "content_of"
                    project.relations.add(ids[article], coder, kind, part.uuid, cue.uuid)
    yield project
    project.close()


def test_attribution_wise_agreement_on_a_small_multi_coder_case(record_case):
    records = project_agreement(record_case, schemes=[], layers=["attribution"]).section(
        "attribution", "records"
    )
    pairs = {frozenset((p.coder_a, p.coder_b)): p.coefficients for p in records.pairs}
    by_hand = {  # (records of both, matched) -> 2 x matched / records
        ("Ann", "Bob"): (4 / 6, 6 / 6),
        ("Ann", "Cy"): (2 / 5, 4 / 5),
        ("Bob", "Cy"): (2 / 5, 4 / 5),
    }
    for pair, (whole, cue) in by_hand.items():
        figures = pairs[frozenset(pair)]
        assert figures["attribution_agreement"].value == pytest.approx(whole)
        assert figures["attribution_cue_agreement"].value == pytest.approx(cue)
        assert figures["attribution_agreement"].units == 2  # articles both coded
    ann_bob = pairs[frozenset(("Ann", "Bob"))]["attribution_agreement"]
    assert dict(ann_bob.details) == {"records_a": 3, "records_b": 3, "matched": 2}
    overall = records.overall["attribution_agreement"]
    assert overall.value == pytest.approx((4 / 6 + 2 / 5 + 2 / 5) / 3)
    assert (overall.units, overall.coders, overall.pairable) == (2, 3, 16)
    assert records.overall["attribution_cue_agreement"].value == pytest.approx((1 + 0.8 + 0.8) / 3)
    most = records.per_article[0]
    assert most.article.title == "Article 0" and most.disagreement > 0
    assert records.per_article[1].disagreement == 0.0


def test_record_figures_get_a_bootstrap_interval_over_articles(record_case):
    from annotator.agreement import IntervalSettings

    result = project_agreement(
        record_case, schemes=[], layers=["attribution"], intervals=IntervalSettings(200, seed=3)
    )
    figure = result.section("attribution", "records").overall["attribution_agreement"]
    assert figure.interval is not None and figure.interval.samples == 200
    assert 0.0 <= figure.interval.lower <= figure.value <= figure.interval.upper <= 1.0


def test_no_records_no_value_with_the_reason(stance_case):
    # cues only, no links: every record is a cue alone, and they all match
    records = project_agreement(stance_case, schemes=[], layers=["attribution"]).section(
        "attribution", "records"
    )
    assert records.overall["attribution_agreement"].value == 1.0
    lonely = make_master(stance_case.path.parent, texts=("Nothing here.",), name="empty")
    lonely.coders.add("Ann")
    result = project_agreement(lonely, schemes=[], layers=["attribution"])
    figure = result.section("attribution", "records").overall["attribution_agreement"]
    assert not figure.defined and figure.reason
    lonely.close()
