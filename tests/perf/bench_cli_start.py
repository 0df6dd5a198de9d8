"""Benchmark: how fast the command line starts, against ``sqlite-utils --help`` in the same run.

Run: python tests/perf/bench_cli_start.py [--runs N] [--warmup N] [--json]

Times whole processes, as a user waits for them: ``annotator --help``, ``annotator --version``,
``annotator info PROJECT`` (the bundled sample project, five articles), ``python -m annotator
--help``, and the peers ``sqlite-utils --help`` and ``sqlite-utils tables PROJECT --counts``
(the same file). Like hyperfine: a few warm-up runs of each, then N rounds in which every
command runs once, the order rotating from round to round so that a burst of other work on the
machine falls on all of them alike. Prints the median, mean and spread of the wall time, the
median CPU time (user + system of the child, steadier on a busy machine), and each command's
ratio to ``sqlite-utils --help`` (median wall time; below 1 is faster).

Budget (issue 16): ``annotator --help`` and ``annotator info`` no slower than
``sqlite-utils --help``: ratio <= 1.00. Exit status 1 when either misses it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
PEER = "sqlite-utils --help"
BUDGETED = ("annotator --help", "annotator info PROJECT")


def commands(project: Path) -> dict[str, list[str]]:
    annotator, sqlite_utils = str(BIN / "annotator"), str(BIN / "sqlite-utils")
    return {
        PEER: [sqlite_utils, "--help"],
        "annotator --help": [annotator, "--help"],
        "annotator info PROJECT": [annotator, "info", str(project)],
        "annotator --version": [annotator, "--version"],
        "python -m annotator --help": [sys.executable, "-m", "annotator", "--help"],
        "sqlite-utils tables PROJECT --counts": [sqlite_utils, "tables", str(project), "--counts"],
    }


class CommandFailed(Exception):
    pass


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise CommandFailed(result.stderr.decode(errors="replace").strip()[-300:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(runs: int, warmup: int, env: dict[str, str], project: Path) -> dict[str, dict]:
    todo = commands(project)
    for name, argv in list(todo.items()):
        try:
            for _ in range(warmup):
                timed(argv, env)
        except CommandFailed as exc:  # reported, not timed; a budgeted one fails the run
            print(f"not timed: {name} failed: {exc}", file=sys.stderr)
            del todo[name]
    if PEER not in todo:
        raise SystemExit(f"the peer failed: {PEER}")
    names = list(todo)
    walls: dict[str, list[float]] = {name: [] for name in names}
    cpus: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(runs):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            wall, cpu = timed(todo[name], env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    peer = statistics.median(walls[PEER])
    peer_cpu = statistics.median(cpus[PEER])
    return {
        name: {
            "median_s": statistics.median(walls[name]),
            "mean_s": statistics.fmean(walls[name]),
            "stdev_s": statistics.stdev(walls[name]) if runs > 1 else 0.0,
            "min_s": min(walls[name]),
            "cpu_median_s": statistics.median(cpus[name]),
            "ratio": statistics.median(walls[name]) / peer,
            "cpu_ratio": statistics.median(cpus[name]) / peer_cpu,
        }
        for name in names
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed rounds (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed rounds first")
    parser.add_argument("--json", action="store_true", help="print JSON, then the table")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        # a profile and a project of the benchmark's own: nothing outside the folder is touched
        env = {**os.environ, "ANNOTATOR_HOME": str(Path(folder, "home"))}
        project = Path(folder, "sample.sqlite")
        subprocess.run(
            [str(BIN / "annotator"), "demo", str(project)], env=env, check=True, capture_output=True
        )
        results = measure(args.runs, max(args.warmup, 1), env, project)
    load = os.getloadavg()[0]
    if args.json:
        print(json.dumps({"runs": args.runs, "load": load, "commands": results}, indent=2))
    print(f"{args.runs} rounds after {args.warmup} warm-up; load average {load:.2f}")
    print(f"{'command':<38}{'median':>9}{'mean':>9}{'+-':>7}{'min':>8}{'cpu':>8}  ratio to peer")
    for name, r in results.items():
        print(
            f"{name:<38}{r['median_s']:>8.3f}s{r['mean_s']:>8.3f}s{r['stdev_s']:>6.3f}s"
            f"{r['min_s']:>7.3f}s{r['cpu_median_s']:>7.3f}s  {r['ratio']:.2f}x {PEER}"
            f" (cpu {r['cpu_ratio']:.2f}x)"
        )
    missed = [name for name in BUDGETED if name not in results or results[name]["ratio"] > 1.0]
    for name in BUDGETED:
        shown = f"{results[name]['ratio']:.2f}x" if name in results else "failed"
        print(f"budget: {name} <= 1.00x {PEER}: {shown} {'FAIL' if name in missed else 'pass'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
