"""Prodigy and Label Studio files as people edit them by hand: seeded mutations of our own
exports (a value replaced by a number, a list, an object, nothing; a key dropped) import or
stop with the project's own error naming the file; never a traceback."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from typing import Any

from annotator.errors import IngestError
from annotator.export import ExportOptions, Selection, Source, export_project
from annotator.ingest import import_paths
from annotator.store import Project
from tests.core.labeled_project import make_labeled_project

ODD_VALUES = [None, 0, -1, 10**9, "", "x", [], {}, [1], {"a": 1}, True, 1.5, "reject", "😀"]


def _places(value: Any, at: tuple = ()) -> Iterator[tuple]:
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*at, index))


def mangled(task: Any, rng: random.Random) -> Any:
    task = copy.deepcopy(task)
    for _ in range(rng.randint(1, 3)):
        place = rng.choice([p for p in _places(task) if p])
        parent = task
        for key in place[:-1]:
            parent = parent[key]
        if isinstance(parent, dict) and rng.random() < 0.2:
            del parent[place[-1]]
        else:
            parent[place[-1]] = rng.choice(ODD_VALUES)
    return task


def test_mangled_prodigy_and_label_studio_tasks_give_a_clear_error_or_import(tmp_path):
    selection = Selection(Source.parse("all-coders"))
    with make_labeled_project(tmp_path) as project:
        export_project(project, tmp_path / "p.jsonl", ExportOptions("prodigy", selection))
        export_project(project, tmp_path / "ls.json", ExportOptions("label-studio", selection))
    prodigy = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    studio = json.loads((tmp_path / "ls.json").read_text())
    rng = random.Random(16)
    outcomes = {"imported": 0, "refused": 0}
    with Project.create(tmp_path / "back.sqlite") as back:
        for n in range(300):
            if n % 2:
                path = tmp_path / f"mangled-{n}.jsonl"
                path.write_text(json.dumps(mangled(rng.choice(prodigy), rng)), encoding="utf-8")
            else:
                path = tmp_path / f"mangled-{n}.json"
                path.write_text(json.dumps([mangled(rng.choice(studio), rng)]), encoding="utf-8")
            try:
                import_paths(back, [path])
                outcomes["imported"] += 1
            except IngestError as error:
                assert path.name in str(error)
                outcomes["refused"] += 1
    assert outcomes["imported"] > 0 and outcomes["refused"] > 0  # both paths were exercised
