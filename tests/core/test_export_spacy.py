"""The spaCy export: DocBin files that spaCy loads and ``spacy debug data`` accepts, spans
snapped to tokens by the documented rule (and counted), overlaps kept, duplicates merged,
frames in doc.cats, and a seeded train/dev split by story."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from annotator.export import ExportOptions, Selection, Source, export_project
from annotator.model import ArticleDraft
from annotator.store import Project
from annotator.training.config import TrainingPlan, training_config
from tests.core.labeled_project import make_labeled_project


@pytest.fixture
def labeled(tmp_path):
    project = make_labeled_project(tmp_path)
    yield project
    project.close()


def export(project, path, source="gold", **kw):
    selection = Selection(Source.parse(source), kw.pop("layers", None), kw.pop("schemes", None))
    return export_project(project, path, ExportOptions("spacy", selection, **kw))


def docs(path: Path) -> list:
    nlp = spacy.blank("en")
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def all_docs(folder: Path) -> list:
    return docs(folder / "train.spacy") + docs(folder / "dev.spacy")


def test_docbin_loads_with_spans_in_sc_and_the_frame_in_cats(labeled, tmp_path):
    summary = export(labeled, tmp_path / "corpus")
    loaded = all_docs(tmp_path / "corpus")
    assert len(loaded) == summary.docs["train"] + summary.docs["dev"] == 4
    by_title = {
        labeled.articles.get(i).uuid: labeled.articles.get(i) for i in labeled.articles.ids()
    }
    spans = set()
    for doc in loaded:
        article = by_title[doc.user_data["annotator"]["article"]]
        assert doc.text == article.text  # the stored text, token for token
        spans |= {(s.text, s.label_) for s in doc.spans["sc"]}
        assert sum(doc.cats.values()) == 1.0 and len(doc.cats) == 15  # one frame of fifteen
    assert spans == {
        ("Regime", "pejorative_label"),
        ("neutralized", "euphemism"),
        ("brutal offensive", "emotive"),
        ("brutal", "emotive"),
    }
    # overlapping spans of one layer are kept (spancat learns them) and counted
    assert summary.overlaps == 1 and summary.duplicates == 0 and summary.snapped == 0
    info = json.loads((tmp_path / "corpus" / "export.json").read_text())
    assert info["cats_scheme"] == "primary_frame" and info["cats_exclusive"] is True
    assert info["span_keys"] == ["sc"]


def test_misaligned_spans_are_snapped_to_whole_tokens_and_counted(labeled, tmp_path):
    summary = export(labeled, tmp_path / "coder", source="coder:Amira")
    texts = {(s.text, s.label_) for d in all_docs(tmp_path / "coder") for s in d.spans["sc"]}
    assert ("claimed", "loaded_verb") in texts  # "clai" grew to the whole token
    assert ("😀", "other") in texts and ('"neutralized"', "euphemism") in texts
    # "rutal" grows to "brutal", which Amira marked too: written once, counted
    assert summary.snapped == 2 and summary.duplicates == 1 and summary.overlaps == 1
    assert "'clai' -> 'claimed'" in "\n".join(summary.lines())


def test_a_span_that_covers_no_token_is_reported_not_dropped_silently(labeled, tmp_path):
    first = labeled.articles.ids()[0]
    amira = labeled.coders.by_name("Amira")[0].uuid
    labeled.spans.add(first, amira, "loaded", "other", 6, 7)  # the space after "Regime"
    summary = export(labeled, tmp_path / "corpus", source="coder:Amira")
    assert len(summary.unaligned) == 1 and "[6, 7) ' '" in summary.unaligned[0]
    assert "cover no token" in "\n".join(summary.lines())
    assert summary.spans == 10 and summary.snapped == 2


def test_all_coders_gives_one_document_per_article_and_coder(labeled, tmp_path):
    summary = export(labeled, tmp_path / "all", source="all-coders", layers=("loaded",))
    loaded = all_docs(tmp_path / "all")
    coders = {doc.user_data["annotator"]["coder"] for doc in loaded}
    assert len(loaded) == 7 and len(coders) == 2  # Amira 4 articles, Ben 3
    shelling = {d.user_data["annotator"]["coder"]: d for d in loaded if d.text.startswith("Regime")}
    frames = {coder: [k for k, v in d.cats.items() if v] for coder, d in shelling.items()}
    amira, ben = (labeled.coders.by_name(n)[0].uuid for n in ("Amira", "Ben"))
    assert frames == {amira: ["security_defense"], ben: ["political"]}  # each their own answer
    assert [s.text for s in shelling[ben].spans["sc"]] == ["Regime"]
    assert summary.docs == {"train": 7 - summary.docs["dev"], "dev": summary.docs["dev"]}


def test_key_per_layer_and_another_scheme_in_cats(labeled, tmp_path):
    export(labeled, tmp_path / "k", source="coder:Amira", span_key=None, cats="secondary_frames")
    doc = next(d for d in all_docs(tmp_path / "k") if d.text.startswith("Regime"))
    assert [s.text for s in doc.spans["attribution"]] == ["officials", "said"]
    assert [s.text for s in doc.spans["loaded"]] == ["Regime"]
    assert {k for k, v in doc.cats.items() if v} == {"political", "morality"}


def _story_project(folder: Path, stories: list[str | None]) -> Project:
    project = Project.create(folder / "stories.sqlite")
    project.articles.add(
        ArticleDraft(text=f"Article {n} says the regime fell.", title=f"A{n}", story=story)
        for n, story in enumerate(stories)
    )
    coder = project.coders.add("C").uuid
    for article_id in project.articles.ids():
        project.spans.add(article_id, coder, "loaded", "pejorative_label", 19, 25)
    return project


@pytest.mark.slow
def test_the_split_is_by_story_seeded_and_never_empties_train(tmp_path):
    stories = [f"story {n % 7}" for n in range(40)] + [None] * 5
    with _story_project(tmp_path, stories) as project:
        sides = {}
        for seed in (1, 2):
            summary = export(project, tmp_path / f"s{seed}", source="coder:C", seed=seed)
            found = {}
            for side in ("train", "dev"):
                for doc in docs(tmp_path / f"s{seed}" / f"{side}.spacy"):
                    uuid = doc.user_data["annotator"]["article"]
                    story = project.db.execute(
                        "select coalesce(story, uuid) from articles where uuid = ?", [uuid]
                    ).fetchone()[0]
                    found.setdefault(story, set()).add(side)
            assert all(len(s) == 1 for s in found.values()), "a story on both sides"
            assert summary.docs["dev"] >= 0.2 * 45 and summary.docs["train"] > 0
            sides[seed] = {story for story, s in found.items() if s == {"dev"}}
        again = export(project, tmp_path / "again", source="coder:C", seed=1)
        assert again.docs == export(project, tmp_path / "again2", source="coder:C", seed=1).docs
        assert sides[1] != sides[2]  # the seed changes the split
        zero = export(project, tmp_path / "zero", source="coder:C", dev_fraction=0.0)
        assert zero.docs == {"train": 45, "dev": 0}


def test_one_story_only_falls_back_to_a_split_by_article_and_says_so(tmp_path):
    with _story_project(tmp_path, ["idlib"] * 5) as project:
        summary = export(project, tmp_path / "one", source="coder:C")
    assert summary.docs == {"train": 4, "dev": 1}
    assert any("split is by article" in note for note in summary.notes)


def _corpus_project(folder: Path, size: int = 150) -> Project:
    """Enough labeled articles for ``spacy debug data`` (it wants 100 training documents)."""
    project = Project.create(folder / "corpus.sqlite")
    texts = [
        f"Report {n} from story {n % 15}: the regime shelled the town and terrorists fled, "
        f"officials said on day {n}."
        for n in range(size)
    ]
    project.articles.add(
        ArticleDraft(text=t, title=f"R{n}", story=f"story {n % 15}") for n, t in enumerate(texts)
    )
    coder = project.coders.add("C").uuid
    frames = ("security_defense", "political", "health_safety")
    for n, (article_id, text) in enumerate(zip(project.articles.ids(), texts, strict=True)):
        for needle, label in (("regime", "pejorative_label"), ("terrorists", "pejorative_label")):
            start = text.index(needle)
            project.spans.add(article_id, coder, "loaded", label, start, start + len(needle))
        start = text.index("shelled the town")
        project.spans.add(article_id, coder, "loaded", "emotive", start, start + 7)
        project.spans.add(article_id, coder, "loaded", "emotive", start, start + 16)  # overlap
        project.doc_labels.set(article_id, coder, "primary_frame", frames[n % 3])
    return project


@pytest.mark.slow
def test_spacy_debug_data_accepts_the_export(tmp_path):
    with _corpus_project(tmp_path) as project:
        summary = export(project, tmp_path / "corpus", source="coder:C", layers=("loaded",))
    assert summary.overlaps == 150 and summary.docs["train"] >= 100
    info = json.loads((tmp_path / "corpus" / "export.json").read_text())
    plan = TrainingPlan("sc", tuple(info["cats_labels"]), True)
    training_config(plan).to_disk(tmp_path / "config.cfg")
    corpus = tmp_path / "corpus"
    command = [sys.executable, "-m", "spacy", "debug", "data", str(tmp_path / "config.cfg")]
    command += ["--paths.train", str(corpus / "train.spacy")]
    command += ["--paths.dev", str(corpus / "dev.spacy")]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Corpus is loadable" in result.stdout
    assert "No overlap between training and evaluation data" in result.stdout
    assert "Span Categorization" in result.stdout and "Text Classification" in result.stdout
