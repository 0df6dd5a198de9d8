"""Coder actions and their undo/redo, in the core (the UI's undo stack only replays these)."""

from __future__ import annotations

import pytest

from annotator import article_state, labeling
from annotator.errors import LabelError
from annotator.model import ArticleDraft

TEXT = 'Officials said the regime "neutralized" 30 terrorists, the ministry claimed.'


@pytest.fixture
def setup(project):
    article = project.articles.add([ArticleDraft(text=TEXT)]).added[0]
    coder = project.coders.add("Amira").uuid

    def at(word: str) -> tuple[int, int]:
        start = TEXT.index(word)
        return start, start + len(word)

    said = at("said")
    found = [
        {
            "layer": "loaded",
            "label": "pejorative_label",
            "start": at("regime")[0],
            "end": at("regime")[1],
            "explanation": {
                "rule": "lexicon",
                "codebook": {
                    "layer": "loaded",
                    "label": "pejorative_label",
                    "attributes": {"neutral_alternative": "government"},
                },
            },
        },
        # the detect output's own shape: stance in the label, the cue named by offsets
        {
            "layer": "attribution_cue",
            "label": "neutral",
            "start": said[0],
            "end": said[1],
            "explanation": {"rule": "reporting_verb"},
        },
        {
            "layer": "source",
            "label": "unnamed",
            "start": at("Officials")[0],
            "end": at("Officials")[1],
            "explanation": {"cue": list(said)},
        },
    ]
    project.suggestions.replace(article, "test-detector", "1", found)
    return project, article, coder, at


def state(project, article, coder):
    return article_state.article_labels(project, article, coder)


def test_accepting_makes_a_span_and_hides_the_suggestion(setup):
    project, article, coder, _at = setup
    regime = next(
        s for s in state(project, article, coder).suggestions if s.label == "pejorative_label"
    )
    span, change = labeling.accept_suggestion(project, coder, regime)
    assert (span.layer, span.label, span.origin) == ("loaded", "pejorative_label", "accepted")
    assert span.attrs == {"neutral_alternative": "government"}
    now = state(project, article, coder)
    assert [s.uuid for s in now.spans] == [span.uuid]
    assert regime.id not in {s.id for s in now.suggestions}
    change.undo(project)
    now = state(project, article, coder)
    assert now.spans == [] and regime.id in {s.id for s in now.suggestions}
    change.redo(project)
    assert [s.uuid for s in state(project, article, coder).spans] == [span.uuid]


def test_accepting_a_cue_and_its_source_links_them(setup):
    project, article, coder, _at = setup
    suggestions = state(project, article, coder).suggestions
    cue = next(s for s in suggestions if s.layer == "attribution_cue")
    source = next(s for s in suggestions if s.layer == "source")
    cue_span, _ = labeling.accept_suggestion(project, coder, cue)
    assert (cue_span.layer, cue_span.label, cue_span.attrs) == (
        "attribution",
        "cue",
        {"stance": "neutral"},
    )
    source_span, change = labeling.accept_suggestion(project, coder, source)
    assert (source_span.layer, source_span.label) == ("attribution", "source")
    (relation,) = state(project, article, coder).relations
    assert (relation.kind, relation.head, relation.tail) == (
        "source_of",
        source_span.uuid,
        cue_span.uuid,
    )
    change.undo(project)
    assert state(project, article, coder).relations == []


def test_rejecting_hides_a_suggestion_for_this_coder_only(setup):
    project, article, coder, _at = setup
    other = project.coders.add("Ben").uuid
    regime = state(project, article, coder).suggestions[0]
    _, change = labeling.reject_suggestion(project, coder, regime)
    assert regime.id not in {s.id for s in state(project, article, coder).suggestions}
    assert regime.id in {s.id for s in state(project, article, other).suggestions}
    assert state(project, article, coder).spans == []
    change.undo(project)
    assert regime.id in {s.id for s in state(project, article, coder).suggestions}


def test_decisions_survive_a_new_detection_run(setup):
    project, article, coder, at = setup
    regime = next(s for s in state(project, article, coder).suggestions if s.layer == "loaded")
    labeling.reject_suggestion(project, coder, regime)
    start, end = at("regime")
    project.suggestions.replace(
        article,
        "test-detector",
        "2",
        [{"layer": "loaded", "label": "pejorative_label", "start": start, "end": end}],
    )
    assert state(project, article, coder).suggestions == []


def test_manual_span_resize_relabel_delete_with_undo(setup):
    project, article, coder, at = setup
    start, end = at("terrorists")
    span, added = labeling.add_span(project, coder, article, "loaded", "emotive", start, end)
    assert added.description == "Mark 'Emotive or intensifying word'"
    wider, resized = labeling.update_span(project, span.uuid, start=start - 3)
    assert wider.covered(TEXT) == "30 terrorists"
    _relabelled, relabel = labeling.update_span(project, span.uuid, label="pejorative_label")
    resized.undo(project)  # undo out of order still restores that field exactly
    assert project.spans.get(span.uuid).covered(TEXT) == "terrorists"
    assert project.spans.get(span.uuid).label == "pejorative_label"
    relabel.undo(project)
    assert project.spans.get(span.uuid).label == "emotive"
    deleted = labeling.delete_span(project, span.uuid)
    assert state(project, article, coder).spans == []
    deleted.undo(project)
    assert [s.uuid for s in state(project, article, coder).spans] == [span.uuid]
    added.undo(project)
    assert state(project, article, coder).spans == []


def test_deleting_an_accepted_span_brings_its_suggestion_back(setup):
    project, article, coder, _at = setup
    regime = state(project, article, coder).suggestions[0]
    span, _ = labeling.accept_suggestion(project, coder, regime)
    edited, _ = labeling.update_span(project, span.uuid, end=span.end + 1)
    assert edited.origin == "edited"
    change = labeling.delete_span(project, span.uuid)
    assert regime.id in {s.id for s in state(project, article, coder).suggestions}
    change.undo(project)
    assert regime.id not in {s.id for s in state(project, article, coder).suggestions}


def test_doc_labels_and_status_undo(setup):
    project, article, coder, _at = setup
    first = labeling.set_doc_label(project, coder, article, "primary_frame", "political")
    second = labeling.set_doc_label(project, coder, article, "primary_frame", "security_defense")
    cleared = labeling.set_doc_label(project, coder, article, "primary_frame", None)
    assert "primary_frame" not in state(project, article, coder).doc_labels
    cleared.undo(project)
    assert state(project, article, coder).doc_labels["primary_frame"].value == "security_defense"
    second.undo(project)
    assert state(project, article, coder).doc_labels["primary_frame"].value == "political"
    first.undo(project)
    assert state(project, article, coder).doc_labels == {}
    first.redo(project)
    second.redo(project)
    assert state(project, article, coder).doc_labels["primary_frame"].value == "security_defense"

    done = labeling.set_status(project, coder, article, "done")
    assert state(project, article, coder).progress.status == "done"
    done.undo(project)
    assert state(project, article, coder).progress.status == "todo"


def test_only_a_source_or_a_content_links_to_a_cue(project):
    (article,) = project.articles.add([ArticleDraft(text=TEXT)]).added
    coder = project.coders.add("Ben").uuid

    def span(layer: str, label: str, word: str):
        start = TEXT.index(word)
        end = start + len(word)
        found, _ = labeling.add_span(project, coder, article, layer, label, start, end)
        return found

    cue = span("attribution", "cue", "said")
    source = span("attribution", "source", "Officials")
    content = span("attribution", "content", "regime")
    loaded = span("loaded", "emotive", "terrorists")
    spans = [cue, source, content, loaded]
    assert [labeling.cue_link(s) for s in spans] == [None, "source_of", "content_of", None]
    assert labeling.linkable_cues(source, spans) == [cue]
    assert labeling.linkable_cues(content, spans) == [cue]
    assert labeling.linkable_cues(cue, spans) == labeling.linkable_cues(loaded, spans) == []


def test_accepting_several_suggestions_is_one_action_with_one_undo(setup):
    project, article, coder, _ = setup
    pending = state(project, article, coder).suggestions
    spans, change = labeling.accept_suggestions(project, coder, pending)
    assert len(spans) == 3 and change.description == "Accept 3 suggestions"
    now = state(project, article, coder)
    assert now.suggestions == [] and len(now.spans) == 3
    assert [r.kind for r in now.relations] == ["source_of"]  # the source found its cue
    change.undo(project)
    now = state(project, article, coder)
    assert now.spans == [] and now.relations == [] and len(now.suggestions) == 3
    change.redo(project)
    assert len(state(project, article, coder).spans) == 3
    with pytest.raises(LabelError):
        labeling.accept_suggestions(project, coder, [])


def test_a_note_on_a_span_keeps_its_attributes_and_origin(setup):
    project, article, coder, _ = setup
    suggestion = state(project, article, coder).suggestions[0]
    span, _ = labeling.accept_suggestion(project, coder, suggestion)
    noted, change = labeling.set_span_note(project, span.uuid, "  a label for the government ")
    assert noted.attrs == {**span.attrs, "note": "a label for the government"}
    assert noted.origin == "accepted"
    change.undo(project)
    assert project.spans.get(span.uuid).attrs == span.attrs
    change.redo(project)
    cleared, _ = labeling.set_span_note(project, span.uuid, "")
    assert cleared.attrs == span.attrs


def test_secondary_frames_leave_out_the_primary_frame(setup):
    project, article, coder, _ = setup
    labeling.set_doc_label(project, coder, article, "secondary_frames", ["political", "economic"])
    change = labeling.set_doc_label(project, coder, article, "primary_frame", "political")
    labels = state(project, article, coder).doc_labels
    assert labels["secondary_frames"].value == ["economic"]  # dropped in the same action
    change.undo(project)
    labels = state(project, article, coder).doc_labels
    assert "primary_frame" not in labels
    assert labels["secondary_frames"].value == ["economic", "political"]
    change.redo(project)
    with pytest.raises(LabelError, match="Political” is the primary frame already"):
        labeling.set_doc_label(project, coder, article, "secondary_frames", ["political"])
    labeling.set_doc_label(project, coder, article, "primary_frame", "economic")
    assert "secondary_frames" not in state(project, article, coder).doc_labels
