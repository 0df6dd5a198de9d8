"""``annotator import`` of labeled JSONL: our own export comes back exactly (round trip), and
Prodigy's and doccano's span files come in under a sensible coder; bad labels stop the import
with the file and line, and nothing is written."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.errors import IngestError
from annotator.export import ExportOptions, Selection, Source, export_project
from annotator.ingest import ImportOptions, import_paths
from annotator.store import Project
from annotator.store.gold import gold_articles
from tests.core.labeled_project import make_labeled_project

LABEL_TABLES = {
    "spans": 'uuid, coder_uuid, layer, label, start, "end", attrs, origin, created, updated',
    "doc_labels": "uuid, coder_uuid, scheme, value, created, updated",
    "relations": "uuid, coder_uuid, kind, head, tail, attrs, created, updated",
}


@pytest.fixture
def labeled(tmp_path):
    project = make_labeled_project(tmp_path)
    yield project
    project.close()


def export_jsonl(project, path, source="all-coders"):
    selection = Selection(Source.parse(source))
    return export_project(project, path, ExportOptions("jsonl", selection))


def label_rows(project) -> dict[str, set]:
    """Every live label with its article's content hash in place of the local id."""
    rows = {}
    for table, columns in LABEL_TABLES.items():
        found = project.db.execute(
            f"select a.content_hash, {', '.join('t.' + c for c in columns.split(', '))} "
            f"from {table} t join articles a on a.id = t.article_id where t.deleted = 0"
        )
        rows[table] = set(found)
    return rows


def write_lines(path, records) -> None:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")


def test_our_jsonl_round_trips_every_coder_label_exactly(labeled, tmp_path):
    export_jsonl(labeled, tmp_path / "all.jsonl")
    with Project.create(tmp_path / "new.sqlite") as new:
        report = import_paths(new, [tmp_path / "all.jsonl"])
        assert len(report.added) == 5
        assert (report.labels.spans, report.labels.doc_labels, report.labels.relations) == (
            12,
            8,
            1,
        )
        assert label_rows(new) == label_rows(labeled)  # ids, coders, timestamps, attributes
        assert {(c.uuid, c.name) for c in new.coders.list()} == {
            (c.uuid, c.name) for c in labeled.coders.list()
        }
        old = {a.content_hash: a for a in map(labeled.articles.get, labeled.articles.ids())}
        for article in map(new.articles.get, new.articles.ids()):
            before = old[article.content_hash]
            assert (article.title, article.outlet, article.story, article.meta) == (
                before.title,
                before.outlet,
                before.story,
                before.meta,
            )
        export_jsonl(new, tmp_path / "again.jsonl")

    def without_article_ids(path):
        return [{**json.loads(line), "id": None} for line in path.read_text().splitlines()]

    assert without_article_ids(tmp_path / "again.jsonl") == without_article_ids(
        tmp_path / "all.jsonl"
    )


def test_a_gold_export_comes_back_as_gold(labeled, tmp_path):
    export_jsonl(labeled, tmp_path / "gold.jsonl", source="gold")

    def gold_content(project):
        names = dict(project.db.execute("select uuid, name from coders"))
        hashes = dict(project.db.execute("select id, content_hash from articles"))
        found = set()
        for gold in gold_articles(project):
            digest = hashes[gold.article_id]
            found |= {
                (digest, s.layer, s.label, s.start, s.end, json.dumps(s.attrs), names[s.decided_by])
                for s in gold.spans
            }
            found |= {
                (digest, a.scheme, json.dumps(a.value), names[a.decided_by])
                for a in gold.answers.values()
            }
        return found

    with Project.create(tmp_path / "new.sqlite") as new:
        report = import_paths(new, [tmp_path / "gold.jsonl"])
        assert report.labels.gold == 8 and report.labels.spans == 0
        assert gold_content(new) == gold_content(labeled)
        assert new.db.execute("select count(*) from spans").fetchone()[0] == 0


def test_importing_again_or_into_the_source_project_adds_nothing(labeled, tmp_path):
    export_jsonl(labeled, tmp_path / "all.jsonl")
    before = label_rows(labeled)
    again = import_paths(labeled, [tmp_path / "all.jsonl"])
    assert again.added == [] and len(again.duplicates) == 5
    assert again.labels.present == 21 and again.labels.spans == 0
    assert label_rows(labeled) == before


PRODIGY = [
    {
        "text": "Regime forces shelled the town.",
        "spans": [
            {"start": 0, "end": 6, "label": "PEJORATIVE_LABEL", "token_start": 0, "token_end": 0},
            {"start": 14, "end": 21, "label": "emotive", "text": "shelled"},
        ],
        "tokens": [{"text": "Regime", "start": 0, "end": 6, "id": 0}],
        "_input_hash": 1,
        "_task_hash": 2,
        "_view_id": "spans_manual",
        "_annotator_id": "study-amira",
        "answer": "accept",
        "meta": {"source": "wire"},
    },
    {
        "text": "The militants were neutralized.",
        "spans": [{"start": 19, "end": 30, "label": "euphemism"}],
        "_session_id": "study-ben",
        "answer": "reject",
    },
]


def test_prodigy_spans_come_in_under_the_annotator_named_in_the_record(tmp_path):
    write_lines(tmp_path / "prodigy.jsonl", PRODIGY)
    with Project.create(tmp_path / "p.sqlite") as project:
        report = import_paths(project, [tmp_path / "prodigy.jsonl"])
        assert len(report.added) == 2  # a rejected answer's text is still an article
        assert report.labels.spans == 2 and report.labels.not_accepted == 1
        assert "1 span(s) of rejected or ignored records left out" in report.summary()
        first = project.articles.get(project.articles.ids()[0])
        assert first.meta == {"source": "wire"}  # no tokens, hashes or answers in the metadata
        spans = project.spans.for_article(first.id)
        assert sorted((s.layer, s.label, s.covered(first.text)) for s in spans) == [
            ("loaded", "emotive", "shelled"),
            ("loaded", "pejorative_label", "Regime"),
        ]
        assert {project.coders.get(s.coder_uuid).name for s in spans} == {"study-amira"}
        again = import_paths(project, [tmp_path / "prodigy.jsonl"])
        assert again.labels.spans == 0 and again.labels.present == 2  # no duplicates


def test_doccano_labels_and_entities_take_the_coder_option_or_the_file_name(tmp_path):
    entity = {"id": 1, "start_offset": 0, "end_offset": 10, "label": "pejorative_label"}
    lines = [
        {"id": 7, "text": "Regime forces shelled.", "label": [[0, 6, "pejorative_label"]]},
        {"text": "Terrorists fled.", "entities": [entity]},
    ]
    write_lines(tmp_path / "doccano.jsonl", lines)
    with Project.create(tmp_path / "d.sqlite") as project:
        import_paths(project, [tmp_path / "doccano.jsonl"], ImportOptions(coder="Dana"))
        assert [c.name for c in project.coders.list()] == ["Dana"]
        assert project.counts()["spans"] == 2
        assert project.articles.get(project.articles.ids()[0]).meta == {"id": 7}
    with Project.create(tmp_path / "e.sqlite") as project:
        import_paths(project, [tmp_path / "doccano.jsonl"])
        assert [c.name for c in project.coders.list()] == ["import: doccano.jsonl"]


def test_offsets_follow_the_text_normalisation(tmp_path):
    raw = "  Headline\r\nThe regime\u0007 said.  "
    start = raw.index("regime")
    span = {"start": start, "end": start + 6, "label": "pejorative_label"}
    write_lines(tmp_path / "n.jsonl", [{"text": raw, "spans": [span]}])
    with Project.create(tmp_path / "n.sqlite") as project:
        import_paths(project, [tmp_path / "n.jsonl"])
        article = project.articles.get(project.articles.ids()[0])
        assert article.text == "Headline\nThe regime said."
        [span] = project.spans.for_article(article.id)
        assert span.covered(article.text) == "regime"


def _spans(text: str, *spans: dict) -> dict:
    return {"text": text, "spans": list(spans)}


BAD_LINES = [
    (
        _spans("Regime forces.", {"start": 0, "end": 6, "label": "villain"}),
        r"bad.jsonl line 2: span 1: 'villain' is not a label of pejorative_label",
    ),
    (
        _spans("Regime forces.", {"start": 0, "end": 60, "label": "emotive"}),
        r"bad.jsonl line 2: span 1 \[0, 60\) does not fit the text of 14 characters",
    ),
    (  # UTF-16 offsets, as a JavaScript tool counts them
        _spans("😀 Regime forces", {"start": 3, "end": 9, "label": "emotive", "text": "Regime"}),
        r"span 1 \[3, 9\) covers 'egime ' but its 'text' is 'Regime'; offsets must count",
    ),
    (
        _spans("Regime.", {"start": 0, "end": 6, "label": "emotive", "layer": "attribution"}),
        r"line 2: span 1: 'emotive' is not a label of cue, source, content",
    ),
    (
        {"text": "x", "annotator": {}, "doc_labels": [{"scheme": "primary_frame", "value": "war"}]},
        r"line 2: 'war' is not an answer to 'primary_frame'",
    ),
    (
        _spans("x y", {"start": "0", "end": 1, "label": "emotive"}),
        r"line 2: span 1 needs whole-number 'start' and 'end'",
    ),
]


@pytest.mark.parametrize(("record", "message"), BAD_LINES)
def test_a_bad_label_stops_the_import_and_nothing_is_written(tmp_path, record, message):
    good = _spans("A good article about talks.", {"start": 2, "end": 6, "label": "emotive"})
    write_lines(tmp_path / "bad.jsonl", [good, record])
    with Project.create(tmp_path / "b.sqlite") as project:
        with pytest.raises(IngestError, match=message) as raised:
            import_paths(project, [tmp_path / "bad.jsonl"])
        assert "Nothing was imported" in str(raised.value)
        counts = project.counts()
        assert (counts["articles"], counts["spans"], counts["coders"]) == (0, 0, 0)
        report = import_paths(project, [tmp_path / "bad.jsonl"], ImportOptions(skip_bad=True))
        assert report.skipped and project.counts()["spans"] == 1  # the good line's span


def test_cli_import_takes_a_coder_and_reports_the_labels(tmp_path):
    write_lines(tmp_path / "p.jsonl", [*PRODIGY[1:], {**PRODIGY[0], "_annotator_id": None}])
    runner = CliRunner()
    project = tmp_path / "c.sqlite"
    assert runner.invoke(app, ["new", str(project)]).exit_code == 0
    command = ["import", str(project), str(tmp_path / "p.jsonl"), "--coder", "Eve"]
    result = runner.invoke(app, [*command, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["added"] == 2
    assert data["labels"]["spans"] == 2 and data["labels"]["coders"] == ["Eve"]
    again = runner.invoke(app, command).output
    assert "labels: no new labels (Eve); 2 label(s) already present" in again
    # without --coder the labels are another coder's, named after the file
    other = runner.invoke(app, ["import", str(project), str(tmp_path / "p.jsonl")]).output
    assert "labels: 2 span(s) (import: p.jsonl)" in other
