"""Export: what each source, filter and format writes, read back with the format's own reader
(json, csv, pyarrow, spaCy), and the rules: snapping, overlaps, split by story, formula-safe
CSV cells."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from annotator.csv_cells import escape_cell, unescape_cell
from annotator.export import ExportError, ExportOptions, Selection, Source, export_project
from annotator.model import ArticleDraft
from annotator.store import Project
from tests.core.labeled_project import make_labeled_project


@pytest.fixture
def labeled(tmp_path):
    project = make_labeled_project(tmp_path)
    yield project
    project.close()


def export(project, path, fmt="jsonl", source="gold", **kw):
    layers, schemes, status = (
        kw.pop("layers", None),
        kw.pop("schemes", None),
        kw.pop("status", None),
    )
    selection = Selection(Source.parse(source), layers, schemes, status)
    return export_project(project, path, ExportOptions(fmt, selection, **kw))


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def live_spans(project, coder=None) -> set[tuple]:
    sql = 'select a.uuid, s.uuid, layer, label, start, "end", attrs from spans s join articles a '
    sql += "on a.id = s.article_id where deleted = 0"
    params = []
    if coder:
        sql += " and coder_uuid = (select uuid from coders where name = ?)"
        params.append(coder)
    return {(*row[:6], row[6]) for row in project.db.execute(sql, params)}


# -- JSONL -----------------------------------------------------------------------------------


def test_jsonl_all_coders_holds_every_live_label_with_prodigy_span_fields(labeled, tmp_path):
    summary = export(labeled, tmp_path / "all.jsonl", source="all-coders")
    lines = records(tmp_path / "all.jsonl")
    assert summary.articles == len(lines) == 5
    found = {
        (
            r["id"],
            s["id"],
            s["layer"],
            s["label"],
            s["start"],
            s["end"],
            json.dumps(s["attributes"]),
        )
        for r in lines
        for s in r["spans"]
    }
    expected = {(*row[:6], json.dumps(json.loads(row[6]))) for row in live_spans(labeled)}
    assert found == expected and summary.spans == len(expected) == 12
    for record in lines:
        for span in record["spans"]:
            # Prodigy's fields, and the words they cover, in code points of "text"
            assert record["text"][span["start"] : span["end"]] == span["text"]
            assert span["coder"] in ("Amira", "Ben") and span["origin"] == "manual"
    refugees = next(r for r in lines if r["meta"]["title"] == "Refugees")
    assert {s["text"] for s in refugees["spans"]} == {"brutal offensive", "brutal", "rutal", "😀"}
    shelling = next(r for r in lines if r["meta"]["title"] == "Shelling")
    assert shelling["meta"] | {} == {
        "title": "Shelling",
        "outlet": "Outlet A",
        "date": None,
        "story": "Shelling",
        "url": None,
    }
    assert [r["kind"] for r in shelling["relations"]] == ["source_of"]
    assert {(a["coder"], a["scheme"]) for a in shelling["doc_labels"]} == {
        ("Amira", "primary_frame"),
        ("Amira", "secondary_frames"),
        ("Amira", "note"),
        ("Ben", "primary_frame"),
    }
    assert shelling["annotator"] == {
        "format": 1,
        "source": "coders",
        "content_hash": labeled.articles.get(labeled.articles.ids()[0]).content_hash,
    }


def test_gold_is_the_default_source(labeled, tmp_path):
    summary = export(labeled, tmp_path / "gold.jsonl")
    lines = records(tmp_path / "gold.jsonl")
    assert summary.source == "gold" and len(lines) == 4
    spans = sorted((s["text"], s["label"]) for r in lines for s in r["spans"])
    assert spans == [
        ("Regime", "pejorative_label"),
        ("brutal", "emotive"),
        ("brutal offensive", "emotive"),
        ("neutralized", "euphemism"),
    ]
    assert all(s["coder"] == "Amira" and s["origin"] is None for r in lines for s in r["spans"])
    assert lines[0]["annotator"]["source"] == "gold"


def test_one_coder_layers_schemes_and_status_filter(labeled, tmp_path):
    export(labeled, tmp_path / "ben.jsonl", source="coder:Ben")
    assert {s["coder"] for r in records(tmp_path / "ben.jsonl") for s in r["spans"]} == {"Ben"}
    summary = export(
        labeled, tmp_path / "f.jsonl", source="coder:Amira", layers=("attribution",),
        schemes=("secondary_frames",),
    )  # fmt: skip
    lines = records(tmp_path / "f.jsonl")
    assert summary.articles == 1 and summary.by_layer == {"attribution": 2}
    assert [a["value"] for a in lines[0]["doc_labels"]] == [["morality", "political"]]
    assert len(lines[0]["relations"]) == 1  # both its spans are attribution spans
    export(labeled, tmp_path / "done.jsonl", source="all-coders", status="done")
    done = records(tmp_path / "done.jsonl")
    # Ben finished article 1 only; his article 5 is in progress and article 3 untouched
    assert sorted(r["meta"]["title"] for r in done) == ["Neutralized", "Shelling", "Talks"]
    assert not any(
        s["coder"] == "Ben" for r in done for s in r["spans"] if r["meta"]["title"] == "Talks"
    )


def test_gold_status_done_means_everyone_who_worked_on_it_finished(labeled, tmp_path):
    export(labeled, tmp_path / "g.jsonl", status="done")
    # Shelling: Amira and Ben both done; Neutralized and Talks: Amira (the only one) done;
    # Refugees has gold but nobody marked it, so it is still to do
    titles = sorted(r["meta"]["title"] for r in records(tmp_path / "g.jsonl"))
    assert titles == ["Neutralized", "Shelling", "Talks"]
    export(labeled, tmp_path / "todo.jsonl", status="todo")
    assert [r["meta"]["title"] for r in records(tmp_path / "todo.jsonl")] == ["Refugees"]


# -- CSV -------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_one_file_per_layer_round_trips_every_span_and_answer(labeled, tmp_path):
    summary = export(labeled, tmp_path / "tables", "csv", source="all-coders")
    names = sorted(p.name for p in summary.files)
    assert names == ["attribution.csv", "doc_labels.csv", "loaded.csv"]
    rows = read_csv(tmp_path / "tables" / "loaded.csv") + read_csv(
        tmp_path / "tables" / "attribution.csv"
    )
    back = set()
    for row in rows:
        row = {k: unescape_cell(v) for k, v in row.items()}
        attrs = {
            k: v
            for k, v in row.items()
            if k in ("neutral_alternative", "note", "source_type", "stance", "quote_type") and v
        }
        if row["other_attributes"]:
            attrs |= json.loads(row["other_attributes"])
        back.add(
            (row["article_id"], row["span_id"], row["layer"], row["label"], int(row["start"]),
             int(row["end"]), json.dumps(attrs, sort_keys=True, separators=(",", ":")))
        )  # fmt: skip
    assert back == {
        (*row[:6], json.dumps(json.loads(row[6]), sort_keys=True, separators=(",", ":")))
        for row in live_spans(labeled)
    }
    answers = [
        (r["coder"], r["scheme"], unescape_cell(r["value"]))
        for r in read_csv(tmp_path / "tables" / "doc_labels.csv")
    ]
    assert ("Amira", "secondary_frames", "morality; political") in answers
    assert ("Amira", "note", "@mention: see the wire copy") in answers
    assert len(answers) == summary.answers == 8


def test_csv_has_the_codebook_title_beside_every_stored_name(labeled, tmp_path):
    export(labeled, tmp_path / "tables", "csv", source="all-coders")
    rows = read_csv(tmp_path / "tables" / "attribution.csv")
    header = list(rows[0])
    assert header[header.index("label") + 1] == "label_title"
    assert header[header.index("stance") + 1] == "stance_title"
    book = labeled.codebook
    for row in rows:
        assert row["label_title"] == book.label_title("attribution", row["label"])
        if row["stance"]:
            assert row["stance_title"] == book.attribute_value_title(
                "attribution", "stance", row["stance"]
            )
    answers = read_csv(tmp_path / "tables" / "doc_labels.csv")
    frames = next(r for r in answers if r["scheme"] == "secondary_frames")
    assert frames["scheme_title"] == "Secondary frames"
    assert frames["value_title"] == "Morality; Political"


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(labeled, tmp_path):
    export(labeled, tmp_path / "tables", "csv", source="all-coders")
    cells = []
    for name in ("loaded.csv", "attribution.csv", "doc_labels.csv"):
        with open(tmp_path / "tables" / name, encoding="utf-8-sig", newline="") as handle:
            cells += [cell for row in csv.reader(handle) for cell in row]
    # no cell starts with a formula character, and the dangerous ones are there, escaped
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    for dangerous in ("=SUM(A1:A9)", "=HYPERLINK()", "=cmd|' /C calc'!A0", "-2 dead", "@mention"):
        assert any(c.startswith("'" + dangerous) for c in cells), dangerous
    assert any(c.startswith("'+1 more") for c in cells) is False  # texts are not in the CSV


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+1", "-1", "@SUM(1)", "\tx", "\rx", "'=1", "''+1", " =1", "\n=1", "\ufeff=1",
     "\u200b@x", "\u00a0-1", "＝1", "＋1", "－1", "＠x", "﹦1", "\u3000=1"],
)  # fmt: skip
def test_formulas_are_escaped_exactly(value):
    escaped = escape_cell(value)
    assert escaped.startswith("'") and unescape_cell(escaped) == value


@pytest.mark.parametrize(
    "value", ["regime", "'Twas the night", "'quoted'", "a=1", "  spaced", "", "O'Brien", "€5"]
)
def test_text_that_is_not_a_formula_is_never_changed(value):
    assert escape_cell(value) == value and unescape_cell(value) == value
    assert escape_cell(12) == 12 and escape_cell(None) is None


# -- Parquet ---------------------------------------------------------------------------------


def test_parquet_tables_round_trip(labeled, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    summary = export(labeled, tmp_path / "pq", "parquet", source="all-coders")
    spans = pq.read_table(tmp_path / "pq" / "spans.parquet").to_pylist()
    assert len(spans) == summary.spans
    back = {
        (s["article_id"], s["span_id"], s["layer"], s["label"], s["start"], s["end"],
         json.dumps(json.loads(s["attributes"]), sort_keys=True))
        for s in spans
    }  # fmt: skip
    assert back == {
        (*row[:6], json.dumps(json.loads(row[6]), sort_keys=True)) for row in live_spans(labeled)
    }
    answers = pq.read_table(tmp_path / "pq" / "doc_labels.parquet").to_pylist()
    multi = next(a for a in answers if a["scheme"] == "secondary_frames")
    assert multi["choices"] == ["morality", "political"] and multi["value"] == "morality; political"
    single = next(a for a in answers if a["scheme"] == "primary_frame")
    assert single["choices"] == [single["value"]]  # always a list, one item for one choice
    text = next(a for a in answers if a["scheme"] == "note")
    assert text["choices"] == [] and text["value"] == "@mention: see the wire copy"
    assert {a["title"] for a in answers} >= {"=SUM(A1:A9)"}  # kept as data: no spreadsheet


def test_parquet_published_is_a_timestamp_where_it_parses(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    dates = ["2020-02-10", "2020-03-06T01:52:00+02:00", "2020-03-06T01:52:00Z", "spring 2020"]
    with Project.create(tmp_path / "dated.sqlite") as project:
        ids = project.articles.add(
            ArticleDraft(text=f"Article {n} said so.", published=date)
            for n, date in enumerate(dates)
        ).added
        coder = project.coders.add("Ann").uuid
        for article in ids:
            project.spans.add(article, coder, "loaded", "emotive", 0, 7)
        export(project, tmp_path / "pq", "parquet", source="all-coders")
    table = pq.read_table(tmp_path / "pq" / "spans.parquet")
    assert str(table.schema.field("published").type) == "timestamp[us, tz=UTC]"
    rows = {r["published_text"]: r["published"] for r in table.to_pylist()}
    assert rows["2020-02-10"].isoformat() == "2020-02-10T00:00:00+00:00"
    assert rows["2020-03-06T01:52:00+02:00"].isoformat() == "2020-03-05T23:52:00+00:00"
    assert rows["2020-03-06T01:52:00Z"].isoformat() == "2020-03-06T01:52:00+00:00"
    assert rows["spring 2020"] is None  # not a date: the text column keeps it


def test_parquet_without_pyarrow_says_how_to_get_it(labeled, tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name.startswith("pyarrow"):
            raise ImportError("no pyarrow")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(ExportError, match=r"pip install 'media-bias-annotator\[parquet\]'"):
        export(labeled, tmp_path / "pq", "parquet")
    assert not (tmp_path / "pq").exists()


def test_gold_is_read_as_the_gold_module_reads_it(labeled):
    from annotator.export import read_articles
    from annotator.store.gold import gold_articles

    exported = {
        a.id: (
            [(s.id, s.layer, s.label, s.start, s.end, s.attrs, s.coder_id, s.from_id)
             for s in a.spans],
            {x.scheme: (x.id, x.value, x.coder_id, x.from_id) for x in a.answers},
        )
        for a in read_articles(labeled, Selection())
    }  # fmt: skip
    gold = {
        g.article_id: (
            [(s.uuid, s.layer, s.label, s.start, s.end, s.attrs, s.decided_by, s.from_uuid)
             for s in g.spans],
            {k: (a.uuid, a.value, a.decided_by, a.from_uuid) for k, a in g.answers.items()},
        )
        for g in gold_articles(labeled)
        if g.spans or g.answers
    }  # fmt: skip
    assert exported == gold and len(exported) == 4
