"""Suggestions explained in words: the rule or list, the neutral alternative, the score, what
found them; never an internal code, a file name or a hash."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.codebook import default_codebook
from annotator.detect import detect_text, detector_version, shared_pipeline
from annotator.explanations import describe_rule, describe_suggestion
from annotator.model import Suggestion

BOOK = default_codebook()
SAMPLES = sorted(Path(__file__).resolve().parents[2].glob("resources/samples/*/*.txt"))
CODE = re.compile(r"[a-z]+_[a-z_]+|\.tsv\b|[0-9a-f]{10,}|\b(lemma|lower)\b")


def suggestion(layer, label, explanation, score=None, detector="annotator.detect"):
    return Suggestion(
        1, 1, detector, "1-parser-lex.37e2de16fde8", layer, label, 0, 6, score, explanation
    )


def test_a_lexicon_match_names_the_list_the_alternative_and_the_score():
    found = suggestion(
        "loaded",
        "pejorative_label",
        {
            "rule": "lexicon_in_context",
            "entry": "regime",
            "lexicon": "loaded_terms.tsv",
            "matched_on": "lemma",
            "neutral_alternative": "government",
            "tier": "parser",
        },
        score=0.4,
    )
    lines = describe_suggestion(BOOK, found)
    assert lines == [
        "Suggested: Pejorative label (Loaded language)",
        "Why: “regime” is in the project's curated list of loaded terms, with no word beside "
        "it that cancels it, matched on its dictionary form",
        "Neutral alternative: government",
        "Score: 0.40 of 1 (higher: more often right)",
        "Found by the rules, with the English parser",
    ]


def test_attribution_parts_say_their_attributes_in_the_codebook_words():
    cue = suggestion(
        "attribution_cue", "distancing", {"rule": "reporting_verb:that_clause", "entry": "claim"}
    )
    lines = describe_suggestion(BOOK, cue)
    assert lines[0] == "Suggested: Cue (Attribution)"
    assert "Why: “claim” is a reporting verb, followed by “that”" in lines
    assert "Cue stance: Distancing" in lines
    source = suggestion(
        "source",
        "named",
        {"rule": "dependency_subject", "source_type": "government", "entity": "ORG"},
    )
    lines = describe_suggestion(BOOK, source)
    assert "Source type: Government or official" in lines
    assert "Recognised as an organisation" in lines
    assert describe_rule({"rule": "some_new_rule"}) == "some new rule"
    model = suggestion(
        "loaded",
        "emotive",
        {"rule": "trained model", "entry": "spancat 2", "note": "score 0.9"},
        0.9,
        "model:spancat",
    )
    assert describe_suggestion(BOOK, model)[-1] == "Found by a trained model"


def test_no_sample_suggestion_shows_a_code_a_file_name_or_a_hash():
    """Every suggestion the rules make on the bundled samples, in words (blank tier: quick)."""
    nlp = shared_pipeline("blank")
    seen = 0
    for path in SAMPLES:
        for found in detect_text(path.read_text(encoding="utf-8"), nlp).spans:
            made = Suggestion(
                1,
                1,
                "annotator.detect",
                detector_version(nlp),
                found["layer"],
                found["label"],
                found["start"],
                found["end"],
                found["score"],
                found["explanation"],
            )
            for line in describe_suggestion(BOOK, made)[1:]:
                assert not CODE.search(
                    line.split(": ", 1)[-1] if line.startswith("Neutral") else line
                ), line
            seen += 1
    assert seen > 100
