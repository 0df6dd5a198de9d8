"""Importers: each format, encodings, normalisation, titles, folders, manifests, duplicates."""

from __future__ import annotations

import codecs
import json
import unicodedata
from pathlib import Path

import pytest

from annotator.ingest import ImportOptions, import_paths, read_file
from annotator.ingest.normalize import guess_title, normalize_text
from annotator.paths import resource_path

SAMPLES = resource_path("samples", "idlib-2020")
BODY = "Officials said on Monday that the talks in the capital had failed after a long night."


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def only_draft(path: Path, **options):
    read = read_file(path, ImportOptions(**options))
    drafts = list(read.drafts)
    assert len(drafts) == 1
    return drafts[0], read


def test_plain_text_is_normalised_to_nfc_and_newlines(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Café talks collapse in Zürich")
    path = write(tmp_path / "a.txt", f"{decomposed}\r\n\r\n{BODY}\rMore.\x07\n")
    draft, _ = only_draft(path)
    assert draft.text == f"Café talks collapse in Zürich\n\n{BODY}\nMore."
    assert unicodedata.is_normalized("NFC", draft.text)
    assert draft.title == "Café talks collapse in Zürich"
    assert draft.source == str(path)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
    ],
)
def test_byte_order_marks_are_honoured_and_removed(tmp_path, encoding, bom):
    text = f"Ankara strikes back\n\n{BODY} \U0001f600"
    draft, read = only_draft(write(tmp_path / "a.txt", bom + text.encode(encoding)))
    assert draft.text == text
    assert read.encodings == {}  # declared, not guessed


def test_a_legacy_encoding_is_detected_and_reported(tmp_path):
    text = "Le président a déclaré que la situation était « très grave » à Idlib."
    path = write(tmp_path / "fr.txt", text.encode("cp1252"))
    draft, read = only_draft(path)
    assert draft.text == text
    assert read.encodings == {str(path): "cp1252"}


def test_cyrillic_in_a_legacy_encoding_is_not_read_as_latin(tmp_path):
    text = "Министерство обороны заявило, что ситуация в Идлибе остаётся сложной."
    draft, read = only_draft(write(tmp_path / "ru.txt", text.encode("cp1251")))
    assert draft.text == text
    assert read.encodings[str(tmp_path / "ru.txt")] == "cp1251"


def test_utf8_with_one_broken_byte_stays_utf8_and_says_so(tmp_path):
    data = "Erdoğan said “enough” — Ankara’s patience is gone.".encode() + b"\xff tail"
    draft, read = only_draft(write(tmp_path / "a.txt", data))
    assert "Erdoğan said “enough”" in draft.text and "\ufffd" in draft.text
    assert "invalid byte" in read.encodings[str(tmp_path / "a.txt")]


def test_markdown_front_matter_and_markup(tmp_path):
    path = write(
        tmp_path / "a.md",
        (
            "---\ntitle: Talks fail\ndate: 2020-03-05\nsource: Daily Paper\n"
            "author: A. Writer\n---\n"
            "# Talks fail in the capital\n\n"
            "Officials **said** the talks had [failed](http://example.com) after a *long* night.\n"
            "![photo](http://example.com/x.png)\n> It is over, a minister said.\n"
        ),
    )
    draft, _ = only_draft(path)
    assert draft.title == "Talks fail"
    assert (draft.published, draft.outlet) == ("2020-03-05", "Daily Paper")
    assert draft.meta == {"author": "A. Writer"}
    assert draft.text == (
        "Talks fail in the capital\n\nOfficials said the talks had failed after a long night."
        "\n\nIt is over, a minister said."
    )


def test_html_main_text_and_metadata_without_running_or_fetching(tmp_path, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the importer tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    html = """<html><head><title>Talks fail | Daily Paper</title>
    <meta property="og:site_name" content="Daily Paper">
    <meta property="article:published_time" content="2020-03-05T10:00:00Z">
    <script>document.write("INJECTED"); fetch("http://evil.example/x")</script>
    <link rel="stylesheet" href="http://example.com/s.css"></head>
    <body><nav>Home / News / World</nav><article><h1>Talks fail in the capital</h1>
    <p>The government said on Thursday that the talks had failed after a long night of
    negotiation in the capital, leaving both sides further apart than before.</p>
    <img src="http://example.com/remote.png" onerror="alert(1)">
    <p>Officials claimed the other side walked out, while opposition leaders blasted the
    decision as a betrayal of the voters who had hoped for a settlement this year.</p>
    <script>alert("also not text")</script></article><footer>Subscribe now</footer>
    </body></html>"""
    draft, _ = only_draft(write(tmp_path / "a.html", html))
    assert "INJECTED" not in draft.text and "alert" not in draft.text
    assert "Officials claimed the other side walked out" in draft.text
    assert draft.outlet == "Daily Paper"
    assert draft.published == "2020-03-05"
    assert "Talks fail" in draft.title


def test_jsonl_fields_and_meta(tmp_path):
    lines = [
        {
            "id": "a1",
            "text": BODY,
            "title": "T",
            "outlet": "O",
            "url": "http://x",
            "date": "2020-01-02",
            "story": "S",
            "meta": {"section": "world"},
            "lang": "en",
        },
        {"text": "Second article text, with enough words to stand alone here."},
    ]
    path = write(tmp_path / "a.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    first, second = read_file(path, ImportOptions()).drafts
    assert (first.title, first.outlet, first.url, first.published, first.story) == (
        "T",
        "O",
        "http://x",
        "2020-01-02",
        "S",
    )
    assert first.meta == {"id": "a1", "lang": "en", "section": "world"}
    assert first.source == f"{path}:1"
    assert second.title.startswith("Second article text")


def test_csv_with_aliases_and_an_explicit_column_map(tmp_path):
    path = write(
        tmp_path / "a.csv",
        'headline;body;site;extra\n"Title, one";"Body; with '
        'delimiter";Outlet A;x\nTitle two;Second body;Outlet B;y\n',
    )
    drafts = list(read_file(path, ImportOptions()).drafts)
    assert [(d.title, d.text, d.outlet) for d in drafts] == [
        ("Title, one", "Body; with delimiter", "Outlet A"),
        ("Title two", "Second body", "Outlet B"),
    ]
    assert drafts[0].meta == {"extra": "x"}
    mapped = write(tmp_path / "b.csv", "h,article_body\nA title,Some text\n")
    (draft,) = read_file(
        mapped, ImportOptions(column_map={"text": "article_body", "title": "h"})
    ).drafts
    assert (draft.title, draft.text) == ("A title", "Some text")


def test_sample_manifest_gives_outlet_date_and_story(project):
    report = import_paths(project, [SAMPLES / "manifest.json"])
    assert len(report.added) == 5
    summaries = project.articles.summaries()
    assert [s.outlet for s in summaries] == [
        None,
        "Rudaw",
        "Alwaght",
        "Middle East Monitor",
        "Anadolu Agency",
    ]
    assert [s.published for s in summaries] == [
        None,
        "2020-02-29",
        "2020-03-05",
        "2020-03-06",
        "2020-02-10",
    ]
    assert {s.story for s in summaries} == {
        "Turkey, Russia and Syria over Idlib, February-March 2020"
    }
    article = project.articles.get(summaries[1].id)
    assert article.meta["evidence"].startswith("dateline")


def test_titles_skip_page_furniture_in_the_samples():
    titles = [
        guess_title(normalize_text(p.read_text("utf-8"))) for p in sorted(SAMPLES.glob("*.txt"))
    ]
    assert titles[0].startswith("Erdogan Suggested that Putin Should Leave Turkey")
    assert titles[1] == "Erdogan tells Putin to stay out of fight with Syria regime"
    assert titles[3] == "Putin admits: Syrian army suffered heavy losses in Idlib"  # not "clear"
    assert titles[4] == "'Assad attacks on Turkish troops must stop,' Russia told in meeting"
    assert titles[2].endswith("…") and len(titles[2]) <= 121  # no headline line: an opening


def test_a_folder_is_read_recursively_with_duplicates_counted(project, tmp_path):
    folder = tmp_path / "corpus"
    (folder / "sub" / ".hidden").mkdir(parents=True)
    write(folder / "a.txt", f"First headline here\n\n{BODY}")
    write(folder / "sub" / "b.md", f"# Second headline here\n\n{BODY} Again.")
    write(folder / "sub" / "copy.txt", f"First headline here\n\n{BODY}")
    write(folder / "sub" / ".hidden" / "c.txt", "never read")
    write(folder / "picture.png", b"\x89PNG\r\n\x1a\n....")
    report = import_paths(project, [folder])
    assert len(report.added) == 2 and len(report.duplicates) == 1
    assert report.ignored == [str(folder / "picture.png")]
    again = import_paths(project, [folder])
    assert again.added == [] and len(again.duplicates) == 3


def test_a_folder_with_a_manifest_uses_it(project, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    write(folder / "x.txt", f"Listed headline here\n\n{BODY}")
    write(folder / "y.txt", f"Unlisted headline here\n\n{BODY} More.")
    write(
        folder / "manifest.json",
        json.dumps(
            {"story": "S", "articles": [{"file": "x.txt", "outlet": "X", "date": "2021-01-01"}]}
        ),
    )
    import_paths(project, [folder])
    rows = {s.title: (s.outlet, s.story) for s in project.articles.summaries()}
    assert rows == {"Listed headline here": ("X", "S"), "Unlisted headline here": (None, None)}


def test_a_jsonl_string_may_hold_a_line_separator(tmp_path):
    path = write(tmp_path / "a.jsonl", json.dumps({"text": "one\u2028two"}, ensure_ascii=False))
    (draft,) = read_file(path, ImportOptions()).drafts
    assert draft.text == "one\ntwo"  # a whole article; normalised to \n inside the text


def test_cancelling_an_import_rolls_all_of_it_back(project, tmp_path):
    from annotator.errors import Cancelled

    for i in range(3):
        write(tmp_path / f"{i}.txt", f"Headline number {i}\n\n{BODY} {i}")
    seen = []

    def cancel_on_third_file(done, total, note):
        seen.append(note)
        if done == 2:
            raise Cancelled("stop")

    with pytest.raises(Cancelled):
        import_paths(project, [tmp_path], progress=cancel_on_third_file)
    assert project.articles.count() == 0
    assert seen[:3] == ["Reading 0.txt", "Reading 1.txt", "Reading 2.txt"]
