"""Benchmark: how fast the command line starts, against ``sqlite-utils --help`` in the same run.

Run: python tests/perf/bench_cli_start.py [--runs N] [--warmup N] [--json] [--before SOURCE]

Times whole processes, as a user waits for them: ``annotator --help``, ``annotator --version``,
``annotator info PROJECT`` (the bundled sample project, five articles), ``python -m annotator
--help``, and the peers ``sqlite-utils --help`` and ``sqlite-utils tables PROJECT --counts``
(the same file). Like hyperfine: a few warm-up runs of each, then N rounds in which every
command runs once, the order rotating from round to round so that a burst of other work on the
machine falls on all of them alike. Prints the median, mean and spread of the wall time, the
median CPU time (user + system of the child, steadier on a busy machine), and each command's
ratio to the peer (median wall time; below 1 is faster).

Two peers. sqlite-utils imports pandas and numpy whenever they are installed (only to map
their scalar types). numpy is one of the annotator's dependencies and the test and scale
extras bring pandas (with pyarrow), so the installed ``sqlite-utils --help`` pays for them here;
the annotator's store skips those two imports. The peer the budget is judged against is
therefore ``sqlite-utils --help`` as it starts where neither is installed (the same script with
both imports made to fail: what a plain ``pip install sqlite-utils`` gives), stricter than
a user's install of the annotator (numpy). The installed one is timed too.

``--before SOURCE`` also times ``annotator --help`` from another source tree (e.g. an export of
main: ``git archive main | tar -x -C /tmp/before``), run by this environment's Python with the
tree first on the path: a before/after figure from the same run.

Budget (issue 16): ``annotator --help`` and ``annotator info`` no slower than
``sqlite-utils --help``: ratio <= 1.00 to the fair peer. Exit status 1 when either misses it.
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
INSTALLED_PEER = "sqlite-utils --help, with pandas here"
BUDGETED = ("annotator --help", "annotator info PROJECT")
BEFORE = "annotator --help, --before tree"

# sqlite-utils's own script, in an environment where pandas and numpy are not installed
LEAN_SQLITE_UTILS = """
import sys
for name in ("pandas", "numpy"):
    sys.modules[name] = None  # "import pandas" fails, as where it is not installed
from sqlite_utils.cli import cli
sys.exit(cli(prog_name="sqlite-utils"))
"""
# the console script's entry point, ui.launch.main, from whatever tree is first on the path
LAUNCH = "import sys; sys.argv[0] = 'annotator'; from ui.launch import main; main()"


def commands(project: Path, before: Path | None) -> dict[str, tuple[list[str], dict[str, str]]]:
    """name -> (argv, environment variables added for it)."""
    annotator, sqlite_utils = str(BIN / "annotator"), str(BIN / "sqlite-utils")
    todo = {
        PEER: ([sys.executable, "-c", LEAN_SQLITE_UTILS, "--help"], {}),
        INSTALLED_PEER: ([sqlite_utils, "--help"], {}),
        "annotator --help": ([annotator, "--help"], {}),
        "annotator info PROJECT": ([annotator, "info", str(project)], {}),
        "annotator --version": ([annotator, "--version"], {}),
        "python -m annotator --help": ([sys.executable, "-m", "annotator", "--help"], {}),
        "sqlite-utils tables PROJECT --counts": (
            [sqlite_utils, "tables", str(project), "--counts"],
            {},
        ),
    }
    if before is not None:
        # -P: not the current folder first on the path (it may be this tree), the other tree
        argv = [sys.executable, "-P", "-c", LAUNCH, "--help"]
        todo[BEFORE] = (argv, {"PYTHONPATH": str(before)})
    return todo


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


def measure(
    runs: int, warmup: int, env: dict[str, str], project: Path, before: Path | None
) -> dict[str, dict]:
    todo = commands(project, before)
    for name, (argv, added) in list(todo.items()):
        try:
            for _ in range(warmup):
                timed(argv, {**env, **added})
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
            argv, added = todo[name]
            wall, cpu = timed(argv, {**env, **added})
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
    parser.add_argument(
        "--before", type=Path, help="also time annotator --help from this source tree"
    )
    args = parser.parse_args()
    before = args.before.resolve() if args.before else None
    if before is not None and not (before / "ui" / "launch.py").is_file():
        parser.error(f"{before} is not a source tree of the annotator (no ui/launch.py)")
    with tempfile.TemporaryDirectory() as folder:
        # a profile and a project of the benchmark's own: nothing outside the folder is touched
        env = {**os.environ, "ANNOTATOR_HOME": str(Path(folder, "home"))}
        project = Path(folder, "sample.sqlite")
        subprocess.run(
            [str(BIN / "annotator"), "demo", str(project)], env=env, check=True, capture_output=True
        )
        results = measure(args.runs, max(args.warmup, 1), env, project, before)
    load = os.getloadavg()[0]
    if args.json:
        print(json.dumps({"runs": args.runs, "load": load, "commands": results}, indent=2))
    print(f"{args.runs} rounds after {args.warmup} warm-up; load average {load:.2f}")
    print(f"peer: {PEER}, as it starts where pandas and numpy are not installed")
    print(f"{'command':<38}{'median':>9}{'mean':>9}{'+-':>7}{'min':>8}{'cpu':>8}  ratio to peer")
    for name, r in results.items():
        print(
            f"{name:<38}{r['median_s']:>8.3f}s{r['mean_s']:>8.3f}s{r['stdev_s']:>6.3f}s"
            f"{r['min_s']:>7.3f}s{r['cpu_median_s']:>7.3f}s  {r['ratio']:.2f}x"
            f" (cpu {r['cpu_ratio']:.2f}x)"
        )
    missed = [name for name in BUDGETED if name not in results or results[name]["ratio"] > 1.0]
    for name in BUDGETED:
        shown = f"{results[name]['ratio']:.2f}x" if name in results else "failed"
        print(f"budget: {name} <= 1.00x {PEER}: {shown} {'FAIL' if name in missed else 'pass'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
