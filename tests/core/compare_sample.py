"""The bundled sample project with labels placed by rule, so every figure can be counted by hand.

Each label marks every occurrence of a word (case aside, whole words: what ``grep -oiw WORD``
finds in resources/samples/idlib-2020/), which makes the expected figures grep counts:

coder Amira, on all five articles:
- loaded: "regime" pejorative label, "martyred" emotive, "neutralized" euphemism;
- cues: "said" neutral, "claimed" distancing, "admitted"/"admits" endorsing, "blasted"
  pejorative;
- sources: "Erdogan" and "Putin" government, "SOHR" international, "the official" anonymous;
- content: every “...” quotation direct, the "that" of every "said that" indirect;
- frames: primary and secondary (PRIMARY, SECONDARY below); every article marked done.
coder Ben: "regime" pejorative label in the Rudaw and Anadolu Agency articles only.
gold: the Anadolu Agency article's "regime" labels and its primary frame.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.sample import ensure_sample_project
from annotator.store import Project
from annotator.store.gold import GoldSpanDraft, replace_gold_spans, set_gold_answer

# article outlet -> (primary frame, secondary frames) for coder Amira
PRIMARY = {
    None: "security_defense",
    "Rudaw": "security_defense",
    "Alwaght": "political",
    "Middle East Monitor": "political",
    "Anadolu Agency": "security_defense",
}
SECONDARY = {"Rudaw": ["political"], "Anadolu Agency": ["political", "legality"]}

LOADED = (("regime", "pejorative_label"), ("martyred", "emotive"), ("neutralized", "euphemism"))
CUES = (
    ("said", "neutral"),
    ("claimed", "distancing"),
    ("admitted", "endorsing"),
    ("admits", "endorsing"),
    ("blasted", "pejorative"),
)
SOURCES = (
    ("Erdogan", "government"),
    ("Putin", "government"),
    ("SOHR", "international"),
    ("the official", "anonymous"),
)


def words(text: str, word: str) -> list[tuple[int, int]]:
    """Every whole-word occurrence of ``word``, case aside (as ``grep -oiw``)."""
    return [m.span() for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)]


def make_labeled_sample(folder: Path) -> Path:
    path, _ = ensure_sample_project(folder / "labeled-sample.sqlite")
    with Project.open(path) as project:
        amira = project.coders.add("Amira").uuid
        ben = project.coders.add("Ben").uuid
        spans = project.spans
        for summary in project.articles.summaries():
            article = project.articles.get(summary.id)
            text = article.text
            for word, label in LOADED:
                for start, end in words(text, word):
                    spans.add(article.id, amira, "loaded", label, start, end)
                    if word == "regime" and article.outlet in ("Rudaw", "Anadolu Agency"):
                        spans.add(article.id, ben, "loaded", label, start, end)
            for word, stance in CUES:
                for start, end in words(text, word):
                    spans.add(
                        article.id, amira, "attribution", "cue", start, end, {"stance": stance}
                    )
            for word, kind in SOURCES:
                for start, end in words(text, word):
                    attrs = {"source_type": kind}
                    spans.add(article.id, amira, "attribution", "source", start, end, attrs)
            for match in re.finditer("\u201c[^\u201d]*\u201d", text):
                attrs = {"quote_type": "direct"}
                spans.add(article.id, amira, "attribution", "content", *match.span(), attrs)
            for match in re.finditer(r"\bsaid (that)\b", text):
                attrs = {"quote_type": "indirect"}
                spans.add(article.id, amira, "attribution", "content", *match.span(1), attrs)
            project.doc_labels.set(article.id, amira, "primary_frame", PRIMARY[article.outlet])
            if article.outlet in SECONDARY:
                project.doc_labels.set(
                    article.id, amira, "secondary_frames", SECONDARY[article.outlet]
                )
            project.status.set(article.id, amira, "done")
            if article.outlet == "Anadolu Agency":
                drafts = [GoldSpanDraft("pejorative_label", *s) for s in words(text, "regime")]
                replace_gold_spans(project, article.id, "loaded", 0, len(text), drafts, amira)
                set_gold_answer(project, article.id, "primary_frame", "security_defense", amira)
    return path
