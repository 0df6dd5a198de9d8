"""Labels from other tools' JSONL: whose they are (line-level coders, no silent folding),
Prodigy's answers, timestamps and choice tasks, document labels mapped onto the codebook's
schemes (unknown values reported), and ``annotator detect --jsonl`` output as suggestions."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.errors import IngestError
from annotator.ingest import ImportOptions, import_paths
from annotator.ingest.label_map import LabelMap, MappingError
from annotator.store import Project

TEXT = "Regime forces shelled the town, officials said."


def write_lines(path, records):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path


def spans_by_coder(project) -> dict[str, set]:
    found: dict[str, set] = {}
    for name, layer, label, start, end in project.db.execute(
        'select c.name, s.layer, s.label, s.start, s."end" from spans s '
        "join coders c on c.uuid = s.coder_uuid where s.deleted = 0"
    ):
        found.setdefault(name, set()).add((layer, label, start, end))
    return found


def answers(project) -> set:
    rows = project.db.execute(
        "select c.name, d.scheme, d.value from doc_labels d join coders c on c.uuid = d.coder_uuid"
    )
    return {(name, scheme, _frozen(json.loads(value))) for name, scheme, value in rows}


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


def span(start, end, label):
    return {"start": start, "end": end, "label": label}


def test_a_line_level_coder_makes_that_lines_labels_that_coders(project, tmp_path):
    # one line per article per annotator, a common shape: nothing is "already present"
    path = write_lines(
        tmp_path / "coders.jsonl",
        [
            {"text": TEXT, "coder": "Ann", "spans": [span(0, 6, "pejorative_label")]},
            {"text": TEXT, "annotator": "Bo", "spans": [span(0, 6, "pejorative_label")]},
            {"text": TEXT, "_annotator_id": "Cy", "spans": [span(42, 46, "cue")]},
        ],
    )
    report = import_paths(project, [path])
    assert report.labels.spans == 3 and report.labels.present == 0
    assert spans_by_coder(project) == {
        "Ann": {("loaded", "pejorative_label", 0, 6)},
        "Bo": {("loaded", "pejorative_label", 0, 6)},
        "Cy": {("attribution", "cue", 42, 46)},
    }
    assert project.articles.get(project.articles.ids()[0]).meta == {}  # not article metadata


def test_several_annotators_are_never_folded_into_one_coder(project, tmp_path):
    path = write_lines(
        tmp_path / "unnamed.jsonl",
        [
            {"text": TEXT, "spans": [span(0, 6, "pejorative_label")]},
            {"text": TEXT, "spans": [span(42, 46, "cue")]},
        ],
    )
    for options in (ImportOptions(), ImportOptions(coder="Someone")):
        with pytest.raises(IngestError, match="would fold several annotators into one coder"):
            import_paths(project, [path], options)
    assert project.counts()["articles"] == 0 and project.counts()["spans"] == 0


def test_skip_bad_leaves_out_the_second_annotators_labels_and_says_so(project, tmp_path):
    # the message offers --skip-bad; it must import the first line's labels and list the second
    # (PolNeAR train has two ids with one text, each with its own labels)
    path = write_lines(
        tmp_path / "unnamed.jsonl",
        [
            {"text": TEXT, "spans": [span(0, 6, "pejorative_label")]},
            {"text": TEXT, "spans": [span(42, 46, "cue")]},
        ],
    )
    report = import_paths(project, [path], ImportOptions(coder="Someone", skip_bad=True))
    assert spans_by_coder(project) == {"Someone": {("loaded", "pejorative_label", 0, 6)}}
    assert len(report.skipped) == 1
    assert "unnamed.jsonl line 2" in report.skipped[0] and "not imported" in report.skipped[0]


def test_the_same_line_twice_is_not_a_second_annotator(project, tmp_path):
    line = {"text": TEXT, "spans": [span(0, 6, "pejorative_label")]}
    report = import_paths(project, [write_lines(tmp_path / "twice.jsonl", [line, line])])
    assert report.labels.spans == 1 and report.labels.present == 1


def test_prodigy_answers_timestamps_and_choice_tasks(project, tmp_path):
    path = write_lines(
        tmp_path / "prodigy.jsonl",
        [
            {"text": TEXT, "spans": [span(0, 6, "PEJORATIVE_LABEL")], "answer": "accept",
             "_annotator_id": "frames-Ann", "_session_id": "frames-Ann", "_timestamp": 1583020800},
            {"text": TEXT, "spans": [span(32, 41, "SOURCE")], "answer": "reject",
             "_annotator_id": "frames-Bo"},
            {"text": TEXT, "options": [{"id": "security_defense", "text": "Security"},
                                       {"id": "political", "text": "Political"}],
             "accept": ["security_defense"], "answer": "accept", "_annotator_id": "frames-Ann"},
            {"text": TEXT, "label": "POLITICAL", "answer": "accept", "_annotator_id": "Cy"},
            {"text": TEXT, "label": "ECONOMIC", "answer": "ignore", "_annotator_id": "Dee"},
        ],
    )  # fmt: skip
    project.coders.add("Ann")  # Prodigy prefixes the dataset: "frames-Ann" is Ann
    report = import_paths(project, [path])
    assert spans_by_coder(project) == {"Ann": {("loaded", "pejorative_label", 0, 6)}}
    assert report.labels.not_accepted == 2  # the rejected span, the ignored choice
    assert answers(project) == {
        ("Ann", "primary_frame", "security_defense"),
        ("Cy", "primary_frame", "political"),
    }
    created = project.db.execute("select created from spans").fetchone()[0]
    assert created == "2020-03-01T00:00:00.000000Z"  # _timestamp kept


def test_doccano_categories_go_to_the_scheme_that_has_them(project, tmp_path):
    path = write_lines(
        tmp_path / "doccano.jsonl",
        [
            {"text": TEXT, "label": ["political"], "coder": "Ann"},
            {"text": TEXT, "label": ["political", "Economic"], "coder": "Bo"},
        ],
    )
    import_paths(project, [path])
    assert answers(project) == {
        ("Ann", "primary_frame", "political"),  # one value: the single-choice scheme
        ("Bo", "secondary_frames", ("economic", "political")),  # several: the multi-choice one
    }


def test_unknown_document_labels_are_reported_not_dropped(project, tmp_path):
    path = write_lines(tmp_path / "cats.jsonl", [{"text": TEXT, "label": ["sports", "political"]}])
    with pytest.raises(IngestError, match=r"'sports' match no choice of the codebook") as caught:
        import_paths(project, [path])
    assert "cats.jsonl line 1" in str(caught.value) and "--map" in str(caught.value)
    assert project.counts()["articles"] == 0
    options = ImportOptions(label_map=LabelMap.parse(["sports=", "political=tone:neutral"]))
    report = import_paths(project, [path], options)
    assert answers(project) == {("import: cats.jsonl", "tone", "neutral")}
    assert report.labels.left_out == {"sports": 1}
    assert "left out as mapped: sports 1" in report.summary()


def test_a_map_to_what_the_codebook_lacks_is_refused_before_reading(project, tmp_path):
    path = write_lines(tmp_path / "a.jsonl", [{"text": TEXT}])
    for item, message in (
        ("x=nowhere:y", "no layer or scheme 'nowhere'"),
        ("x=loaded:villain", "'villain' is not in loaded"),
        ("no-equals-sign", "--map takes NAME=LAYER:LABEL"),
    ):
        with pytest.raises(MappingError, match=message):
            import_paths(project, [path], ImportOptions(label_map=LabelMap.parse([item])))


def test_detect_output_imports_as_suggestions_under_the_detect_layers(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT + "\n", encoding="utf-8")
    runner = CliRunner()
    detected = runner.invoke(app, ["detect", str(article), "--jsonl", "--tier", "blank"])
    assert detected.exit_code == 0, detected.output
    out = tmp_path / "detected.jsonl"
    out.write_text(detected.stdout, encoding="utf-8")
    expected = {(s["layer"], s["label"], s["start"], s["end"]) for s in _spans(detected.stdout)}
    assert {layer for layer, *_ in expected} >= {"loaded", "attribution_cue"}
    path = tmp_path / "p.sqlite"
    Project.create(path).close()
    for _ in range(2):  # twice: the detector's suggestions are replaced, not doubled
        result = runner.invoke(app, ["import", str(path), str(out), "--json"])
        assert result.exit_code == 0, result.output
    with Project.open(path, readonly=True) as project:
        article_id = project.articles.ids()[0]
        stored = project.suggestions.for_article(article_id)
        assert {(s.layer, s.label, s.start, s.end) for s in stored} == expected
        assert {s.detector for s in stored} == {"annotator.detect"}
        assert project.counts()["spans"] == 0  # suggestions, never labels


def _spans(jsonl: str) -> list[dict]:
    return [s for line in jsonl.splitlines() if line.strip() for s in json.loads(line)["spans"]]
