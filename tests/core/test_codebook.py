"""The codebook loader: the default codebook, a stable hash, errors that name the key."""

from __future__ import annotations

import pytest

from annotator.codebook import default_codebook, parse_codebook
from annotator.errors import CodebookError
from annotator.paths import resource_path

MINIMAL = """
[codebook]
name = "Tiny"

[[layers]]
name = "loaded"
title = "Loaded"
[[layers.labels]]
name = "emotive"
title = "Emotive"
[[layers.labels]]
name = "other"
title = "Other"

[[schemes]]
name = "frame"
title = "Frame"
kind = "single"
choices = [{ name = "a", title = "A" }, { name = "b", title = "B" }]
"""


def test_the_default_codebook_has_what_the_design_asks_for():
    book = default_codebook()
    loaded = book.layer("loaded")
    assert {"pejorative_label", "euphemism", "emotive", "loaded_verb", "scare_quotes", "other"} <= {
        label.name for label in loaded.labels
    }
    assert "neutral_alternative" in {a.name for a in loaded.attributes}
    attribution = book.layer("attribution")
    assert [label.name for label in attribution.labels] == ["cue", "source", "content"]
    source_types = {
        c.name
        for c in next(
            a for a in attribution.attributes_for("source") if a.name == "source_type"
        ).choices
    }
    assert len(source_types) == 9 and "anonymous" in source_types
    stances = [
        c.name for a in attribution.attributes_for("cue") if a.name == "stance" for c in a.choices
    ]
    assert stances == ["neutral", "distancing", "endorsing", "pejorative"]
    quote_types = [
        c.name
        for a in attribution.attributes_for("content")
        if a.name == "quote_type"
        for c in a.choices
    ]
    assert quote_types == ["direct", "indirect", "partial"]
    primary = book.scheme("primary_frame")
    assert primary.kind == "single" and len(primary.choices) == 15
    assert primary.choices[0].title == "Economic" and primary.choices[-1].title == "Other"
    secondary = book.scheme("secondary_frames")
    assert secondary.kind == "multi" and secondary.choices == primary.choices
    assert book.scheme("tone").ordered
    assert book.scheme("note").kind == "text"


def test_the_hash_ignores_layout_and_comments_but_not_content():
    book = parse_codebook(MINIMAL)
    relaid = parse_codebook("# a comment\n" + MINIMAL.replace("\n\n", "\n\n\n"))
    assert relaid.hash == book.hash
    changed = parse_codebook(MINIMAL.replace('title = "Emotive"', 'title = "Emotional"'))
    assert changed.hash != book.hash
    assert len(book.hash) == 64


def test_the_default_codebook_hash_is_stable_across_loads():
    text = resource_path("codebooks", "default.toml").read_text(encoding="utf-8")
    assert parse_codebook(text).hash == default_codebook().hash


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('name = "Tiny"', ""), r"codebook\.name: missing"),
        (
            lambda t: t.replace('kind = "single"', 'kind = "several"'),
            r"schemes\[0\]\.kind: 'several' is not one of",
        ),
        (
            lambda t: t.replace('name = "other"', 'name = "emotive"'),
            r"layers\[0\]\.labels: the name 'emotive' is used twice",
        ),
        (
            lambda t: t.replace('title = "Loaded"', 'titel = "Loaded"'),
            r"layers\[0\]\.titel: unknown key",
        ),
        (
            lambda t: t.replace('name = "emotive"', 'name = "Emotive Words"'),
            r"layers\[0\]\.labels\[0\]\.name: 'Emotive Words' must be lower case",
        ),
        (
            lambda t: t.replace('{ name = "b", title = "B" }', ""),
            r"schemes\[0\]\.choices: needs at least two choices",
        ),
        (
            lambda t: (
                t + '[[schemes]]\nname = "more"\ntitle = "M"\nkind = "multi"\n'
                'choices_from = "nothing"\n'
            ),
            r"schemes\[1\]\.choices_from: no earlier scheme named 'nothing'",
        ),
        (lambda t: t + '\n[[layers]]\nname = "x"\ntitle = "X"\n', r"layers\[1\]\.labels: missing"),
        (lambda t: t.replace('title = "Frame"', "title = Frame"), r"not valid TOML.*line"),
    ],
)
def test_validation_errors_name_the_key(edit, message):
    with pytest.raises(CodebookError, match=message):
        parse_codebook(edit(MINIMAL), source="tiny.toml")


def test_a_missing_codebook_file_is_named(tmp_path):
    from annotator.codebook import load_codebook

    with pytest.raises(CodebookError, match=r"none\.toml: cannot read"):
        load_codebook(tmp_path / "none.toml")


def test_names_read_as_the_codebook_titles_and_unknown_ones_say_so():
    book = default_codebook()
    assert book.label_title("loaded", "pejorative_label") == "Pejorative label"
    assert book.label_title("loaded", "nonsense") == "unknown label “nonsense”"
    assert book.choice_title("primary_frame", "security_defense") == "Security and defense"
    assert book.answer_text("secondary_frames", ["political", "economic"]) == (
        "Political; Economic"
    )
    assert book.answer_text("secondary_frames", frozenset({"political", "economic"})) == (
        "Economic; Political"
    )
    assert book.answer_text("note", "free text") == "free text"
    assert book.attribute_value_title("attribution", "stance", "distancing") == "Distancing"
    assert book.attribute_value_title("loaded", "neutral_alternative", "government") == (
        "government"
    )
    assert book.section_title("primary_frame") == "Primary frame"
    assert book.section_title("loaded") == "Loaded language"


def test_every_frame_has_a_definition_and_secondary_frames_exclude_the_primary():
    book = default_codebook()
    frames = book.scheme("primary_frame").choices
    assert len(frames) == 15 and all(len(c.description) > 20 for c in frames)
    assert book.scheme("secondary_frames").choices == frames
    assert book.excluded_by("secondary_frames") == "primary_frame"
    assert book.excluded_by("primary_frame") is None and book.excluded_by("tone") is None
