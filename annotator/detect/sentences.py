"""``punct_sentences``: spaCy's sentencizer rule, vectorised, for the blank tier.

Same rule and punctuation as ``spacy.pipeline.Sentencizer``: a sentence starts at the first word
(a token that is neither punctuation nor a sentence-final mark) after a sentence-final mark, so
``.”`` and ``?!`` stay with the sentence they end. spaCy's version takes a Python step per token,
which costs a sixth of tokenization; this one is a handful of numpy operations per Doc. A test
checks that both give the same boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import IDX, IS_PUNCT, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from spacy.util import minibatch

from annotator.detect.word_table import (
    PUNCT,
    SENT_FINAL,
    DocWords,
    WordTable,
    has_bits,
    positions,
)

# Components of the blank tier take Docs a batch at a time in nlp.pipe: each stage's code and data
# stay in the CPU's caches for the whole batch, which is measurably faster than one Doc at a time.
BATCH_SIZE = 64
_NOT_START = numpy.uint64(2**64 - 1)  # -1, as Doc.to_array / from_array store it
_PUNCT_OR_FINAL = has_bits(SENT_FINAL | PUNCT)  # punctuation or a sentence-final mark


@Language.factory("punct_sentences")
def make_punct_sentences(nlp: Language, name: str) -> PunctSentences:
    return PunctSentences(nlp)


class PunctSentences:
    def __init__(self, nlp: Language):
        marks = frozenset(Sentencizer.default_punct_chars)
        # a lexeme flag, so spaCy fills the "sentence-final mark" column itself (C speed)
        self.flag = nlp.vocab.add_flag(lambda text: text in marks)
        self._not_starts = numpy.full((0, 1), _NOT_START, dtype="uint64")
        # set by the attribution component: then each Doc's Words are looked up here (their
        # kinds hold the two columns this rule reads) and left for the components after it
        self.words: WordTable | None = None

    def pipe(self, docs: Iterable[Doc], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
        for batch in minibatch(docs, size=min(batch_size, BATCH_SIZE)):
            yield from map(self, batch)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        if self.words is not None:
            # the character offsets too, for TextUnits: one call costs less than two
            columns = doc.to_array([ORTH, IDX])
            orths = columns[:, 0]
            words, kinds, lengths, lemmas = self.words.look_up(orths)
            # as bytes: their methods cost less per Doc than numpy's (word_table.positions)
            kind_bytes = kinds.tobytes()
            final_marks = positions(kind_bytes, SENT_FINAL)
            punct = kind_bytes.translate(_PUNCT_OR_FINAL)
        else:
            array = doc.to_array([self.flag, IS_PUNCT])
            final_marks = array[:, 0].nonzero()[0].tolist()
            punct = numpy.bitwise_or(array[:, 0], array[:, 1]).tolist()
        found = [0]  # the sentence starts
        i = 0
        # from each sentence-final mark, the next token that is neither punctuation nor a
        # final mark starts a sentence (Python steps only at the marks and what follows them)
        for mark in final_marks:
            if mark < i:
                continue
            i = mark + 1
            while i < n and punct[i]:  # punctuation or a final mark
                i += 1
            if i < n:
                found.append(i)
        if len(self._not_starts) < n:  # copying a slice costs less than numpy.full per Doc
            self._not_starts = numpy.full((max(n, 4096), 1), _NOT_START, dtype="uint64")
        starts = self._not_starts[:n].copy()
        starts.put(found, 1)  # costs less than one assignment per sentence, or starts[found] = 1
        doc.from_array([SENT_START], starts)  # type: ignore[arg-type]  # 1-D for one attribute
        if self.words is not None:
            left = DocWords(doc, orths, words, kind_bytes, lengths, lemmas, found, columns[:, 1])
            if self.words.lemma_of is None:
                left.lemmas = None  # the lemmatizer looks them up itself
            self.words.leave(doc, left)
        return doc
