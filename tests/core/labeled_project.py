"""A small project with labels of every kind, for the export, import and training tests.

Five articles in three stories (one without a story); two coders with spans (overlapping in
one layer, one not on token boundaries, one inside emoji text), answers, a relation and
statuses; gold for four articles. Cells that a spreadsheet would run as formulas appear in a
title, an outlet, a span's attribute and a free-text answer.
"""

from __future__ import annotations

from pathlib import Path

from annotator.model import ArticleDraft
from annotator.store import Project
from annotator.store.gold import GoldSpanDraft, replace_gold_spans, set_gold_answer

ARTICLES = (
    ("Regime forces shelled the town, officials said.", "Shelling", "Outlet A"),
    ('The militants were "neutralized" near the border, the ministry claimed.', "Shelling", "B"),
    ("Talks resume in Geneva on Monday, diplomats said.", "Talks", "Outlet A"),
    ("Refugees 😀 fled the brutal offensive, witnesses said.", "Refugees", "Outlet C"),
    ("+1 more: aid reached the besieged city, the agency said.", None, "=HYPERLINK()"),
)
TITLES = ("Shelling", "Neutralized", "Talks", "Refugees", "=SUM(A1:A9)")


def word(text: str, needle: str, extra: int = 0) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle) + extra


def make_labeled_project(folder: Path, name: str = "labeled") -> Project:
    project = Project.create(folder / f"{name}.sqlite", name=name)
    project.articles.add(
        ArticleDraft(text=text, title=title, outlet=outlet, story=story)
        for (text, story, outlet), title in zip(ARTICLES, TITLES, strict=True)
    )
    ids = project.articles.ids()
    texts = [text for text, _, _ in ARTICLES]
    amira = project.coders.add("Amira").uuid
    ben = project.coders.add("Ben").uuid
    spans = project.spans

    def mark(coder, n, layer, label, needle, attrs=None, extra=0):
        return spans.add(ids[n], coder, layer, label, *word(texts[n], needle, extra), attrs)

    mark(amira, 0, "loaded", "pejorative_label", "Regime", {"neutral_alternative": "government"})
    cue = mark(amira, 0, "attribution", "cue", "said", {"stance": "neutral"})
    source = mark(amira, 0, "attribution", "source", "officials", {"source_type": "government"})
    project.relations.add(ids[0], amira, "source_of", source.uuid, cue.uuid)
    mark(amira, 1, "loaded", "euphemism", '"neutralized"', {"note": "=cmd|' /C calc'!A0"})
    mark(amira, 1, "loaded", "loaded_verb", "clai")  # ends inside "claimed": snapped
    mark(amira, 3, "loaded", "emotive", "brutal offensive")
    mark(amira, 3, "loaded", "emotive", "brutal")  # overlaps the span above
    mark(amira, 3, "loaded", "emotive", "rutal")  # snaps onto "brutal": a duplicate in spaCy
    mark(amira, 3, "loaded", "other", "😀")
    mark(ben, 0, "loaded", "pejorative_label", "Regime")  # the same span as Amira's
    mark(ben, 2, "loaded", "emotive", "resume")
    mark(ben, 4, "loaded", "emotive", "besieged", {"note": "-2 dead"})
    answers = project.doc_labels
    for n, frame in enumerate(
        ("security_defense", "security_defense", "political", "health_safety")
    ):
        answers.set(ids[n], amira, "primary_frame", frame)
    answers.set(ids[0], amira, "secondary_frames", ["political", "morality"])
    answers.set(ids[0], amira, "note", "@mention: see the wire copy")
    answers.set(ids[0], ben, "primary_frame", "political")
    answers.set(ids[4], ben, "primary_frame", "capacity_resources")
    for n in (0, 1, 2):
        project.status.set(ids[n], amira, "done")
    project.status.set(ids[0], ben, "done")
    project.status.set(ids[4], ben, "in_progress")

    for n, frame in enumerate(
        ("security_defense", "security_defense", "political", "health_safety")
    ):
        set_gold_answer(project, ids[n], "primary_frame", frame, amira)
    gold = [
        (0, "pejorative_label", "Regime"),
        (1, "euphemism", "neutralized"),
        (3, "emotive", "brutal offensive"),
        (3, "emotive", "brutal"),
    ]
    for n in sorted({n for n, _, _ in gold}):
        drafts = [GoldSpanDraft(label, *word(texts[n], w)) for m, label, w in gold if m == n]
        replace_gold_spans(project, ids[n], "loaded", 0, len(texts[n]), drafts, amira)
    return project
