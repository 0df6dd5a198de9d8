"""Attribution in PolNeAR's scope (docs/guidelines.md section 2), on sentences written for these
tests: each kind of cue and source, content, nesting, scores and the sensitivity per layer."""

from __future__ import annotations

import pytest

from annotator.detect import available_tier, build_pipeline, detect_text, shared_pipeline
from annotator.detect.sensitivity import keep_passing, min_scores

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


def shown(text, nlp, sensitivity="balanced"):
    """What a coder sees at a sensitivity: {layer: {(words, label)}} and the spans."""
    spans = keep_passing(detect_text(text, nlp).spans, min_scores(sensitivity))
    found: dict[str, set] = {"attribution_cue": set(), "source": set(), "quote": set()}
    for span in spans:
        if span["layer"] in found:
            found[span["layer"]].add((text[span["start"] : span["end"]], span["label"]))
    return found, spans


def words(found, layer):
    return {w for w, _ in found[layer]}


# -- cues ---------------------------------------------------------------------------------------


def test_speech_act_with_a_noun_phrase_object(nlp):
    found, _ = shown("The senator called the governor a liar on Tuesday.", nlp)
    assert words(found, "attribution_cue") == {"called"}
    assert words(found, "source") == {"The senator"}
    (content,) = words(found, "quote")
    assert content.startswith("the governor a liar")


def test_accused_of(nlp):
    found, _ = shown("Opposition leaders accused the mayor of hiding the figures.", nlp)
    assert words(found, "attribution_cue") == {"accused"}
    assert words(found, "source") == {"Opposition leaders"}
    assert words(found, "quote") == {"the mayor of hiding the figures"}


def test_speech_acts_that_were_not_cues_before_are_now(nlp):
    text = "The minister expressed his condolences. The envoy condemned the attacks on troops."
    found, _ = shown(text, nlp)
    assert words(found, "attribution_cue") == {"expressed", "condemned"}


def test_thinking_verb(nlp):
    found, _ = shown("Most economists believe the new tariff will raise prices.", nlp)
    assert words(found, "attribution_cue") == {"believe"}
    assert words(found, "quote") == {"the new tariff will raise prices"}


def test_evidence_verb(nlp):
    found, _ = shown("A new survey shows the mayor trailing her rival by ten points.", nlp)
    assert ("shows", "endorsing") in found["attribution_cue"]
    assert words(found, "source") == {"A new survey"}


def test_cue_with_in_a_statement(nlp):
    found, _ = shown("The council said in a statement that the bridge would reopen.", nlp)
    assert words(found, "attribution_cue") == {"said"}
    assert words(found, "quote") == {"the bridge would reopen"}


def test_according_to(nlp):
    found, _ = shown("According to the city's own figures, crime fell by a third.", nlp)
    assert words(found, "attribution_cue") == {"According to"}
    assert words(found, "source") == {"the city's own figures"}
    assert words(found, "quote") == {"crime fell by a third"}


def test_noun_cue_with_a_possessive_source(nlp):
    # high_recall: PolNeAR marks a noun cue that is a sentence's subject about a third of the time
    found, _ = shown("His criticism of the deal drew applause.", nlp, "high_recall")
    assert words(found, "attribution_cue") == {"criticism of"}
    assert ("His", "pronoun") in found["source"]


def test_transcript_colons(nlp):
    text = "HOST: Welcome back to the program.\nSMITH: Thank you for having me."
    found, _ = shown(text, nlp)
    assert words(found, "attribution_cue") == {":"}
    assert words(found, "source") == {"HOST", "SMITH"}
    assert words(found, "quote") == {"Welcome back to the program", "Thank you for having me"}


def test_an_interviews_q_and_a_are_not_speakers(nlp):
    text = "Q: What comes next?\nA: We rebuild the bridge and reopen the market."
    found, _ = shown(text, nlp, "high_recall")
    assert ":" not in words(found, "attribution_cue")


def test_dash_before_a_quotation(nlp):
    found, _ = shown("Mayor Lee ― “We will rebuild the bridge before winter.”", nlp)
    assert words(found, "attribution_cue") == {"―"}
    assert words(found, "source") == {"Mayor Lee"}
    assert ("“We will rebuild the bridge before winter.”", "direct") in found["quote"]


def test_a_single_headline_label_is_suggested_only_at_high_recall(nlp):
    text = "Mayor: We will rebuild the bridge before winter"
    assert not shown(text, nlp)[0]["attribution_cue"]
    assert words(shown(text, nlp, "high_recall")[0], "attribution_cue") == {":"}


# -- sources --------------------------------------------------------------------------------------


def test_relative_pronoun_source(nlp):
    found, _ = shown("The mayor, who said the budget was balanced, resigned in March.", nlp)
    assert ("who", "pronoun") in found["source"]


def test_passive_cue_takes_its_agent_as_source(nlp):
    found, _ = shown("The plan was criticized by the teachers' union.", nlp, "high_recall")
    assert words(found, "source") == {"the teachers' union"}


# -- content --------------------------------------------------------------------------------------


def content_parts(spans, text):
    """The content suggestions as {words: (rule, part)}."""
    return {
        text[s["start"] : s["end"]]: (s["explanation"]["rule"], s["explanation"].get("part"))
        for s in spans
        if s["layer"] == "quote"
    }


def test_a_cue_set_off_by_commas_splits_its_content_in_two(nlp):
    text = "The good news for the city, the mayor said, is that the bridge reopens in May."
    found, spans = shown(text, nlp)
    assert words(found, "attribution_cue") == {"said"}
    assert words(found, "source") == {"the mayor"}
    parts = content_parts(spans, text)
    assert parts["The good news for the city"] == ("interrupted_content", "first")
    assert parts["is that the bridge reopens in May"][1] is None  # the part linked to the cue
    said = [text.index("said"), text.index("said") + 4]
    assert all(s["explanation"]["cue"] == said for s in spans if s["layer"] == "quote")


def test_a_comma_before_the_cue_alone_does_not_split(nlp):
    text = "Turnout was higher than in 2012, the mayor said."
    found, spans = shown(text, nlp)
    assert words(found, "quote") == {"Turnout was higher than in 2012"}
    assert all("part" not in s["explanation"] for s in spans)


PARSER = pytest.mark.skipif(
    available_tier() != "parser", reason="no English parser pipeline installed"
)


@PARSER
@pytest.mark.parametrize(
    "text, subject, rest",
    [
        ("The bill is expected to pass next week.", "The bill", "to pass next week"),
        ("The senator seemed to concede the point on Tuesday.", "The senator", None),
    ],
)
def test_a_passive_or_seem_reports_about_its_subject(text, subject, rest):
    """PolNeAR marks the subject of "is expected", "seemed" as content, with no source."""
    found, spans = shown(text, shared_pipeline("parser"))
    assert found["source"] == set()
    parts = content_parts(spans, text)
    assert parts[subject] == ("dependency_reported_subject", "first")
    if rest:
        assert parts[rest][1] is None


@pytest.mark.parametrize(
    "text, source, content",
    [
        (
            "Rep. Ann Scott, the bill's chief negotiator, said she fully supports the compromise.",
            "Rep. Ann Scott",
            "she fully supports the compromise",
        ),
        ("In the long meeting, Kalin said the talks went well.", "Kalin", "the talks went well"),
        ("The plan failed, she said in a statement.", "she", "The plan failed"),
    ],
)
def test_a_comma_before_the_cue_is_not_always_content_before(nlp, text, source, content):
    """ ", said she supports" and "In the long meeting, Kalin said": what was said comes after
    the cue; "X, she said in a statement" keeps X."""
    found, _ = shown(text, nlp)
    assert words(found, "attribution_cue") == {"said"}
    assert words(found, "source") == {source}
    assert words(found, "quote") == {content}


@PARSER
def test_the_one_addressed_is_neither_source_nor_content():
    text = "The governor was told to leave the building."
    found, _ = shown(text, shared_pipeline("parser"))
    assert words(found, "attribution_cue") == {"told"}
    assert found["source"] == set()
    assert words(found, "quote") == {"to leave the building"}


# -- blank tier errors of the past ----------------------------------------------------------------


def test_state_as_a_noun_is_never_a_cue(nlp):
    text = (
        "The secretary of state met the press. The United States will respond, officials said. "
        "State media carried the speech."
    )
    found, _ = shown(text, nlp, "high_recall")
    assert words(found, "attribution_cue") == {"said"}


def test_said_before_a_name_or_a_possessive(nlp):
    for text in ("Trump said Clinton's plan would fail.", "Mr. Lee said Democrats had no plan."):
        assert words(shown(text, nlp)[0], "attribution_cue") == {"said"}


# -- nesting --------------------------------------------------------------------------------------


def test_attribution_inside_a_quotation_is_not_suggested(nlp):
    text = "The aide said: “The minister told me he would resign before the vote.”"
    found, _ = shown(text, nlp)
    assert words(found, "attribution_cue") == {"said"}
    assert words(found, "source") == {"The aide"}


def test_attribution_inside_reported_content_is_not_suggested(nlp):
    found, _ = shown("The report says the senator told donors he would run.", nlp)
    assert words(found, "attribution_cue") == {"says"}
    assert words(found, "quote") == {"the senator told donors he would run"}


@pytest.mark.parametrize("tier", TIERS)
def test_an_option_keeps_nested_attributions(tier):
    text = "The aide said: “The minister told me he would resign before the vote.”"
    nlp = build_pipeline(tier, nested=True)
    spans = detect_text(text, nlp).spans
    told = next(s for s in spans if text[s["start"] : s["end"]] == "told")
    quotation = text.index("“"), len(text)
    assert told["explanation"]["nested_in"] == list(quotation)
    assert told not in keep_passing(spans, min_scores())
    assert told in keep_passing(spans, min_scores(), nested=True)


# -- scores ---------------------------------------------------------------------------------------


def test_every_attribution_suggestion_has_a_score_from_polnear_counts(nlp):
    text = (
        "“We will rebuild,” the governor said on Sunday. Critics believe the plan is too costly, "
        "according to a new poll. The senator called it a fantasy."
    )
    spans = [s for s in detect_text(text, nlp).spans if s["layer"] != "loaded"]
    assert spans
    for span in spans:
        assert 0.0 <= span["score"] <= 1.0
        assert span["score"] == span["explanation"]["score"]
    cues = {text[s["start"] : s["end"]]: s for s in spans if s["layer"] == "attribution_cue"}
    tier = nlp.meta["annotator_tier"]
    role = ":main" if tier == "parser" else ""  # the parser tier counts by the cue's role too
    assert cues["said"]["explanation"]["score_from"].startswith(f"{tier}/strong{role}/")
    assert cues["said"]["score"] > 0.9  # "said" with a quotation is nearly always marked
    for span in spans:  # a source or content is as likely as the cue it belongs to
        if span["layer"] != "attribution_cue" and "cue" in span["explanation"]:
            start, end = span["explanation"]["cue"]
            assert span["score"] == cues[text[start:end]]["score"]
