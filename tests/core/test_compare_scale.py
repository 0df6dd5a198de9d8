"""Beyond one process: ``detect --processes`` gives the same output as one process, and the
Dask code of docs/scale.md, run as written on a local cluster of two workers, gives the
comparison the same counts give in one process.

The Dask test needs the ``scale`` extra (the README's test command installs it): without it,
this module fails at the import below; it never skips.
"""

from __future__ import annotations

import json
import re

import dask  # noqa: F401 - the scale extra; a missing extra fails here, loudly
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from annotator.cli import app
from annotator.compare.documents import compare_counts, count_documents, word_choice_matcher
from annotator.compare.tables import comparison_dict
from annotator.detect import available_tier, build_pipeline, detect_texts
from annotator.paths import resource_path
from tests.core.conftest import REPO

SAMPLE = resource_path("samples", "idlib-2020")


def sample_records() -> list[dict]:
    manifest = json.loads((SAMPLE / "manifest.json").read_text(encoding="utf-8"))
    return [
        {
            "id": item["file"],
            "text": (SAMPLE / item["file"]).read_text(encoding="utf-8"),
            "outlet": item["outlet"],
        }
        for item in manifest["articles"]
    ]


@pytest.mark.parametrize("tier", sorted({"blank", available_tier()}))
def test_detect_in_processes_prints_what_one_process_prints(tmp_path, tier):
    corpus = tmp_path / "corpus.jsonl"
    records = sample_records() * 3  # 15 documents: more than one chunk per worker
    corpus.write_text(
        "".join(
            json.dumps({"id": f"{n}", "text": r["text"]}) + "\n" for n, r in enumerate(records)
        ),
        encoding="utf-8",
    )
    runner = CliRunner()
    one = runner.invoke(app, ["detect", str(corpus), "--jsonl", "--tier", tier])
    two = runner.invoke(
        app,
        ["detect", str(corpus), "--jsonl", "--tier", tier, "--processes", "2", "--batch-size", "2"],
    )
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    assert two.stdout == one.stdout
    assert len(one.stdout.splitlines()) == 15


def test_processes_are_refused_where_they_do_not_apply(tmp_path):
    result = CliRunner().invoke(
        app, ["detect", "--project", str(tmp_path / "p.sqlite"), "--processes", "2"]
    )
    assert result.exit_code == 1 and "--processes works with PATHS" in result.stderr


def scale_doc_code() -> str:
    """The first Python block of docs/scale.md: the functions a user runs on Dask."""
    text = (REPO / "docs" / "scale.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, re.DOTALL)[0]


def test_the_dask_code_of_docs_scale_on_two_workers(tmp_path):
    records = sample_records()
    for n, part in enumerate((records[:2], records[2:])):
        (tmp_path / f"part-{n}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in part), encoding="utf-8"
        )
    namespace: dict = {"__name__": "scale_doc"}  # not importable: Dask ships the functions
    exec(compile(scale_doc_code(), "docs/scale.md", "exec"), namespace)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        on_dask = namespace["compare_corpus"](str(tmp_path / "part-*.jsonl"), tier="blank")
    nlp = build_pipeline("blank")
    results = detect_texts([r["text"] for r in records], nlp)
    detected = [{**r, "spans": res.spans} for r, res in zip(records, results, strict=True)]
    matcher = word_choice_matcher()
    here = compare_counts([count_documents(detected, matcher)], matcher)
    assert comparison_dict(on_dask) == comparison_dict(here)
    government = next(w for w in on_dask.word_choice if w.word_group.name == "government")
    assert government.chart.value("Anadolu Agency", "regime").count == 9
