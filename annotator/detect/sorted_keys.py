"""Look-ups in sorted numpy arrays of word forms (orths), a whole Doc at a time.

Used by the lookup lemmatizer and the word table: a binary search for all of a Doc's tokens costs
less than a dict look-up per token, and a direct-mapped index of the keys (``index_slots``, the
word table's) less again. New forms wait in a dict and are merged in batches.
"""

from __future__ import annotations

import numpy

# New forms join the sorted arrays once there are this many of them or an eighth of the arrays'
# size, whichever is more: merging stays a small share of the work.
MERGE_AFTER = 64
# ... or once this many Docs (or one per 256 keys, whichever is more) have met forms still
# waiting: their slower look-ups have then cost about as much as a merge (measured: a Doc ~85k
# instructions more; a merge with its index ~1.4M at 1,200 keys, ~6.6M at 20,000)
MERGE_AFTER_DOCS = 16
# ``index_slots``: 2**17 slots (a megabyte) leave few of the forms of a news corpus without one
SLOT_BITS = 17
_SLOT_MASK = (1 << SLOT_BITS) - 1


def find(
    sorted_keys: numpy.ndarray, keys: numpy.ndarray, slots: numpy.ndarray | None = None
) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Where each of ``keys`` is in ``sorted_keys`` (non-empty), and the indices of the keys that
    are not there. Array methods, not numpy's Python-level wrappers: this runs per Doc.
    ``slots``: their ``index_slots``, which finds most keys with one look instead of a binary
    search (a binary search mispredicts a branch at most steps: a fifth of the CPU time)."""
    if slots is not None:
        at = slots[keys.view("int64") & _SLOT_MASK]  # signed: indexing casts no index
        missing = (sorted_keys[at] != keys).nonzero()[0]
        if not len(missing):
            return at, missing
        # keys whose slot another key took, and keys not there: a binary search for those
        some = keys[missing]
        found = sorted_keys.searchsorted(some)
        numpy.minimum(found, len(sorted_keys) - 1, out=found)
        at[missing] = found
        return at, missing[(sorted_keys[found] != some).nonzero()[0]]
    at = sorted_keys.searchsorted(keys)
    numpy.minimum(at, len(sorted_keys) - 1, out=at)
    return at, (sorted_keys[at] != keys).nonzero()[0]


def index_slots(sorted_keys: numpy.ndarray) -> numpy.ndarray:
    """A direct-mapped index of ``sorted_keys`` for ``find``: the low bits of a key (its slot)
    -> its position. Where keys share a slot one of them keeps it (``find`` checks)."""
    slots = numpy.zeros(1 << SLOT_BITS, dtype="intp")
    slots[sorted_keys.view("int64") & _SLOT_MASK] = numpy.arange(len(sorted_keys))
    return slots


def due(pending: dict, sorted_keys: numpy.ndarray, waited: int = 0) -> bool:
    """Whether the pending forms should be merged now; ``waited``: the Docs that met pending
    forms since the last merge."""
    n = len(sorted_keys)
    return len(pending) >= max(MERGE_AFTER, n // 8) or waited >= max(MERGE_AFTER_DOCS, n // 256)


def merge(sorted_keys: numpy.ndarray, new_keys, *columns) -> tuple[numpy.ndarray, ...]:
    """``sorted_keys`` with ``new_keys`` added, and each ``(old, new)`` column pair reordered
    alike."""
    keys = numpy.concatenate([sorted_keys, numpy.fromiter(new_keys, "uint64")])
    order = keys.argsort(kind="stable")
    return (keys[order], *(numpy.concatenate([old, new])[order] for old, new in columns))
