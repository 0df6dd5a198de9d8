"""The gold set: in sync with its annotated sources, well formed, samples byte-exact."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "tests" / "data" / "gold"
LABELS = {
    "loaded": {"pejorative_label", "euphemism", "emotive", "loaded_verb", "scare_quotes", "other"},
    "attribution_cue": {"neutral", "distancing", "endorsing", "pejorative"},
    "source": {"named", "unnamed", "pronoun"},
    "quote": {"direct", "partial", "indirect"},
}


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (GOLD / name).read_text(encoding="utf-8").splitlines()]


def test_gold_files_are_built_from_the_annotated_sources():
    spec = importlib.util.spec_from_file_location("build_gold", GOLD / "build_gold.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    dev = builder.sample_records() + builder.paragraph_records("paragraphs-dev.txt")
    assert dev == load("dev.jsonl")
    assert builder.paragraph_records("paragraphs-heldout.txt") == load("heldout.jsonl")


def test_gold_is_well_formed_and_big_enough():
    dev, heldout = load("dev.jsonl"), load("heldout.jsonl")
    assert sum(1 for r in dev if r["id"].startswith("idlib-")) == 5
    assert len(dev) - 5 + len(heldout) >= 20
    assert not {r["text"] for r in dev} & {r["text"] for r in heldout}
    for record in dev + heldout:
        for span in record["spans"]:
            assert span["label"] in LABELS[span["layer"]]
            covered = record["text"][span["start"] : span["end"]]
            assert covered and covered == covered.strip()
