"""Benchmark: import 10,000 articles of about 600 words from JSONL (no detection).

Run: python tests/perf/bench_import.py [--articles N] [--words N]
Prints articles/s, seconds, database size and peak memory of the importing process.
Budget: 10,000 articles in under 10 s on the 2-core reference machine.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

BUDGET_SECONDS = 10.0

VOCABULARY = (
    "the government said on Monday that forces had regained control of the province after "
    "weeks of fighting officials claimed militants attacked a convoy near the border while "
    "opposition leaders accused the regime of shelling civilian areas according to a monitor "
    "based in London dozens were killed and hundreds displaced as aid agencies warned of a "
    "humanitarian crisis the ministry announced new talks with its neighbours to secure a "
    "ceasefire and reopen roads to markets schools and hospitals in the region café naïve "
    "Erdoğan Zürich — “quoted words” ‘inner’"
).split()

IMPORT_CHILD = """
import json, resource, sys, time
from annotator.ingest import import_paths
from annotator.store import Project
project_path, feed = sys.argv[1], sys.argv[2]
started = time.perf_counter()
with Project.create(project_path) as project:
    report = import_paths(project, [feed])
seconds = time.perf_counter() - started
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"added": len(report.added), "seconds": seconds, "peak_mb": peak_kb / 1024}))
"""


def make_feed(path: Path, articles: int, words: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(articles):
            body = " ".join(rng.choice(VOCABULARY) for _ in range(words))
            paragraphs = "\n\n".join(body[i : i + 700] for i in range(0, len(body), 700))
            record = {
                "id": f"a{number}",
                "title": f"Article {number}: talks and fighting",
                "outlet": f"Outlet {number % 12}",
                "published": f"2020-03-{number % 28 + 1:02d}",
                "story": f"Story {number % 40}",
                "text": paragraphs,
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "feed.jsonl"
        project = Path(folder) / "bench.sqlite"
        make_feed(feed, args.articles, args.words)
        child = subprocess.run(
            [sys.executable, "-c", IMPORT_CHILD, str(project), str(feed)],
            capture_output=True,
            text=True,
            check=False,
            env={"ANNOTATOR_HOME": folder, "PATH": "/usr/bin:/bin"},
        )
        if child.returncode != 0:
            print(child.stderr, file=sys.stderr)
            return 1
        result = json.loads(child.stdout)
        size_mb = project.stat().st_size / (1024 * 1024)
        feed_mb = feed.stat().st_size / (1024 * 1024)
    rate = result["added"] / result["seconds"]
    verdict = "pass" if result["seconds"] < BUDGET_SECONDS else "FAIL"
    print(f"import {result['added']:,} articles x ~{args.words} words ({feed_mb:.1f} MB JSONL)")
    print(f"  seconds        {result['seconds']:.2f}  (budget {BUDGET_SECONDS:.0f} s: {verdict})")
    print(f"  articles/s     {rate:,.0f}")
    print(f"  database       {size_mb:.1f} MB")
    print(f"  peak memory    {result['peak_mb']:.0f} MB (resident, importing process)")
    return 0 if verdict == "pass" else 2


if __name__ == "__main__":
    sys.exit(main())
