"""``lookup_lemmas``: the blank tier's lookup lemmatizer, vectorised.

The same table as spaCy's ``lemmatizer`` in lookup mode (spacy-lookups-data's
``en_lemma_lookup``), tried on the word as written and then in lower case. spaCy's own lookup
lemmatizer takes a Python step per token and costs about as much as tokenization, which would
break the blank tier's speed budget. Here each word form is looked up once per process; a Doc's
lemmas are then found for all its tokens at once (a binary search in sorted numpy arrays) and
written with one ``Doc.from_array``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from annotator.detect.lexicons import lemma_table
from annotator.detect.sentences import BATCH_SIZE

# New word forms wait in a dict, and join the sorted arrays once there are this many of them or
# an eighth of the arrays' size, whichever is more: merging stays a small share of the work.
MERGE_AFTER = 64


@Language.factory("lookup_lemmas")
def make_lookup_lemmas(nlp: Language, name: str) -> LookupLemmas:
    return LookupLemmas(nlp)


class LookupLemmas:
    def __init__(self, nlp: Language):
        self.strings = nlp.vocab.strings
        self.table = lemma_table()
        self.orths = numpy.zeros(0, dtype="uint64")  # sorted word forms seen so far
        self.lemmas = numpy.zeros(0, dtype="uint64")  # their lemmas
        self.pending: dict[int, int] = {}

    def pipe(self, docs: Iterable[Doc], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
        for batch in minibatch(docs, size=min(batch_size, BATCH_SIZE)):
            yield from map(self, batch)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        orths = doc.to_array(ORTH)
        if len(self.orths):  # array methods, not numpy's Python-level wrappers: this runs per Doc
            at = self.orths.searchsorted(orths)
            numpy.minimum(at, len(self.orths) - 1, out=at)
            lemmas = self.lemmas[at]
            missing = (self.orths[at] != orths).nonzero()[0]
        else:
            lemmas = numpy.zeros(len(orths), "uint64")
            missing = numpy.arange(len(orths))
        if len(missing):
            lemmas[missing] = [self._lemma(o) for o in orths[missing].tolist()]
            if len(self.pending) >= max(MERGE_AFTER, len(self.orths) // 8):
                self._merge()
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def _lemma(self, orth: int) -> int:
        value = self.pending.get(orth)
        if value is None:
            word = self.strings[orth]
            lemma = self.table.get(word) or self.table.get(word.lower()) or word
            value = self.pending[orth] = self.strings.add(lemma)
        return value

    def _merge(self) -> None:
        orths = numpy.concatenate([self.orths, numpy.fromiter(self.pending, "uint64")])
        lemmas = numpy.concatenate([self.lemmas, numpy.fromiter(self.pending.values(), "uint64")])
        order = numpy.argsort(orths, kind="stable")
        self.orths, self.lemmas = orths[order], lemmas[order]
        self.pending.clear()
