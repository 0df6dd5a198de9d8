"""Build the gold JSONL files from the annotated sources in src/.

Run from the repository root: ``python tests/data/gold/build_gold.py``.

Markup: ``⟪T:label text⟫`` marks ``text`` with layer T and a label (short names below); marks
nest. ``src/idlib-NNN.txt`` are the bundled sample articles with marks added: once the marks are
taken out they must equal the sample file byte for byte. ``src/paragraphs-*.txt`` hold one
paragraph per record, each after a ``### ID`` line.

Output: ``dev.jsonl`` (the five sample articles and the dev paragraphs, which the rules were tuned
on) and ``heldout.jsonl`` (paragraphs never looked at while tuning).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SAMPLES = REPO / "resources" / "samples" / "idlib-2020"

LAYERS = {"L": "loaded", "C": "attribution_cue", "S": "source", "Q": "quote"}
LABELS = {
    "loaded": {
        "pej": "pejorative_label",
        "euph": "euphemism",
        "emo": "emotive",
        "verb": "loaded_verb",
        "scare": "scare_quotes",
        "other": "other",
    },
    "attribution_cue": {
        "neu": "neutral",
        "dist": "distancing",
        "end": "endorsing",
        "pej": "pejorative",
    },
    "source": {"named": "named", "unnamed": "unnamed", "pron": "pronoun"},
    "quote": {"dir": "direct", "part": "partial", "ind": "indirect"},
}
OPEN, CLOSE = "⟪", "⟫"


def parse(marked: str, where: str) -> tuple[str, list[dict]]:
    """Strip the marks; return the plain text and the spans they made."""
    out: list[str] = []
    length = 0
    stack: list[tuple[str, str, int]] = []
    spans = []
    i = 0
    while i < len(marked):
        char = marked[i]
        if char == OPEN:
            space = marked.index(" ", i)
            tag = marked[i + 1 : space]
            layer_key, _, short = tag.partition(":")
            layer = LAYERS[layer_key]
            label = LABELS[layer][short]
            stack.append((layer, label, length))
            i = space + 1
            continue
        if char == CLOSE:
            if not stack:
                raise SystemExit(f"{where}: unbalanced {CLOSE} at {i}")
            layer, label, start = stack.pop()
            spans.append({"start": start, "end": length, "layer": layer, "label": label})
            i += 1
            continue
        out.append(char)
        length += 1
        i += 1
    if stack:
        raise SystemExit(f"{where}: unclosed mark {stack[-1]}")
    text = "".join(out)
    for span in spans:
        covered = text[span["start"] : span["end"]]
        if not covered or covered != covered.strip():
            raise SystemExit(f"{where}: span {span} has edge whitespace: {covered!r}")
    spans.sort(key=lambda s: (s["start"], s["end"], s["layer"]))
    return text, spans


def sample_records() -> list[dict]:
    records = []
    for source in sorted(HERE.glob("src/idlib-*.txt")):
        number = source.stem.split("-")[1]
        (original,) = SAMPLES.glob(f"{number}_*.txt")
        expected = original.read_text(encoding="utf-8")
        marked = source.read_text(encoding="utf-8")
        if not expected.endswith("\n"):  # editors add a final newline the sample lacks
            marked = marked.removesuffix("\n")
        text, spans = parse(marked, source.name)
        if text != expected:
            raise SystemExit(f"{source.name}: text differs from {original.name}")
        records.append({"id": source.stem, "text": text, "spans": spans})
    return records


def paragraph_records(name: str) -> list[dict]:
    records = []
    chunks = (HERE / "src" / name).read_text(encoding="utf-8").split("### ")[1:]
    for chunk in chunks:
        ident, _, body = chunk.partition("\n")
        text, spans = parse(body.strip(), f"{name} {ident}")
        records.append({"id": ident.strip(), "text": text, "spans": spans})
    return records


def write(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    count = sum(len(r["spans"]) for r in records)
    print(f"{path.name}: {len(records)} documents, {count} spans", file=sys.stderr)


if __name__ == "__main__":
    write(HERE / "dev.jsonl", sample_records() + paragraph_records("paragraphs-dev.txt"))
    write(HERE / "heldout.jsonl", paragraph_records("paragraphs-heldout.txt"))
