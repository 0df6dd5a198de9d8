"""sorted_keys.find: the direct-mapped slots give the same answer as the binary search."""

import numpy

from annotator.detect import sorted_keys


def test_find_with_slots_matches_binary_search():
    rng = numpy.random.default_rng(7)
    known = numpy.unique(rng.integers(0, 2**64 - 1, 5000, dtype="uint64"))
    # keys sharing low bits (slots) with known ones, and keys not there at all
    clashing = known[:50] + numpy.uint64(1 << sorted_keys.SLOT_BITS)
    new = rng.integers(0, 2**64 - 1, 50, dtype="uint64")
    keys = rng.permutation(
        numpy.concatenate([known[rng.integers(0, len(known), 400)], clashing, new])
    )
    plain_at, plain_missing = sorted_keys.find(known, keys)
    at, missing = sorted_keys.find(known, keys, sorted_keys.index_slots(known))
    assert missing.tolist() == plain_missing.tolist()
    found = numpy.setdiff1d(numpy.arange(len(keys)), missing)
    assert (at[found] == plain_at[found]).all()
    assert (known[at[found]] == keys[found]).all()
