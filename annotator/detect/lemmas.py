"""``lookup_lemmas``: the blank tier's lookup lemmatizer, vectorised.

The same table as spaCy's ``lemmatizer`` in lookup mode (spacy-lookups-data's
``en_lemma_lookup``), tried on the word as written and then in lower case. Instead of a Python
step per token it maps each distinct word of the Doc once (cached across Docs) and writes all
lemmas with one ``Doc.from_array``: spaCy's own lookup lemmatizer costs about as much as
tokenization itself, which would break the blank tier's speed budget.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from annotator.detect.lexicons import lemma_table

MAX_CACHE = 500_000


@Language.factory("lookup_lemmas")
def make_lookup_lemmas(nlp: Language, name: str) -> LookupLemmas:
    return LookupLemmas(nlp)


class LookupLemmas:
    def __init__(self, nlp: Language):
        self.strings = nlp.vocab.strings
        self.table = lemma_table()
        self.cache: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        orths = doc.to_array(ORTH)
        unique, inverse = numpy.unique(orths, return_inverse=True)
        cache = self.cache
        if len(cache) > MAX_CACHE:
            cache.clear()
        lemmas = numpy.fromiter(
            (cache.get(o) or self._lemma(o) for o in unique.tolist()),
            dtype="uint64",
            count=len(unique),
        )
        doc.from_array([LEMMA], lemmas[inverse].reshape(-1, 1))
        return doc

    def _lemma(self, orth: int) -> int:
        word = self.strings[orth]
        lemma = self.table.get(word) or self.table.get(word.lower()) or word
        self.cache[orth] = value = self.strings.add(lemma)
        return value
