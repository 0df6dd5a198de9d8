"""The same facts side by side: sentences of different groups that report the same thing.

Each sentence becomes a set of features: its numbers ("2,100" is 2100), its names (words
with a capital letter that are not common words) and its content words (lemmas, without
common words). A feature shared by few sentences says more than one shared by many, so each
weighs its inverse sentence frequency, ``log(1 + sentences / sentences with it)``, and a
number weighs double. Two sentences of different groups score

    2 x (weight of the features they share) / (weight of one's + weight of the other's)

(a weighted Dice coefficient, 0 to 1), and are aligned when they score at least
``MIN_SCORE`` and share a number or a name (a rare one: see ``MAX_PROPOSING``; a name
every sentence has proposes nothing). Aligned pairs join into facts, best pairs first,
keeping at most one sentence per group in a fact. No model and no download: every fact lists
the features that made it.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.compare.words import find_words, sentence_bounds

MIN_SCORE = 0.3
MIN_WORDS = 4  # shorter lines (bylines, datelines, "Read: ...") are not facts
MAX_FACTS = 50
# A number or name found in more sentences than this (40, or a twentieth of the sentences in
# a long story) proposes no pair by itself, though it still counts in the score: "Turkish" in
# a story about Turkey would pair everything. The rarest features propose first, and at most
# MAX_PAIRS pairs are scored.
MAX_PROPOSING = 40
MAX_PAIRS = 200_000
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?")
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in into
    is it its itself just me more most my no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself said says say told tell added add
    according one two three mr mrs ms monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    last week month year years today yesterday since still however already""".split()
)


@dataclass(frozen=True)
class Mark:
    """A lit stretch of an aligned sentence: offsets into the sentence's text."""

    start: int
    end: int
    kind: str  # "loaded", "cue" or "term" (a word-choice term)
    label: str  # loaded category, cue stance, or word group


@dataclass(frozen=True)
class AlignedSentence:
    group: str
    article_id: int
    title: str
    start: int  # offsets into the article's text
    end: int
    text: str
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class AlignedFact:
    score: float  # the best pair's score
    shared: tuple[str, ...]  # the features the aligned pairs share: "#36", "Erdogan", "kill"
    sentences: tuple[AlignedSentence, ...]  # one per group, in group order


@dataclass(frozen=True)
class ArticleText:
    """What alignment reads of an article: its group, title, text and marks (in text offsets)."""

    article_id: int
    group: str
    title: str
    text: str
    marks: tuple[Mark, ...] = ()


@dataclass
class _Sentence:
    article: ArticleText
    start: int
    end: int
    features: dict[str, str]  # feature -> how it is shown


def align(articles: Sequence[ArticleText], group_order: Sequence[str]) -> list[AlignedFact]:
    """Facts reported by more than one group, best first (at most ``MAX_FACTS``)."""
    from annotator.detect.lexicons import lemma_table

    lemmas = lemma_table()
    sentences = [
        _Sentence(article, start, end, _features(article.text[start:end], lemmas))
        for article in articles
        for start, end in sentence_bounds(article.text)
        if sum(1 for _ in find_words(article.text, start, end)) >= MIN_WORDS
    ]
    frequency = Counter(f for s in sentences for f in s.features)
    weight = {
        f: math.log(1 + len(sentences) / n) * (2.0 if f.startswith("#") else 1.0)
        for f, n in frequency.items()
    }
    pairs = []
    for a, b in _candidates(sentences):
        first, second = sentences[a], sentences[b]
        shared = first.features.keys() & second.features.keys()
        total = sum(weight[f] for f in first.features) + sum(weight[f] for f in second.features)
        score = 2 * sum(weight[f] for f in shared) / total if total else 0.0
        if score >= MIN_SCORE:
            pairs.append((score, a, b, shared))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return _facts(sentences, pairs, group_order)


def _features(text: str, lemmas: dict[str, str]) -> dict[str, str]:
    features: dict[str, str] = {}
    for number in NUMBER.findall(text):
        value = number.replace(",", "")
        features[f"#{value}"] = number
    for match in find_words(text):
        word = match.group()
        lower = word.lower()
        if word.isdigit() or lower in STOPWORDS or len(word) < 3:
            continue
        if word[0].isupper():
            features[f"N{lower}"] = word
        else:
            lemma = lemmas.get(lower, lower)
            features[f"w{lemma}"] = lemma
    return features


def _candidates(sentences: list[_Sentence]) -> Iterable[tuple[int, int]]:
    """Pairs of sentences of different groups that share a number or a name, through the
    rarest such features first (see ``MAX_PROPOSING``, ``MAX_PAIRS``)."""
    by_feature = defaultdict(list)
    for i, sentence in enumerate(sentences):
        for feature in sentence.features:
            if feature[0] in "#N":
                by_feature[feature].append(i)
    limit = max(MAX_PROPOSING, len(sentences) // 20)
    seen: set[tuple[int, int]] = set()
    for members in sorted(by_feature.values(), key=len):
        if len(members) > limit:
            break
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                if sentences[a].article.group != sentences[b].article.group and (a, b) not in seen:
                    seen.add((a, b))
                    yield a, b
                    if len(seen) >= MAX_PAIRS:
                        return


def _facts(
    sentences: list[_Sentence], pairs: list[tuple], group_order: Sequence[str]
) -> list[AlignedFact]:
    """Join pairs into facts, best first, at most one sentence per group in each fact."""
    fact_of: dict[int, int] = {}
    members: list[set[int]] = []
    scores: list[float] = []
    shared: list[dict[str, str]] = []
    for score, a, b, features in pairs:
        fa, fb = fact_of.get(a), fact_of.get(b)
        if fa is not None and fa == fb:
            continue
        joined = (members[fa] if fa is not None else {a}) | (members[fb] if fb is not None else {b})
        groups = [sentences[i].article.group for i in joined]
        if len(groups) != len(set(groups)):
            continue  # a group would report the fact twice: keep the better pairs
        target = fa if fa is not None else fb
        if target is None:
            target = len(members)
            members.append(set())
            scores.append(score)
            shared.append({})
        for other in (fa, fb):
            if other is not None and other != target:
                members[other] = set()
                for feature, text in shared[other].items():
                    shared[target].setdefault(feature, text)
        members[target] = joined
        for i in joined:
            fact_of[i] = target
        for feature in sorted(features):
            shared[target].setdefault(feature, sentences[a].features[feature])
    facts = []
    for f, found in enumerate(members):
        if len(found) < 2:
            continue
        chosen = sorted(found, key=lambda i: group_order.index(sentences[i].article.group))
        facts.append(
            AlignedFact(
                round(scores[f], 3),
                tuple(_shown(feature, text) for feature, text in shared[f].items()),
                tuple(_aligned(sentences[i]) for i in chosen),
            )
        )
    facts.sort(key=lambda fact: (-fact.score, fact.sentences[0].article_id))
    return facts[:MAX_FACTS]


def _shown(feature: str, text: str) -> str:
    return f"#{text}" if feature.startswith("#") else text


def _aligned(sentence: _Sentence) -> AlignedSentence:
    article, start, end = sentence.article, sentence.start, sentence.end
    marks = tuple(
        Mark(max(m.start, start) - start, min(m.end, end) - start, m.kind, m.label)
        for m in article.marks
        if m.start < end and m.end > start
    )
    return AlignedSentence(
        article.group, article.article_id, article.title, start, end, article.text[start:end], marks
    )
