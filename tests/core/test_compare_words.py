"""The word rule, the word-choice groups and the codebook's [compare] table."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.codebook import default_codebook, parse_codebook
from annotator.compare.wording import TermMatcher, WordGroup, lexicon_groups, word_groups
from annotator.compare.words import (
    count_words,
    find_words,
    sentence_bounds,
    word_key,
    word_keys,
)
from annotator.errors import CodebookError

TEXTS = st.text(
    alphabet=st.sampled_from(
        [*"abc XYZ 09-'’“”.,!?\n\t", "é", "ğ", "İ", "\u00a0", "—", "😀", "中", "\ud800"]
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_the_fast_word_rule_and_the_positional_one_agree(text):
    assert word_keys(text) == [word_key(m.group()) for m in find_words(text)]


def test_words_are_runs_of_letters_and_digits():
    # Turkey, s, anti, government, rebels, 2, 100, killed
    assert count_words("Turkey’s anti-government “rebels” — 2,100 killed") == 8
    assert [m.group() for m in find_words("Erdoğan’s café\u00a0NBSP")] == [
        "Erdoğan",
        "s",
        "café",
        "NBSP",
    ]


def test_sentences_end_at_stops_and_lines_but_not_abbreviations():
    text = (
        "Gen. Smith said it. “We will stay,” he added.\nA title line\n\nNext one on Jan. 12 ends."
    )
    found = [text[s:e] for s, e in sentence_bounds(text)]
    assert found == [
        "Gen. Smith said it.",
        "“We will stay,” he added.",
        "A title line",
        "Next one on Jan. 12 ends.",
    ]


@pytest.fixture(scope="module")
def matcher():
    groups = [
        WordGroup("deaths", "Deaths", ("martyred", "killed", "neutralized", "died"), "codebook"),
        WordGroup("armed", "Armed", ("armed opposition", "opposition", "rebels"), "codebook"),
    ]
    return TermMatcher(groups)


def test_a_term_counts_its_forms_and_a_phrase_wins_over_its_words(matcher):
    text = (
        "Killing and kills: the army killed two. Rebels, a rebel and the armed opposition "
        "(not the opposition party) died; 5 were martyred, one neutralised, one neutralized."
    )
    words, hits = matcher.count(text)
    assert words == count_words(text)
    by_term = Counter()
    for (term, _form), n in hits.items():
        by_term[matcher.terms[term][1]] += n
    assert by_term == {
        "killed": 3,
        "rebels": 2,
        "armed opposition": 1,
        "opposition": 1,  # the other "opposition" is inside the phrase: counted once, there
        "died": 1,
        "martyred": 1,
        "neutralized": 1,  # "neutralised" is another spelling, not a form of it
    }
    found = Counter(matcher.terms[term][1] for term, _, _, _ in matcher.find(text))
    assert found == by_term  # positions and counts: one rule


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("armed opposition rebels the killed dies x".split()), max_size=30))
def test_counting_and_finding_agree_on_any_word_sequence(matcher, words):
    text = " ".join(words)
    _, hits = matcher.count(text)
    counted = Counter()
    for (term, form), n in hits.items():
        counted[(term, form)] += n
    assert counted == Counter((term, form) for term, form, _, _ in matcher.find(text))


def test_lexicon_groups_pair_loaded_terms_with_their_neutral_alternatives():
    groups = {g.terms[0]: g for g in lexicon_groups()}
    assert "government" in groups["regime"].terms
    assert not any("(" in term for g in groups.values() for term in g.terms)


def test_codebook_groups_replace_the_lexicon_groups_they_overlap():
    groups = word_groups(default_codebook())
    codebook = [g for g in groups if g.origin == "codebook"]
    assert [g.name for g in codebook] == ["government", "deaths", "armed_groups", "speech"]
    lexicon_terms = {t for g in groups if g.origin == "lexicon" for t in g.terms}
    assert "regime" not in lexicon_terms and "martyr" not in lexicon_terms


BOOK = """
[codebook]
name = "Tiny"
[[layers]]
name = "loaded"
title = "Loaded"
[[layers.labels]]
name = "emotive"
title = "Emotive"
"""


def test_a_codebook_without_compare_has_no_groups_of_its_own():
    book = parse_codebook(BOOK)
    assert book.referent_groups == () and book.lexicon_groups is True


@pytest.mark.parametrize(
    ("compare", "message"),
    [
        ("[compare]\ncolour = 1", "compare.colour: unknown key"),
        ("[compare]\nlexicon_groups = 'yes'", "compare.lexicon_groups: must be true or false"),
        (
            "[[compare.referent_groups]]\nname = 'a'\ntitle = 'A'\nterms = ['one']",
            "compare.referent_groups[0].terms: needs at least two terms",
        ),
        (
            "[[compare.referent_groups]]\nname = 'a'\ntitle = 'A'\nterms = ['one', 3]",
            "compare.referent_groups[0].terms[1]: must be a word or phrase",
        ),
        (
            "[[compare.referent_groups]]\nname = 'a'\ntitle = 'A'\nterms = ['x', 'y']\n"
            "[[compare.referent_groups]]\nname = 'b'\ntitle = 'B'\nterms = ['z', 'X']",
            "compare.referent_groups[1].terms[1]: 'x' is already in compare.referent_groups[0]",
        ),
        (
            "[[compare.referent_groups]]\nname = 'Bad Name'\ntitle = 'A'\nterms = ['x', 'y']",
            "compare.referent_groups[0].name",
        ),
        ("[[compare.referent_groups]]\nname = 'a'\nterms = ['x', 'y']", "[0].title: missing"),
    ],
)
def test_compare_table_errors_name_the_key(compare, message):
    with pytest.raises(CodebookError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_codebook(BOOK + compare, source="book.toml")
