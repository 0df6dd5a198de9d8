"""brat standoff in and out: PolNeAR's files read as they ship, discontinuous spans as linked
fragments, events as attribution relations, and our labels -> brat -> our labels."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from annotator.attribution_records import attribution_records
from annotator.errors import IngestError
from annotator.export import ExportOptions, Selection, Source, export_project
from annotator.ingest import ImportOptions, import_paths
from annotator.ingest.label_map import LabelMap
from annotator.model import ArticleDraft
from annotator.store import Project
from tests.core.labeled_project import make_labeled_project
from tests.core.polnear import polnear_folder

POLNEAR_MAP = LabelMap.parse(["Discuss=", "Discard="])  # annotators' workflow marks
ROLES = ("Source", "Cue", "Content")


def ann_counts(paths: list[Path]) -> tuple[Counter, Counter]:
    """Span fragments per type and the relations PolNeAR's E lines give, counted straight
    from the .ann files (independently of the importer)."""
    spans: Counter = Counter()
    relations: Counter = Counter()
    for path in paths:
        lines = path.read_text(encoding="utf-8").split("\n")
        types = {}
        for line in lines:
            found = re.match(r"^(T\d+)\t(\S+) ([\d ;]+)\t", line)
            if found:
                types[found.group(1)] = found.group(2)
                if found.group(2) in ROLES:
                    fragments = found.group(3).count(";") + 1
                    spans[found.group(2)] += fragments
                    relations["fragment_of"] += fragments - 1
        pairs = set()
        for line in lines:
            if not line.startswith("E"):
                continue
            arguments = [a.split(":") for a in line.split("\t")[1].split()][1:]
            cues = [t for role, t in arguments if role.rstrip("0123456789") == "Cue"]
            if not cues or types.get(cues[0]) not in ROLES:
                continue
            for role, target in arguments:
                if target != cues[0] and types.get(target) in ROLES:
                    pairs.add((role.rstrip("0123456789").lower() + "_of", target, cues[0]))
        relations.update(kind for kind, _, _ in pairs)
    return spans, relations


def stored(project) -> tuple[Counter, Counter]:
    spans = Counter(dict(project.db.execute("select label, count(*) from spans group by label")))
    relations = project.db.execute("select kind, count(*) from relations group by kind")
    return spans, Counter(dict(relations))


def test_a_few_polnear_files_import_with_their_spans_and_relations(project):
    # read from ../shared (the corpus may not be copied into the project): brat as it ships,
    # with discontinuous spans and a span's text written over two lines
    folder = polnear_folder()
    names = [
        "breitbart_2015-11-11_the-ninth-circle-the-hellish-vie",  # discontinuous spans
        "nyt_2016-04-18_for-news-outlets-feeling-the-squ",  # a span's text over two lines
    ]
    paths = [folder / f"{name}.txt" for name in names]
    report = import_paths(project, paths, ImportOptions(label_map=POLNEAR_MAP))
    assert len(report.added) == 2
    spans, relations = ann_counts([p.with_suffix(".ann") for p in paths])
    assert stored(project) == ({k.lower(): v for k, v in spans.items()}, relations)
    assert relations["fragment_of"] > 0 and relations["source_of"] > 0
    assert report.labels.coders == {"import: polnear-train"}
    # a discontinuous content is one attribution: its later pieces are in its part's record
    pieces = later_count = 0
    for article in project.articles.ids():
        spans = [s for s in project.spans.for_article(article) if s.layer == "attribution"]
        links = project.relations.for_article(article)
        later = {r.head for r in links if r.kind == "fragment_of"}
        later_count += len(later)
        for record in attribution_records(spans, links):
            own = {p.uuid for p in (record.cue, record.source, record.content) if p is not None}
            assert not own & later  # no piece is a record's own part
            pieces += len(record.fragments)
    assert pieces == later_count > 0


@pytest.mark.slow
def test_the_whole_polnear_folder_imports_every_source_cue_and_content_span(project):
    folder = polnear_folder()
    report = import_paths(project, [folder], ImportOptions(label_map=POLNEAR_MAP))
    spans, relations = ann_counts(sorted(folder.glob("*.ann")))
    assert sum(spans.values()) == 60352  # fragments: 17,221 Source, 19,835 Cue, 23,296 Content
    got_spans, got_relations = stored(project)
    assert got_spans == {k.lower(): v for k, v in spans.items()}
    # two files hold the same article, annotated apart: kept apart, and the report says so
    assert report.files == 840 and len(report.added) == 839
    assert any("has the text of" in note for note in report.labels.notes)
    assert got_relations["fragment_of"] == relations["fragment_of"]
    for kind in ("source_of", "content_of"):  # a pair given twice by one file is one link
        assert abs(got_relations[kind] - relations[kind]) <= 2, kind
    assert report.labels.left_out == {"Discuss": 599, "Discard": 475}


def test_types_nothing_maps_stop_the_import_naming_the_line(project):
    folder = polnear_folder()
    path = folder / "breitbart_2015-11-11_the-ninth-circle-the-hellish-vie.txt"
    with pytest.raises(IngestError, match=r"\.ann line \d+: T\d+ \(Discuss\): 'Discuss' is no"):
        import_paths(project, [path])
    assert project.counts()["articles"] == 0


def write_pair(folder: Path, name: str, text: str, ann: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8")
    return folder / f"{name}.txt"


TEXT = "Officials said the town, which was shelled, is safe."


def test_discontinuous_spans_events_relations_and_attributes(project, tmp_path):
    ann = (
        "T1\tSource 0 9\tOfficials\n"
        "T2\tCue 10 14\tsaid\n"
        "T3\tContent 15 23;44 51\tthe town is safe\n"
        "T4\tAttribution 10 14\tsaid\n"
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
        "T5\tpejorative_label 35 42\tshelled\n"
        "R1\tabout Arg1:T5 Arg2:T3\n"
        "A1\tstance T2 neutral\n"
        "A2\tNegated T5\n"
        "#1\tAnnotatorNotes T1\ta vague source\n"
    )
    write_pair(tmp_path / "docs", "a", TEXT, ann)
    report = import_paths(project, [tmp_path / "docs"])
    assert report.labels.spans == 5 and report.labels.relations == 4
    spans = {
        uuid: (label, start, end, attrs)
        for uuid, label, start, end, attrs in project.db.execute(
            'select uuid, label, start, "end", attrs from spans'
        )
    }
    assert sorted(v[:3] for v in spans.values()) == [
        ("content", 15, 23),
        ("content", 44, 51),
        ("cue", 10, 14),
        ("pejorative_label", 35, 42),
        ("source", 0, 9),
    ]
    links = {
        (kind, spans[head][1], spans[tail][1])
        for kind, head, tail in project.db.execute("select kind, head, tail from relations")
    }
    assert links == {
        ("source_of", 0, 10),
        ("content_of", 15, 10),
        ("fragment_of", 44, 15),
        ("about", 35, 15),
    }
    attrs = {v[0]: json.loads(v[3]) for v in spans.values()}
    assert attrs["cue"] == {"stance": "neutral"} and attrs["source"] == {"note": "a vague source"}
    assert attrs["pejorative_label"] == {"Negated": True}


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tSource 0 99\tOfficials\n", r"a\.ann line 1: T1: \[0, 99\) does not fit"),
        ("T1\tSource 1 10\tOfficials\n", r"line 1: \[1, 10\) covers 'fficials ' but the line says"),
        ("X1 nonsense\n", r"line 1: is not a brat annotation"),
        ("T1\tSource zero 9\tOfficials\n", r"line 1: T1: expected 'TYPE START END"),
        ("T1\tSource 0 9\tOfficials\nE1\tAttribution:T9 Source:T1\n", r"line 2: refers to T9"),
        ("T1\tSource 0 9\tOfficials\nR1\t\n", r"line 2: R1: a relation needs TYPE"),
    ],
)
def test_a_broken_ann_file_names_the_file_and_line(project, tmp_path, ann, message):
    path = write_pair(tmp_path / "docs", "a", TEXT, ann)
    with pytest.raises(IngestError, match=message):
        import_paths(project, [path])
    assert project.counts()["articles"] == 0


def live(project) -> set:
    """(coder, text, layer, label, start, end, attrs) of every span, coder names without the
    "import: " brat gives them (brat files name no coder)."""
    return set(
        project.db.execute(
            "select replace(c.name, 'import: ', ''), a.content_hash, s.layer, s.label, s.start, "
            's."end", s.attrs from spans s join coders c on c.uuid = s.coder_uuid '
            "join articles a on a.id = s.article_id where s.deleted = 0"
        )
    )


def links(project) -> set:
    return set(
        project.db.execute(
            "select r.kind, h.start, h.label, t.start, t.label from relations r "
            "join spans h on h.uuid = r.head join spans t on t.uuid = r.tail where r.deleted = 0"
        )
    )


def test_our_labels_round_trip_through_brat(tmp_path):
    with make_labeled_project(tmp_path) as project:
        ids = project.articles.ids()
        coder = project.coders.by_name("Amira")[0].uuid
        text = project.articles.get(ids[1]).text  # a content in two pieces, linked
        first = project.spans.add(ids[1], coder, "attribution", "content", 0, 13)
        second = project.spans.add(ids[1], coder, "attribution", "content", 14, 26)
        project.relations.add(ids[1], coder, "fragment_of", second.uuid, first.uuid)
        assert text[0:13] == "The militants"
        summary = export_project(
            project, tmp_path / "brat", ExportOptions("brat", Selection(Source("all-coders")))
        )
        expected_spans, expected_links = live(project), links(project)
    assert any("not written: brat has no document labels" in n for n in summary.notes)
    folders = sorted(p.name for p in (tmp_path / "brat").iterdir() if p.is_dir())
    assert folders == ["Amira", "Ben"]
    assert (tmp_path / "brat" / "annotation.conf").is_file()
    with Project.create(tmp_path / "back.sqlite") as back:
        report = import_paths(back, [tmp_path / "brat"])
        assert report.labels.coders == {"import: Amira", "import: Ben"}
        assert live(back) == expected_spans
        assert links(back) == expected_links
        again = import_paths(back, [tmp_path / "brat"])
        assert again.labels.spans == 0 and again.labels.relations == 0  # nothing twice


SHARED_NAMES = """
[codebook]
name = "two layers, one label name"
version = "1"
[[layers]]
name = "loaded"
title = "Loaded"
[[layers.labels]]
name = "other"
title = "Other"
[[layers]]
name = "attribution"
title = "Attribution"
[[layers.labels]]
name = "other"
title = "Other"
"""


def test_a_label_name_two_layers_share_is_written_with_its_layer(tmp_path):
    from annotator.codebook import parse_codebook

    book = parse_codebook(SHARED_NAMES)
    with Project.create(tmp_path / "p.sqlite", codebook=book) as project:
        [article] = project.articles.add([ArticleDraft(text=TEXT)]).added
        coder = project.coders.add("Ann").uuid
        project.spans.add(article, coder, "attribution", "other", 15, 23)
        project.spans.add(article, coder, "loaded", "other", 35, 42)
        export_project(
            project, tmp_path / "b", ExportOptions("brat", Selection(Source("coder", "Ann")))
        )
    [ann] = (tmp_path / "b").glob("*.ann")
    assert "attribution.other 15 23" in ann.read_text() and "loaded.other 35 42" in ann.read_text()
    with Project.create(tmp_path / "back.sqlite", codebook=book) as back:
        import_paths(back, [tmp_path / "b"])
        assert set(back.db.execute("select layer, label from spans")) == {
            ("attribution", "other"),
            ("loaded", "other"),
        }
