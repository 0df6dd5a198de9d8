"""Comparing the outlets of the bundled sample: every figure against counts made by hand.

The counts come from the sample text itself (resources/samples/idlib-2020/), with grep in a
UTF-8 locale, file by file: 000 has no outlet, 001 is Rudaw, 002 Alwaght, 003 Middle East
Monitor, 004 Anadolu Agency. Labels are placed by the rules of tests/core/compare_sample.py,
so a label count is the grep count of its word.
"""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

from annotator.compare import compare_project
from annotator.detect import build_pipeline, detect_project
from annotator.sample import ensure_sample_project
from annotator.store import Project
from tests.core.compare_sample import make_labeled_sample

NONE, RUDAW, ALWAGHT, MEMO, AA = (
    "(no outlet)",
    "Rudaw",
    "Alwaght",
    "Middle East Monitor",
    "Anadolu Agency",
)
# LC_ALL=C.UTF-8 grep -oE '[[:alnum:]]+' FILE | wc -l  (the word rule of compare/words.py)
WORDS = {NONE: 446, RUDAW: 554, ALWAGHT: 578, MEMO: 426, AA: 447}


@pytest.fixture(scope="module")
def labeled(tmp_path_factory):
    return make_labeled_sample(tmp_path_factory.mktemp("labeled"))


@pytest.fixture(scope="module")
def detected(tmp_path_factory):
    """The sample project with the detector's suggestions (the blank tier: quick)."""
    path, _ = ensure_sample_project(tmp_path_factory.mktemp("detected") / "sample.sqlite")
    with Project.open(path) as project:
        detect_project(project, build_pipeline("blank"))
    return path


def compare(path, **options):
    with Project.open(path, readonly=True) as project:
        return compare_project(project, **options)


def counts(chart, category):
    return {g: chart.value(g, category).count for g in chart.groups}


def test_words_per_outlet_are_the_grep_counts(labeled):
    result = compare(labeled, source="coder:Amira", align_facts=False)
    assert {g.name: g.words for g in result.groups} == WORDS
    assert result.source_description == "coder Amira"


def test_regime_or_government_martyred_killed_or_neutralized(labeled):
    """Word choice is counted in the text, whatever the label source."""
    result = compare(labeled, source="coder:Amira", align_facts=False)
    choices = {w.word_group.name: w for w in result.word_choice}
    government = choices["government"].chart
    # grep -oiwE 'regimes?' FILE | wc -l ; grep -oiwE 'governments?' FILE | wc -l
    assert counts(government, "regime") == {NONE: 1, RUDAW: 12, ALWAGHT: 0, MEMO: 1, AA: 9}
    assert counts(government, "government") == {NONE: 3, RUDAW: 0, ALWAGHT: 4, MEMO: 1, AA: 1}
    assert government.value(AA, "regime").value == pytest.approx(9 / 10)
    assert government.value(ALWAGHT, "government").value == 1.0
    deaths = choices["deaths"].chart
    # grep -oiwE 'martyr(s|ed|ing)?|kill(s|ed|ing)?|neutrali[sz](e|es|ed|ing)|di(e|es|ed)|dying'
    assert counts(deaths, "martyred") == {NONE: 0, RUDAW: 0, ALWAGHT: 0, MEMO: 0, AA: 2}
    assert counts(deaths, "killed") == {NONE: 2, RUDAW: 5, ALWAGHT: 0, MEMO: 1, AA: 2}
    assert counts(deaths, "neutralized") == {NONE: 0, RUDAW: 0, ALWAGHT: 0, MEMO: 0, AA: 1}
    assert counts(deaths, "died") == {NONE: 1, RUDAW: 0, ALWAGHT: 1, MEMO: 0, AA: 0}
    # Rudaw's five: "killed" 3 times and "killing" twice (grep -oiw killed / killing)
    forms = dict(choices["deaths"].forms[result.groups.index(_group(result, RUDAW))][1])
    assert forms == {"killed": 3, "killing": 2}
    armed = choices["armed_groups"].chart
    # grep -oiwE 'terrorists?' ; 'militants?' ; 'rebels?' ; 'armed opposition'
    assert counts(armed, "terrorists") == {NONE: 5, RUDAW: 1, ALWAGHT: 3, MEMO: 0, AA: 0}
    assert counts(armed, "militants") == {NONE: 1, RUDAW: 0, ALWAGHT: 3, MEMO: 0, AA: 0}
    assert counts(armed, "rebels") == {NONE: 0, RUDAW: 2, ALWAGHT: 0, MEMO: 0, AA: 0}
    assert counts(armed, "armed opposition") == {NONE: 1, RUDAW: 1, ALWAGHT: 0, MEMO: 0, AA: 0}


def _group(result, name):
    return next(g for g in result.groups if g.name == name)


def test_loaded_language_per_1000_words(labeled):
    result = compare(labeled, source="coder:Amira", align_facts=False)
    loaded = result.loaded
    # grep -oiw regime: 1 12 0 1 9 ; martyred: 0 0 0 0 2 ; neutralized: 0 0 0 0 1
    assert counts(loaded, "pejorative_label") == {NONE: 1, RUDAW: 12, ALWAGHT: 0, MEMO: 1, AA: 9}
    assert counts(loaded, "*") == {NONE: 1, RUDAW: 12, ALWAGHT: 0, MEMO: 1, AA: 12}
    assert loaded.value(AA, "*").value == pytest.approx(12 / 447 * 1000)
    assert loaded.value(AA, "emotive").value == pytest.approx(2 / 447 * 1000)
    assert loaded.value(RUDAW, "pejorative_label").base == 554
    # one article per outlet: the interval resamples its sentences, and holds the value
    for group in loaded.groups:
        value = loaded.value(group, "*")
        assert value.low <= value.value <= value.high
    assert set(loaded.interval_units) == {"sentences"}


def test_cue_stance_shares(labeled):
    result = compare(labeled, source="coder:Amira", align_facts=False)
    stance = next(c for c in result.attribution if c.key == "cue_stance")
    # grep -oiw said: 3 4 3 1 4 ; claimed: 0 1 0 0 0 ; admitted + admits: 0 0 0 2 0 ;
    # blasted: 0 0 1 0 0
    assert counts(stance, "neutral") == {NONE: 3, RUDAW: 4, ALWAGHT: 3, MEMO: 1, AA: 4}
    assert stance.value(RUDAW, "distancing").value == pytest.approx(1 / 5)
    assert stance.value(ALWAGHT, "pejorative").value == pytest.approx(1 / 4)
    assert stance.value(MEMO, "endorsing").value == pytest.approx(2 / 3)
    assert stance.value(AA, "neutral").value == 1.0
    assert stance.value(NONE, "neutral").base == 3


def test_sources_unnamed_and_quote_types(labeled):
    result = compare(labeled, source="coder:Amira", align_facts=False)
    charts = {c.key: c for c in result.attribution}
    sources = charts["source_source_type"]
    # grep -ow Erdogan: 5 7 1 9 0 ; Putin: 5 4 2 6 0 ; SOHR: 0 1 0 0 0 ; 'the official': 0 0 1 0 0
    assert counts(sources, "government") == {NONE: 10, RUDAW: 11, ALWAGHT: 3, MEMO: 15, AA: 0}
    assert counts(sources, "international") == {NONE: 0, RUDAW: 1, ALWAGHT: 0, MEMO: 0, AA: 0}
    unnamed = charts["unnamed_sources"]
    assert unnamed.value(ALWAGHT, "anonymous").value == pytest.approx(1 / 4)
    assert unnamed.value(RUDAW, "anonymous").value == 0.0
    assert unnamed.value(AA, "anonymous").value is None  # no source at all: no share
    quotes = charts["content_quote_type"]
    # grep -oE '“[^”]*”' FILE | wc -l: 5 6 7 9 0 ; grep -ow 'said that': 2 0 0 0 0
    assert counts(quotes, "direct") == {NONE: 5, RUDAW: 6, ALWAGHT: 7, MEMO: 9, AA: 0}
    assert quotes.value(NONE, "direct").value == pytest.approx(5 / 7)
    assert quotes.value(NONE, "indirect").value == pytest.approx(2 / 7)


def test_frames_from_the_answers(labeled):
    result = compare(labeled, source="coder:Amira", by="published:month", align_facts=False)
    # published (manifest dates): Rudaw 2020-02-29 and Anadolu 2020-02-10 make 2020-02;
    # Alwaght 2020-03-05 and Middle East Monitor 2020-03-06 make 2020-03; one has no date
    assert [g.name for g in result.groups] == ["2020-02", "2020-03", "(no date)"]
    primary = next(c for c in result.answers if c.key == "answers:primary_frame")
    assert primary.value("2020-02", "security_defense").value == 1.0
    assert primary.value("2020-03", "political").value == 1.0
    assert primary.interval_units == ("articles", "articles", "none")
    secondary = next(c for c in result.answers if c.key == "answers:secondary_frames")
    assert secondary.value("2020-02", "political").value == 1.0  # both answers list it
    assert secondary.value("2020-02", "legality").value == pytest.approx(1 / 2)
    assert secondary.value("2020-03", "political").value is None  # not answered


def test_two_articles_get_article_intervals(labeled):
    result = compare(labeled, source="coder:Amira", by="published:month", align_facts=False)
    loaded = result.loaded
    value = loaded.value("2020-02", "*")
    # Rudaw 12 + Anadolu 12 labels over 554 + 447 words
    assert (value.count, value.base) == (24, 554 + 447)
    assert value.low <= value.value <= value.high
    assert loaded.interval_units[0] == "articles"


def test_all_coders_pooled_and_gold(labeled):
    pooled = compare(labeled, source="all-coders", align_facts=False)
    codings = {g.name: g.codings for g in pooled.groups}
    assert codings == {NONE: 1, RUDAW: 2, ALWAGHT: 1, MEMO: 1, AA: 2}
    # Anadolu: Amira's 12 labels and Ben's 9 "regime", over its 447 words coded twice
    value = pooled.loaded.value(AA, "*")
    assert (value.count, value.base) == (21, 2 * 447)
    assert "pooled" in pooled.source_description
    gold = compare(labeled, source="gold", align_facts=False)
    assert [g.name for g in gold.groups] == [AA]
    assert gold.loaded.value(AA, "pejorative_label").count == 9
    assert any("4 article(s)" in note for note in gold.notes)


def test_suggestions_counted_as_stored(detected):
    """The detector changes; the comparison must count exactly what it stored."""
    result = compare(detected, source="suggestions", align_facts=False)
    assert "not a coder's" in result.source_description
    with sqlite3.connect(detected) as conn:
        rows = conn.execute(
            "select coalesce(a.outlet, '(no outlet)'), s.label, count(*) from suggestions s "
            "join articles a on a.id = s.article_id where s.layer = 'attribution_cue' "
            "group by 1, 2"
        ).fetchall()
    stance = next(c for c in result.attribution if c.key == "cue_stance")
    expected = Counter({(outlet, label): n for outlet, label, n in rows})
    for group in stance.groups:
        for category in stance.categories:
            assert stance.value(group, category.name).count == expected[(group, category.name)]
        total = sum(n for (outlet, _), n in expected.items() if outlet == group)
        shares = [stance.value(group, c.name).value for c in stance.categories]
        assert stance.value(group, "neutral").base == total
        assert sum(shares) == pytest.approx(1.0)
    assert result.answers == ()  # suggestions have no frames


def test_aligned_facts_pair_the_36_soldiers_sentences(detected):
    result = compare(detected, source="suggestions")
    pairs = [
        {s.group: s.text for s in fact.sentences} for fact in result.aligned if "#36" in fact.shared
    ]
    assert any(
        "risen to 36" in texts.get(RUDAW, "") and "increased to 36" in texts.get(NONE, "")
        for texts in pairs
    ), pairs
    fact = next(f for f in result.aligned if "#36" in f.shared)
    rudaw = next(s for s in fact.sentences if s.group == RUDAW)
    cues = [rudaw.text[m.start : m.end] for m in rudaw.marks if m.kind == "cue"]
    assert "said" in cues  # each outlet's cues are marked in its sentence


def test_the_sentences_behind_a_word_choice_cell(labeled):
    from annotator.compare.term_sentences import term_sentences

    result = compare(labeled, source="coder:Amira", align_facts=False)
    with Project.open(labeled, readonly=True) as project:
        found = term_sentences(project, result, RUDAW, "deaths", "killed")
    # Rudaw: "killed" 3 times and "killing" twice, in five sentences
    forms = [form for sentence in found for _, _, form in sentence.matches]
    assert sorted(forms) == ["killed", "killed", "killed", "killing", "killing"]
    first = found[0]
    start, end, _ = first.matches[0]
    assert first.text[start:end].lower() in ("killed", "killing")
