"""Detection components on both tiers: what is found, with what explanation, at which offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from annotator.codebook import default_codebook
from annotator.detect import (
    DetectionError,
    available_tier,
    build_pipeline,
    describe_pipeline,
    detect_text,
    detect_texts,
    detector_version,
    lexicons_hash,
    pipeline_tier,
    shared_pipeline,
)
from annotator.detect.pipeline import MAX_PIECE_CHARS
from annotator.detect.run import cut

SAMPLES = sorted(Path(__file__).resolve().parents[2].glob("resources/samples/*/*.txt"))
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
    """Each tier's pipeline, built once per test session (shared_pipeline caches it)."""
    return shared_pipeline(request.param)


@pytest.fixture
def blank():
    return shared_pipeline("blank")


def spans_of(text, nlp, layer=None):
    result = detect_text(text, nlp)
    for span in result.spans:
        assert text[span["start"] : span["end"]] == text[span["start"] : span["end"]].strip()
    return [
        (text[s["start"] : s["end"]], s["label"], s["explanation"])
        for s in result.spans
        if layer is None or s["layer"] == layer
    ]


def found(text, nlp, layer):
    return {(words, label) for words, label, _ in spans_of(text, nlp, layer)}


# -- tiers ------------------------------------------------------------------------------------


def test_blank_tier_can_be_forced_and_says_so(blank):
    assert pipeline_tier(blank) == "blank"
    assert "blank tier" in describe_pipeline(blank)
    assert blank.pipe_names == [
        "punct_sentences",
        "lookup_lemmas",
        "attribution",
        "loaded_language",
    ]
    assert detector_version(blank).endswith(f"blank-lex.{lexicons_hash()}")


@pytest.mark.skipif(available_tier() != "parser", reason="no English parser pipeline installed")
def test_parser_tier_is_the_default_when_installed():
    nlp = shared_pipeline("parser")
    assert pipeline_tier(nlp) == "parser"
    assert "parser" in nlp.pipe_names
    assert shared_pipeline("auto").meta["annotator_tier"] == "parser"


SAMPLE_TEXTS = [
    "",
    ".",
    "Hi. . . there!?” Yes",
    "“Wow.” He left. (Really?) Yes…",
    "a.b. c d. E f",
    "Line one\n\nLine two. Done。 次",
]


def test_blank_sentences_are_spacys_sentencizer_rule(blank):
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    texts = SAMPLE_TEXTS + [p.read_text(encoding="utf-8") for p in SAMPLES]
    for text in texts:
        expected = [s.start for s in reference(text).sents] if text else []
        doc = blank.get_pipe("punct_sentences")(blank.make_doc(text))
        assert ([s.start for s in doc.sents] if text else []) == expected, text[:60]


def test_blank_lemmas_are_spacys_lookup_table(blank):
    reference = spacy.blank("en")
    reference.add_pipe("lemmatizer", config={"mode": "lookup"})
    reference.initialize()
    lemmas = blank.get_pipe("lookup_lemmas")
    for text in SAMPLE_TEXTS + [p.read_text(encoding="utf-8") for p in SAMPLES]:
        ours = [t.lemma_ for t in lemmas(blank.make_doc(text))]
        theirs = [t.lemma_ for t in reference(text)]
        # the same table; ours also tries the lower-case form ("Martyred" -> "martyr")
        assert all(
            a == b or a == lemmas.table.get(b.lower()) for a, b in zip(ours, theirs, strict=True)
        )
    doc = lemmas(blank.make_doc("Martyred soldiers were neutralized"))
    assert [t.lemma_ for t in doc] == ["martyr", "soldier", "be", "neutralize"]


def test_blank_pipeline_lemmas_and_sentences_are_the_components_own(blank):
    # in the pipeline the lemmatizer and TextUnits read what the sentencizer looked up
    lemmas, sentences = blank.get_pipe("lookup_lemmas"), blank.get_pipe("punct_sentences")
    texts = SAMPLE_TEXTS + [p.read_text(encoding="utf-8") for p in SAMPLES]
    docs = list(blank.pipe(texts))
    shared = sentences.words
    sentences.words = lemmas.words = None  # each looks its columns up itself
    try:
        for text, doc in zip(texts, docs, strict=True):
            alone = lemmas(sentences(blank.make_doc(text)))
            assert [t.lemma for t in doc] == [t.lemma for t in alone], text[:60]
            assert [t.is_sent_start for t in doc] == [t.is_sent_start for t in alone], text[:60]
    finally:
        sentences.words = lemmas.words = shared


def test_unknown_tier_is_a_clear_error():
    with pytest.raises(DetectionError, match="unknown tier"):
        build_pipeline("huge")  # type: ignore[arg-type]


def test_parser_tier_without_a_model_is_a_clear_error(monkeypatch):
    monkeypatch.setattr("annotator.detect.pipeline.installed_parser_model", lambda: None)
    with pytest.raises(DetectionError, match="--tier blank"):
        build_pipeline("parser")


# -- loaded language --------------------------------------------------------------------------


def test_domain_words_are_lit_with_category_and_neutral_alternative(nlp):
    text = (
        "Five soldiers were martyred in an attack by regime forces. The ministry said it had "
        "neutralized 101 terrorists in a massive operation."
    )
    spans = {words: (label, why) for words, label, why in spans_of(text, nlp, "loaded")}
    assert spans["martyred"][0] == "emotive"
    assert spans["regime"][0] == "pejorative_label"
    assert spans["regime"][1]["neutral_alternative"] == "government"
    assert spans["regime"][1]["lexicon"] == "loaded_terms.tsv"
    assert spans["neutralized"][0] == "euphemism"
    assert spans["neutralized"][1]["neutral_alternative"] == "kill"
    assert spans["terrorists"][0] == "pejorative_label"
    # the parser tier also takes the noun the adjective modifies (test_loaded_language.py)
    assert spans.get("massive", spans.get("massive operation"))[0] == "emotive"


def test_regime_in_a_non_political_sense_is_not_lit(nlp):
    text = "The bank changed its tax regime and the visa regime for students."
    assert "regime" not in {w for w, _ in found(text, nlp, "loaded")}


def test_stressed_as_a_reporting_verb_is_a_neutral_cue_not_an_emotion(nlp):
    text = "Kalin stressed that Turkey is determined to take measures."
    assert ("stressed", "neutral") in found(text, nlp, "attribution_cue")
    assert not found(text, nlp, "loaded")


def test_loaded_reporting_verbs_are_cues_and_loaded(nlp):
    text = "Erdogan claimed on Saturday that 2,100 soldiers have been killed."
    assert ("claimed", "distancing") in found(text, nlp, "attribution_cue")
    loaded = spans_of(text, nlp, "loaded")
    assert [(w, label) for w, label, _ in loaded] == [("claimed", "loaded_verb")]
    assert loaded[0][2]["neutral_alternative"] == "said"


def test_explanations_map_onto_the_default_codebook(nlp):
    book = default_codebook()
    text = (
        "“We will not leave,” Erdogan said. Officials claimed the regime was ‘collapsing’. "
        "According to the ministry, 14 militants were eliminated."
    )
    result = detect_text(text, nlp)
    assert {s["layer"] for s in result.spans} == {"loaded", "attribution_cue", "source", "quote"}
    for span in result.spans:
        target = span["explanation"]["codebook"]
        layer = book.layer(target["layer"])
        assert layer.label(target["label"])
        for name, value in target["attributes"].items():
            attribute = next(a for a in layer.attributes if a.name == name)
            if attribute.kind == "choice":
                assert value in {c.name for c in attribute.choices}
        assert span["explanation"]["rule"]
        assert span["explanation"]["tier"] == pipeline_tier(nlp)


# -- attribution ------------------------------------------------------------------------------


def test_direct_quote_with_speaker_and_links(nlp):
    text = "“We killed more than 2100 soldiers,” the Turkish president added."
    result = detect_text(text, nlp)
    by_layer = {s["layer"]: s for s in result.spans}
    assert text[by_layer["quote"]["start"] : by_layer["quote"]["end"]].startswith("“We killed")
    assert by_layer["quote"]["label"] == "direct"
    assert text[by_layer["source"]["start"] : by_layer["source"]["end"]] == "the Turkish president"
    cue = by_layer["attribution_cue"]
    assert text[cue["start"] : cue["end"]] == "added"
    assert by_layer["quote"]["explanation"]["cue"] == [cue["start"], cue["end"]]
    assert by_layer["source"]["explanation"]["cue"] == [cue["start"], cue["end"]]


def test_according_to_and_unnamed_sources(nlp):
    text = (
        "According to the Russian Ministry of Defense, the soldiers came under fire. "
        "Officials said 14 people were arrested."
    )
    sources = {w: (label, why) for w, label, why in spans_of(text, nlp, "source")}
    assert "the Russian Ministry of Defense" in sources
    assert sources["Officials"][0] == "unnamed"
    assert sources["Officials"][1]["source_type"] == "anonymous"
    quotes = found(text, nlp, "quote")
    assert ("the soldiers came under fire", "indirect") in quotes
    assert ("14 people were arrested", "indirect") in quotes


def test_stances_of_cues(nlp):
    text = (
        "The minister noted that prices fell. Critics insisted that prices rose. "
        "The union leader slammed the plan, saying it was unfair."
    )
    cues = found(text, nlp, "attribution_cue")
    assert ("noted", "endorsing") in cues
    assert ("insisted", "distancing") in cues


# -- bad input --------------------------------------------------------------------------------


def test_offsets_are_code_points_with_astral_rtl_and_control_characters(nlp):
    prefix = "😀👩‍👩‍👧 \u202eشلום\u202c \x00\x07\x1b 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 "
    body = "The regime claimed that “the brutal attack” was stopped, officials said."
    text = prefix + body + " 🇹🇷"
    result = detect_text(text, nlp)
    assert result.spans
    for span in result.spans:
        assert 0 <= span["start"] < span["end"] <= len(text)
    words = {text[s["start"] : s["end"]].split()[0] for s in result.spans if s["layer"] == "loaded"}
    assert {"regime", "claimed", "brutal"} <= words
    regime = next(s for s in result.spans if text[s["start"] : s["end"]] == "regime")
    assert regime["start"] == len(prefix) + len("The ")


def test_empty_text(nlp):
    result = detect_text("", nlp)
    assert result.spans == []
    assert result.language["looks_english"] is None


def test_text_with_no_sentences(nlp):
    for text in ("regime regime regime militants massive", "....  ,,, ;;; \n\n\n", "a" * 5000):
        result = detect_text(text, nlp)
        for span in result.spans:
            assert 0 <= span["start"] < span["end"] <= len(text)


def test_non_english_text_runs_and_says_the_language_looks_wrong(nlp):
    german = (
        "Der türkische Präsident sagte am Samstag, dass die Zahl der getöteten Soldaten auf "
        "36 gestiegen sei. Die Regierung in Damaskus wies die Vorwürfe zurück und erklärte, "
        "man werde die Angriffe fortsetzen, bis die Kämpfer abgezogen seien."
    )
    arabic = "قال الرئيس التركي يوم السبت إن عدد الجنود القتلى ارتفع إلى ستة وثلاثين جنديا في إدلب"
    for text in (german, arabic):
        result = detect_text(text, nlp)
        assert result.language["looks_english"] is False
        assert "English" in result.language["warning"]
    english = detect_text("The president said on Saturday that the death toll had risen. " * 3)
    assert english.language["looks_english"] is True


@pytest.mark.slow
def test_a_5_mb_article_is_cut_into_pieces_with_exact_offsets(blank, monkeypatch):
    paragraph = (
        "Turkish troops were martyred in an attack by regime forces, officials said. "
        "“We will continue,” Erdogan added.\n"
    )
    text = paragraph * (5_000_000 // len(paragraph) + 1)
    seen: list[str] = []
    pipe = blank.pipe

    def recording_pipe(texts, **kwargs):
        for piece in texts:
            seen.append(piece)
            yield from pipe([piece], **kwargs)

    monkeypatch.setattr(blank, "pipe", recording_pipe)
    result = detect_text(text, blank)
    # the pipeline never sees more than one piece's worth (spaCy's max_length, and memory),
    # the pieces are the text, cut at line breaks
    assert len(seen) > 1 and max(map(len, seen)) <= MAX_PIECE_CHARS < blank.max_length
    assert "".join(seen) == text and all(piece.endswith("\n") for piece in seen)
    regimes = [s for s in result.spans if text[s["start"] : s["end"]] == "regime"]
    assert len(regimes) == text.count("regime")
    assert all(text[s["start"] : s["end"]] for s in result.spans[-50:])
    assert result.spans[-1]["end"] <= len(text)


def test_cut_keeps_every_character_and_breaks_at_lines():
    text = ("word " * 30 + "\n") * 50
    pieces = list(cut(text, limit=400))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 400 for _, piece in pieces)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith("\n") for _, piece in pieces[:-1])


def test_detect_texts_keeps_order_and_empty_documents(blank):
    texts = ["The regime fell.", "", "Militants attacked.", ""]
    results = list(detect_texts(texts, blank))
    assert len(results) == 4
    assert [len(r.spans) for r in results][1] == 0
    loaded = [
        {text[s["start"] : s["end"]] for s in r.spans if s["layer"] == "loaded"}
        for text, r in zip(texts, results, strict=True)
    ]
    assert loaded[0] == {"regime"}
    assert loaded[2] == {"Militants"}
