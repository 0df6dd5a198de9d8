"""Two coders' attribution records matched one to one, over all articles at once.

Two records can match when they have the same parts (a part one lacks, the other lacks too)
and each part shares at least one character with the same part of the other record; such a
pair scores the characters its parts share. Within an article the pairs are taken highest
score first (ties: the first coder's earlier record, then the second's), each record at most
once. How many pairs are taken is the figure's "matched" (``record_agreement``). A part in
pieces ("X, he said, Y") is compared by the piece linked to the cue, Y; its other pieces are
not compared.

The records are rows of a few arrays (``RecordTable``), so finding the pairs that can match
is a handful of numpy operations for the whole project. Only pairs that compete for a record
go through the one-to-one loop: a pair whose two records can match nothing else is taken
whatever the order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from annotator.attribution_records import AttributionRecord

_SHAPES = 8  # a record's parts as bits: 1 cue, 2 source, 4 content


@dataclass(frozen=True, eq=False)
class RecordTable:
    """Records as rows: their article and coder (indices), their number in the coder's list
    of the article, which parts they have, and each part's [start, end) (0, 0 if missing)."""

    article: np.ndarray
    coder: np.ndarray
    number: np.ndarray
    present: np.ndarray  # records x (cue, source, content), bool
    starts: np.ndarray  # records x parts
    ends: np.ndarray

    @classmethod
    def build(
        cls,
        records: Mapping[int, Mapping[str, Sequence[AttributionRecord]]],
        articles: Sequence[int],
        coders: Sequence[str],
    ) -> RecordTable:
        """The records of ``records[article][coder]``, for these articles and coders."""
        rows: list[int] = []  # 12 numbers a record, one flat list: cheaper than tuples
        for at, article in enumerate(articles):
            found = records[article]
            for c, coder in enumerate(coders):
                for number, record in enumerate(found.get(coder, ())):
                    cue, source, content = record.cue, record.source, record.content
                    rows += (at, c, number)
                    rows += (0, 0, 0) if cue is None else (1, cue.start, cue.end)
                    rows += (0, 0, 0) if source is None else (1, source.start, source.end)
                    rows += (0, 0, 0) if content is None else (1, content.start, content.end)
        table = np.array(rows, dtype=np.int64).reshape(len(rows) // 12, 12)
        present, starts, ends = table[:, 3::3] == 1, table[:, 4::3], table[:, 5::3]
        return cls(table[:, 0], table[:, 1], table[:, 2], present, starts, ends)

    def on_cue(self) -> RecordTable:
        """The records with a cue, as their cue alone (their numbers kept)."""
        keep = self.present[:, 0]
        present = np.zeros((int(keep.sum()), 3), dtype=bool)
        present[:, 0] = True
        return RecordTable(
            self.article[keep],
            self.coder[keep],
            self.number[keep],
            present,
            np.where(present, self.starts[keep], 0),
            np.where(present, self.ends[keep], 0),
        )

    def rows_of(self, coder: int, articles: np.ndarray) -> RecordTable:
        """One coder's records in the chosen articles (a boolean mask), sorted by article,
        parts and number."""
        keep = (self.coder == coder) & articles[self.article]
        order = np.lexsort((self.number[keep], _shape(self.present[keep]), self.article[keep]))
        picked = np.flatnonzero(keep)[order]
        return RecordTable(
            self.article[picked],
            self.coder[picked],
            self.number[picked],
            self.present[picked],
            self.starts[picked],
            self.ends[picked],
        )


def pair_counts(table: RecordTable, first: int, second: int, shared: np.ndarray) -> np.ndarray:
    """Per article (rows: all of ``shared``, a boolean mask of the articles both coded): the
    records of ``first``, the records of ``second``, and how many pair one to one."""
    ours, theirs = table.rows_of(first, shared), table.rows_of(second, shared)
    counts = np.zeros((shared.size, 3), dtype=np.int64)
    counts[:, 0] = np.bincount(ours.article, minlength=shared.size)
    counts[:, 1] = np.bincount(theirs.article, minlength=shared.size)
    # candidate pairs: the same article and the same parts
    our_keys = ours.article * _SHAPES + _shape(ours.present)
    their_keys = theirs.article * _SHAPES + _shape(theirs.present)
    low = np.searchsorted(their_keys, our_keys, side="left")
    sizes = np.searchsorted(their_keys, our_keys, side="right") - low
    a = np.repeat(np.arange(our_keys.size), sizes)
    b = np.arange(a.size) - np.repeat(np.cumsum(sizes) - sizes, sizes) + np.repeat(low, sizes)
    common = np.minimum(ours.ends[a], theirs.ends[b]) - np.maximum(ours.starts[a], theirs.starts[b])
    present = ours.present[a]
    fits = ((common > 0) | ~present).all(axis=1)
    a, b, common, present = a[fits], b[fits], common[fits], present[fits]
    scores = np.where(present, common, 0).sum(axis=1)
    # a pair whose records can match nothing else is taken; the rest compete, best first
    alone = (np.bincount(a)[a] == 1) & (np.bincount(b)[b] == 1)
    a, b, scores, taken = a[~alone], b[~alone], scores[~alone], [ours.article[a[alone]]]
    order = np.lexsort((theirs.number[b], ours.number[a], -scores, ours.article[a]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    won = []
    for i, j in zip(a[order].tolist(), b[order].tolist(), strict=True):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            won.append(i)
    taken.append(ours.article[np.array(won, dtype=np.int64)])
    counts[:, 2] = np.bincount(np.concatenate(taken), minlength=shared.size)
    return counts


def _shape(present: np.ndarray) -> np.ndarray:
    return present[:, 0] * 1 + present[:, 1] * 2 + present[:, 2] * 4
