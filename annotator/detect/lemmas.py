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

from annotator.detect import sorted_keys
from annotator.detect.lexicons import lemma_table
from annotator.detect.sentences import BATCH_SIZE
from annotator.detect.word_table import WordTable


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
        self.waited = 0  # Docs that met pending forms since the last merge (sorted_keys.due)
        # set by the attribution component: the sentencizer's ORTH column and the lemmas of its
        # Words (WordTable.lemma_of is this lemma_of) are read from it
        self.words: WordTable | None = None

    def pipe(self, docs: Iterable[Doc], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
        for batch in minibatch(docs, size=min(batch_size, BATCH_SIZE)):
            yield from map(self, batch)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        left = None if self.words is None else self.words.peek(doc)
        if left is not None and left.lemmas is not None:  # looked up with the sentencizer's Words
            doc.from_array([LEMMA], left.lemmas.reshape(-1, 1))
            return doc
        orths = doc.to_array(ORTH) if left is None else left.orths
        if len(self.orths):
            at, missing = sorted_keys.find(self.orths, orths)
            lemmas = self.lemmas[at]
        else:
            lemmas = numpy.zeros(len(orths), "uint64")
            missing = numpy.arange(len(orths))
        if len(missing):
            lemmas[missing] = [self._lemma(o) for o in orths[missing].tolist()]
            self.waited += 1
            if sorted_keys.due(self.pending, self.orths, self.waited):
                self._merge()
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def lemma_of(self, orth: int) -> int:
        """The lemma of a word form (ids in the StringStore), for a WordTable to keep."""
        word = self.strings[orth]
        return self.strings.add(self.table.get(word) or self.table.get(word.lower()) or word)

    def _lemma(self, orth: int) -> int:
        value = self.pending.get(orth)
        if value is None:
            word = self.strings[orth]
            lemma = self.table.get(word) or self.table.get(word.lower()) or word
            value = self.pending[orth] = self.strings.add(lemma)
        return value

    def _merge(self) -> None:
        new = numpy.fromiter(self.pending.values(), "uint64")
        self.orths, self.lemmas = sorted_keys.merge(self.orths, self.pending, (self.lemmas, new))
        self.pending.clear()
        self.waited = 0
