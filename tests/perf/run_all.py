"""Run every benchmark in tests/perf, one after another, and print one table against the budgets.

    .venv/bin/python tests/perf/run_all.py                  # all of them: several minutes
    .venv/bin/python tests/perf/run_all.py --only ui,detect # some (names without bench_)
    .venv/bin/python tests/perf/run_all.py --update-docs    # also rewrite docs/performance.md

Each benchmark runs in its own process (never two at once: they would share the cores) and is
read from what it prints: its ``--json`` output where it has one, else its printed lines. The
budgets are DESIGN.md's "Performance budgets" and the issues'. A benchmark this script has no
reader for still runs: each of its printed lines that names a budget becomes a row, judged by
its own words (pass / FAIL) or its exit status. Exit status 1 if any figure misses its budget,
a benchmark fails or a budgeted figure has no benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

PERF = Path(__file__).resolve().parent
ROOT = PERF.parents[1]
DOCS = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- run_all:begin -->", "<!-- run_all:end -->"
TIMEOUT_S = 3600


@dataclass
class Row:
    figure: str
    measured: str
    budget: str
    peer: str  # ratio to a peer implementation, where there is one
    verdict: str  # pass, FAIL, info (no budget), skipped, missing, error


def judged(ok: bool) -> str:
    return "pass" if ok else "FAIL"


def number(pattern: str, text: str) -> float | None:
    match = re.search(pattern, text, re.MULTILINE)
    return float(match.group(1).replace(",", "")) if match else None


def json_object(text: str) -> dict:
    """The first JSON object a benchmark printed (it may print a table after it)."""
    start = text.index("{")
    return json.JSONDecoder().raw_decode(text[start:])[0]


# -- one reader per benchmark: (stdout, exit status) -> rows ---------------------------------


def read_import(out: str, status: int) -> list[Row]:
    seconds = number(r"^\s*seconds\s+([\d.]+)", out)
    articles = number(r"^import ([\d,]+) articles", out)
    figure = f"import {articles or 10_000:,.0f} articles of ~600 words (JSONL)"
    if seconds is None:
        return [Row(figure, "?", "< 10 s", "", "error")]
    return [Row(figure, f"{seconds:.2f} s", "< 10 s", "", judged(seconds < 10))]


def read_detect(out: str, status: int) -> list[Row]:
    bare = number(r"^bare spacy\.blank\('en'\) tokenization\s*:\s*([\d,]+)", out)
    blank = number(r"^blank tier \(detection\)\s*:\s*([\d,]+)", out)
    base = number(r"^bare \S+ pipeline\s*:\s*([\d,]+)", out)
    parser = number(r"^parser tier \(detection\)\s*:\s*([\d,]+)", out)
    rows = []
    if bare and blank:
        ratio = blank / bare
        rows.append(
            Row(
                "detection throughput, blank tier",
                f"{blank:,.0f} tokens/s",
                ">= 0.50x bare tokenization",
                f"{ratio:.2f}x spacy.blank('en') tokenizer",
                judged(ratio >= 0.5),
            )
        )
    else:
        rows.append(Row("detection throughput, blank tier", "?", ">= 0.50x", "", "error"))
    if base and parser:
        slower = base / parser
        rows.append(
            Row(
                "detection throughput, parser tier",
                f"{parser:,.0f} tokens/s",
                "time <= 1.30x bare parser",
                f"{slower:.2f}x the time of bare en_core_web_sm",
                judged(slower <= 1.3),
            )
        )
    else:
        verdict = "skipped" if "parser tier: no English parser" in out else "error"
        rows.append(Row("detection throughput, parser tier", "?", "<= 1.30x", "", verdict))
    return rows


def read_agreement(out: str, status: int) -> list[Row]:
    ours = number(r"^annotator\.agreement\s+([\d.]+)", out)
    package = number(r"^krippendorff\s+([\d.]+)", out)
    nltk = number(r"^nltk AnnotationTask\s+([\d.]+)", out)
    figure = "Krippendorff's alpha, 5 coders x 100,000 units x 15 categories"
    if not (ours and package):
        return [Row(figure, "?", "<= krippendorff", "", "error")]
    peer = f"{ours / package:.2f}x krippendorff's time"
    if nltk:
        peer += f"; NLTK {nltk / ours:.0f}x ours"
    # exit status 0 also means the values agree to 1e-9
    return [
        Row(
            figure,
            f"{ours:.3f} s",
            "<= krippendorff's time, same value to 1e-9",
            peer,
            judged(status == 0 and ours <= package),
        )
    ]


def read_bootstrap(out: str, status: int) -> list[Row]:
    ours = number(r"^annotator alpha_bootstrap\s+([\d.]+)", out)
    loop = number(r"^plain loop over resamples\s+([\d.]+)", out)
    figure = "1,000 bootstrap resamples of nominal alpha, 5 coders x 10,000 units"
    if ours is None:
        return [Row(figure, "?", "< 2 s", "", "error")]
    peer = f"plain loop over resamples {loop / ours:.0f}x ours" if loop else ""
    return [Row(figure, f"{ours:.3f} s", "< 2 s", peer, judged(ours < 2 and status == 0))]


def read_agree_project(out: str, status: int) -> list[Row]:
    seconds = number(r"annotator agree --json: ([\d.]+) s", out)
    figure = "annotator agree, 5 coders x 2,000 articles"
    if seconds is None:
        return [Row(figure, "?", "< 5 s", "", "error")]
    return [Row(figure, f"{seconds:.2f} s", "< 5 s", "", judged(seconds < 5 and status == 0))]


def read_ui(out: str, status: int) -> list[Row]:
    data = json_object(out)
    budgeted = (
        ("window visible from launch (offscreen, first paint)", "visible_s", "s", 1.5),
        ("open a 10,000-word article with 1,000 highlights", "open_ms", "ms", 100),
        ("switch article in a 10,000-article project (median)", "switch_ms", "ms", 50),
        ("label action committed (p99)", "action_p99_ms", "ms", 20),
        ("resident memory, 10,000-article project open", "rss_mb", "MB", 400),
    )
    rows = [
        Row(title, f"{data[key]:.2f} {unit}", f"< {budget} {unit}", "", judged(data[key] < budget))
        for title, key, unit, budget in budgeted
    ]
    for title, key, unit in (
        ("switch article (p99)", "switch_p99_ms", "ms"),
        ("resident memory with the parser pipeline loaded", "rss_with_parser_mb", "MB"),
    ):
        if key in data:
            rows.append(Row(title, f"{data[key]:.2f} {unit}", "", "", "info"))
    return rows


def read_export(out: str, status: int) -> list[Row]:
    """Lines such as ``jsonl   4.24 s ( 3.88 s CPU)   210.2 MB  10,000 articles, 500,000 spans``
    (the CPU part is optional)."""
    found = re.findall(
        r"^(\w+)\s+([\d.]+) s\s*(?:\(\s*([\d.]+) s CPU\))?\s+([\d.]+) MB\s+"
        r"([\d,]+) articles, ([\d,]+) spans",
        out,
        re.MULTILINE,
    )
    if not found:  # the printed form changed: fall back to its budget lines
        return read_printed_budgets(out, status)
    rows = []
    for fmt, seconds, cpu, size, articles, spans in found:
        figure = f"export {fmt}, {articles} articles x {spans} spans"
        measured = f"{float(seconds):.2f} s"
        if cpu:
            measured += f" ({float(cpu):.2f} s CPU)"
        measured += f", {float(size):.0f} MB"
        if fmt in ("jsonl", "spacy"):
            rows.append(Row(figure, measured, "< 10 s", "", judged(float(seconds) < 10)))
        else:
            rows.append(Row(figure, measured, "", "", "info"))
    return rows


def read_compare(out: str, status: int) -> list[Row]:
    # the budget is the warm comparison (from the kept counts); the cold one is shown beside
    warm = r"^(?:warm: )?compare [\d,]+ articles of suggestions by outlet: ([\d.]+) s"
    seconds = number(warm, out)
    cold = number(r"^cold \(counting every text, keeping the counts\): ([\d.]+) s", out)
    articles = number(r"^(?:warm: )?compare ([\d,]+) articles", out)
    pandas = number(r"= ([\d.]+) s$", out)
    figure = f"compare {articles or 100_000:,.0f} articles of suggestions by outlet"
    if seconds is None:
        return [Row(figure, "?", "< 10 s", "", "error")]
    peer = f"{seconds / pandas:.2f}x pandas read + groupby" if pandas else ""
    rows = [Row(f"{figure} (warm)", f"{seconds:.2f} s", "< 10 s", peer, judged(seconds < 10))]
    if cold is not None:
        rows.append(
            Row(f"{figure} (cold: the first, keeping the counts)", f"{cold:.2f} s", "", "", "info")
        )
    return rows


def read_bundle(out: str, status: int) -> list[Row]:
    data = json_object(out)
    figure = "window visible on X11, desktop bundle"
    if "skipped" in data:
        return [Row(figure, "-", "< 1.5 s", "", f"skipped ({data['skipped']})")]
    bundle, venv = data["bundle_visible_s"], data["venv_visible_s"]
    return [
        Row(
            figure,
            f"{bundle:.2f} s",
            "< 1.5 s",
            f"{bundle / venv:.2f}x the virtual environment ({venv:.2f} s)",
            judged(bundle < 1.5),
        ),
        Row(
            "window visible on X11, virtual environment",
            f"{venv:.2f} s",
            "< 1.5 s",
            "",
            judged(venv < 1.5),
        ),
        Row(
            "CPU time until visible, desktop bundle",
            f"{data['bundle_cpu_s']:.2f} s",
            "",
            f"{data['bundle_cpu_s'] / data['venv_cpu_s']:.2f}x the virtual environment "
            f"({data['venv_cpu_s']:.2f} s)",
            "info",
        ),
        Row("desktop bundle size on disk", f"{data['bundle_size_mb']:.0f} MiB", "", "", "info"),
    ]


def read_cli_start(out: str, status: int) -> list[Row]:
    data = json_object(out)["commands"]
    peer = "sqlite-utils --help"
    rows = []
    for name in ("annotator --help", "annotator info PROJECT"):
        if name not in data:
            rows.append(Row(f"{name}: start-up", "?", f"<= {peer}", "", "error"))
            continue
        r = data[name]
        rows.append(
            Row(
                f"{name}: start-up (median wall time)",
                f"{r['median_s']:.2f} s ({r['cpu_median_s']:.2f} s CPU)",
                f"<= {peer}",
                f"{r['ratio']:.2f}x {peer} ({data[peer]['median_s']:.2f} s); "
                f"CPU {r['cpu_ratio']:.2f}x",
                judged(r["ratio"] <= 1.0),
            )
        )
    return rows


def read_printed_budgets(out: str, status: int) -> list[Row]:
    """A benchmark without a reader here: every printed line that names a budget."""
    rows = []
    for line in out.splitlines():
        if "budget" not in line.lower():
            continue
        words = line.lower()
        if re.search(r"\bfail|over budget", words):
            verdict = "FAIL"
        elif re.search(r"\bpass|\bok\b|within budget", words):
            verdict = "pass"
        else:
            verdict = judged(status == 0)
        rows.append(Row(line.strip()[:70], "(as printed)", "(as printed)", "", verdict))
    return rows  # none: run() judges the benchmark by its exit status


@dataclass
class Benchmark:
    name: str  # bench_<name>.py
    read: Callable[[str, int], list[Row]]
    args: tuple[str, ...] = ()
    env: dict[str, str] | None = None
    covers: tuple[str, ...] = ()  # the budgets (BUDGETS keys) it measures


KNOWN = {
    "import": Benchmark("import", read_import, covers=("import",)),
    "detect": Benchmark("detect", read_detect, covers=("detect",)),
    "agreement": Benchmark("agreement", read_agreement, covers=("agreement",)),
    "agree_project": Benchmark("agree_project", read_agree_project, covers=("agree",)),
    "bootstrap": Benchmark("bootstrap", read_bootstrap, covers=("bootstrap",)),
    "ui": Benchmark("ui", read_ui, ("--json",), {"QT_QPA_PLATFORM": "offscreen"}, ("ui",)),
    "export": Benchmark("export", read_export, covers=("export",)),
    "compare": Benchmark("compare", read_compare, covers=("compare",)),
    "bundle": Benchmark("bundle", read_bundle, ("--json",), covers=("bundle",)),
    "cli_start": Benchmark("cli_start", read_cli_start, ("--json",), covers=("cli_start",)),
}
# Every budget and the benchmark that must measure it: one with no benchmark is a row too.
BUDGETS = {
    "import": ("import 10,000 articles < 10 s", "bench_import.py"),
    "detect": ("detection: blank >= 0.5x tokenization, parser <= 1.3x", "bench_detect.py"),
    "agreement": ("alpha no slower than krippendorff", "bench_agreement.py"),
    "agree": ("annotator agree 5 x 2,000 < 5 s", "bench_agree_project.py"),
    "bootstrap": ("1,000 bootstrap resamples of alpha, 5 x 10,000 < 2 s", "bench_bootstrap.py"),
    "ui": ("UI: visible, open, switch, action, memory", "bench_ui.py"),
    "export": ("export JSONL and spaCy DocBin < 10 s", "bench_export.py"),
    "compare": ("compare 100,000 articles of suggestions < 10 s", "bench_compare.py"),
    "bundle": ("desktop bundle visible < 1.5 s", "bench_bundle.py"),
    "cli_start": ("annotator --help and info start <= sqlite-utils --help", "bench_cli_start.py"),
}


def benchmarks(only: set[str] | None) -> list[Benchmark]:
    """Every bench_*.py: the known ones in KNOWN's order (the budgets' order), then the rest."""
    names = [script.stem.removeprefix("bench_") for script in PERF.glob("bench_*.py")]
    order = list(KNOWN)
    names.sort(key=lambda name: (order.index(name) if name in order else len(order), name))
    return [
        KNOWN.get(name) or Benchmark(name, read_printed_budgets, covers=(name,))
        for name in names
        if not only or name in only
    ]


def run(benchmark: Benchmark) -> tuple[list[Row], dict]:
    script = PERF / f"bench_{benchmark.name}.py"
    env = {**os.environ, **(benchmark.env or {})}
    started = time.perf_counter()
    try:
        result = subprocess.run(
            [sys.executable, str(script), *benchmark.args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return [Row(script.name, "-", "", "", f"error (over {TIMEOUT_S} s)")], {}
    took = time.perf_counter() - started
    record = {
        "script": script.name,
        "status": result.returncode,
        "seconds": round(took, 1),
        "stdout": result.stdout,
        "stderr": result.stderr[-2000:],
    }
    try:
        rows = benchmark.read(result.stdout, result.returncode)
    except (ValueError, KeyError, TypeError) as exc:
        rows = [Row(script.name, "?", "", "", f"error (output not understood: {exc})")]
    if "Traceback (most recent call last)" in result.stderr:
        last = result.stderr.strip().splitlines()[-1][:80]
        rows.append(Row(f"{script.name} crashed", last, "", "", "FAIL"))
    elif not rows or (result.returncode != 0 and not any(r.verdict == "FAIL" for r in rows)):
        # nothing to read, or a check the rows do not show (e.g. values that disagree)
        verdict = judged(result.returncode == 0)
        rows.append(Row(f"{script.name} exit status", str(result.returncode), "0", "", verdict))
    return rows, record


def missing_budgets(ran: list[Benchmark]) -> list[Row]:
    covered = {key for benchmark in ran for key in benchmark.covers}
    return [
        Row(title, "-", "", "", f"missing (no tests/perf/{script})")
        for key, (title, script) in BUDGETS.items()
        if key not in covered
    ]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{memory}, "
        f"Python {platform.python_version()}"
    )


def table(rows: list[Row], markdown: bool) -> str:
    header = Row("figure", "measured", "budget", "ratio to peer", "verdict")
    columns = list(asdict(header))
    if markdown:
        lines = ["| " + " | ".join(asdict(header).values()) + " |"]
        lines.append("|" + "|".join("---" for _ in columns) + "|")
        lines += ["| " + " | ".join(asdict(row).values()) + " |" for row in rows]
        return "\n".join(lines)
    widths = {c: max(len(getattr(r, c)) for r in [header, *rows]) for c in columns}
    return "\n".join(
        "  ".join(getattr(r, c).ljust(widths[c]) for c in columns).rstrip() for r in [header, *rows]
    )


def update_docs(text: str) -> None:
    current = DOCS.read_text(encoding="utf-8")
    if BEGIN not in current or END not in current:
        raise SystemExit(f"{DOCS} has no {BEGIN} ... {END} section to replace")
    head, rest = current.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOCS.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated names: import,detect,agreement,...")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--json", type=Path, help="also write every run's output to this file")
    parser.add_argument(
        "--update-docs", action="store_true", help="write the table into docs/performance.md"
    )
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    started = datetime.now(UTC)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    rows, records = [], []
    chosen = benchmarks(only)
    for benchmark in chosen:
        print(f"running bench_{benchmark.name}.py ...", file=sys.stderr, flush=True)
        benchmark_rows, record = run(benchmark)
        rows += benchmark_rows
        records.append(record)
        print(f"  done in {record.get('seconds', '?')} s", file=sys.stderr, flush=True)
    if only is None:
        rows += missing_budgets(chosen)
    took = (datetime.now(UTC) - started).total_seconds()
    about = (
        f"{started:%Y-%m-%d %H:%M} UTC on {machine()}; load average "
        f"{load:.2f} at the start; {took / 60:.0f} min in all"
        if load is not None
        else f"{started:%Y-%m-%d %H:%M} UTC on {machine()}; {took / 60:.0f} min in all"
    )
    print(table(rows, args.markdown))
    print(f"\n{about}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"about": about, "rows": [asdict(r) for r in rows], "runs": records}, indent=2
            ),
            encoding="utf-8",
        )
    if args.update_docs:
        command = "`.venv/bin/python tests/perf/run_all.py --update-docs`"
        update_docs(f"{table(rows, markdown=True)}\n\nMeasured {about}, with {command}.")
    bad = [r for r in rows if r.verdict not in ("pass", "info") and not r.verdict.startswith("sk")]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
