"""Adjudication into gold: units and their versions, taking a version, accepting agreed units,
the status, and what export reads."""

from __future__ import annotations

import pytest
from multi_coder import TEXTS, make_master, word

from annotator.adjudication import accept_agreed, gold_status, take_version
from annotator.disagreements import list_units
from annotator.errors import LabelError
from annotator.store.gold import (
    GoldSpanDraft,
    delete_gold,
    gold_articles,
    read_gold,
    replace_gold_spans,
    set_gold_answer,
)


@pytest.fixture
def project(tmp_path):
    """Three coders on articles 0 and 1; article 2 coded by Ann alone."""
    project = make_master(tmp_path)
    ids = project.articles.ids()
    ann, bob, cy = (project.coders.add(n).uuid for n in ("Ann", "Bob", "Cy"))
    project.supervisor = project.coders.add("Supervisor").uuid
    regime, shelled = word(TEXTS[0], "Regime"), word(TEXTS[0], "shelled")
    for coder in (ann, bob, cy):
        project.spans.add(ids[0], coder, "loaded", "pejorative_label", *regime, {"note": coder})
        project.doc_labels.set(ids[1], coder, "primary_frame", "security_defense")
    project.spans.add(ids[0], ann, "loaded", "emotive", *shelled)  # only Ann: disputed
    project.doc_labels.set(ids[0], ann, "primary_frame", "political")
    project.doc_labels.set(ids[0], bob, "primary_frame", "political")
    project.doc_labels.set(ids[0], cy, "primary_frame", "economic")
    project.status.set(ids[1], ann, "done")  # coded, nothing marked: agrees on no spans
    project.doc_labels.set(ids[2], ann, "primary_frame", "legality")
    project.ids, project.names = ids, {"Ann": ann, "Bob": bob, "Cy": cy}
    yield project
    project.close()


def by_key(units):
    return {(u.kind, u.article_id, u.name, u.start): u for u in units}


def test_units_have_each_coders_version_most_contested_first(project):
    units = list_units(project)
    ids = project.ids
    found = by_key(units)
    frame = found[("answer", ids[0], "primary_frame", None)]
    assert {v.name: v.value for v in frame.versions} == {
        "Ann": "political",
        "Bob": "political",
        "Cy": "economic",
    }
    assert frame.disagreement == pytest.approx(2 / 3) and not frame.agreed
    shelled = found[("spans", ids[0], "loaded", word(TEXTS[0], "shelled")[0])]
    assert shelled.version("Ann").value == ((*word(TEXTS[0], "shelled"), "emotive"),)
    assert shelled.version("Bob").value == ()
    regime = found[("spans", ids[0], "loaded", 0)]
    assert regime.agreed and len(regime.versions) == 3
    assert found[("answer", ids[1], "primary_frame", None)].agreed
    # article 2 has one coder: nothing to compare, so no unit
    assert not [u for u in units if u.article_id == ids[2]]
    assert [u.disagreement for u in units] == sorted((u.disagreement for u in units), reverse=True)
    assert all(not u.agreed for u in list_units(project, disputed_only=True))


def test_accept_agreed_takes_every_agreed_unit_once(project):
    result = accept_agreed(project, project.supervisor)
    assert (result.answers, result.span_units, result.spans) == (1, 1, 1)
    first = read_gold(project, project.ids[0])
    (span,) = first.spans
    assert (span.layer, span.label, span.start, span.end) == ("loaded", "pejorative_label", 0, 6)
    assert span.decided_by == project.supervisor
    assert project.spans.get(span.from_uuid).label == "pejorative_label"
    assert span.attrs == {"note": project.names["Ann"]}  # the attributes come along
    assert read_gold(project, project.ids[1]).answers["primary_frame"].value == "security_defense"
    again = accept_agreed(project, project.supervisor)
    assert (again.answers, again.span_units) == (0, 0)
    history = project.db.execute(
        "select count(*) from history where target = 'gold' and coder_uuid = ?",
        [project.supervisor],
    ).fetchone()[0]
    assert history == 2


def test_taking_a_version_decides_a_disputed_unit(project):
    units = by_key(list_units(project))
    frame = units[("answer", project.ids[0], "primary_frame", None)]
    take_version(project, frame, "Cy", project.supervisor)
    answer = read_gold(project, project.ids[0]).answers["primary_frame"]
    assert answer.value == "economic" and answer.from_uuid == frame.version("Cy").uuids[0]
    # changing one's mind replaces the decision, and the old row is kept as a tombstone
    take_version(project, frame, "Ann", project.supervisor)
    assert read_gold(project, project.ids[0]).answers["primary_frame"].value == "political"
    rows = project.db.execute("select deleted from gold where kind = 'doc_label'").fetchall()
    assert sorted(r[0] for r in rows) == [0, 1]
    with pytest.raises(LabelError, match="Zed has no version"):
        take_version(project, frame, "Zed", project.supervisor)


def test_taking_an_empty_version_records_that_nothing_is_marked_there(project):
    start, end = word(TEXTS[0], "shelled")
    shelled = by_key(list_units(project))[("spans", project.ids[0], "loaded", start)]
    take_version(project, shelled, "Bob", project.supervisor)
    gold = read_gold(project, project.ids[0])
    assert gold.spans == [] and gold.empty == [("loaded", start, end)]
    decided = by_key(list_units(project))[("spans", project.ids[0], "loaded", start)]
    assert decided.decided and decided.gold == ()
    take_version(project, decided, "Ann", project.supervisor)
    gold = read_gold(project, project.ids[0])
    assert [(s.label, s.start) for s in gold.spans] == [("emotive", start)] and gold.empty == []


def test_the_status_counts_agreed_disputed_decided_and_open(project):
    status = gold_status(project)
    frame, loaded = status.by_scheme["primary_frame"], status.by_layer["loaded"]
    assert (frame.units, frame.agreed, frame.disputed, frame.open) == (2, 1, 1, 1)
    assert (loaded.units, loaded.agreed, loaded.disputed) == (2, 1, 1)
    accept_agreed(project, project.supervisor)
    status = gold_status(project)
    assert status.by_scheme["primary_frame"].decided_agreed == 1
    assert status.by_scheme["primary_frame"].open == 1
    assert status.articles_with_gold == 2


def test_own_versions_and_what_export_reads(project):
    ids = project.ids
    set_gold_answer(
        project, ids[2], "secondary_frames", ["political", "economic"], project.supervisor
    )
    drafts = [GoldSpanDraft("emotive", 4, 10, {"note": "mine"})]
    (written,) = replace_gold_spans(project, ids[2], "loaded", 0, 20, drafts, project.supervisor)
    assert written.from_uuid is None
    gold = read_gold(project, ids[2])
    assert gold.answers["secondary_frames"].value == ["economic", "political"]  # codebook order
    assert [(s.start, s.end, s.attrs) for s in gold.spans] == [(4, 10, {"note": "mine"})]
    assert [g.article_id for g in gold_articles(project)] == [ids[2]]
    delete_gold(project, written.uuid, project.supervisor)
    set_gold_answer(project, ids[2], "secondary_frames", [], project.supervisor)
    assert read_gold(project, ids[2]).is_empty
    with pytest.raises(LabelError, match="not a choice"):
        set_gold_answer(project, ids[2], "primary_frame", "nonsense", project.supervisor)
    with pytest.raises(LabelError, match="not a scheme"):
        set_gold_answer(project, ids[2], "mood", "x", project.supervisor)
    with pytest.raises(LabelError, match="does not fit"):
        replace_gold_spans(
            project, ids[2], "loaded", 0, 5, [GoldSpanDraft("emotive", 0, 999)], project.supervisor
        )
    with pytest.raises(LabelError, match="not a label"):
        replace_gold_spans(
            project, ids[2], "loaded", 0, 5, [GoldSpanDraft("nice", 0, 2)], project.supervisor
        )
