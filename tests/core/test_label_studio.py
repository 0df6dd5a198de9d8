"""Label Studio JSON and JSONL in and out: regions, per-region attributes, choices, relations,
coders from annotations, cancelled annotations, UTF-16 offsets of older versions."""

from __future__ import annotations

import json

import pytest

from annotator.codebook import default_codebook
from annotator.errors import IngestError
from annotator.export import ExportOptions, Selection, Source, export_project
from annotator.export.label_studio import label_studio_config
from annotator.ingest import import_paths
from annotator.store import Project
from tests.core.labeled_project import make_labeled_project
from tests.core.test_prodigy import coder_answers, coder_links, coder_spans

TEXT = "Refugees 😀 fled the brutal offensive, witnesses said."


def test_our_labels_round_trip_through_label_studio(tmp_path):
    with make_labeled_project(tmp_path) as project:
        export_project(
            project,
            tmp_path / "tasks.json",
            ExportOptions("label-studio", Selection(Source.parse("all-coders"))),
        )
        spans, answers, links = coder_spans(project), coder_answers(project), coder_links(project)
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    assert len(tasks) == 5 and all("text" in task["data"] for task in tasks)
    with Project.create(tmp_path / "back.sqlite") as back:
        report = import_paths(back, [tmp_path / "tasks.json"])
        assert len(report.added) == 5
        assert coder_spans(back) == spans  # attributes too, as per-region answers
        assert coder_answers(back) == answers
        assert coder_links(back) == links
        again = import_paths(back, [tmp_path / "tasks.json"])
        assert again.labels.spans == again.labels.doc_labels == again.labels.relations == 0


def test_a_label_studio_export_with_users_cancelled_work_and_utf16_offsets(project, tmp_path):
    def utf16(word):  # JavaScript counts the emoji twice
        return TEXT.index(word) + 1, TEXT.index(word) + 1 + len(word)

    task = {
        "id": 7,
        "data": {"text": TEXT, "title": "Flight", "source_url": "http://example.com/x"},
        "annotations": [
            {
                "id": 1,
                "completed_by": {"id": 3, "email": "ann@example.com"},
                "created_at": "2024-05-01T10:00:00.000000Z",
                "updated_at": "2024-05-01T10:05:00.000000Z",
                "result": [
                    {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
                     "value": {"start": utf16("brutal")[0], "end": utf16("brutal")[1],
                               "text": "brutal", "labels": ["emotive"]}},
                    {"id": "b", "from_name": "label", "to_name": "text", "type": "labels",
                     "value": {"start": utf16("witnesses")[0], "end": utf16("witnesses")[1],
                               "text": "witnesses", "labels": ["Source"]}},
                    {"id": "c", "from_name": "label", "to_name": "text", "type": "labels",
                     "value": {"start": utf16("said")[0], "end": utf16("said")[1],
                               "text": "said", "labels": ["Cue"]}},
                    {"from_id": "b", "to_id": "c", "type": "relation", "labels": ["source_of"]},
                    {"from_name": "frame", "to_name": "text", "type": "choices",
                     "value": {"choices": ["Security and defense"]}},
                ],
            },
            {"id": 2, "completed_by": 5, "was_cancelled": True,
             "result": [{"id": "z", "from_name": "label", "to_name": "text", "type": "labels",
                         "value": {"start": 0, "end": 8, "labels": ["emotive"]}}]},
        ],
        "predictions": [],
    }  # fmt: skip
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    report = import_paths(project, [path])
    names = {row[0] for row in coder_spans(project)}
    assert names == {"ann@example.com"}
    assert {(s[3], TEXT[s[4] : s[5]]) for s in coder_spans(project)} == {
        ("emotive", "brutal"),
        ("source", "witnesses"),
        ("cue", "said"),
    }
    assert coder_answers(project) == {
        ("ann@example.com", project.articles.get(1).content_hash, "primary_frame",
         '"security_defense"')
    }  # fmt: skip
    assert {link[1] for link in coder_links(project)} == {"source_of"}
    assert report.labels.not_accepted == 1  # the cancelled annotation's region
    article = project.articles.get(1)
    assert article.title == "Flight" and article.meta == {"source_url": "http://example.com/x"}


def test_jsonl_tasks_and_a_region_that_fits_nothing(project, tmp_path):
    line = {"data": {"text": "Short text."}, "annotations": [{"completed_by": 1, "result": [
        {"id": "a", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 0, "end": 40, "labels": ["emotive"]}}]}]}  # fmt: skip
    path = tmp_path / "tasks.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"tasks.jsonl line 1: annotation 1, region a \[0, 40\)"):
        import_paths(project, [path])
    assert project.counts()["articles"] == 0


def test_the_labeling_config_names_every_layer_scheme_and_attribute():
    config = label_studio_config(default_codebook())
    for name in ("loaded", "attribution", "primary_frame", "secondary_frames", "stance", "note"):
        assert f'name="{name}"' in config
    assert 'choice="multiple"' in config and 'perRegion="true"' in config
