"""Detection over a project: batches, progress, replacement, cancel, coders' spans untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.detect import (
    DETECTOR_NAME,
    build_pipeline,
    detect_article,
    detect_project,
    detector_version,
    shared_pipeline,
)
from annotator.detect import lexicons as lexicon_files
from annotator.detect import run as detect_run
from annotator.errors import Cancelled
from annotator.model import ArticleDraft

SAMPLES = sorted(Path(__file__).resolve().parents[2].glob("resources/samples/*/*.txt"))


@pytest.fixture
def blank():
    return shared_pipeline("blank")


@pytest.fixture
def filled(project):
    """The project fixture with the five sample articles and one coder."""
    drafts = [ArticleDraft(text=p.read_text(encoding="utf-8"), source=p.name) for p in SAMPLES]
    project.articles.add(drafts)
    return project


def stored(project):
    return {i: project.suggestions.for_article(i) for i in project.articles.ids()}


def test_detect_project_stores_suggestions_with_detector_and_version(filled, blank):
    calls = []
    report = detect_project(filled, blank, batch_size=2, progress=lambda *a: calls.append(a))
    assert report.articles == 5
    assert report.tier == "blank"
    assert report.version == detector_version(blank)
    assert calls[0] == (0, 5, "detecting with the blank tier")
    assert [c[0] for c in calls[1:]] == [1, 2, 3, 4, 5]
    suggestions = stored(filled)
    assert sum(len(s) for s in suggestions.values()) == sum(report.suggestions.values())
    for article_id, items in suggestions.items():
        text = filled.articles.get(article_id).text
        assert items, "every sample article has loaded words and attributions"
        for s in items:
            assert s.detector == DETECTOR_NAME and s.detector_version == report.version
            assert s.layer in ("loaded", "attribution_cue", "source", "quote")
            assert text[s.start : s.end].strip() == text[s.start : s.end]
            assert s.explanation["codebook"]["layer"] in ("loaded", "attribution")
    words = {
        filled.articles.get(s.article_id).text[s.start : s.end]
        for items in suggestions.values()
        for s in items
        if s.layer == "loaded"
    }
    assert {"regime", "martyred", "neutralized", "terrorists", "claimed", "blasted"} <= words


def test_running_again_replaces_and_never_touches_coders_spans(filled, blank):
    coder = filled.coders.add("Amira")
    article_id = filled.articles.ids()[0]
    span = filled.spans.add(article_id, coder.uuid, "loaded", "pejorative_label", 0, 7)
    first = detect_project(filled, blank)
    count = filled.suggestions.count()
    again = detect_project(filled, blank)
    assert filled.suggestions.count() == count
    assert again.suggestions == first.suggestions
    assert filled.spans.get(span.uuid) == span
    assert [s.uuid for s in filled.spans.for_article(article_id)] == [span.uuid]


def test_a_lexicon_change_gives_a_new_version_that_replaces_the_old(
    filled, blank, monkeypatch, tmp_path
):
    detect_project(filled, blank)
    old_version = detector_version(blank)
    # a copy of the lexicons with one line more: the hash, and so the version, changes
    copy = tmp_path / "lexicons"
    copy.mkdir()
    for name in lexicon_files.ALL_FILES:
        source = lexicon_files.resource_path("lexicons", name)
        (copy / name).write_bytes(source.read_bytes())
    with (copy / "loaded_terms.tsv").open("a", encoding="utf-8") as handle:
        handle.write("skirmish\temotive\tfighting\ttest\tMIT\t\t\n")
    monkeypatch.setattr(lexicon_files, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    lexicon_files.lexicons_hash.cache_clear()
    lexicon_files.read_lexicon.cache_clear()
    try:
        rebuilt = build_pipeline("blank")
        new_version = detector_version(rebuilt)
        assert new_version != old_version
        assert detector_version(blank) == old_version  # a pipeline keeps its own lexicons
        filled.articles.add([ArticleDraft(text="A skirmish broke out.", source="new.txt")])
        detect_project(filled, rebuilt)
        versions = {s.detector_version for items in stored(filled).values() for s in items}
        assert versions == {new_version}
        last = filled.articles.ids()[-1]
        assert [s.label for s in filled.suggestions.for_article(last)] == ["emotive"]
    finally:
        lexicon_files.lexicons_hash.cache_clear()
        lexicon_files.read_lexicon.cache_clear()


def test_cancel_stops_after_the_article_in_progress(filled, blank):
    def progress(done, total, note):
        if done == 2:
            raise Cancelled("stop")

    with pytest.raises(Cancelled):
        detect_project(filled, blank, batch_size=10, progress=progress)
    counts = [len(items) for items in stored(filled).values()]
    assert all(counts[:2]) and not any(counts[2:])


def test_detect_article_for_the_app(filled, blank):
    article_id = filled.articles.ids()[4]
    result = detect_article(filled, article_id, blank)
    assert [s.article_id for s in filled.suggestions.for_article(article_id)]
    assert len(filled.suggestions.for_article(article_id)) == len(result.spans)
    assert filled.suggestions.count() == len(result.spans)


def test_only_some_articles(filled, blank):
    ids = filled.articles.ids()
    report = detect_project(filled, blank, article_ids=ids[1:3])
    assert report.articles == 2
    assert {i for i, items in stored(filled).items() if items} == set(ids[1:3])


def test_not_english_articles_are_reported(project, blank):
    project.articles.add(
        [
            ArticleDraft(
                text="Der Präsident sagte am Samstag, dass die Zahl der getöteten Soldaten auf "
                "36 gestiegen sei und dass die Regierung die Angriffe fortsetzen werde, bis "
                "die Kämpfer aus der Provinz abgezogen seien.",
                source="de.txt",
            )
        ]
    )
    report = detect_project(project, blank)
    assert report.not_english == project.articles.ids()


def test_detector_version_names_rules_tier_and_lexicons(blank):
    version = detector_version(blank)
    assert version.startswith(f"{detect_run.RULES_VERSION}-blank-lex.")
    assert version.endswith(lexicon_files.lexicons_hash())
