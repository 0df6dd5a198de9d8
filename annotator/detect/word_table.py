"""The words of a Doc as the rules read them: a ``Word`` per word form (its lexical attributes
and the flags the rules test, worked out once per form), the ``WordTable`` that finds them for
all of a Doc's tokens at once, and the hand-over of one Doc's look-ups from the blank tier's
sentencizer to the later components (``DocWords``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from annotator.detect import sorted_keys
from annotator.detect.quotations import is_break, is_mark

# the words that open a clause: the rules stop at them, and Word.plain and Word.in_np read them
CLAUSE_WORDS = frozenset(
    "that and but or which who whom whose when while as because after before if so then where "
    "although though since until than whether what how why nor".split()
)
# Word.kind bits
QUOTE_MARK = 1
LINE_BREAK = 2
COLON = 4
SENT_FINAL = 16  # a sentence-final mark of spaCy's sentencizer (punct_sentences reads it)
PUNCT = 32  # punctuation (is_punct)
EMPHASIS = 64  # one of EMPHASIS_WORDS (loaded_language reads it)
# what np_before walks back over inside a noun phrase ("Trump’s", "(R-Tenn.)"), and the dashes
# that glue an outlet's name to it ("Alwaght- President Putin"); Word.in_np reads both
NP_INNER_MARKS = (")", "(", "-", "’s", "'s", "’")
GLUE_DASHES = ("-", "–")
_SENT_FINAL_MARKS = frozenset(Sentencizer.default_punct_chars)
# Written in capitals inside lower-case text these words shout ("there is NO evidence"); PTC's
# annotators mark them as loaded language (loaded_language.py).
EMPHASIS_WORDS = ("NO", "NOT", "NEVER", "NONE", "NOTHING", "NOBODY", "ANY", "ALL", "EVER", "ONLY")
_EMPHASIS_SET = frozenset(EMPHASIS_WORDS)


def has_bits(bits: int) -> bytes:
    """A ``bytes.translate`` table: each kind byte to 1 if it has any of ``bits``, else to 0."""
    return bytes(1 if kind & bits else 0 for kind in range(256))


_HAS_BIT = {
    bit: has_bits(bit) for bit in (QUOTE_MARK, LINE_BREAK, COLON, SENT_FINAL, PUNCT, EMPHASIS)
}


def positions(kinds: bytes, bit: int) -> list[int]:
    """The tokens whose kind has ``bit``, from the kinds as bytes (``kinds.tobytes()``). Bytes
    methods run at C speed without numpy's overhead per call (a microsecond or more), and a Doc
    has only a few such tokens."""
    marked = kinds.translate(_HAS_BIT[bit])
    found = []
    at = marked.find(1)
    while at != -1:
        found.append(at)
        at = marked.find(1, at + 1)
    return found


class Word:
    """The lexical attributes of one word form: what the rules read, without a spaCy Token."""

    __slots__ = (
        "in_np",
        "is_alpha",
        "is_lower",
        "is_punct",
        "is_quote",
        "is_space",
        "is_title",
        "is_upper",
        "kind",
        "lemma",
        "like_num",
        "lower_",
        "plain",
        "text",
    )

    def __init__(self, lexeme, lemma: int = 0):
        self.lemma = lemma  # its lemma's id, when the WordTable has a lemmatizer (else 0)
        self.text = lexeme.orth_
        self.lower_ = lexeme.lower_
        self.is_alpha = lexeme.is_alpha
        self.is_lower = lexeme.is_lower
        self.is_punct = lexeme.is_punct
        self.is_quote = lexeme.is_quote
        self.is_space = lexeme.is_space
        self.is_title = lexeme.is_title
        self.is_upper = lexeme.is_upper
        self.like_num = lexeme.like_num
        self.kind = (QUOTE_MARK if is_mark(self.text) else 0) | (
            (LINE_BREAK if is_break(self.text) else 0)
            | (COLON if self.text == ":" else 0)
            | (SENT_FINAL if self.text in _SENT_FINAL_MARKS else 0)
            | (PUNCT if self.is_punct else 0)
            | (EMPHASIS if self.text in _EMPHASIS_SET else 0)
        )
        # an ordinary word, which the rules that read on from a cue step over: not punctuation,
        # a quotation mark, "to" or a clause word ("that", "and", "which", ...)
        stop = self.lower_ == "to" or self.lower_ in CLAUSE_WORDS
        self.plain = not (self.is_punct or self.kind & QUOTE_MARK or stop)
        # a word that text_units.np_before walks back over without a second look (its checks,
        # negated: change them together)
        self.in_np = not (
            self.text == ","
            or self.text in NP_INNER_MARKS
            or (self.text.endswith(GLUE_DASHES) and len(self.text) > 1)
            or (self.like_num and self.lower_ != "one")
            or self.is_punct
            or self.is_space
            or self.lower_ in CLAUSE_WORDS
        )


class WordTable:
    """The ``Word`` of each word form, found for all of a Doc's tokens at once: a look in a
    direct-mapped index of sorted numpy arrays (a binary search for the forms it misses), then
    one fancy index. The rules index a plain list of Words at C
    speed (a spaCy Token per look costs more than the look, and they look at the same few tokens
    near each cue many times). New forms wait in a dict and join the arrays in batches.

    The blank tier's earlier components share it (``Attribution`` hands it to them): the
    sentencizer looks up each Doc's Words and leaves them here with its sentence starts, so that
    no later component asks spaCy for the same columns again (``Doc.to_array`` costs tens of
    nanoseconds per token and column)."""

    def __init__(self, vocab, lemma_of: Callable[[int], int] | None = None):
        self.vocab = vocab
        # the blank tier's lookup lemmatizer: each form's lemma is then looked up with it too
        self.lemma_of = lemma_of
        self.orths = numpy.zeros(0, dtype="uint64")  # sorted
        self.words = numpy.zeros(0, dtype=object)  # the Word of each
        self.kinds = numpy.zeros(0, dtype="uint8")  # and its kind (QUOTE_MARK, LINE_BREAK, ...)
        self.lengths = numpy.zeros(0, dtype="uint64")  # and its length in characters
        self.lemmas = numpy.zeros(0, dtype="uint64")  # and its lemma (Word.lemma)
        # finds most forms with one look (made at the first merge: a table may never need it)
        self.slots: numpy.ndarray | None = None
        self.pending: dict[int, Word] = {}
        self.waited = 0  # Docs that met pending forms since the last merge (sorted_keys.due)
        # id(doc) -> DocWords, left by an earlier component for a later one to take
        self._left: dict[int, DocWords] = {}

    def words_of(self, orths: numpy.ndarray) -> tuple[list[Word], numpy.ndarray, numpy.ndarray]:
        """The Word of each orth, and their kinds and lengths as arrays."""
        found, kinds, lengths, _ = self.look_up(orths)
        return found, kinds, lengths

    def look_up(
        self, orths: numpy.ndarray
    ) -> tuple[list[Word], numpy.ndarray, numpy.ndarray, numpy.ndarray]:
        """``words_of``, and the lemma of each orth (zeros without ``lemma_of``)."""
        if len(self.orths):
            at, missing = sorted_keys.find(self.orths, orths, self.slots)
            found, kinds, lengths = self.words[at], self.kinds[at], self.lengths[at]
            lemmas = self.lemmas[at]
        else:
            found = numpy.zeros(len(orths), dtype=object)
            kinds = numpy.zeros(len(orths), dtype="uint8")
            lengths = numpy.zeros(len(orths), dtype="uint64")
            lemmas = numpy.zeros(len(orths), dtype="uint64")
            missing = numpy.arange(len(orths))
        if len(missing):
            new = [self._word(orth) for orth in orths[missing].tolist()]
            found[missing] = new
            kinds[missing] = [word.kind for word in new]
            lengths[missing] = [len(word.text) for word in new]
            lemmas[missing] = [word.lemma for word in new]
            self.waited += 1
            if sorted_keys.due(self.pending, self.orths, self.waited):
                self._merge()
        return found.tolist(), kinds, lengths, lemmas

    def leave(self, doc: Doc, found: DocWords) -> None:
        """Keep a Doc's Words for a later component (``take``)."""
        # at most two batches wait in a pipeline; more means nothing takes them (left out)
        if len(self._left) > 512:
            self._left.clear()
        self._left[id(doc)] = found

    def take(self, doc: Doc) -> DocWords | None:
        """The Words an earlier component left for this Doc, if any (and still its tokens)."""
        found = self._left.pop(id(doc), None)
        if found is None or found.doc is not doc or len(found.orths) != len(doc):
            return None
        return found

    def peek(self, doc: Doc) -> DocWords | None:
        """Like ``take``, but leaves them for the next component."""
        found = self._left.get(id(doc))
        if found is None or found.doc is not doc or len(found.orths) != len(doc):
            return None
        return found

    def _word(self, orth: int) -> Word:
        word = self.pending.get(orth)
        if word is None:
            lemma = self.lemma_of(orth) if self.lemma_of is not None else 0
            word = self.pending[orth] = Word(self.vocab[orth], lemma)
        return word

    def _merge(self) -> None:
        new = numpy.zeros(len(self.pending), dtype=object)
        new[:] = list(self.pending.values())
        kinds = numpy.array([word.kind for word in new], dtype="uint8")
        lengths = numpy.array([len(word.text) for word in new], dtype="uint64")
        lemmas = numpy.array([word.lemma for word in new], dtype="uint64")
        self.orths, self.words, self.kinds, self.lengths, self.lemmas = sorted_keys.merge(
            self.orths,
            self.pending,
            (self.words, new),
            (self.kinds, kinds),
            (self.lengths, lengths),
            (self.lemmas, lemmas),
        )
        self.slots = sorted_keys.index_slots(self.orths)
        self.pending.clear()
        self.waited = 0


class DocWords:
    """What the sentencizer found for one Doc, for the later components of the blank tier."""

    __slots__ = ("doc", "idx", "kinds", "lemmas", "lengths", "orths", "starts", "words")

    def __init__(self, doc, orths, words, kinds, lengths, lemmas, starts, idx):
        self.doc = doc
        self.orths = orths  # Doc.to_array(ORTH)
        self.words = words  # the Word of each token
        self.kinds = kinds  # each token's Word.kind, as bytes (word_table.positions reads them)
        self.lengths = lengths
        self.lemmas = lemmas  # each token's lemma, for the lemmatizer (None: it looks them up)
        self.starts = starts  # the sentence starts (token indices, from 0)
        self.idx = idx  # Doc.to_array(IDX): each token's character offset
