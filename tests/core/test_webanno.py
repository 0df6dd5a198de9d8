"""WebAnno TSV 3.3 (INCEpTION) in and out: span layers with features, multi-token and stacked
spans, relations, UTF-16 offsets, INCEpTION's project layout naming the coder, broken rows."""

from __future__ import annotations

import random

import pytest

from annotator.errors import IngestError
from annotator.export import ExportOptions, Selection, Source, export_project
from annotator.ingest import ImportOptions, import_paths
from annotator.ingest.label_map import LabelMap
from annotator.store import Project
from tests.core.labeled_project import make_labeled_project
from tests.core.test_prodigy import coder_links, coder_spans


def without_prefix(rows: set) -> set:
    """A folder per coder comes back as the coder "import: NAME" (the format names no coder)."""
    return {(row[0].removeprefix("import: "), *row[1:]) for row in rows}


def test_our_labels_round_trip_through_webanno_tsv(tmp_path):
    with make_labeled_project(tmp_path) as project:
        summary = export_project(
            project,
            tmp_path / "tsv",
            ExportOptions("webanno", Selection(Source.parse("all-coders"))),
        )
        spans, links = coder_spans(project), coder_links(project)
    assert any("document labels not written" in note for note in summary.notes)
    files = sorted((tmp_path / "tsv").rglob("*.tsv"))
    assert {f.parent.name for f in files} == {"Amira", "Ben"}
    for path in files:
        assert path.read_text(encoding="utf-8").startswith("#FORMAT=WebAnno TSV 3.3\n")
    with Project.create(tmp_path / "back.sqlite") as back:
        report = import_paths(back, [tmp_path / "tsv"])
        assert len(report.added) == 5  # an article two coders labeled is added once
        # same texts (content hashes), layers, labels, offsets, attributes, relations
        assert without_prefix(coder_spans(back)) == spans
        assert without_prefix(coder_links(back)) == links
        again = import_paths(back, [tmp_path / "tsv"])
        assert again.labels.spans == again.labels.relations == 0


# An INCEpTION project export's file, as INCEpTION writes it: trailing tabs, a named-entity
# layer with two features, a custom layer, a relation layer, a chain layer we do not read, a
# span over three tokens (id [1]), stacked spans on one token, an emoji counted as two UTF-16
# units, escaped characters in the text.
INCEPTION = (
    "#FORMAT=WebAnno TSV 3.3\n"
    "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n"
    "#T_SP=webanno.custom.Loaded|label|note\n"
    "#T_CH=de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink|referenceType|"
    "referenceRelation\n"
    "#T_RL=webanno.custom.LoadedRelation|kind|BT_webanno.custom.Loaded\n"
    "\n"
    "\n"
    "#Text=Refugees 😀 fled the brutal offensive\\_now.\n"
    "1-1\t0-8\tRefugees\t_\tPER\tpejorative\\_label[1]\t*[1]\t_\t_\t_\t_\t\n"
    "1-2\t9-11\t😀\t_\t_\tpejorative\\_label[1]\t*[1]\t_\t_\t_\t_\t\n"
    "1-3\t12-16\tfled\t_\t_\tpejorative\\_label[1]|emotive[2]\t*[1]|a \\| b[2]\t_\t_\t"
    "_\t_\t\n"
    "1-4\t17-20\tthe\t_\t_\t_\t_\t_\t_\t_\t_\t\n"
    "1-5\t21-27\tbrutal\t_\t_\temotive[3]\t_\t_\t_\tintensifies\t1-3[2_3]\t\n"
    "1-6\t28-37\toffensive\t_\t_\t_\t_\t*->1-1\t*\t_\t_\t\n"
    "1-7\t37-41\t_now\t_\t_\t_\t_\t_\t_\t_\t_\t\n"
    "1-8\t41-42\t.\t_\t_\t_\t_\t_\t_\t_\t_\t\n"
)


def test_an_inception_file_with_stacks_relations_and_utf16_offsets(project, tmp_path):
    path = tmp_path / "annotation" / "refugees.txt" / "alice.tsv"  # INCEpTION's layout
    path.parent.mkdir(parents=True)
    path.write_text(INCEPTION, encoding="utf-8")
    with pytest.raises(IngestError, match="'PER' is no label of the codebook"):
        import_paths(project, [path])  # reported, never dropped silently
    report = import_paths(project, [path], ImportOptions(label_map=LabelMap.parse(["PER="])))
    assert report.labels.coders == {"alice"}
    assert any("CoreferenceLink" in line and "not read" in line for line in report.skipped)
    [article] = project.articles.ids()
    text = project.articles.get(article).text
    assert text == "Refugees 😀 fled the brutal offensive_now."
    found = {
        (layer, label, text[start:end], attrs)
        for layer, label, start, end, attrs in project.db.execute(
            'select layer, label, start, "end", attrs from spans where deleted = 0'
        )
    }
    assert found == {
        ("loaded", "pejorative_label", "Refugees 😀 fled", "{}"),
        ("loaded", "emotive", "fled", '{"note":"a | b"}'),
        ("loaded", "emotive", "brutal", "{}"),
    }
    [(kind, head, tail)] = project.db.execute(
        "select r.kind, h.start, t.start from relations r "
        "join spans h on h.uuid = r.head join spans t on t.uuid = r.tail"
    )
    assert (kind, text[head:], text[tail:]) == (
        "intensifies",
        "fled the brutal offensive_now.",
        "brutal offensive_now.",
    )


def test_a_map_sends_an_entity_layer_to_a_codebook_layer(project, tmp_path):
    path = tmp_path / "doc.tsv"
    path.write_text(INCEPTION, encoding="utf-8")
    label_map = LabelMap.parse(["PER=attribution:source"])
    report = import_paths(project, [path], ImportOptions(label_map=label_map))
    assert report.labels.coders == {"import: " + tmp_path.name}
    assert ("attribution", "source", 0, 8) in set(
        project.db.execute('select layer, label, start, "end" from spans')
    )


@pytest.mark.parametrize(
    "body, message",
    [
        ("1-1\t0-8\tRefugees\t_\n1-x\tbroken\n", "line 10"),
        ("1-1\t0-80\tRefugees\t_\n", "offsets 0-80"),
        ("1-1\t0-8\tRefugees\t_\t_\t_\t_\t_\t_\t_\t1-9[7_8]\n", "links no span"),
    ],
)
def test_a_broken_tsv_file_names_the_file_and_line(project, tmp_path, body, message):
    header = INCEPTION.split("#Text=")[0]
    path = tmp_path / "broken.tsv"
    path.write_text(header + "#Text=Refugees\n" + body, encoding="utf-8")
    with pytest.raises(IngestError) as error:
        import_paths(project, [path])
    assert "broken.tsv" in str(error.value) and message in str(error.value)
    assert project.articles.ids() == []


def test_mangled_files_give_a_clear_error_or_import(project, tmp_path):
    # 300 seeded mutations of the INCEpTION file (cells, ids, offsets, separators): each
    # imports or stops with the project's own error, naming the file; never a traceback
    rng = random.Random(16)
    pieces = [*"\t|[]_*-0123456789\\#\n ab😀;>", "[1]", "[2_3]", "1-9", "\t_", "*->1-1"]
    options = ImportOptions(label_map=LabelMap.parse(["PER="]))
    for n in range(300):
        chars = list(INCEPTION)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(60, len(chars))
            if rng.random() < 0.5:
                chars[at] = rng.choice(pieces)
            else:
                del chars[at]
        path = tmp_path / f"mangled-{n}.tsv"
        path.write_text("".join(chars), encoding="utf-8")
        try:
            import_paths(project, [path], options)
        except IngestError as error:
            assert f"mangled-{n}.tsv" in str(error)
