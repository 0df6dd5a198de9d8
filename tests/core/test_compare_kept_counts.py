"""The counts a comparison keeps in the project (schema step "comparison counts"): suggestion
counts kept by triggers in step with every write, word counts kept by content hash and word
groups, and the same figures whether they are read from there or counted from scratch."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.codebook import default_codebook
from annotator.compare import CompareError, compare_project
from annotator.compare import project_counts as counting
from annotator.compare.wording import TermMatcher, word_groups
from annotator.model import ArticleDraft
from annotator.store import Project
from annotator.store import compare_counts as kept
from tests.core.compare_sample import make_labeled_sample

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def suggestion(layer, label, start, source_type=None):
    explanation = {"codebook": {"attributes": {"source_type": source_type}}} if source_type else {}
    return {
        "layer": layer,
        "label": label,
        "start": start,
        "end": start + 3,
        **({"explanation": explanation} if explanation else {}),
    }


def kept_rows(project, detector="det"):
    ids = project.articles.ids()
    found, versions = kept.suggestion_label_counts(project, detector, ids)
    out = Counter()
    for layer, label, source_type, article_ids, counts in found:
        for a, n in zip(article_ids.split(","), counts.split(","), strict=True):
            out[(int(a), layer, label, source_type)] += int(n)
    return out, sorted(versions)


def stored_rows(path):
    with sqlite3.connect(path) as conn:  # the suggestions themselves, counted by SQL
        rows = conn.execute(
            "select article_id, layer, label, case when layer = 'source' then ifnull("
            "json_extract(explanation, '$.codebook.attributes.source_type'), '') else '' end, "
            "count(*) from suggestions where detector = 'det' group by 1, 2, 3, 4"
        ).fetchall()
    return Counter({tuple(r[:4]): r[4] for r in rows})


def test_suggestion_counts_follow_every_insert_replace_and_delete(tmp_path):
    path = tmp_path / "p.sqlite"
    with Project.create(path, name="kept") as project:
        first, second = project.articles.add(
            [ArticleDraft(title="One", text="x" * 100), ArticleDraft(title="Two", text="y" * 100)]
        ).added
        found = [
            suggestion("loaded", "euphemism", 0),
            suggestion("loaded", "euphemism", 10),
            suggestion("source", "named", 20, "government"),
            suggestion("source", "named", 30),
        ]
        project.suggestions.replace(first, "det", "1", found)
        project.suggestions.replace(second, "det", "1", found[:1])
        project.suggestions.replace(second, "other", "9", found)
        rows, versions = kept_rows(project)
        assert rows == stored_rows(path)
        assert rows[(first, "loaded", "euphemism", "")] == 2
        assert rows[(first, "source", "named", "government")] == 1
        assert rows[(first, "source", "named", "")] == 1
        assert versions == ["1"]
        project.suggestions.replace(first, "det", "2", found[2:])  # a new detector version
        rows, versions = kept_rows(project)
        assert rows == stored_rows(path) and versions == ["1", "2"]
        assert (first, "loaded", "euphemism", "") not in rows
        project.suggestions.replace(second, "det", "1", [])  # all gone: no row is left
        rows, _ = kept_rows(project)
        assert rows == stored_rows(path) and all(a == first for a, *_ in rows)


def test_migrating_counts_the_suggestions_already_there(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "schema-v2.sqlite", path)
    with sqlite3.connect(path) as conn:
        article = conn.execute("select min(id) from articles").fetchone()[0]
        conn.executemany(
            "insert into suggestions (article_id, detector, detector_version, layer, label, "
            'start, "end", explanation, created) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [
                (article, "det", "1", "loaded", "emotive", 0, 3, "{}", "2020-01-01"),
                (article, "det", "1", "loaded", "emotive", 4, 7, "not json", "2020-01-01"),
                (article, "det", "1", "source", "named", 8, 9, '{"codebook": {"attributes": '
                 '{"source_type": "military"}}}', "2020-01-01"),
            ],
        )  # fmt: skip
    with Project.open(path) as project:
        assert kept.has_kept_counts(project)
        rows, _ = kept_rows(project)
    assert rows == stored_rows(path)
    assert rows[(article, "loaded", "emotive", "")] == 2
    assert rows[(article, "source", "named", "military")] == 1


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The labeled sample with the detector's suggestions (the blank tier: quick)."""
    from annotator.detect import build_pipeline, detect_project

    path = make_labeled_sample(tmp_path_factory.mktemp("kept"))
    with Project.open(path) as project:
        detect_project(project, build_pipeline("blank"))
    return path


@pytest.fixture
def sample(built, tmp_path):
    path = tmp_path / built.name
    shutil.copyfile(built, path)
    return path


def compare(path, readonly=True, **options):
    with Project.open(path, readonly=readonly, backup=False) as project:
        return compare_project(project, align_facts=False, **options)


@pytest.mark.parametrize("source", ["suggestions", "coder:Amira"])
def test_kept_counts_give_the_figures_counted_from_scratch(sample, monkeypatch, source):
    with monkeypatch.context() as patched:  # as a file without the kept counts is read
        patched.setattr(counting.kept_counts, "has_kept_counts", lambda project: False)
        scratch = compare(sample, source=source)
    first = compare(sample, readonly=False, source=source)  # counts the texts, keeps the counts
    with Project.open(sample, readonly=True) as project:
        fingerprint = TermMatcher(word_groups(project.codebook)).fingerprint
        assert kept.uncounted_articles(project, fingerprint) == 0

    def no_counting(self, text):
        raise AssertionError("a text was counted again")

    monkeypatch.setattr(TermMatcher, "count", no_counting)
    again = compare(sample, source=source)
    assert scratch == first == again


def test_other_word_groups_are_counted_again_not_read(sample):
    compare(sample, readonly=False, source="coder:Amira")
    codebook = default_codebook()
    groups = codebook.referent_groups[:1]  # only "A government"
    changed = replace(codebook, referent_groups=groups, lexicon_groups=False)
    with Project.open(sample, readonly=True) as project:
        result = compare_project(project, "coder:Amira", codebook=changed, align_facts=False)
        matcher = TermMatcher(word_groups(changed))
        assert kept.uncounted_articles(project, matcher.fingerprint) == 5
    assert [w.word_group.name for w in result.word_choice] == ["government"]
    regime = result.word_choice[0].chart
    assert {g: regime.value(g, "regime").count for g in regime.groups}["Rudaw"] == 12


def test_damaged_kept_word_counts_are_a_clear_error(sample):
    compare(sample, readonly=False, source="coder:Amira")
    with sqlite3.connect(sample) as conn:
        conn.execute("update word_counts set terms = '999999 1'")
    with pytest.raises(CompareError, match=r"labeled-sample\.sqlite: kept word counts are damaged"):
        compare(sample, source="coder:Amira")
