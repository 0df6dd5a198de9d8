"""Bad input for the importers: each case gets a clear error naming the file (and line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import IngestError
from annotator.ingest import ImportOptions, import_paths, read_file
from annotator.ingest.importer import SUFFIXES

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.touch()
    with pytest.raises(IngestError, match=r"empty\.txt: is empty"):
        list(read_file(path, ImportOptions()).drafts)


def test_a_blank_file(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n \u3000\n")
    with pytest.raises(IngestError, match=r"blank\.txt: has no text"):
        list(read_file(path, ImportOptions()).drafts)


def test_a_png_renamed_to_txt(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(PNG)
    with pytest.raises(IngestError, match=r"photo\.txt: is a PNG image, not text"):
        list(read_file(path, ImportOptions()).drafts)


def test_an_unknown_binary(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(b"abc\x00\x01\x02" * 100)
    with pytest.raises(IngestError, match=r"blob\.txt: looks like a binary file"):
        list(read_file(path, ImportOptions()).drafts)


def test_a_200_mb_file_is_refused_with_the_limit_named(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # sparse: takes no real disk space
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(IngestError, match=r"huge\.txt: is 200 MB, over the import limit of 100 MB"):
        list(read_file(path, ImportOptions()).drafts)


def test_the_size_limit_is_configurable(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Headline of the day\n\n" + "word " * 400)
    with pytest.raises(IngestError, match="over the import limit of 1,000 bytes"):
        list(read_file(path, ImportOptions(max_bytes=1000)).drafts)
    assert list(read_file(path, ImportOptions(max_bytes=10_000)).drafts)


def _jsonl_with_a_broken_line(path: Path, lines: int = 10_000, broken: int = 5_000) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(1, lines + 1):
            if number == broken:
                handle.write('{"text": "half a line, cut off\n')
            else:
                handle.write(json.dumps({"text": f"Article number {number} says a thing."}) + "\n")


def test_a_broken_jsonl_line_stops_the_import_and_nothing_is_written(project, tmp_path):
    path = tmp_path / "feed.jsonl"
    _jsonl_with_a_broken_line(path)
    with pytest.raises(IngestError) as caught:
        import_paths(project, [path])
    message = str(caught.value)
    assert "feed.jsonl line 5000: not valid JSON" in message
    assert "Nothing was imported" in message
    assert caught.value.line == 5000
    assert project.articles.count() == 0


def test_skipping_bad_lines_imports_the_rest_and_lists_them(project, tmp_path):
    path = tmp_path / "feed.jsonl"
    _jsonl_with_a_broken_line(path)
    report = import_paths(project, [path], ImportOptions(skip_bad=True))
    assert len(report.added) == 9_999
    assert len(report.skipped) == 1 and "feed.jsonl line 5000" in report.skipped[0]
    assert project.articles.count() == 9_999


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('["a list"]', "line 2: is not a JSON object"),
        ('{"title": "no text"}', "line 2: has no 'text' field"),
        ('{"text": "   "}', "line 2: the 'text' field is empty"),
        ('{"text": "ok", "meta": 3}', "line 2: the 'meta' field must be an object"),
        ('{"text": "ok", "title": ["x"]}', "line 2: the 'title' field must be text"),
        ("[" * 100_000 + "]" * 100_000, "line 2: not valid JSON"),
    ],
)
def test_bad_jsonl_records_name_the_line(tmp_path, line, message):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"text": "fine"}) + "\n" + line + "\n")
    with pytest.raises(IngestError, match=message):
        list(read_file(path, ImportOptions()).drafts)


def test_csv_without_a_text_column_lists_the_columns(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("headline,author\nA,B\n")
    with pytest.raises(
        IngestError,
        match=r"table\.csv: has no text column \(columns: "
        r"headline, author\).*--column text=NAME",
    ):
        list(read_file(path, ImportOptions()).drafts)


def test_csv_mapping_to_a_missing_column(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("headline,body\nA,B\n")
    with pytest.raises(IngestError, match="has no column 'content' to use as text"):
        list(read_file(path, ImportOptions(column_map={"text": "content"})).drafts)


def test_csv_row_with_empty_text_names_its_line(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("title,text\nA,fine text\nB,\n")
    with pytest.raises(IngestError, match=r"table\.csv line 3: the 'text' field is empty"):
        list(read_file(path, ImportOptions()).drafts)


def test_a_json_file_that_is_not_a_manifest(tmp_path):
    path = tmp_path / "data.json"
    path.write_text('{"text": "an article"}')
    with pytest.raises(IngestError, match="is not a manifest"):
        list(read_file(path, ImportOptions()).drafts)


def test_a_manifest_naming_a_missing_file(tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text('{"articles": [{"file": "gone.txt"}]}')
    with pytest.raises(IngestError, match=r"articles\[0\]: the file 'gone.txt' is missing"):
        list(read_file(path, ImportOptions()).drafts)


def test_an_unsupported_file_type(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(IngestError, match=r"report\.docx: is a \.docx file"):
        list(read_file(path, ImportOptions()).drafts)


def test_one_bad_file_in_a_folder_stops_everything_unless_skipped(project, tmp_path):
    (tmp_path / "good.txt").write_text("A fine headline\n\nA fine body of text.")
    (tmp_path / "bad.txt").write_bytes(PNG)
    with pytest.raises(IngestError, match=r"bad\.txt: is a PNG image.*Nothing was imported"):
        import_paths(project, [tmp_path])
    assert project.articles.count() == 0
    report = import_paths(project, [tmp_path], ImportOptions(skip_bad=True))
    assert len(report.added) == 1 and "bad.txt" in report.skipped[0]


# -- fuzzing: no input may raise anything but IngestError -------------------------------------

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _read_only_ingest_errors(path: Path) -> None:
    try:
        drafts = list(read_file(path, ImportOptions()).drafts)
    except IngestError:
        return
    for draft in drafts:
        assert draft.text and draft.text == draft.text.strip()


@pytest.mark.parametrize("suffix", [s for s in SUFFIXES if s != ".text"])
@FUZZ
@given(data=st.binary(max_size=2000))
def test_fuzz_bytes(tmp_path, suffix, data):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    _read_only_ingest_errors(path)


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["text", "title", "meta", "date", "outlet", "x"]), children, max_size=5
        )
    ),
    max_leaves=12,
)


@pytest.mark.slow
@FUZZ
@given(records=st.lists(_JSONISH, max_size=5))
def test_fuzz_jsonl_structures(tmp_path, records):
    path = tmp_path / "fuzz.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    _read_only_ingest_errors(path)


@FUZZ
@given(text=st.text(max_size=600))
def test_fuzz_text_in_every_format(tmp_path, text):
    for suffix in (".txt", ".md", ".html", ".csv", ".jsonl", ".json"):
        path = tmp_path / f"fuzz{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        _read_only_ingest_errors(path)


@FUZZ
@given(
    rows=st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=4), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_fuzz_csv_tables(tmp_path, rows, delimiter):
    import csv

    path = tmp_path / "fuzz.csv"
    with open(path, "w", encoding="utf-8", errors="surrogatepass", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows([["text", "title"], *rows])
    _read_only_ingest_errors(path)
