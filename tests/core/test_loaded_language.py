"""The loaded layer: multi-word entries, context restrictions, phrases and scores.

Made-up sentences only; the figures on other people's news are in docs/detection.md.
"""

from __future__ import annotations

import functools

import pytest

from annotator.detect import available_tier, build_pipeline, detect_text, shared_pipeline
from annotator.detect.lexicons import DetectionError, read_lexicon
from annotator.detect.loaded_language import (
    DEFAULT_MIN_SCORE,
    SCARE_QUOTES_SCORES,
    entry_score,
)

TIERS = [
    "blank",
    pytest.param(
        "parser",
        marks=pytest.mark.skipif(
            available_tier() != "parser", reason="no English parser pipeline installed"
        ),
    ),
]


@pytest.fixture(params=TIERS)
def nlp(request):
    return shared_pipeline(request.param)


@functools.cache
def sensitive(tier: str):
    """A pipeline of its own that shows every loaded suggestion, whatever its score."""
    pipeline = build_pipeline(tier)
    pipeline.get_pipe("loaded_language").min_score = 0.0
    return pipeline


def loaded(text, nlp):
    return {
        text[s["start"] : s["end"]]: s
        for s in detect_text(text, nlp).spans
        if s["layer"] == "loaded"
    }


# -- multi-word entries and phrases ----------------------------------------------------------


def test_multi_word_entries_match_as_one_span(nlp):
    spans = loaded("They called it a witch hunt run by the deep state and the loony left.", nlp)
    assert spans["witch hunt"]["label"] == "emotive"
    assert spans["deep state"]["label"] == "pejorative_label"
    assert spans["loony left"]["explanation"]["entry"] == "loony left"
    assert "left" not in spans


def test_multi_word_entries_match_inflected(nlp):
    spans = loaded("Their smear campaigns never stopped.", nlp)
    assert spans["smear campaigns"]["explanation"]["entry"] == "smear campaign"


def test_an_intensifier_joins_the_loaded_word(nlp):
    spans = loaded("The plan was utterly absurd, and the reply was truly pathetic.", nlp)
    assert spans["utterly absurd"]["explanation"]["entry"] == "absurd"
    assert "intensifier" in spans["utterly absurd"]["explanation"]["phrase"]
    assert "truly pathetic" in spans


def test_parser_tier_takes_the_noun_a_loaded_adjective_modifies():
    if available_tier() != "parser":
        pytest.skip("no English parser pipeline installed")
    spans = loaded("The senator's reckless policy angered the voters.", shared_pipeline("parser"))
    assert spans["reckless policy"]["explanation"]["phrase"] == "with the noun it modifies"
    # a pejorative label stays the label alone (docs/guidelines.md)
    spans = loaded("Britain admitted radical preachers.", shared_pipeline("parser"))
    assert "radical" in spans
    # a predicative adjective has no noun to take
    spans = loaded("The senator's policy was reckless.", shared_pipeline("parser"))
    assert "reckless" in spans


def test_the_blank_tier_leaves_the_adjective_alone():
    spans = loaded("The senator's reckless policy angered the voters.", shared_pipeline("blank"))
    assert "reckless" in spans and "phrase" not in spans["reckless"]["explanation"]


def test_overlapping_phrases_merge_into_one_suggestion(nlp):
    spans = loaded("It was an utterly disgraceful sham.", nlp)
    (words,) = [w for w in spans if "disgraceful" in w]
    assert words.startswith("utterly disgraceful")
    assert all("disgraceful" not in w for w in spans if w != words)


# -- context restrictions --------------------------------------------------------------------


def test_regime_is_lit_for_a_government_only(nlp):
    assert "regime" in loaded("The regime shelled the town again.", nlp)
    text = "The tax regime changed, and so did the visa regime."
    assert "regime" not in loaded(text, nlp)


def test_regime_change_is_a_policy_term_not_a_label_for_a_government(nlp):
    text = "The memo called for regime change and a regime-change operation."
    assert "regime" not in loaded(text, nlp)
    spans = loaded(text, sensitive(nlp.meta["annotator_tier"]))
    assert spans["regime change"]["label"] == "euphemism"
    assert spans["regime change"]["score"] < DEFAULT_MIN_SCORE


def test_the_name_of_an_event_is_not_loaded(nlp):
    assert "massacre" not in loaded("Police reviewed the Las Vegas massacre footage.", nlp)
    assert "massacre" in loaded("Witnesses described a massacre in the village.", nlp)
    assert "Massacre" in loaded("Massacre in the village, the headline said.", nlp)


def test_literal_senses_are_cancelled_by_the_next_word(nlp):
    text = "The toxic waste spilled near the historic district, and a venomous snake bit him."
    assert not loaded(text, nlp)
    text = "A toxic debate about a venomous speech."
    words = {w.split()[0] for w in loaded(text, nlp)}
    assert {"toxic", "venomous"} <= words


def test_revealed_and_admitted_outside_a_cue_are_not_loaded_verbs(nlp):
    text = "New documents revealed the name. He was admitted to hospital on Monday."
    assert not loaded(text, nlp)
    text = "The senator blasted the plan on Monday."
    assert loaded(text, nlp)["blasted"]["label"] == "loaded_verb"


def test_claimed_and_said_keep_their_point(nlp):
    spans = loaded("Erdogan claimed that 2,100 soldiers had been killed.", nlp)
    assert spans["claimed"]["explanation"]["neutral_alternative"] == "said"
    assert not loaded("Erdogan said that 2,100 soldiers had been killed.", nlp)


# -- scores -----------------------------------------------------------------------------------


def test_every_loaded_suggestion_carries_its_score(nlp):
    text = (
        "The regime claimed the ‘moderates’ were terrorists, a ludicrous and cynical smear "
        "that the senator blasted."
    )
    spans = detect_text(text, sensitive(nlp.meta["annotator_tier"])).spans
    for span in (s for s in spans if s["layer"] == "loaded"):
        assert 0.0 < span["score"] <= 1.0
        assert span["score"] == span["explanation"]["score"]


def test_scores_order_what_a_coder_sees_first(nlp):
    tier = nlp.meta["annotator_tier"]
    text = "The ‘reform’ failed. A ludicrous plan from a moron. The regime claimed that it won."
    spans = loaded(text, sensitive(tier))
    assert spans["moron"]["score"] > spans["regime"]["score"]
    ludicrous = spans["ludicrous plan" if tier == "parser" else "ludicrous"]
    assert ludicrous["score"] > spans["claimed"]["score"]
    assert spans["‘reform’"]["score"] in SCARE_QUOTES_SCORES


def test_the_default_sensitivity_drops_what_scores_below_it(nlp):
    text = "Its ‘reform’ of the regime was a sham, and ‘reform’ it stays."
    default = loaded(text, nlp)
    everything = detect_text(text, sensitive(nlp.meta["annotator_tier"])).spans
    quoted = [s for s in everything if s["label"] == "scare_quotes"]
    # after a possessive or determiner a quotation is more often a scare quote than elsewhere
    assert [s["score"] for s in quoted] == list(SCARE_QUOTES_SCORES)
    assert [s["start"] for s in default.values() if s["label"] == "scare_quotes"] == [4]
    assert {"regime", "sham"} <= set(default)
    assert all(s["score"] >= DEFAULT_MIN_SCORE for s in default.values())


def test_words_shouted_in_capitals_are_emphasis_but_headlines_are_not(nlp):
    spans = loaded("There is NO evidence and NOT a single witness.", nlp)
    assert set(spans) == {"NO", "NOT"}
    assert spans["NO"]["explanation"]["rule"] == "emphasis_capitals"
    assert "NO" not in loaded("NO WAY OUT FOR THE REBELS\nThe rebels are trapped.", nlp)
    assert not loaded("The US and NATO said the WHO report is due.", nlp)


def test_a_stricter_sensitivity_keeps_the_strongest_words():
    strict = build_pipeline("blank")
    strict.get_pipe("loaded_language").min_score = 0.55
    spans = loaded("The regime is run by a moron who made a huge mistake.", strict)
    assert set(spans) == {"moron"}


def test_lexicon_scores_are_estimates_between_0_and_1():
    for name in ("loaded_terms.tsv", "loaded_rhetoric.tsv", "general_emotive.tsv"):
        for entry in read_lexicon(name):
            assert 0.0 < entry_score(entry) <= 1.0, entry.term
    rhetoric = read_lexicon("loaded_rhetoric.tsv")
    assert len(rhetoric) >= 500
    assert all(e.provenance and e.licence == "MIT (this project)" for e in rhetoric)
    assert all(
        e.category in {"pejorative_label", "emotive", "euphemism", "other"} for e in rhetoric
    )


def test_a_broken_score_names_the_file_and_line(tmp_path, monkeypatch):
    from annotator.detect import lexicons

    bad = tmp_path / "lexicons"
    bad.mkdir()
    (bad / "loaded_rhetoric.tsv").write_text(
        "term\tcategory\tneutral_alternative\tprovenance\tlicence\tscore\n"
        "sham\temotive\t\ttest\tMIT\t0.5\n"
        "farce\temotive\t\ttest\tMIT\thigh\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(lexicons, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    lexicons.read_lexicon.cache_clear()
    try:
        with pytest.raises(DetectionError, match=r"loaded_rhetoric.tsv line 3: score 'high'"):
            lexicons.read_lexicon("loaded_rhetoric.tsv")
    finally:
        lexicons.read_lexicon.cache_clear()
