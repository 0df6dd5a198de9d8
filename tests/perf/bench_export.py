"""Benchmark: export 10,000 articles with 50 spans each to every format.

Run: python tests/perf/bench_export.py [--articles N] [--spans N] [--words N] [--source S]
Prints seconds (wall clock, and this process's CPU time: on a busy machine the two differ)
and MB per format. Budget: under 10 s for jsonl and
spacy on the 2-core reference machine. The project is built with bulk inserts first (not
timed): articles of about 600 words, 50 word-aligned spans and a primary frame each, made by
one coder and copied into gold.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

from annotator.export import ExportOptions, Selection, Source, export_project
from annotator.model import ArticleDraft
from annotator.store import Project
from annotator.store.rows import utc_now

BUDGETS = {"jsonl": 10.0, "spacy": 10.0}
FORMATS = ("jsonl", "spacy", "csv", "parquet")
VOCABULARY = (
    "the government said on Monday that forces had regained control of the province after "
    "weeks of fighting officials claimed militants attacked a convoy near the border while "
    "opposition leaders accused the regime of shelling civilian areas according to a monitor "
    "based in London dozens were killed and hundreds displaced as aid agencies warned of a "
    "humanitarian crisis café naïve Erdoğan Zürich — “quoted words”"
).split()
LABELS = ("pejorative_label", "euphemism", "emotive", "loaded_verb", "scare_quotes", "other")
FRAMES = ("security_defense", "political", "health_safety", "economic")


def build(path: Path, articles: int, spans: int, words: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with Project.create(path, name="bench") as project:
        texts = [" ".join(rng.choice(VOCABULARY) for _ in range(words)) for _ in range(articles)]
        project.articles.add(
            ArticleDraft(text=f"{n}. {t}", title=f"Article {n}", story=f"Story {n % 400}")
            for n, t in enumerate(texts)
        )
        coder = project.coders.add("Bench coder").uuid
        book, now = project.meta.codebook_hash, utc_now()
        span_rows, gold_rows, answers = [], [], []
        for article_id, text in _texts(project):
            starts = [i + 1 for i, ch in enumerate(text) if ch == " "]
            for start in sorted(rng.sample(starts, min(spans, len(starts)))):
                end = text.find(" ", start)
                end = len(text) if end < 0 else end
                label = rng.choice(LABELS)
                span = str(uuid.uuid4())
                span_rows.append((span, article_id, coder, "loaded", label, start, end, now))
                gold_rows.append((str(uuid.uuid4()), article_id, label, start, end, span, now))
            frame = FRAMES[article_id % len(FRAMES)]
            answers.append((str(uuid.uuid4()), article_id, coder, f'"{frame}"', now))
            gold_rows.append((str(uuid.uuid4()), article_id, None, None, None, frame, now))
        with project.transaction():
            project.db.conn.executemany(
                'insert into spans (uuid, article_id, coder_uuid, layer, label, start, "end", '
                f"attrs, origin, codebook_hash, created, updated, deleted) values (?,?,?,?,?,?,"
                f"?,'{{}}','manual','{book}',?,?8,0)",
                span_rows,
            )
            project.db.conn.executemany(
                "insert into doc_labels (uuid, article_id, coder_uuid, scheme, value, "
                f"codebook_hash, created, updated, deleted) values (?,?,?,'primary_frame',?,"
                f"'{book}',?,?5,0)",
                answers,
            )
            project.db.conn.executemany(
                'insert into gold (uuid, article_id, kind, layer, label, start, "end", scheme, '
                "value, attrs, decided_by, from_uuid, codebook_hash, created, updated, deleted) "
                "values (?1, ?2, case when ?3 is null then 'doc_label' else 'span' end, "
                "case when ?3 is null then null else 'loaded' end, ?3, ?4, ?5, "
                "case when ?3 is null then 'primary_frame' end, "
                "case when ?3 is null then json_quote(?6) end, '{}', "
                f"'{coder}', case when ?3 is null then null else ?6 end, '{book}', ?7, ?7, 0)",
                gold_rows,
            )


def _texts(project: Project):
    return project.db.execute("select id, text from articles order by id")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--spans", type=int, default=50)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--source", default="gold", help="gold, all-coders or coder:NAME")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        started = time.perf_counter()
        build(path, args.articles, args.spans, args.words)
        print(f"built {args.articles:,} articles x {args.spans} spans in "
              f"{time.perf_counter() - started:.1f} s (not timed below)")  # fmt: skip
        with Project.open(path, readonly=True) as project:
            for fmt in FORMATS:
                out = Path(folder) / (f"out.{fmt}" if fmt == "jsonl" else f"out-{fmt}")
                selection = Selection(Source.parse(args.source))
                started, cpu = time.perf_counter(), time.process_time()
                summary = export_project(project, out, ExportOptions(fmt, selection))
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                size = sum(p.stat().st_size for p in summary.files) / (1024 * 1024)
                budget = BUDGETS.get(fmt)
                verdict = "" if budget is None else (
                    f"  (budget {budget:.0f} s: {'pass' if seconds < budget else 'FAIL'})"
                )  # fmt: skip
                failed |= budget is not None and seconds >= budget
                print(
                    f"{fmt:<8} {seconds:6.2f} s ({cpu:5.2f} s CPU)  {size:7.1f} MB  "
                    f"{summary.articles:,} articles, {summary.spans:,} spans{verdict}"
                )
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
