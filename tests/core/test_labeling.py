"""Coder actions and their undo/redo, in the core (the UI's undo stack only replays these)."""

from __future__ import annotations

import pytest

from annotator import article_state, labeling
from annotator.attribution_editing import add_piece, cue_offer, link_part, link_to_record, unlink
from annotator.attribution_records import attribution_records, records_to_piece, role_link
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
        *cue_and_source(at),
    ]
    project.suggestions.replace(article, "test-detector", "1", found)
    return project, article, coder, at


def cue_and_source(at) -> list[dict]:
    """'said' and its source 'Officials' in the detect output's own shape: stance in the label,
    the cue named by offsets."""
    said = at("said")
    return [
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


def test_accepting_a_cue_accepts_its_source_as_one_undoable_attribution(setup):
    project, article, coder, _at = setup
    suggestions = state(project, article, coder).suggestions
    cue = next(s for s in suggestions if s.layer == "attribution_cue")
    source = next(s for s in suggestions if s.layer == "source")
    cue_span, change = labeling.accept_suggestion(project, coder, cue)
    assert (cue_span.layer, cue_span.label, cue_span.attrs) == (
        "attribution",
        "cue",
        {"stance": "neutral"},
    )
    now = state(project, article, coder)
    (source_span,) = [s for s in now.spans if s.label == "source"]
    assert (source_span.start, source_span.end, source_span.origin) == (
        source.start,
        source.end,
        "accepted",
    )
    assert {s.id for s in now.suggestions}.isdisjoint({cue.id, source.id})
    (relation,) = now.relations
    assert (relation.kind, relation.head, relation.tail) == (
        "source_of",
        source_span.uuid,
        cue_span.uuid,
    )
    (record,) = attribution_records(now.spans, now.relations)
    assert (record.cue, record.source, record.missing) == (cue_span, source_span, ("content",))
    assert change.description == "Accept attribution"
    change.undo(project)  # one step takes the whole attribution back
    now = state(project, article, coder)
    assert now.spans == [] and now.relations == []
    assert {cue.id, source.id} <= {s.id for s in now.suggestions}
    change.redo(project)
    assert len(state(project, article, coder).relations) == 1


def test_a_part_accepted_first_joins_its_cue_when_the_cue_is_accepted(setup):
    project, article, coder, _at = setup
    suggestions = state(project, article, coder).suggestions
    cue = next(s for s in suggestions if s.layer == "attribution_cue")
    source = next(s for s in suggestions if s.layer == "source")
    source_span, _ = labeling.accept_suggestion(project, coder, source)
    offer = cue_offer(project, coder, source_span, source)
    assert offer is not None and offer.detected == cue and offer.records == []
    cue_span, _ = labeling.accept_suggestion(project, coder, cue)
    (relation,) = state(project, article, coder).relations
    assert (relation.head, relation.tail) == (source_span.uuid, cue_span.uuid)
    assert cue_offer(project, coder, source_span, source) is None  # a cue holds it now


def test_a_rejected_source_is_not_accepted_with_its_cue(setup):
    project, article, coder, _at = setup
    suggestions = state(project, article, coder).suggestions
    cue = next(s for s in suggestions if s.layer == "attribution_cue")
    source = next(s for s in suggestions if s.layer == "source")
    labeling.reject_suggestion(project, coder, source)
    cue_span, change = labeling.accept_suggestion(project, coder, cue)
    now = state(project, article, coder)
    assert now.spans == [cue_span] and now.relations == []
    assert change.description == "Accept suggestion"


def test_linking_by_hand_replaces_unlinks_and_gives_a_cue_to_a_record(setup):
    project, article, coder, at = setup

    def span(label, word):
        made, _ = labeling.add_span(project, coder, article, "attribution", label, *at(word))
        return made

    said, claimed = span("cue", "said"), span("cue", "claimed")
    officials, ministry = span("source", "Officials"), span("source", "the ministry")

    def records():
        now = state(project, article, coder)
        return attribution_records(now.spans, now.relations)

    link_part(project, coder, officials, said)
    change = link_part(project, coder, ministry, said)  # replaces Officials
    said_record = next(r for r in records() if r.cue == said)
    assert said_record.source == ministry
    assert any(r.cue is None and r.source == officials for r in records())
    change.undo(project)
    assert next(r for r in records() if r.cue == said).source == officials
    change.redo(project)
    orphan = next(r for r in records() if r.cue is None and r.source == officials)
    link_to_record(project, coder, claimed, orphan)  # a cue for a record without one
    assert next(r for r in records() if r.cue == claimed).source == officials
    with pytest.raises(LabelError):
        link_to_record(project, coder, said, next(r for r in records() if r.cue == claimed))
    unlinked = unlink(project, coder, next(r for r in records() if r.cue == said), "source")
    assert next(r for r in records() if r.cue == said).missing == ("source", "content")
    unlinked.undo(project)
    assert next(r for r in records() if r.cue == said).source == ministry
    offer = cue_offer(project, coder, ministry)
    assert offer is None  # said holds it
    assert cue_offer(project, coder, said) is None  # a cue is offered nothing


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
    assert [role_link(s) for s in spans] == [None, "source_of", "content_of", None]
    for part, target in ((cue, cue), (loaded, cue), (source, content)):
        with pytest.raises(LabelError):
            link_part(project, coder, part, target)


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


def test_accepting_a_cue_accepts_its_content_too(setup):
    """The detected content (a quote suggestion naming the cue) comes with the cue and its
    source, as one record and one undo step (seen by hand in the app: three spans at once)."""
    project, article, coder, at = setup
    said = at("said")
    content = at('the regime "neutralized" 30 terrorists')
    found = [
        *cue_and_source(at),
        {
            "layer": "quote",
            "label": "indirect",
            "start": content[0],
            "end": content[1],
            "explanation": {"cue": list(said)},
        },
    ]
    project.suggestions.replace(article, "test-detector", "1", found)
    cue = next(
        s for s in state(project, article, coder).suggestions if s.layer == "attribution_cue"
    )
    cue_span, change = labeling.accept_suggestion(project, coder, cue)
    now = state(project, article, coder)
    (record,) = attribution_records(now.spans, now.relations)
    assert record.cue == cue_span and record.complete
    assert (record.content.start, record.content.end) == content
    assert record.content.attrs.get("quote_type") == "indirect"
    assert sorted(r.kind for r in now.relations) == ["content_of", "source_of"]
    assert now.suggestions == []
    change.undo(project)
    now = state(project, article, coder)
    assert now.spans == [] and now.relations == [] and len(now.suggestions) == 3


def split_content(at) -> list[dict]:
    """A cue whose content it interrupts, as the detector suggests it ("X, he said, Y"): the
    first part marked ``part: first``, both naming the cue."""
    said = at("said")
    first, rest = at("Officials"), at('the regime "neutralized" 30 terrorists')
    cue = {
        "layer": "attribution_cue",
        "label": "neutral",
        "start": said[0],
        "end": said[1],
        "explanation": {"rule": "reporting_verb"},
    }
    parts = [
        {
            "layer": "quote",
            "label": "indirect",
            "start": start,
            "end": end,
            "explanation": {"cue": list(said), **({"part": "first"} if start == first[0] else {})},
        }
        for start, end in (first, rest)
    ]
    return [cue, *parts]


def pending(project, article, coder, layer):
    return next(s for s in state(project, article, coder).suggestions if s.layer == layer)


def test_accepting_a_cue_takes_a_contents_first_part_along_as_a_piece(setup):
    """ "X, he said, Y": the cue holds the content Y; X is a piece of Y (``fragment_of``), one
    record, one undo step."""
    project, article, coder, at = setup
    first, rest = at("Officials"), at('the regime "neutralized" 30 terrorists')
    project.suggestions.replace(article, "test-detector", "1", split_content(at))
    _, change = labeling.accept_suggestion(
        project, coder, pending(project, article, coder, "attribution_cue")
    )
    now = state(project, article, coder)
    (record,) = attribution_records(now.spans, now.relations)
    assert (record.content.start, record.content.end) == rest
    assert [(p.start, p.end) for p in record.pieces("content")] == [first, rest]
    assert record.missing == ("source",) and len(record.parts) == 3
    assert sorted(r.kind for r in now.relations) == ["content_of", "fragment_of"]
    assert now.suggestions == []
    change.undo(project)
    now = state(project, article, coder)
    assert now.spans == [] and now.relations == [] and len(now.suggestions) == 3


def test_a_first_part_accepted_on_its_own_joins_its_content(setup):
    """Accepted before its cue it waits, with no cue to offer (linking it to the cue would take
    the content's place), and the cue accepted later takes it along. Accepted after the cue (a
    later detection run found it) it joins the content the cue holds."""
    project, article, coder, at = setup
    first, rest = at("Officials"), at('the regime "neutralized" 30 terrorists')
    project.suggestions.replace(article, "test-detector", "1", split_content(at))
    suggestion = pending(project, article, coder, "quote")
    assert (suggestion.start, suggestion.end) == first
    part, one = labeling.accept_suggestion(project, coder, suggestion)
    assert cue_offer(project, coder, part, suggestion) is None
    _, two = labeling.accept_suggestion(
        project, coder, pending(project, article, coder, "attribution_cue")
    )
    now = state(project, article, coder)
    (record,) = attribution_records(now.spans, now.relations)
    assert [(p.start, p.end) for p in record.pieces("content")] == [first, rest]
    two.undo(project)
    one.undo(project)

    without_first = [s for s in split_content(at) if "part" not in s["explanation"]]
    project.suggestions.replace(article, "test-detector", "2", without_first)
    labeling.accept_suggestion(project, coder, pending(project, article, coder, "attribution_cue"))
    project.suggestions.replace(article, "test-detector", "3", split_content(at))
    labeling.accept_suggestion(project, coder, pending(project, article, coder, "quote"))
    now = state(project, article, coder)
    (record,) = attribution_records(now.spans, now.relations)
    assert (record.content.start, record.content.end) == rest
    assert [(p.start, p.end) for p in record.pieces("content")] == [first, rest]


def test_pieces_of_a_part_belong_to_its_record():
    """A ``fragment_of`` piece (brat's discontinuous spans, a content its cue interrupts) is in
    its part's record, with or without a cue, never a record of its own."""
    from types import SimpleNamespace as NS

    def span(uuid, label, start):
        return NS(uuid=uuid, layer="attribution", label=label, start=start, end=start + 3)

    spans = [span("c", "cue", 10), span("x", "content", 0), span("y", "content", 20)]
    spans += [span("p", "source", 40), span("q", "source", 50)]
    relations = [
        NS(kind="content_of", head="y", tail="c"),
        NS(kind="fragment_of", head="x", tail="y"),
        NS(kind="fragment_of", head="q", tail="p"),  # a source with no cue, in two pieces
    ]
    with_cue, alone = attribution_records(spans, relations)
    assert with_cue.cue.uuid == "c" and [p.uuid for p in with_cue.pieces("content")] == ["x", "y"]
    assert with_cue.start == 0 and {p.uuid for p in with_cue.parts} == {"c", "x", "y"}
    assert alone.cue is None and [p.uuid for p in alone.pieces("source")] == ["p", "q"]


def test_a_piece_added_by_hand_joins_a_part_and_leaves_it_when_linked_elsewhere(project):
    """The span menu's "Add as a piece of": X becomes a piece of the record's content Y, in one
    undoable step; linking X to a cue later makes it a content again, not a piece."""
    article = project.articles.add([ArticleDraft(text=TEXT)]).added[0]
    coder = project.coders.add("Amira").uuid

    def span(label, words):
        start = TEXT.index(words)
        return project.spans.add(article, coder, "attribution", label, start, start + len(words))

    cue, y = span("cue", "said"), span("content", "the regime")
    x, other_cue = span("content", "Officials"), span("cue", "claimed")
    link_part(project, coder, y, cue)

    def records():
        return attribution_records(
            project.spans.for_article(article, coder), project.relations.for_article(article)
        )

    said = next(r for r in records() if r.cue == cue)
    assert records_to_piece(x, records()) == [said]
    assert said not in records_to_piece(y, records())  # it is in that record already
    change = add_piece(project, coder, x, said)
    said = next(r for r in records() if r.cue == cue)
    assert [p.uuid for p in said.pieces("content")] == [x.uuid, y.uuid]
    assert len(records()) == 2  # "said" with X and Y, "claimed" alone: X is no record of its own
    with pytest.raises(LabelError, match="in that attribution already"):
        add_piece(project, coder, x, said)
    change.undo(project)
    assert [p.uuid for p in next(r for r in records() if r.cue == cue).pieces("content")] == [
        y.uuid
    ]
    change.redo(project)
    link_part(project, coder, x, other_cue)
    by_cue = {r.cue.uuid: r for r in records() if r.cue is not None}
    assert by_cue[other_cue.uuid].pieces("content") == [x]
    assert by_cue[cue.uuid].pieces("content") == [y]
