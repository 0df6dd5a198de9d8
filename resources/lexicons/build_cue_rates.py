"""Rebuild cue_rates.tsv: how often PolNeAR's annotators mark the cues the detector finds.

    .venv/bin/python resources/lexicons/build_cue_rates.py [../shared/corpora/polnear-train.jsonl]

Development time only: it needs PolNeAR train (../shared/corpora, not part of the project). It
runs both tiers over the first 700 articles by sorted id (the tuning part; the other 140 are
kept for measuring), and counts, for each tier, evidence and cue term, how many cues the detector
found (``seen``) and how many overlap a gold ``Cue`` (``marked``); for quotations without a cue,
how many overlap a gold ``Content``. Nested cues are not counted (they are not suggested by
default). Only counts go into the TSV: no text of the corpus. Which cues are nested depends on the
scores it reads (only a likely cue claims what it reports): after a change to the rules, run it
again until few rows change (a few dozen counts still move by one from run to run).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "polnear-train.jsonl"
TUNING_ARTICLES = 700
PROVENANCE = (
    "PolNeAR v1.0.0 (Newell, Margolin and Ruths, LREC 2018) train split, first 700 articles by "
    "id: matches of the detector's cues and how many overlap an annotated Cue (counts only)"
)
LICENCE = "counts: facts about the corpus; this file MIT (this project)"


def tuning_part(path: Path) -> list[dict]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return sorted(records, key=lambda r: r["id"])[:TUNING_ARTICLES]


def count(records: Iterable[dict], predictions: Iterable[list[dict]]) -> Counter:
    """``(tier, evidence, term) -> [marked, seen]`` as a Counter of pairs' parts."""
    counts: Counter = Counter()
    for record, spans in zip(records, predictions, strict=True):
        gold = {"Cue": [], "Content": []}
        for span in record["spans"]:
            if span["label"] in gold:
                gold[span["label"]].append((span["start"], span["end"]))
        for span in spans:
            explanation = span.get("explanation") or {}
            if explanation.get("nested_in"):
                continue
            if span["layer"] == "attribution_cue" and explanation.get("score_from"):
                key, against = tuple(explanation["score_from"].split("/", 2)), gold["Cue"]
            elif span["layer"] == "quote" and explanation.get("rule") == "quotation_without_cue":
                key, against = (explanation["tier"], "free", "quotation"), gold["Content"]
            else:
                continue
            hit = any(s < span["end"] and span["start"] < e for s, e in against)
            counts[(*key, "marked")] += hit
            counts[(*key, "seen")] += 1
    return counts


def write(counts: Counter, path: Path) -> int:
    keys = sorted({key[:3] for key in counts})
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        out.writerow(("tier", "evidence", "term", "marked", "seen", "provenance", "licence"))
        for tier, evidence, term in keys:
            marked = counts[(tier, evidence, term, "marked")]
            seen = counts[(tier, evidence, term, "seen")]
            out.writerow((tier, evidence, term, marked, seen, PROVENANCE, LICENCE))
    return len(keys)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"{args.corpus}: not found (PolNeAR train, from ../shared/corpora)", file=sys.stderr)
        return 1
    sys.path.insert(0, str(REPO))
    from annotator.detect import build_pipeline, detect_texts

    records = tuning_part(args.corpus)
    counts: Counter = Counter()
    for tier in ("parser", "blank"):
        nlp = build_pipeline(tier)
        nlp.get_pipe("attribution").min_score = 0.0  # count every candidate, not only the shown
        results = detect_texts((r["text"] for r in records), nlp)
        counts += count(records, (result.spans for result in results))
    rows = write(counts, HERE / "cue_rates.tsv")
    print(f"{rows} rows from {len(records)} articles -> {HERE / 'cue_rates.tsv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
