"""Publication dates stored as ISO 8601 with the raw string kept; YAML front matter."""

from __future__ import annotations

import json

import pytest

from annotator.errors import IngestError
from annotator.ingest import import_paths
from annotator.ingest.dates import normalize_published
from annotator.ingest.documents import read_markdown


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2020-03-01", "2020-03-01"),
        ("2020-03-06 01:52", "2020-03-06T01:52:00"),
        ("2020-03-06T01:52:00Z", "2020-03-06T01:52:00Z"),
        ("10.02.2020", "2020-02-10"),  # dots: day first
        ("10/02/2020", "2020-10-02"),  # slashes: month first
        ("March 6, 2020 at 1:52 am", "2020-03-06T01:52:00"),
        ("Fri, 06 Mar 2020 01:52:00 +0100", "2020-03-06T01:52:00+01:00"),
        ("1583020800", "2020-03-01T00:00:00Z"),
        ("1583020800000", "2020-03-01T00:00:00Z"),
        ("6 March 2020", "2020-03-06"),
        ("March 2020", "2020-03"),
        ("2020", "2020"),
    ],
)
def test_dates_that_parse_become_iso_8601(raw, iso):
    assert normalize_published(raw) == iso


@pytest.mark.parametrize("raw", ["yesterday", "3 days ago", "March 6", "12", "soon", "2020-13-45"])
def test_what_is_no_absolute_date_is_not_made_one(raw):
    assert normalize_published(raw) is None


def test_import_stores_iso_dates_and_keeps_the_raw_string(project, tmp_path):
    lines = [
        {"text": "One article.", "date": "March 6, 2020 at 1:52 am"},
        {"text": "Two article.", "published": "1583020800"},
        {"text": "Three article.", "published": "2020-03-01"},
        {"text": "Four article.", "published": "the day after"},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    import_paths(project, [path])
    stored = {a.text: (a.published, a.meta.get("published_raw")) for a in _articles(project)}
    assert stored == {
        "One article.": ("2020-03-06T01:52:00", "March 6, 2020 at 1:52 am"),
        "Two article.": ("2020-03-01T00:00:00Z", "1583020800"),
        "Three article.": ("2020-03-01", None),  # already ISO: nothing to keep
        "Four article.": ("the day after", None),  # no date: stored as given
    }


def _articles(project):
    return [project.articles.get(article_id) for article_id in project.articles.ids()]


def test_yaml_front_matter_keeps_lists_and_dates(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: 'Talks: a failure'\ndate: 2020-03-05\ntags:\n  - diplomacy\n  - Syria\n"
        "authors: [A. Writer, B. Writer]\nwords: 812\n---\nThe talks failed, officials said.\n",
        encoding="utf-8",
    )
    draft = next(iter(read_markdown(path, 10_000).drafts))
    assert draft.title == "Talks: a failure" and draft.published == "2020-03-05"
    assert draft.meta == {
        "tags": ["diplomacy", "Syria"],
        "authors": ["A. Writer", "B. Writer"],
        "words": 812,
    }


def test_broken_front_matter_names_the_file_and_line(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: ok\ntags: [unclosed\n---\nBody text here.\n", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        read_markdown(path, 10_000)
    assert str(path) in str(caught.value) and "front matter" in str(caught.value)
    assert caught.value.line is not None
