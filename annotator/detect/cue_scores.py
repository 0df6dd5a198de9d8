"""The score of a cue: how often annotators of real news mark a match like it.

``cue_rates.tsv`` holds counts from PolNeAR (Newell et al. 2018) train, first 700 articles by id:
for each tier, kind of evidence and cue term (the lexicon term in the parser tier, the word form
in the blank tier, a mark such as ``:`` for colon cues), how many matches the detector found
there (``seen``) and how many of them overlapped a Cue the annotators marked (``marked``).
``resources/lexicons/build_cue_rates.py`` counts them again. In the parser tier the evidence also
names the cue's role in its sentence (``strong:main``, ``weak_noun:object``; cue_record.ROLES).

The score is that share, smoothed (a term seen twice with some evidence says little) towards
what the rest of the counts expect: the share for all terms with the same tier and evidence,
times how much more (or less) often this term is marked than terms in general, whatever the
evidence. So it reads as an estimated precision.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from annotator.detect.cue_record import ROLE_NAMES, with_role
from annotator.detect.lexicons import CUE_RATES, DetectionError
from annotator.paths import resource_path

COLUMNS = ("tier", "evidence", "term", "marked", "seen", "provenance", "licence")
# How many matches the pooled share counts for: the weight of the prior against a term's own.
PRIOR_WEIGHT = 4.0
# The share assumed where nothing was counted at all (a new tier or evidence kind).
FALLBACK = {"strong": 0.7, "clause": 0.6, "weak": 0.4, "bare": 0.2, "free": 0.7}


@dataclass(frozen=True)
class Rate:
    marked: int
    seen: int


@functools.cache
def read_rates() -> dict[tuple[str, str, str], Rate]:
    """``(tier, evidence, term) -> Rate``; a broken line is a DetectionError naming it."""
    path = resource_path("lexicons", CUE_RATES)
    rates = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise DetectionError(f"{path}: missing column(s) {', '.join(missing)}")
            for line, row in enumerate(reader, start=2):
                try:
                    rate = Rate(int(row["marked"]), int(row["seen"]))
                except (TypeError, ValueError):
                    rate = Rate(-1, 0)
                if not 0 <= rate.marked <= rate.seen:
                    raise DetectionError(f"{path} line {line}: marked and seen must be counts")
                rates[(row["tier"], row["evidence"], row["term"])] = rate
    except OSError as exc:
        raise DetectionError(f"{path}: cannot read ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise DetectionError(f"{path}: not UTF-8 ({exc})") from exc
    return rates


@functools.cache
def _pooled(tier: str, evidence: str | None = None, term: str | None = None) -> Rate:
    """The counts summed over every row of a tier that has this evidence and/or term."""
    marked = seen = 0
    for (t, e, w), rate in read_rates().items():
        if t == tier and evidence in (None, e) and term in (None, w) and e != "free":
            marked += rate.marked
            seen += rate.seen
    return Rate(marked, seen)


def _share(rate: Rate, prior: float) -> float:
    return (rate.marked + PRIOR_WEIGHT * prior) / (rate.seen + PRIOR_WEIGHT)


@functools.cache
def cue_score(tier: str, evidence: str, term: str) -> float:
    """The estimated precision of a cue (0..1), rounded to two places."""
    rates = read_rates()
    if evidence == "free":
        found = rates.get((tier, evidence, term), Rate(0, 0))
        return round(_share(found, FALLBACK["strong"]), 2)
    pooled, everything = _pooled(tier, evidence), _pooled(tier)
    if not pooled.seen or not everything.seen:
        return FALLBACK.get(evidence.split(":")[0].split("_")[0], 0.3)
    base = pooled.marked / pooled.seen
    overall = everything.marked / everything.seen
    lift = _share(_pooled(tier, None, term), overall) / overall
    prior = min(0.99, base * lift)
    return round(_share(rates.get((tier, evidence, term), Rate(0, 0)), prior), 2)


EVIDENCE = (
    "strong",
    "clause",
    "weak",
    "bare",
    "weak_nonfinite",
    "bare_nonfinite",
    "weak_noun",
    "bare_noun",
)


@functools.cache
def best_score(tier: str, term: str, weak: bool | None = None) -> float:
    """The highest score a cue of this term can get (as a weak cue, a strong one, or either)
    before its evidence, source and content are known: a candidate below the detector's floor
    is dropped before any rule runs."""
    kinds: tuple[str, ...] = EVIDENCE if weak is None else EVIDENCE[2:] if weak else EVIDENCE[:2]
    if tier == "parser":  # counted by role too (cue_record.ROLES)
        kinds = tuple(with_role(kind, role) for kind in kinds for role in ROLE_NAMES)
    return max(cue_score(tier, kind, term) for kind in kinds)
