"""``punct_sentences``: spaCy's sentencizer rule, vectorised, for the blank tier.

Same rule and punctuation as ``spacy.pipeline.Sentencizer``: a sentence starts at the first word
(a token that is neither punctuation nor a sentence-final mark) after a sentence-final mark, so
``.”`` and ``?!`` stay with the sentence they end. spaCy's version takes a Python step per token,
which costs a sixth of tokenization; this one is a handful of numpy operations per Doc. A test
checks that both give the same boundaries.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_PUNCT, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc


@Language.factory("punct_sentences")
def make_punct_sentences(nlp: Language, name: str) -> PunctSentences:
    return PunctSentences(nlp)


class PunctSentences:
    def __init__(self, nlp: Language):
        marks = frozenset(Sentencizer.default_punct_chars)
        # a lexeme flag, so spaCy fills the "sentence-final mark" column itself (C speed)
        self.flag = nlp.vocab.add_flag(lambda text: text in marks)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        array = doc.to_array([self.flag, IS_PUNCT]).astype(bool)
        final = array[:, 0]
        words = numpy.flatnonzero(~(final | array[:, 1]))
        ends_seen = numpy.cumsum(final)
        starts = numpy.full(n, -1, dtype="int64")
        starts[0] = 1
        if len(words):
            before, after = words[:-1], words[1:]
            # a word starts a sentence when a final mark lies between it and the word before
            starts[after[ends_seen[after - 1] - ends_seen[before] > 0]] = 1
            first = words[0]
            if first > 0 and ends_seen[first - 1] > 0:
                starts[first] = 1
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
        return doc
