"""Benchmark: compare 100,000 articles of suggestions by outlet (budget: under 10 s).

Run: python tests/perf/bench_compare.py [--articles N] [--keep PATH]

The project is built first (not timed): each article is one of the five bundled sample
articles (about 490 words) behind a line that makes it unique, with the detector's real
suggestions on that sample (about 45 per article, with their explanations), shifted to fit;
eight outlets and 500 stories. Timed: ``compare_project`` from opening the project to the
finished figures (word counts and word choice over every text, label counts, 1,000 bootstrap
resamples per group; aligned facts are per story, so they are left to a --story run, which is
timed too). The peer, timed in the same run: pandas over the same rows exported from the
project (one row per suggestion: article, outlet, codebook layer, label, attribute), read into
a DataFrame and counted with one groupby, as a researcher would otherwise do it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

from annotator.compare import compare_project
from annotator.model import content_hash
from annotator.paths import resource_path
from annotator.store import Project
from annotator.store.rows import utc_now

BUDGET_S = 10.0
OUTLETS = tuple(f"Outlet {c}" for c in "ABCDEFGH")


def sample_suggestions() -> list[tuple[str, list[dict]]]:
    """The five sample texts with the detector's suggestions (the best tier installed)."""
    from annotator.detect import build_pipeline, detect_texts, detector_version

    manifest = json.loads(resource_path("samples", "idlib-2020", "manifest.json").read_text())
    texts = [
        resource_path("samples", "idlib-2020", item["file"]).read_text(encoding="utf-8")
        for item in manifest["articles"]
    ]
    nlp = build_pipeline("auto")
    results = list(detect_texts(texts, nlp))
    sample_suggestions.version = detector_version(nlp)  # type: ignore[attr-defined]
    return [(text, result.spans) for text, result in zip(texts, results, strict=True)]


def build(path: Path, articles: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    samples = sample_suggestions()
    version = sample_suggestions.version  # type: ignore[attr-defined]
    now = utc_now()
    with Project.create(path, name="bench compare") as project:
        article_rows, suggestion_rows = [], []
        for n in range(1, articles + 1):
            text, spans = samples[n % len(samples)]
            prefix = f"Report {n}.\n"
            full = prefix + text
            story = f"Story {n % 500}"
            article_rows.append(
                (
                    n,
                    str(uuid.uuid4()),
                    content_hash(full),
                    f"Article {n}",
                    rng.choice(OUTLETS),
                    story,
                    full,
                    now,
                )
            )
            shift = len(prefix)
            for span in spans:
                explanation = json.dumps(span["explanation"], ensure_ascii=False)
                suggestion_rows.append(
                    (
                        n,
                        span["layer"],
                        span["label"],
                        span["start"] + shift,
                        span["end"] + shift,
                        span.get("score"),
                        explanation,
                    )
                )
            if len(suggestion_rows) > 200_000 or n == articles:
                _insert(project, article_rows, suggestion_rows, version, now)
                article_rows, suggestion_rows = [], []


def _insert(project: Project, articles: list, suggestions: list, version: str, now: str) -> None:
    with project.transaction():
        project.db.conn.executemany(
            "insert into articles (id, uuid, content_hash, title, outlet, story, text, meta, "
            "imported) values (?,?,?,?,?,?,?,'{}',?)",
            articles,
        )
        project.db.conn.executemany(
            "insert into suggestions (article_id, detector, detector_version, layer, label, "
            'start, "end", score, explanation, created) values '
            f"(?,'annotator.detect','{version}',?,?,?,?,?,?,'{now}')",
            suggestions,
        )


def _children_cpu() -> float:
    """CPU seconds of the finished child processes (the counting workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peer(path: Path) -> tuple[float, float, int, float]:
    """pandas: the rows into a DataFrame, then one groupby; (load s, groupby s, rows, CPU s)."""
    import sqlite3

    import pandas

    started, cpu = time.perf_counter(), time.process_time()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        frame = pandas.read_sql_query(
            "select s.article_id, a.outlet, "
            "json_extract(s.explanation, '$.codebook.layer') as layer, "
            "json_extract(s.explanation, '$.codebook.label') as label, "
            "json_extract(s.explanation, '$.codebook.attributes.stance') as stance, "
            "json_extract(s.explanation, '$.codebook.attributes.source_type') as source_type, "
            "json_extract(s.explanation, '$.codebook.attributes.quote_type') as quote_type "
            "from suggestions s join articles a on a.id = s.article_id",
            conn,
        )
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    keys = ["outlet", "layer", "label", "stance", "source_type", "quote_type"]
    counts = frame.groupby(keys, dropna=False).size()
    grouped = time.perf_counter() - started
    assert counts.sum() == len(frame)
    return loaded, grouped, len(frame), time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the project here, or reuse it")
    parser.add_argument("--processes", type=int, help="counting processes (default: auto)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "bench.sqlite"
        if not path.exists():
            started = time.perf_counter()
            build(path, args.articles)
            print(f"built {args.articles:,} articles in {time.perf_counter() - started:.0f} s "
                  "(not timed)")  # fmt: skip
        started, cpu, workers = time.perf_counter(), time.process_time(), _children_cpu()
        with Project.open(path, readonly=True) as project:
            result = compare_project(
                project, "suggestions", "outlet", align_facts=False, processes=args.processes
            )
        ours, ours_cpu = time.perf_counter() - started, time.process_time() - cpu
        workers_cpu = _children_cpu() - workers
        articles = sum(g.articles for g in result.groups)
        started = time.perf_counter()
        with Project.open(path, readonly=True) as project:
            story = compare_project(project, "suggestions", "outlet", story="Story 1")
        story_s = time.perf_counter() - started
        loaded, grouped, rows, peer_cpu = peer(path)
    verdict = "pass" if ours < BUDGET_S else "FAIL"
    print(f"compare {articles:,} articles of suggestions by outlet: {ours:.2f} s "
          f"({ours_cpu:.2f} s CPU here, {workers_cpu:.2f} s in counting processes; load "
          f"average {os.getloadavg()[0]:.1f})  (budget {BUDGET_S:.0f} s: {verdict})")  # fmt: skip
    print(f"  one story ({sum(g.articles for g in story.groups)} articles) with aligned facts: "
          f"{story_s:.2f} s, {len(story.aligned)} facts")  # fmt: skip
    print(f"peer: pandas, {rows:,} exported rows: read {loaded:.2f} s + groupby {grouped:.2f} s "
          f"({peer_cpu:.2f} s CPU) = {loaded + grouped:.2f} s")  # fmt: skip
    print(f"ratio: compare takes {ours / (loaded + grouped):.2f}x the pandas read + groupby, "
          f"{ours / grouped:.1f}x the groupby alone; "
          f"CPU {(ours_cpu + workers_cpu) / peer_cpu:.2f}x pandas' CPU")  # fmt: skip
    return 0 if ours < BUDGET_S else 2


if __name__ == "__main__":
    sys.exit(main())
