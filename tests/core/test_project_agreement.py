"""Agreement of a project: the figures of a small hand-made project, checked by hand and
against the annotator.agreement functions on the explicit reliability matrices."""

from __future__ import annotations

import pytest
from multi_coder import TEXTS, make_master, word

from annotator.agreement import (
    AgreementDataError,
    ReliabilityData,
    SpanDocument,
    cohens_kappa,
    confusion_matrix,
    fleiss_kappa,
    krippendorff_alpha,
    per_label_alpha,
    percent_agreement,
    position_alpha,
    set_alpha,
    set_data,
    span_f1,
    unitized_alpha,
)
from annotator.agreement.project import project_agreement

FRAMES = {  # article -> Ann, Bob, Cy (None: no answer)
    0: ("security_defense", "security_defense", "security_defense"),
    1: ("political", "political", "economic"),
    2: ("security_defense", "political", None),
    3: ("economic", "economic", "economic"),
}
TONES = {
    0: ("very_negative", "negative", "very_negative"),
    1: ("neutral", "neutral", "positive"),
    2: ("negative", "negative", "negative"),
    3: ("positive", "very_positive", None),
}
SECONDARY = {
    0: (["security_defense", "political"], ["security_defense"], ["security_defense", "political"]),
    1: (["economic"], ["economic"], None),
    2: (["legality"], ["morality"], ["legality", "morality"]),
}
SPANS = {  # article -> coder -> (label, words)
    0: {
        "Ann": [("pejorative_label", "Regime"), ("emotive", "shelled")],
        "Bob": [("pejorative_label", "Regime")],
        "Cy": [("pejorative_label", "Regime forces")],
    },
    1: {
        "Ann": [("euphemism", "neutralized"), ("loaded_verb", "claimed")],
        "Bob": [("euphemism", "neutralized"), ("loaded_verb", "claimed")],
        "Cy": [("pejorative_label", "militants")],
    },
}
CODERS = ("Ann", "Bob", "Cy")


@pytest.fixture
def project(tmp_path):
    project = make_master(tmp_path)
    ids = project.articles.ids()
    coders = {name: project.coders.add(name).uuid for name in CODERS}
    for table in (FRAMES, TONES, SECONDARY):
        scheme = {id(FRAMES): "primary_frame", id(TONES): "tone"}.get(id(table), "secondary_frames")
        for article, values in table.items():
            for name, value in zip(CODERS, values, strict=True):
                if value is not None:
                    project.doc_labels.set(ids[article], coders[name], scheme, value)
    for article, by_coder in SPANS.items():
        for name, spans in by_coder.items():
            for label, words in spans:
                start, end = word(TEXTS[article], words)
                project.spans.add(ids[article], coders[name], "loaded", label, start, end)
    # Work that must not count: a deleted span, a changed answer's old value.
    gone = project.spans.add(ids[2], coders["Bob"], "loaded", "emotive", 0, 3)
    project.spans.delete(gone.uuid)
    project.doc_labels.set(ids[3], coders["Bob"], "primary_frame", "political")
    project.doc_labels.set(ids[3], coders["Bob"], "primary_frame", "economic")
    yield project
    project.close()


def matrix(table, categories=None):
    rows = [[table[a][c] for a in sorted(table)] for c in range(3)]
    return ReliabilityData.from_rows(
        rows, coders=list(CODERS), units=sorted(table), categories=categories
    )


def close(result, expected):
    assert result.value == pytest.approx(expected, abs=1e-12), result


def test_primary_frame_by_hand(project):
    section = project_agreement(project, layers=[]).section("primary_frame")
    assert section.measure == "single choice"
    assert section.units == 4 and section.coders == list(CODERS)
    # o(eco,eco)=3, o(pol,pol)=1, o(sec,sec)=3, one pol/eco and one sec/pol pair each way:
    # n = 11, Do = 4/11, De = (121 - 16 - 9 - 16) / 110 = 8/11, alpha = 1 - 1/2
    close(section.overall["krippendorff_alpha"], 0.5)
    assert section.overall["krippendorff_alpha"].pairable == 11
    close(section.overall["percent_agreement"], (1 + 1 / 3 + 0 + 1) / 4)
    ann_bob = section.pair("Ann", "Bob")
    assert ann_bob.units == 4
    # Ao = 3/4; Ae = (2*1 + 1*2 + 1*1) / 16 = 5/16; kappa = (12/16 - 5/16) / (11/16)
    close(ann_bob.coefficients["cohen_kappa"], 7 / 11)
    assert ann_bob.confusion.total == 4


def test_primary_frame_equals_the_library_on_the_explicit_matrix(project):
    section = project_agreement(project, layers=[]).section("primary_frame")
    data = matrix(FRAMES)
    close(section.overall["krippendorff_alpha"], krippendorff_alpha(data).value)
    assert section.overall["fleiss_kappa"].reason == fleiss_kappa(data).reason  # 2 to 3 ratings
    for pair in section.pairs:
        expected = cohens_kappa(confusion_matrix(data, pair.coder_a, pair.coder_b))
        close(pair.coefficients["cohen_kappa"], expected.value)
    contested = [(a.article.title, round(a.disagreement, 6)) for a in section.per_article]
    # Article 1: political, political, economic: two of the three pairs differ
    assert contested[:2] == [("Article 2", 1.0), ("Article 1", round(2 / 3, 6))]
    assert section.per_article[0].values == {"Ann": "security_defense", "Bob": "political"}


def test_ordered_scheme_is_ordinal_with_interval_on_positions(project):
    section = project_agreement(project, layers=[]).section("tone")
    choices = [c.name for c in project.codebook.scheme("tone").choices]
    data = matrix(TONES, categories=choices)
    close(section.overall["krippendorff_alpha"], krippendorff_alpha(data, "ordinal").value)
    assert section.overall["krippendorff_alpha"].level == "ordinal"
    close(section.overall["krippendorff_alpha_nominal"], krippendorff_alpha(data).value)
    positions = [
        [None if v is None else choices.index(v) + 1 for v in row]
        for row in [[TONES[a][c] for a in sorted(TONES)] for c in range(3)]
    ]
    close(
        section.overall["krippendorff_alpha_interval"],
        krippendorff_alpha(positions, "interval").value,
    )


def test_multiple_choice_scheme_uses_set_distances_and_per_choice_alpha(project):
    section = project_agreement(project, layers=[]).section("secondary_frames")
    rows = [[SECONDARY[a][c] for a in sorted(SECONDARY)] for c in range(3)]
    close(section.overall["masi_alpha"], set_alpha(rows, "masi").value)
    close(section.overall["jaccard_alpha"], set_alpha(rows, "jaccard").value)
    close(section.overall["percent_agreement"], percent_agreement(set_data(rows)).value)
    choices = [c.name for c in project.codebook.scheme("secondary_frames").choices]
    expected = per_label_alpha(rows, labels=choices)
    for choice in choices:
        got = section.per_label[choice]["krippendorff_alpha"]
        assert (got.value, got.reason) == (expected[choice].value, expected[choice].reason)
    # a choice nobody used has no value, and says why
    assert section.per_label["economic"]["krippendorff_alpha"].defined
    assert "no variation" in section.per_label["health_safety"]["krippendorff_alpha"].reason
    ann_cy = section.pair("Ann", "Cy")
    close(ann_cy.coefficients["masi_alpha"], set_alpha([rows[0], rows[2]], "masi").value)


def span_documents():
    documents = []
    for article, text in enumerate(TEXTS):
        spans = {name: [] for name in CODERS}
        for name, marked in SPANS.get(article, {}).items():
            spans[name] = [(*word(text, words), label) for label, words in marked]
        documents.append(SpanDocument(len(text), spans, id=article))
    return documents


def test_span_layer_by_hand_and_against_the_library(project):
    section = project_agreement(project, schemes=[], layers=["loaded"]).section("loaded")
    documents = span_documents()
    assert section.units == 4
    ann_bob = section.pair("Ann", "Bob")
    # Ann 4 spans, Bob 3, three the same: F1 = 2 * 3 / 7
    close(ann_bob.coefficients["span_f1_exact"], 6 / 7)
    pairs = {(p.coder_a, p.coder_b): p for p in span_f1(documents, "overlap")}
    close(ann_bob.coefficients["span_f1_overlap"], pairs[("Ann", "Bob")].overall.value)
    close(section.overall["position_alpha"], position_alpha(documents).value)
    close(section.overall["unitized_alpha"], unitized_alpha(documents).value)
    for label in ("pejorative_label", "euphemism"):
        close(section.per_label[label]["position_alpha"], position_alpha(documents, label).value)
        close(section.per_label[label]["unitized_alpha"], unitized_alpha(documents, label).value)
    exact = [p.overall.value for p in span_f1(documents, "exact")]
    close(section.overall["span_f1_exact"], sum(exact) / len(exact))
    assert section.overall["span_f1_exact"].details["pairs"] == 3
    # scare quotes: nobody marked any, so every figure says so
    nothing = section.per_label["scare_quotes"]
    assert not any(result.defined for result in nothing.values())
    assert "no coder marked a span of 'scare_quotes'" in nothing["unitized_alpha"].reason
    cy = next(c for c in section.per_coder if c.coder == "Cy")
    pair_docs = [
        SpanDocument(d.length, {k: v for k, v in d.spans.items() if k != "Cy"}, d.id)
        for d in documents
    ]
    close(cy.coefficients["position_alpha_without"], position_alpha(pair_docs).value)
    worst = section.per_article[0]
    assert worst.values["span units"] >= 1 and worst.disagreement == 1.0


def test_choosing_coders_and_refusing_unknown_names(project):
    result = project_agreement(project, layers=[], coders=["Ann", "Bob"])
    section = result.section("primary_frame")
    data = matrix(FRAMES).select(coders=[0, 1])
    close(section.overall["krippendorff_alpha"], krippendorff_alpha(data).value)
    close(section.overall["cohen_kappa"], 7 / 11)
    with pytest.raises(AgreementDataError, match="no coder named 'Zed'"):
        project_agreement(project, coders=["Zed"])
    with pytest.raises(AgreementDataError, match="free text"):
        project_agreement(project, schemes=["note"])
    with pytest.raises(AgreementDataError, match="no layer 'quotes'"):
        project_agreement(project, layers=["quotes"])


def test_one_coder_and_no_answers_give_no_value_with_the_reason(tmp_path):
    project = make_master(tmp_path)
    ann = project.coders.add("Ann")
    ids = project.articles.ids()
    project.doc_labels.set(ids[0], ann.uuid, "primary_frame", "political")
    project.spans.add(ids[0], ann.uuid, "loaded", "emotive", 0, 6)
    result = project_agreement(project)
    frame = result.section("primary_frame")
    assert frame.overall["krippendorff_alpha"].reason.startswith("there is only one coder")
    tone = result.section("tone")
    assert tone.overall["krippendorff_alpha"].reason == "no coder answered this scheme"
    loaded = result.section("loaded")
    assert loaded.units == 0
    assert {r.reason for r in loaded.overall.values()} == {
        "there is only one coder; agreement needs two or more"
    }
    bob = project.coders.add("Bob")
    project.doc_labels.set(ids[1], bob.uuid, "primary_frame", "political")  # another article
    loaded = project_agreement(project, schemes=[]).section("loaded")
    assert loaded.overall["position_alpha"].reason == (
        "no article was coded by two or more of the coders"
    )
    project.close()


def test_every_figure_is_in_the_json_and_the_csv_rows(project):
    result = project_agreement(project)
    data = result.to_dict()
    assert [s["name"] for s in data["schemes"]] == ["primary_frame", "secondary_frames", "tone"]
    assert [s["name"] for s in data["layers"]] == ["loaded", "attribution"]
    rows = result.rows()
    assert {row["scope"] for row in rows} == {"overall", "label", "pair", "coder", "article"}
    for row in rows:
        assert (row["value"] is None) == bool(row["reason"]), row
