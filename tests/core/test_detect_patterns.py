"""The lexicons' patterns are tokenized like text, but not by the pipeline's own tokenizer.

spaCy's tokenizer caches at most 10,000 chunks and then stops caching; the lexicons have about
10,500 forms, so tokenizing them with the pipeline's tokenizer left no room for the articles'
words (about 20% slower tokenization: tests/perf/bench_detect.py, docs/performance.md).
"""

from __future__ import annotations

import spacy

from annotator.detect import pipeline  # noqa: F401  (registers the components)
from annotator.detect.lexicons import LOADED_FILES, REPORTING_VERBS, phrase_forms, read_lexicon
from annotator.detect.patterns import PatternMaker


class CountingTokenizer:
    """The pipeline's tokenizer, counting the texts it tokenizes."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.calls = 0

    def __call__(self, text):
        self.calls += 1
        return self.tokenizer(text)

    def pipe(self, texts):
        for text in texts:
            yield self(text)

    def to_bytes(self, **kwargs):
        return self.tokenizer.to_bytes(**kwargs)


def test_building_the_components_leaves_the_pipelines_tokenizer_alone():
    nlp = spacy.blank("en")
    counting = CountingTokenizer(nlp.tokenizer)
    nlp.tokenizer = counting
    nlp.add_pipe("punct_sentences")
    nlp.add_pipe("attribution")
    nlp.add_pipe("loaded_language")
    assert counting.calls == 0
    doc = nlp("The minister said on Friday that the “sham” vote was a disgrace.")
    assert counting.calls == 1
    assert [s.text for s in doc.spans["attribution_cue"]] == ["said"]
    assert "sham" in {s.text for s in doc.spans["loaded"]}


def test_patterns_are_tokenized_as_the_pipeline_tokenizes_text():
    nlp = spacy.blank("en")
    maker = PatternMaker(nlp)
    terms = {e.term for name in (*LOADED_FILES, REPORTING_VERBS) for e in read_lexicon(name)}
    forms = sorted({form for term in terms for form in phrase_forms(term)})
    assert len(forms) > 10_000  # more than spaCy's tokenizer caches (max_cache_size)
    made = maker.docs(forms)
    assert [[t.text for t in doc] for doc in made] == [
        [t.text for t in doc] for doc in nlp.tokenizer.pipe(forms)
    ]
    assert all(doc.vocab is nlp.vocab for doc in made)
