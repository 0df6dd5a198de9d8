"""Issue 13, case 3: the twelve places where a hostile or unlucky import used to end in a
traceback (382 unexpected exceptions in 21,000 fuzzed inputs). Each place is fuzzed with
hypothesis, with the issue's own input as an explicit example. Every outcome is either an
import or an IngestError naming the file (and the line, for a JSONL record); a refusal leaves
the project as it was, and ``skip_bad`` never raises once it has written.

The twelve places: a lone surrogate in (1) text, (2) title, (3) meta; (4) a file name that is
not UTF-8 in a folder; (5) a manifest that lists itself, (6) manifests that list each other;
(7) a NUL byte and (8) an over-long name in a manifest entry; labeled JSONL whose ``meta`` is
(9) not an object or (10) a nested list; a Prodigy ``_annotator_id`` that is (11) an object or
list, (12) a number (an int, 10**23)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from annotator.cli import app
from annotator.errors import IngestError
from annotator.ingest import ImportOptions, import_paths
from annotator.store import Project

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
plain_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@contextmanager
def _folder() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="annotator-fuzz-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    # ensure_ascii keeps a lone surrogate as JSON spells it (\ud800), as an attacker writes it
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def _outcome(project: Project, paths: list[Path], **options: Any) -> IngestError | None:
    """Import; None when it went through, the IngestError when refused. Any other exception
    fails the test, and a refusal must have left the project unchanged."""
    before = project.articles.count()
    try:
        import_paths(project, paths, ImportOptions(**options))
    except IngestError as exc:
        assert project.articles.count() == before, "a refused import changed the project"
        return exc
    return None


def _with_surrogate(text: str, surrogate: str, at: int) -> str:
    at = at % (len(text) + 1)
    return text[:at] + surrogate + text[at:]


# -- 1, 2, 3: a lone surrogate in text, title or meta ---------------------------------------


@FUZZ
@given(field=st.sampled_from(["text", "title", "meta"]), text=plain_text, surrogate=surrogates)
@example(field="text", text="", surrogate="\ud800")
@example(field="title", text="", surrogate="\ud800")
@example(field="meta", text="", surrogate="\ud800")
def test_a_lone_surrogate_is_refused_with_file_and_line(project, field, text, surrogate):
    bad = _with_surrogate(text, surrogate, len(text) // 2)
    record: dict[str, Any] = {"text": "A plain article about the talks.", "title": "Talks"}
    record[field] = {"author": bad} if field == "meta" else bad
    with _folder() as folder:
        path = _write_jsonl(folder / "feed.jsonl", [{"text": "A good first line."}, record])
        refused = _outcome(project, [path])
        assert refused is not None and "feed.jsonl line 2" in str(refused)
        assert "surrogate" in str(refused)
        refused.__str__().encode("utf-8")  # the message itself prints


@FUZZ
@given(text=plain_text, surrogate=surrogates)
@example(text="label", surrogate="\ud800")
def test_a_skipped_surrogate_line_never_fails_after_writing(project, text, surrogate):
    """The issue's ``--skip-bad`` case: a skipped line whose label holds a surrogate wrote two
    articles and then exited 1 with a traceback."""
    bad_label = _with_surrogate(text, surrogate, 0)
    bad = {
        "text": "Officials said the talks failed.",
        "spans": [{"start": 0, "end": 9, "label": bad_label}],
    }
    with _folder() as folder:
        path = _write_jsonl(
            folder / "feed.jsonl",
            [{"text": f"First article {text!r}."}, bad, {"text": f"Third article {text!r}."}],
        )
        before = project.articles.count()
        report = import_paths(project, [path], ImportOptions(skip_bad=True))
        assert any("line 2" in s for s in report.skipped)
        assert project.articles.count() - before == len(report.added)


def test_skip_bad_on_the_command_line_exits_0_after_writing(tmp_path):
    project = tmp_path / "study.sqlite"
    Project.create(project, name="study").close()
    feed = _write_jsonl(
        tmp_path / "feed.jsonl",
        [
            {"text": "First article."},
            {"text": "Second article.", "spans": [{"start": 0, "end": 6, "label": "\ud800"}]},
            {"text": "Third article."},
        ],
    )
    result = CliRunner().invoke(app, ["import", str(project), str(feed), "--skip-bad"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "feed.jsonl line 2" in result.output
    with Project.open(project, readonly=True) as opened:
        assert opened.articles.count() == 2


# -- 4: a file name that is not UTF-8 ------------------------------------------------------


@FUZZ
@given(name=st.binary(min_size=1, max_size=20).filter(lambda b: b"/" not in b and b"\0" not in b))
@example(name=b"caf\xe9")
def test_a_file_name_that_is_not_utf8_imports_and_is_shown(project, name):
    if name in (b".", b"..") or name.startswith(b"."):
        name = b"x" + name
    with _folder() as folder:
        target = os.path.join(os.fsencode(folder), name + b".txt")
        with open(target, "wb") as handle:
            handle.write(b"A headline\n\nAn article whose file name is odd.")
        assert _outcome(project, [folder]) is None
        for article_id in project.articles.ids():
            project.articles.get(article_id).source.encode("utf-8")  # odd bytes shown as \xe9


# -- 5, 6: manifests that list themselves or each other --------------------------------------


@FUZZ
@given(size=st.integers(1, 5), with_article=st.booleans())
@example(size=1, with_article=False)
@example(size=2, with_article=False)
def test_manifests_in_a_circle_are_refused(project, size, with_article):
    with _folder() as folder:
        names = [f"m{i}.json" for i in range(size)]
        for i, name in enumerate(names):
            entries: list[dict[str, Any]] = [{"file": names[(i + 1) % size]}]
            if with_article:
                (folder / f"a{i}.txt").write_text(f"Title {i}\n\nArticle {i} text.")
                entries.insert(0, {"file": f"a{i}.txt"})
            (folder / name).write_text(json.dumps({"articles": entries}), encoding="utf-8")
        refused = _outcome(project, [folder / names[0]])
        assert refused is not None and "circle" in str(refused)
        assert "m0.json" in str(refused)
        report = import_paths(project, [folder / names[0]], ImportOptions(skip_bad=True))
        assert report.skipped


# -- 7, 8: a NUL byte or an over-long name in a manifest entry --------------------------------


@FUZZ
@given(name=plain_text, at=st.integers(0, 40))
@example(name="a.txt", at=1)
def test_a_nul_byte_in_a_manifest_entry_is_refused(project, name, at):
    bad = _with_surrogate(name, "\x00", at)
    with _folder() as folder:
        manifest = folder / "bundle.json"
        manifest.write_text(json.dumps({"articles": [{"file": bad}]}), encoding="utf-8")
        refused = _outcome(project, [manifest])
        assert refused is not None and "bundle.json" in str(refused)
        assert "articles[0]" in str(refused)


@FUZZ
@given(length=st.integers(200, 5000), char=st.sampled_from(["a", "é", "漢", "😀"]))
@example(length=256, char="a")
def test_an_over_long_name_in_a_manifest_entry_is_refused(project, length, char):
    with _folder() as folder:
        manifest = folder / "bundle.json"
        entry = char * length + ".txt"
        manifest.write_text(json.dumps({"articles": [{"file": entry}]}), encoding="utf-8")
        refused = _outcome(project, [manifest])
        assert refused is not None and "bundle.json" in str(refused)
        assert "articles[0]" in str(refused)


# -- 9, 10: labeled JSONL whose meta is not an object ----------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | plain_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(plain_text, inner, max_size=3),
    max_leaves=8,
)


@FUZZ
@given(meta=json_values)
@example(meta=True)
@example(meta=[[]])
def test_labeled_jsonl_with_any_meta_imports_or_is_refused_by_line(project, meta):
    record = {
        "text": "Officials said the talks failed.",
        "annotator": {"version": 1},
        "meta": meta,
        "spans": [],
    }
    with _folder() as folder:
        path = _write_jsonl(folder / "labels.jsonl", [record])
        refused = _outcome(project, [path])
        if meta and not isinstance(meta, dict):
            assert refused is not None and "labels.jsonl line 1" in str(refused)
            assert "'meta'" in str(refused)


# -- 11, 12: a Prodigy _annotator_id that is not text ---------------------------------------


@FUZZ
@given(coder=json_values)
@example(coder={"name": "Ann"})
@example(coder=7)
@example(coder=10**23)
@example(coder=[["Ann"]])
def test_a_prodigy_annotator_id_of_any_type(project, coder):
    record = {
        "text": "Officials said the talks failed.",
        "spans": [{"start": 0, "end": 9, "label": "source"}],
        "_annotator_id": coder,
        "answer": "accept",
    }
    with _folder() as folder:
        path = _write_jsonl(folder / "prodigy.jsonl", [record])
        refused = _outcome(project, [path], coder="fallback")
        if isinstance(coder, int) and not isinstance(coder, bool):
            assert refused is None or "prodigy.jsonl line 1" in str(refused)
            assert refused is None or "_annotator_id" not in str(refused)
        elif isinstance(coder, (dict, list, float, bool)) and coder not in ([], {}, False, 0.0):
            assert refused is not None and "prodigy.jsonl line 1" in str(refused)
            assert "_annotator_id" in str(refused)


@pytest.mark.parametrize("coder", [7, 10**23])
def test_a_numeric_prodigy_annotator_id_is_the_coders_name(project, tmp_path, coder):
    record = {
        "text": f"Officials said the talks failed ({coder}).",
        "spans": [{"start": 0, "end": 9, "label": "source"}],
        "_annotator_id": coder,
    }
    path = _write_jsonl(tmp_path / "prodigy.jsonl", [record])
    report = import_paths(project, [path])
    assert report.labels is not None and str(coder) in report.labels.coders
