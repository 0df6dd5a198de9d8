"""Prodigy JSONL out and back: tokens, token offsets, hashes, answers, annotators; and the
case a team lives: export, edit in Prodigy, import, with answers and coders honoured."""

from __future__ import annotations

import json

from annotator.export import ExportOptions, Selection, Source, export_project
from annotator.ingest import import_paths
from annotator.store import Project
from tests.core.labeled_project import make_labeled_project


def export_prodigy(project, path, source="all-coders"):
    return export_project(project, path, ExportOptions("prodigy", Selection(Source.parse(source))))


def read_tasks(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def coder_spans(project) -> set:
    return set(
        project.db.execute(
            'select c.name, a.content_hash, s.layer, s.label, s.start, s."end", s.attrs '
            "from spans s join coders c on c.uuid = s.coder_uuid "
            "join articles a on a.id = s.article_id where s.deleted = 0"
        )
    )


def coder_answers(project) -> set:
    return set(
        project.db.execute(
            "select c.name, a.content_hash, d.scheme, d.value from doc_labels d "
            "join coders c on c.uuid = d.coder_uuid join articles a on a.id = d.article_id "
            "where d.deleted = 0"
        )
    )


def coder_links(project) -> set:
    return set(
        project.db.execute(
            "select c.name, r.kind, h.start, t.start from relations r "
            "join coders c on c.uuid = r.coder_uuid join spans h on h.uuid = r.head "
            "join spans t on t.uuid = r.tail where r.deleted = 0"
        )
    )


def test_span_tasks_carry_tokens_offsets_hashes_and_the_annotator(tmp_path):
    with make_labeled_project(tmp_path) as project:
        export_prodigy(project, tmp_path / "out.jsonl")
    tasks = read_tasks(tmp_path / "out.jsonl")
    span_tasks = [t for t in tasks if "spans" in t]
    assert {t["_annotator_id"] for t in span_tasks} == {"Amira", "Ben"}
    for task in span_tasks:
        assert task["answer"] == "accept" and task["_session_id"] == task["_annotator_id"]
        assert isinstance(task["_input_hash"], int) and isinstance(task["_task_hash"], int)
        assert isinstance(task["_timestamp"], int)
        tokens = task["tokens"]
        assert [t["id"] for t in tokens] == list(range(len(tokens)))
        for token in tokens:
            assert task["text"][token["start"] : token["end"]] == token["text"]
        for span in task["spans"]:  # every span covers whole tokens: token_end inclusive
            first, last = tokens[span["token_start"]], tokens[span["token_end"]]
            assert (first["start"], last["end"]) == (span["start"], span["end"])
    same_text = [t for t in span_tasks if t["text"].startswith("Regime")]
    assert len({t["_input_hash"] for t in same_text}) == 1  # one input, two coders' tasks
    assert len({t["_task_hash"] for t in same_text}) == 2
    choice = next(t for t in tasks if t.get("scheme") == "secondary_frames")
    assert choice["accept"] == ["morality", "political"] and len(choice["options"]) == 15
    note = next(t for t in tasks if t.get("scheme") == "note")
    assert note["user_input"] == "@mention: see the wire copy"


def test_our_labels_round_trip_through_prodigy(tmp_path):
    with make_labeled_project(tmp_path) as project:
        export_prodigy(project, tmp_path / "out.jsonl")
        spans, answers, links = coder_spans(project), coder_answers(project), coder_links(project)
    with Project.create(tmp_path / "back.sqlite") as back:
        report = import_paths(back, [tmp_path / "out.jsonl"])
        assert coder_spans(back) == spans
        assert coder_answers(back) == answers
        assert coder_links(back) == links
        titles = {a.title for a in (back.articles.get(i) for i in back.articles.ids())}
        assert "=SUM(A1:A9)" in titles  # the article's fields come back from meta
        again = import_paths(back, [tmp_path / "out.jsonl"])
        assert again.labels.spans == 0 and again.labels.doc_labels == 0
        assert report.labels.not_accepted == 0


def test_export_edit_in_prodigy_import_honours_answers_and_coders(tmp_path):
    # the supervisor exports the coders' work, a reviewer goes through it in Prodigy (which
    # prefixes the dataset to the session name), and the result comes back into the project
    with make_labeled_project(tmp_path) as project:
        export_prodigy(project, tmp_path / "review.jsonl")
        before = coder_spans(project)
    edited = []
    for task in read_tasks(tmp_path / "review.jsonl"):
        if "spans" not in task:
            continue
        task["_annotator_id"] = task["_session_id"] = f"review-{task['_annotator_id']}"
        task["_timestamp"] = 1767225600  # 2026-01-01: the review
        if task["text"].startswith("Talks"):  # Ben's span task on it, rejected in review
            task["answer"] = "reject"
            task["spans"].append({"start": 0, "end": 5, "label": "EMOTIVE"})
        if task["text"].startswith("Regime") and task["_annotator_id"] == "review-Ben":
            start = task["text"].index("officials")
            task["spans"].append({"start": start, "end": start + 9, "label": "SOURCE"})
        edited.append(task)
    (tmp_path / "edited.jsonl").write_text(
        "\n".join(json.dumps(t, ensure_ascii=False) for t in edited) + "\n", encoding="utf-8"
    )
    with Project.open(tmp_path / "labeled.sqlite") as project:
        report = import_paths(project, [tmp_path / "edited.jsonl"])
        after = coder_spans(project)
        new = after - before
        assert len(new) == 1  # Ben's added source, under Ben (not "review-Ben")
        [(coder, _, layer, label, _, _, _)] = new
        assert (coder, layer, label) == ("Ben", "attribution", "source")
        assert report.labels.not_accepted == 2  # the rejected task's two spans
        assert not any(s[3] == "emotive" and s[4] == 0 for s in after)  # rejected: not a label
        assert {c.name for c in project.coders.list()} == {"Amira", "Ben"}
        created = project.db.execute(
            "select created from spans where label = 'source' and coder_uuid = ?",
            [project.coders.by_name("Ben")[0].uuid],
        ).fetchone()[0]
        assert created.startswith("2026-01-01T00:00:00")  # _timestamp honoured
