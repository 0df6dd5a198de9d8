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


def test_forms_that_docs_keep_meeting_are_merged():
    known = numpy.arange(4096, dtype="uint64")  # a table whose eighth (512 forms) is far away
    pending = dict.fromkeys(range(10))
    assert not sorted_keys.due(pending, known)
    assert not sorted_keys.due(pending, known, sorted_keys.MERGE_AFTER_DOCS - 1)
    assert sorted_keys.due(pending, known, sorted_keys.MERGE_AFTER_DOCS)
    assert not sorted_keys.due(pending, numpy.arange(2**20, dtype="uint64"), 16)  # one per 256


def test_word_table_merges_forms_that_docs_keep_meeting():
    import spacy

    from annotator.detect.word_table import WordTable

    nlp = spacy.blank("en")
    table = WordTable(nlp.vocab)
    first = nlp.make_doc(" ".join(f"w{i}" for i in range(100)))
    table.look_up(first.to_array("ORTH"))  # 100 forms: merged (MERGE_AFTER)
    assert len(table.orths) == 100 and not table.pending
    orths = nlp.make_doc("a new form").to_array("ORTH")
    for _ in range(sorted_keys.MERGE_AFTER_DOCS - 1):
        table.words_of(orths)
    assert len(table.pending) == 3  # three new forms wait...
    words = table.words_of(orths)[0]
    assert not table.pending and len(table.orths) == 103  # ...until enough Docs met them
    assert [w.text for w in words] == ["a", "new", "form"]
