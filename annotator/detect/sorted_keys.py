"""Look-ups in sorted numpy arrays of word forms (orths), a whole Doc at a time.

Used by the lookup lemmatizer and the word table: a binary search for all of a Doc's tokens costs
less than a dict look-up per token. New forms wait in a dict and are merged in batches.
"""

from __future__ import annotations

import numpy

# New forms join the sorted arrays once there are this many of them or an eighth of the arrays'
# size, whichever is more: merging stays a small share of the work.
MERGE_AFTER = 64


def find(sorted_keys: numpy.ndarray, keys: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Where each of ``keys`` is in ``sorted_keys`` (non-empty), and the indices of the keys that
    are not there. Array methods, not numpy's Python-level wrappers: this runs per Doc."""
    at = sorted_keys.searchsorted(keys)
    numpy.minimum(at, len(sorted_keys) - 1, out=at)
    return at, (sorted_keys[at] != keys).nonzero()[0]


def due(pending: dict, sorted_keys: numpy.ndarray) -> bool:
    """Whether the pending forms should be merged now."""
    return len(pending) >= max(MERGE_AFTER, len(sorted_keys) // 8)


def merge(sorted_keys: numpy.ndarray, new_keys, *columns) -> tuple[numpy.ndarray, ...]:
    """``sorted_keys`` with ``new_keys`` added, and each ``(old, new)`` column pair reordered
    alike."""
    keys = numpy.concatenate([sorted_keys, numpy.fromiter(new_keys, "uint64")])
    order = keys.argsort(kind="stable")
    return (keys[order], *(numpy.concatenate([old, new])[order] for old, new in columns))
