"""The learned tier for long spans: ``annotator train`` teaches spaCy's ``ner`` one attribution
role per token (cue, source, content) on a few made-up articles in seconds, and
``annotator detect --model`` (alone, or with ``--tier``: merged with the rules) prints the
detect layers with the right offsets. The measured figures on PolNeAR are in
docs/detection.md (not a test: the corpus is not part of the project)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin
from typer.testing import CliRunner

from annotator.cli import app
from annotator.detect import DETECTOR_NAME, build_pipeline
from annotator.export import ExportError
from annotator.labeling import accept_suggestion
from annotator.model import ArticleDraft
from annotator.store import Project
from annotator.store.gold import GoldSpanDraft, replace_gold_spans
from annotator.training import TrainOptions, train_model
from annotator.training.model_folder import inspect_model_folder
from annotator.training.model_output import (
    detect_layer,
    link_to_cues,
    merge_with_rules,
    rules_beside,
)
from annotator.training.roles import SpanShape, choose_component
from annotator.training.suggester import detect_project_with_model, load_model, suggest_texts

runner = CliRunner()
SPEAKERS = ("Senator Alvarez", "The mayor", "A spokeswoman", "Governor Okafor", "The union")
CLAUSES = (
    "the new budget would raise taxes on every family in the northern counties",
    "the bridge repairs had been delayed for three more years by the contractor",
    "nobody in the city council had read the report before the vote last week",
    "the hospital would close its night clinic unless the state paid for nurses",
    "the strike could last until the end of the summer if talks fail again",
    "the police had found no evidence that the fire was started on purpose",
)


def toy_article(n: int) -> tuple[str, list[tuple[str, int, int]]]:
    """A made-up article of two attributions whose content is a long clause (13+ tokens)."""
    first, second = SPEAKERS[n % 5], SPEAKERS[(n + 2) % 5]
    one, two = CLAUSES[n % 6], CLAUSES[(n + 3) % 6]
    text = f"{first} said that {one}. Later, {second.lower()} told reporters that {two}.\n"
    spans = []
    for words, label in (
        (first, "source"),
        ("said", "cue"),
        (one, "content"),
        (second.lower(), "source"),
        ("told reporters", "cue"),
        (two, "content"),
    ):
        start = text.index(words, spans[-1][2] if spans else 0)
        spans.append((label, start, start + len(words)))
    return text, spans


def toy_project(path: Path, articles: int = 10) -> Path:
    with Project.create(path, name="toy") as project:
        made = [toy_article(n) for n in range(articles)]
        project.articles.add(
            ArticleDraft(text=text, title=f"toy {n}") for n, (text, _) in enumerate(made)
        )
        supervisor = project.coders.add("Supervisor").uuid
        for article_id, (text, spans) in zip(project.articles.ids(), made, strict=True):
            drafts = [GoldSpanDraft(label, start, end) for label, start, end in spans]
            replace_gold_spans(project, article_id, "attribution", 0, len(text), drafts, supervisor)
    return path


@pytest.fixture(scope="module")
def roles_model(tmp_path_factory) -> dict:
    """One tiny run through the command line: auto picks ner for these long spans."""
    folder = tmp_path_factory.mktemp("roles")
    project = toy_project(folder / "toy.sqlite")
    model = folder / "roles"
    command = ["train", str(project), "-o", str(model), "--layer", "attribution"]
    command += ["--max-steps", "150", "--eval-frequency", "25", "--width", "32", "--seed", "1"]
    command += ["--name", "roles", "--json"]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output + repr(result.exception)
    return {"project": project, "model": model, "report": json.loads(result.output)}


@pytest.mark.slow
def test_long_spans_get_one_role_per_token_and_the_pipeline_says_so(roles_model):
    model, report = roles_model["model"], roles_model["report"]
    assert report["component"] == "ner"
    assert report["spans"].startswith("60 spans: 33% longer than 3 tokens (the longest 14)")
    assert {"ents_f", "ents_per_type"} <= set(report["scores"])
    nlp = spacy.load(model)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"cue", "source", "content"}
    meta = json.loads((model / "meta.json").read_text())
    assert meta["annotator"]["component"] == "ner" and meta["annotator"]["layer"] == "attribution"
    folder = inspect_model_folder(model)
    assert set(folder.span_labels) == {"cue", "source", "content"}
    train = DocBin().from_disk(model / "training" / "train.spacy").get_docs(nlp.vocab)
    roles = {ent.label_ for doc in train for ent in doc.ents}  # what the ner learned from
    assert roles == {"cue", "source", "content"}


@pytest.mark.slow
def test_the_model_fits_long_content_spans(roles_model):
    """A learnability check: on a training article the 13-token clause comes back whole."""
    nlp = load_model(roles_model["model"])
    text, spans = toy_article(0)
    found = next(suggest_texts(nlp, [text]))
    got = {(s["layer"], s["start"], s["end"]) for s in found}
    want = {(detect_layer("attribution", label), start, end) for label, start, end in spans}
    assert len(got & want) >= 5, (got, want)
    content = [s for s in found if s["layer"] == "quote"]
    assert any(len(text[s["start"] : s["end"]].split()) >= 13 for s in content)


@pytest.mark.slow
def test_detect_model_prints_detect_layers_with_offsets_and_links(roles_model, tmp_path):
    text = "The mayor said that the new budget would raise taxes on every family in the town.\n"
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "text": text}) + "\n")
    command = ["detect", str(tmp_path / "a.jsonl"), "--jsonl", "--model", str(roles_model["model"])]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.strip().splitlines()[-1])
    assert record["id"] == "a" and record["text"] == text and record["detector"] == "model:roles"
    layers = {s["layer"] for s in record["spans"]}
    assert layers and layers <= {"attribution_cue", "source", "quote"}
    for span in record["spans"]:
        assert 0 <= span["start"] < span["end"] <= len(text)
        assert text[span["start"] : span["end"]].strip() == text[span["start"] : span["end"]]
        assert span["explanation"]["codebook"]["layer"] == "attribution"
        assert span["score"] is None  # roles carry no score
    cues = [s for s in record["spans"] if s["layer"] == "attribution_cue"]
    assert [text[s["start"] : s["end"]] for s in cues] == ["said"]
    parts = [s for s in record["spans"] if s["layer"] in ("source", "quote")]
    assert parts and all(s["explanation"]["cue"] == [10, 14] for s in parts)


@pytest.mark.slow
def test_with_a_tier_the_rules_add_what_the_model_did_not_find(roles_model, tmp_path):
    text = "The regime said that the terrorists were martyred in a massive strike on the town.\n"
    (tmp_path / "a.txt").write_text(text)
    model = str(roles_model["model"])
    alone = runner.invoke(app, ["detect", str(tmp_path / "a.txt"), "--jsonl", "--model", model])
    command = ["detect", str(tmp_path / "a.txt"), "--jsonl", "--model", model]
    merged = runner.invoke(app, [*command, "--tier", "blank"])
    assert alone.exit_code == 0 and merged.exit_code == 0, merged.output
    alone_spans = json.loads(alone.output.strip().splitlines()[-1])["spans"]
    merged_spans = json.loads(merged.output.strip().splitlines()[-1])["spans"]
    rules = build_pipeline("blank")
    from annotator.detect import detect_text
    from annotator.detect.sensitivity import keep_passing, min_scores

    rule_spans = keep_passing(detect_text(text, rules).spans, min_scores())  # balanced
    loaded = [s for s in rule_spans if s["layer"] == "loaded"]
    assert loaded  # the rules light "regime", "terrorists", "martyred"
    key = lambda s: (s["layer"], s["start"], s["end"])  # noqa: E731
    beside = rules_beside(alone_spans, rule_spans)
    assert {key(s) for s in loaded} <= {key(s) for s in beside}  # a layer the model lacks
    assert sorted(map(key, merged_spans)) == sorted(map(key, alone_spans + beside))


@pytest.mark.slow
def test_with_a_tier_the_rules_keep_the_chosen_sensitivity(roles_model, tmp_path):
    text = "The regime said that the terrorists were martyred in a massive strike on the town.\n"
    (tmp_path / "a.txt").write_text(text)
    model = str(roles_model["model"])
    command = ["detect", str(tmp_path / "a.txt"), "--jsonl", "--model", model, "--tier", "blank"]
    balanced = runner.invoke(app, command)
    strict = runner.invoke(app, [*command, "--min-score", "loaded=0.99"])
    assert balanced.exit_code == 0 and strict.exit_code == 0, strict.output

    def layers(result):
        return {s["layer"] for s in json.loads(result.output.strip().splitlines()[-1])["spans"]}

    assert "loaded" in layers(balanced) and "loaded" not in layers(strict)


def test_merge_adds_what_only_the_rules_found_and_moves_their_links():
    def span(layer, start, end, label, cue=None):
        explanation = {"cue": cue} if cue else {}
        return {
            "layer": layer,
            "label": label,
            "start": start,
            "end": end,
            "explanation": explanation,
        }

    model = [span("attribution_cue", 10, 14, "cue"), span("quote", 15, 40, "content")]
    rules = [
        span("loaded", 0, 6, "pejorative_label"),  # a layer the model did not learn: kept
        span("source", 7, 9, "named", cue=[11, 14]),  # its cue gives way to the model's: moved
        span("attribution_cue", 11, 14, "distancing"),  # the model found it too: once
        span("quote", 20, 30, "indirect", cue=[11, 14]),  # inside the model's content: gone
        span("attribution_cue", 32, 36, "neutral"),  # inside the model's content: gone
        span("source", 41, 44, "pronoun", cue=[32, 36]),  # its cue is gone, with no model cue
        span("attribution_cue", 50, 55, "neutral"),  # only the rules found it: kept
        span("quote", 56, 70, "direct", cue=[50, 55]),  # and its content, linked as it was
    ]
    merged = merge_with_rules(model, rules)
    assert [(s["layer"], s["start"], s["explanation"].get("cue")) for s in merged] == [
        ("loaded", 0, None),
        ("source", 7, [10, 14]),
        ("attribution_cue", 10, None),
        ("quote", 15, None),
        ("source", 41, None),
        ("attribution_cue", 50, None),
        ("quote", 56, [50, 55]),
    ]
    assert rules[1]["explanation"]["cue"] == [11, 14]  # the rules' own spans are not changed
    assert rules_beside([], rules) == rules  # no model spans: the rules' all


def test_parts_link_to_the_nearest_cue_on_their_line():
    text = "A said B. C told D.\nE wrote F."
    spans = [
        {"layer": "attribution_cue", "start": 2, "end": 6, "explanation": {}},
        {"layer": "attribution_cue", "start": 12, "end": 16, "explanation": {}},
        {"layer": "source", "start": 10, "end": 11, "explanation": {}},
        {"layer": "quote", "start": 7, "end": 8, "explanation": {}},
        {"layer": "quote", "start": 28, "end": 29, "explanation": {}},  # no cue on its line
        {"layer": "source", "start": 0, "end": 1, "explanation": {"cue": [99, 100]}},  # has one
    ]
    link_to_cues(spans, text)
    assert [s["explanation"].get("cue") for s in spans[2:]] == [[12, 16], [2, 6], None, [99, 100]]


def test_auto_picks_ner_for_long_non_overlapping_spans_and_spancat_otherwise():
    long_spans = SpanShape(spans=100, longer=40, overlapping=1, longest=60)
    short_spans = SpanShape(spans=100, longer=5, overlapping=0, longest=5)
    overlapping = SpanShape(spans=100, longer=40, overlapping=10, longest=60)
    assert choose_component("auto", long_spans) == "ner"
    assert choose_component("auto", short_spans) == "spancat"
    assert choose_component("auto", overlapping) == "spancat"
    assert choose_component("auto", SpanShape()) == "spancat"
    assert choose_component("ner", short_spans) == "ner"
    with pytest.raises(ExportError, match="unknown component 'crf'; choose one of auto, ner"):
        choose_component("crf", long_spans)


def test_detect_layers_are_the_codebook_targets_read_backwards():
    assert detect_layer("attribution", "cue") == "attribution_cue"
    assert detect_layer("attribution", "source") == "source"
    assert detect_layer("attribution", "content") == "quote"
    assert detect_layer("loaded", "emotive") == "loaded"
    assert detect_layer("frames", "other") == "frames"  # a layer of another codebook


def test_bad_options_are_one_clear_message(tmp_path):
    project = toy_project(tmp_path / "toy.sqlite", articles=3)
    result = runner.invoke(
        app, ["train", str(project), "-o", str(tmp_path / "m"), "--component", "crf"]
    )
    assert result.exit_code == 1 and "unknown component 'crf'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "m").exists()
    with Project.open(project, readonly=True) as opened, pytest.raises(ExportError):
        train_model(opened, tmp_path / "m", TrainOptions(layer="attribution", component="x"))


def test_asking_for_the_pipelines_vectors_without_it_is_one_clear_message(tmp_path, monkeypatch):
    import annotator.detect.pipeline

    monkeypatch.setattr(annotator.detect.pipeline, "installed_parser_model", lambda: None)
    project = toy_project(tmp_path / "toy.sqlite", articles=3)
    command = ["train", str(project), "-o", str(tmp_path / "m"), "--tok2vec", "pipeline"]
    result = runner.invoke(app, command)
    assert result.exit_code == 1 and "--tok2vec pipeline needs en_core_web_sm" in result.output
    result = runner.invoke(app, [*command[:-1], "vectors"])
    assert result.exit_code == 1 and "unknown tok2vec 'vectors'" in result.output
    assert not (tmp_path / "m").exists()


@pytest.mark.slow
def test_merged_suggestions_are_stored_as_each_detectors_own(roles_model, tmp_path):
    path = tmp_path / "copy.sqlite"
    path.write_bytes(Path(roles_model["project"]).read_bytes())
    nlp = load_model(roles_model["model"])
    with Project.open(path, backup=False) as project:
        first = project.articles.ids()[0]
        other = {"layer": "loaded", "label": "emotive", "start": 0, "end": 3, "score": 0.9}
        project.suggestions.replace(first, "model:other", "1", [{**other, "explanation": {}}])
        assert {s.detector for s in project.suggestions.for_article(first)} == {"model:other"}
        report = detect_project_with_model(
            project, nlp, rules=build_pipeline("blank"), article_ids=[first]
        )
        found = project.suggestions.for_article(first)
        by_detector = {}
        for s in found:
            by_detector.setdefault(s.detector, set()).add(s.layer)
        assert set(by_detector) <= {"model:roles", DETECTOR_NAME}
        assert by_detector["model:roles"] <= {"attribution_cue", "source", "quote"}
        models = [s for s in found if s.detector == "model:roles"]
        roles = ("attribution_cue", "source", "quote")
        for rule in (s for s in found if s.detector == DETECTOR_NAME and s.layer in roles):
            assert not [m for m in models if m.start < rule.end and rule.start < m.end]
        assert report.tier == "blank + model" and report.articles == 1
        assert "model:other" not in by_detector  # another model's suggestions went
        cue = next(s for s in found if s.layer == "attribution_cue")
        coder = project.coders.add("Coder").uuid
        span, _ = accept_suggestion(project, coder, cue)
        assert (span.layer, span.label) == ("attribution", "cue")


def test_token_vectors_can_start_from_the_installed_english_pipeline():
    from annotator.detect import installed_parser_model
    from annotator.training.config import TrainingPlan, training_config

    name = installed_parser_model()
    if name is None:
        pytest.skip("the 'model' extra (en_core_web_sm) is not installed")
    plan = TrainingPlan("sc", (), False, component="ner", tok2vec_from=name)
    config = training_config(plan)
    assert config["components"]["tok2vec"] == {"source": name}
    assert config["components"]["ner"]["model"]["tok2vec"]["width"] == 96
    own = training_config(TrainingPlan("sc", (), False, component="spancat", width=32))
    assert own["components"]["tok2vec"]["model"]["encode"]["width"] == 32
    assert own["components"]["spancat"]["suggester"]["sizes"] == [1, 2, 3]


@pytest.mark.slow
def test_a_model_trained_from_the_pipelines_vectors_says_so_and_predicts(tmp_path):
    from annotator.detect import installed_parser_model

    name = installed_parser_model()
    if name is None:
        pytest.skip("the 'model' extra (en_core_web_sm) is not installed")
    project = toy_project(tmp_path / "toy.sqlite", articles=4)
    with Project.open(project, readonly=True) as opened:
        options = TrainOptions(layer="attribution", max_steps=5, eval_frequency=5)
        result = train_model(opened, tmp_path / "m", options)
    meta = json.loads((tmp_path / "m" / "meta.json").read_text())
    assert meta["annotator"]["tok2vec"] == name and result.component == "ner"
    assert result.cpu_minutes > 0 and result.minutes > 0
    nlp = load_model(tmp_path / "m")
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert next(suggest_texts(nlp, ["The mayor said it."])) is not None
