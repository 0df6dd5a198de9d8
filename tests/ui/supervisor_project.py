"""A merged project of three coders on the bundled sample articles, for the supervisor's UI
tests and screenshots: copies made, labelled with known differences, merged back."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.exchange import make_coder_copy, merge_coder_files
from annotator.ingest import import_paths
from annotator.sample import sample_manifest
from annotator.store import Project

CODERS = ("Amira", "Ben", "Chen")
# word -> label; each coder skips the words in their own blind spot and mislabels a few
LOADED = {
    "regime": "pejorative_label",
    "terrorists": "pejorative_label",
    "terrorist": "pejorative_label",
    "militants": "pejorative_label",
    "martyred": "emotive",
    "brutal": "emotive",
    "massacre": "emotive",
    "neutralized": "euphemism",
    "claimed": "loaded_verb",
    "slammed": "loaded_verb",
}
BLIND = {"Amira": {"militants"}, "Ben": {"brutal", "claimed"}, "Chen": set()}
RELABEL = {"Chen": {"massacre": "pejorative_label", "neutralized": "emotive"}}
CUES = ("said", "told", "according to", "claimed")
# each coder's stance on a cue: Chen reads "told" as distancing where the others see it neutral
STANCE = {"Chen": {"told": "distancing"}}
FRAMES = {  # article number -> each coder's primary frame
    0: ("security_defense", "security_defense", "security_defense"),
    1: ("security_defense", "political", "security_defense"),
    2: ("political", "political", "external_regulation"),
    3: ("security_defense", "health_safety", "health_safety"),
    4: ("political", "political", "political"),
}
TONES = {
    0: ("negative", "negative", "very_negative"),
    1: ("negative", "neutral", "negative"),
    2: ("neutral", "neutral", "positive"),
    3: ("very_negative", "very_negative", "negative"),
    4: ("neutral", "neutral", "neutral"),
}


def build_merged_project(folder: Path) -> Path:
    master = folder / "supervised.sqlite"
    with Project.create(master, name="Idlib coverage, three coders") as project:
        import_paths(project, [sample_manifest()])
        files = []
        for number, name in enumerate(CODERS):
            path = folder / f"{name.lower()}.sqlite"
            coder = make_coder_copy(project, name, path).coder
            _label(path, coder.uuid, name, number)
            files.append(path)
        merge_coder_files(project, files)
    return master


def _label(path: Path, coder: str, name: str, number: int) -> None:
    with Project.open(path, backup=False) as project, project.transaction():
        for article_number, article_id in enumerate(project.articles.ids()):
            text = project.articles.get(article_id).text
            lower = text.lower()
            for word, label in LOADED.items():
                if word in BLIND[name]:
                    continue
                label = RELABEL.get(name, {}).get(word, label)
                for match in re.finditer(rf"\b{re.escape(word)}\b", lower):
                    project.spans.add(article_id, coder, "loaded", label, *match.span())
            for cue in CUES[: 2 + number % 2]:
                for match in list(re.finditer(rf"\b{cue}\b", lower))[:3]:
                    stance = STANCE.get(name, {}).get(cue, "neutral")
                    project.spans.add(
                        article_id, coder, "attribution", "cue", *match.span(), {"stance": stance}
                    )
            frame = FRAMES[article_number % 5][number]
            project.doc_labels.set(article_id, coder, "primary_frame", frame)
            project.doc_labels.set(article_id, coder, "tone", TONES[article_number % 5][number])
            secondary = ["political", frame] if number != 1 else [frame]
            project.doc_labels.set(article_id, coder, "secondary_frames", secondary)
            project.status.set(article_id, coder, "done")
