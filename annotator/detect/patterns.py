"""The lexicons' terms as pattern Docs, tokenized exactly as the pipeline tokenizes text.

They are tokenized by a copy of the pipeline's tokenizer, not by the tokenizer itself: spaCy's
tokenizer caches at most ``max_cache_size`` (10,000) chunks of text and stops caching once full,
and the lexicons have about 10,500 forms. Tokenized by the pipeline's own tokenizer they filled
that cache, and every article after that was tokenized without it (about 20% slower).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc


class PatternMaker:
    """Makes pattern Docs in the pipeline's vocabulary with a private copy of its tokenizer
    (same rules, its own cache). Copying costs about 0.1-0.2 s, so components share one."""

    def __init__(self, nlp: Language):
        self.tokenizer = Tokenizer(nlp.vocab).from_bytes(nlp.tokenizer.to_bytes())  # type: ignore[union-attr]

    def docs(self, texts: Iterable[str]) -> list[Doc]:
        return list(self.tokenizer.pipe(texts))

    def words(self, text: str) -> list[str]:
        return [token.text for token in self.tokenizer(text)]
