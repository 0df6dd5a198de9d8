"""What a coder sees: the article list with status and counts, attributions grouped by cue."""

from __future__ import annotations

from annotator import labeling
from annotator.article_state import article_labels, worklist
from annotator.attribution_editing import link_part
from annotator.attribution_records import attribution_records
from annotator.model import ArticleDraft

TEXT = "Officials said the talks failed. A witness told reporters the town was quiet."


def test_worklist_counts_pending_suggestions_and_labels_per_coder(project):
    ids = project.articles.add(
        [
            ArticleDraft(text=TEXT, title="one", outlet="A"),
            ArticleDraft(text="Other text here.", title="two"),
        ]
    ).added
    amira = project.coders.add("Amira").uuid
    ben = project.coders.add("Ben").uuid
    said = TEXT.index("said")
    project.suggestions.replace(
        ids[0],
        "d",
        "1",
        [
            {"layer": "attribution_cue", "label": "neutral", "start": said, "end": said + 4},
            {
                "layer": "source",
                "label": "unnamed",
                "start": 0,
                "end": 9,
                "explanation": {"cue": [said, said + 4]},
            },
        ],
    )
    cue = article_labels(project, ids[0], amira).suggestions[0]
    labeling.accept_suggestion(project, amira, cue)
    labeling.set_doc_label(project, amira, ids[0], "primary_frame", "political")
    labeling.set_status(project, amira, ids[1], "done")
    mine = {item.article_id: item for item in worklist(project, amira)}
    assert (mine[ids[0]].pending, mine[ids[0]].labels, mine[ids[0]].status) == (1, 2, "todo")
    assert (mine[ids[1]].status, mine[ids[0]].outlet) == ("done", "A")
    theirs = {item.article_id: item for item in worklist(project, ben)}
    assert (theirs[ids[0]].pending, theirs[ids[0]].labels) == (2, 0)


def test_attribution_records_group_linked_parts_under_their_cue(project):
    article = project.articles.add([ArticleDraft(text=TEXT)]).added[0]
    coder = project.coders.add("Amira").uuid

    def span(word, label):
        start = TEXT.index(word)
        return project.spans.add(article, coder, "attribution", label, start, start + len(word))

    said, officials = span("said", "cue"), span("Officials", "source")
    content = span("the talks failed", "content")
    told, witness = span("told", "cue"), span("A witness", "source")
    link_part(project, coder, officials, said)
    link_part(project, coder, content, said)
    state = article_labels(project, article, coder)
    rows = attribution_records(state.spans, state.relations)
    assert [
        (r.cue and r.cue.uuid, r.source and r.source.uuid, r.content and r.content.uuid)
        for r in rows
    ] == [
        (said.uuid, officials.uuid, content.uuid),
        (None, witness.uuid, None),  # a source not yet linked to a cue keeps its own row
        (told.uuid, None, None),
    ]
