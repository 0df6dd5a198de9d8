"""A suggestion's explanation in words a coder reads: what it suggests, why (which rule or
list), the neutral alternative, the score and what found it; never an internal code or hash.

The detectors store their reasons as codes (``rule``, ``lexicon``, ``matched_on``, a detector
version with a lexicon hash); this module is the one place that turns them into sentences. A
code it does not know is shown with its underscores as spaces, never dropped.
"""

from __future__ import annotations

from typing import Any

from annotator.codebook import Codebook
from annotator.detect_layers import suggestion_target
from annotator.model import Suggestion

LISTS = {
    "loaded_terms.tsv": "the project's curated list of loaded terms",
    "loaded_rhetoric.tsv": "the curated list of insults, hyperbole and demonising labels",
    "general_emotive.tsv": "the general list of emotive words (from VADER and TextBlob)",
    "reporting_verbs.tsv": "the curated list of reporting verbs",
    "source_types.tsv": "the curated list of source words",
}
RULES = {
    "lexicon": "{entry} is in {lexicon}",
    "lexicon_in_context": "{entry} is in {lexicon}, with no word beside it that cancels it",
    "reporting_verb": "{entry} is in {lexicon}",
    "emphasis_capitals": "a word written in capitals for emphasis",
    "scare_quotes": "one or two words set in quotation marks (scare quotes)",
    "subject_of_cue": "who speaks: the words before the reporting verb",
    "dependency_subject": "who speaks: the parser's subject of the reporting verb",
    "content_of_cue": "what was said: the words the reporting verb introduces",
    "dependency_complement": "what was said: the parser's clause under the reporting verb",
    "dependency_object": "what was said: the parser's objects of the reporting verb",
    "interrupted_content": "what was said, its first part: the words before a reporting verb "
    "set off by commas (“X, he said, Y”)",
    "dependency_reported_subject": "what was said, its first part: the parser's subject of a "
    "passive or of “seem” or “appear” (“the bill is expected to pass”), which reports about "
    "it, not who speaks",
    "quotation_without_cue": "a quotation with no reporting verb near it",
    "trained model": "the trained model ({entry})",
}
CUE_RULES = {
    "according-to": "“according to” before a source",
    "as-noted-by": "“as … by” before a source",
    "that_clause": "followed by “that”",
    "colon": "followed by a colon",
    "quotation_after": "followed by a quotation",
    "clause_after": "followed by what was said",
    "clause_after_addressee": "followed by whom it was said to and what",
    "quotation_before": "after a quotation",
    "as_parenthetical": "set off by commas after what was said (“…, as he said”)",
    "parenthetical": "set off by commas after what was said (“…, he said, …”)",
    "mark_before_quotation": "a colon or dash before a quotation",
    "clausal_complement": "the parser found the clause it introduces",
}
MATCHED_ON = {
    "lemma": "matched on its dictionary form",
    "lower": "matched as written",
}
ENTITIES = {
    "PERSON": "a person",
    "ORG": "an organisation",
    "GPE": "a country, city or state",
    "NORP": "a nationality, religious or political group",
    "LOC": "a place",
    "FAC": "a building or facility",
}
TIERS = {"parser": "with the English parser", "blank": "without a parser (rules on words only)"}


def words_for_code(code: str) -> str:
    """An unknown code, readable: underscores and hyphens as spaces."""
    return code.replace("_", " ").replace("-", " ")


def describe_suggestion(codebook: Codebook, suggestion: Suggestion) -> list[str]:
    """Lines, first the suggested label: why, neutral alternative, attributes, score, finder."""
    layer, label, attributes = suggestion_target(suggestion)
    why: dict[str, Any] = dict(suggestion.explanation or {})
    try:
        layer_title = codebook.layer(layer).title
    except KeyError:
        layer_title = words_for_code(layer)
    lines = [f"Suggested: {codebook.label_title(layer, label)} ({layer_title})"]
    reason = describe_rule(why)
    if reason:
        lines.append(f"Why: {reason}")
    alternative = why.get("neutral_alternative") or attributes.get("neutral_alternative")
    if alternative:
        lines.append(f"Neutral alternative: {alternative}")
    for name, value in sorted(attributes.items()):
        if name != "neutral_alternative" and value:
            title = _attribute_title(codebook, layer, name)
            lines.append(f"{title}: {codebook.attribute_value_title(layer, name, value)}")
    if why.get("entity") in ENTITIES:
        lines.append(f"Recognised as {ENTITIES[why['entity']]}")
    for key in ("note", "phrase"):
        if why.get(key) and not str(why[key]).startswith("score "):
            lines.append(str(why[key])[0].upper() + str(why[key])[1:])
    score = suggestion.score if suggestion.score is not None else why.get("score")
    if isinstance(score, int | float):
        lines.append(f"Score: {score:.2f} of 1 (higher: more often right)")
    lines.append(f"Found by {describe_finder(suggestion.detector, why)}")
    return lines


def describe_rule(why: dict[str, Any]) -> str:
    """Which rule or list made the suggestion, as a sentence ("" when nothing is known)."""
    rule = str(why.get("rule") or "")
    entry = f"“{why['entry']}”" if why.get("entry") else "the word"
    lexicon = LISTS.get(str(why.get("lexicon") or ""), "")
    if not lexicon and why.get("lexicon"):
        lexicon = f"the word list “{str(why['lexicon']).removesuffix('.tsv')}”"
    base, _, cue_rule = rule.partition(":")
    if base == "reporting_verb" and cue_rule:
        text = f"{entry} is a reporting verb, {CUE_RULES.get(cue_rule, words_for_code(cue_rule))}"
    elif base in RULES:
        text = RULES[base].format(entry=entry, lexicon=lexicon or "a word list")
    elif base in CUE_RULES:
        text = f"a reporting phrase: {CUE_RULES[base]}"
    elif base:
        text = words_for_code(base)
    else:
        return ""
    if why.get("matched_on") in MATCHED_ON:
        text += f", {MATCHED_ON[why['matched_on']]}"
    return text


def describe_finder(detector: str, why: dict[str, Any]) -> str:
    """What found the suggestion: the rules (and with which pipeline), or a trained model."""
    if why.get("rule") == "trained model" or not detector.startswith("annotator.detect"):
        return "a trained model"
    tier = TIERS.get(str(why.get("tier") or ""))
    return f"the rules, {tier}" if tier else "the rules"


def _attribute_title(codebook: Codebook, layer: str, name: str) -> str:
    try:
        return next(a.title for a in codebook.layer(layer).attributes if a.name == name)
    except (KeyError, StopIteration):
        return words_for_code(name).capitalize()
