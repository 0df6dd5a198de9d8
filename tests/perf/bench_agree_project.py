"""Benchmark: the full ``annotator agree`` on a merged project of 5 coders x 2,000 articles.

Run with ``python tests/perf/bench_agree_project.py`` (not collected by pytest). Builds a
project of 2,000 articles (about 3,000 characters each), makes a coder copy for each of five
coders, fills every copy with that coder's labels (spans in both layers: a shared set of
"true" spans that each coder keeps, shifts, relabels or misses at random, plus a few of their
own; and answers to the three choice schemes), merges the five files, then times
``annotator agree PROJECT --json`` run in-process. Budget (docs/agreement.md): under 5 s.
Exits with status 1 when the budget is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from annotator.codebook import default_codebook
from annotator.exchange import make_coder_copy, merge_coder_files
from annotator.model import ArticleDraft
from annotator.store import Project
from annotator.store.rows import new_uuid, utc_now

CODERS, ARTICLES, LENGTH, SEED, BUDGET = 5, 2_000, 3_000, 20240601, 5.0
WORDS = "the regime forces said claimed that militants were neutralized near town on".split()


def article_text(rng: np.random.Generator, number: int) -> str:
    words = rng.choice(WORDS, size=LENGTH // 6)
    return f"Article {number}. " + " ".join(words)[:LENGTH]


def true_spans(rng: np.random.Generator, length: int, labels: list[str], count: int):
    starts = np.sort(rng.choice(np.arange(0, length - 40, 40), size=count, replace=False))
    return [(int(s), int(s + rng.integers(3, 30)), str(rng.choice(labels))) for s in starts]


def coder_spans(rng: np.random.Generator, length: int, truth) -> list[tuple]:
    """One coder's spans on one article: each true span kept, shifted, relabelled or missed,
    and now and then one of their own."""
    rows = []
    for layer, spans, labels in truth:
        for start, end, label in spans:
            roll = rng.random()
            if roll < 0.10:
                continue
            if roll < 0.20:
                end = min(length, end + int(rng.integers(1, 4)))
            elif roll < 0.28:
                label = str(rng.choice(labels))
            rows.append((layer, label, start, end))
        if rng.random() < 0.3:
            start = int(rng.integers(0, length - 20))
            rows.append((layer, str(rng.choice(labels)), start, start + int(rng.integers(3, 15))))
    return rows


def build(folder: Path) -> Path:
    rng = np.random.default_rng(SEED)
    codebook = default_codebook()
    master = folder / "master.sqlite"
    with Project.create(master, name="bench") as project:
        drafts = (
            ArticleDraft(text=article_text(rng, n), title=f"Article {n}") for n in range(ARTICLES)
        )
        project.articles.add(drafts)
        truth = {}
        for article_id, text in project.articles.texts(project.articles.ids()).items():
            layers = []
            for layer in codebook.layers:
                names = [label.name for label in layer.labels]
                layers.append((layer.name, true_spans(rng, len(text), names, 8), names))
            truth[article_id] = (len(text), layers)
        frames = [c.name for c in codebook.scheme("primary_frame").choices]
        tones = [c.name for c in codebook.scheme("tone").choices]
        answers = {a: (str(rng.choice(frames)), int(rng.integers(0, len(tones)))) for a in truth}
        files = []
        for number in range(CODERS):
            path = folder / f"coder{number}.sqlite"
            copy = make_coder_copy(project, f"Coder {number}", path)
            files.append(path)
            rows = labels_of_one_coder(rng, copy.coder.uuid, truth, answers, frames, tones)
            fill(path, codebook.hash, *rows)
        start = time.perf_counter()
        merge_coder_files(project, files)
        print(f"merge of the {CODERS} coder files: {time.perf_counter() - start:.2f} s")
    return master


def labels_of_one_coder(rng, coder, truth, answers, frames, tones):
    spans, docs, progress = [], [], []
    now = utc_now()
    for article, (length, layers) in truth.items():
        for layer, label, start, end in coder_spans(rng, length, layers):
            spans.append((new_uuid(), article, coder, layer, label, start, end, now, now))
        frame, tone = answers[article]
        if rng.random() < 0.25:
            frame = str(rng.choice(frames))
        tone = tones[int(np.clip(tone + rng.integers(-1, 2), 0, len(tones) - 1))]
        secondary = sorted(set(rng.choice(frames, size=2).tolist()) | {frame})
        for scheme, value in (
            ("primary_frame", frame),
            ("tone", tone),
            ("secondary_frames", secondary),
        ):
            docs.append((new_uuid(), article, coder, scheme, json.dumps(value), now, now))
        progress.append((article, coder, "done", 60.0, now))
    return spans, docs, progress


def fill(path: Path, codebook_hash: str, spans, docs, progress) -> None:
    with Project.open(path, backup=False) as copy, copy.transaction():
        copy.db.conn.executemany(
            'insert into spans (uuid, article_id, coder_uuid, layer, label, start, "end", '
            "created, updated, codebook_hash, attrs, origin, deleted) "
            "values (?,?,?,?,?,?,?,?,?,?,'{}','manual',0)",
            [(*row, codebook_hash) for row in spans],
        )
        copy.db.conn.executemany(
            "insert into doc_labels (uuid, article_id, coder_uuid, scheme, value, created, "
            "updated, codebook_hash, deleted) values (?,?,?,?,?,?,?,?,0)",
            [(*row, codebook_hash) for row in docs],
        )
        copy.db.conn.executemany(
            "insert into progress (article_id, coder_uuid, status, seconds, updated) "
            "values (?,?,?,?,?)",
            progress,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs")
    args = parser.parse_args()
    from typer.testing import CliRunner

    from annotator.cli import app

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        master = build(Path(folder))
        built = time.perf_counter() - start
        print(f"built and merged {CODERS} coders x {ARTICLES:,} articles in {built:.1f} s")
        with Project.open(master, readonly=True) as project:
            print(project.counts())
        times, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = CliRunner().invoke(app, ["agree", str(master), "--json"])
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            if result.exit_code != 0:
                print(result.output)
                return 1
        seconds = statistics.median(times)
    print(
        f"annotator agree --json: {seconds:.2f} s wall, {statistics.median(cpu):.2f} s CPU "
        f"(median of {args.runs}; budget {BUDGET:.0f} s wall)"
    )
    if seconds > BUDGET:
        print("FAIL: over budget")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
