"""The train/dev split of a spaCy export: by story, so one story never lands on both sides.

Articles without a story are each their own group. Groups are shuffled with the seed and
taken into dev until dev holds at least ``dev_fraction`` of the documents, never all of them.
When every article shares one story, the split cannot be by story; it falls back to single
articles and says so in the summary.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from annotator.export.selection import ExportError, LabeledArticle


def group_of(article_uuid: str, story: str | None) -> str:
    return f"story:{story}" if story else f"article:{article_uuid}"


def split_articles(
    articles: Sequence[LabeledArticle], dev_fraction: float, seed: int, docs_per_article
) -> tuple[set[int], list[str]]:
    """The ids of the dev articles, and notes for the summary.

    ``docs_per_article(article)`` is how many documents an article becomes (one per coder
    for all-coders exports), so the fraction is of documents.
    """
    if not 0.0 <= dev_fraction < 1.0:
        raise ExportError(f"--dev-fraction must be at least 0 and below 1, not {dev_fraction}")
    notes: list[str] = []
    groups: dict[str, list[LabeledArticle]] = {}
    for article in articles:
        groups.setdefault(group_of(article.uuid, article.story), []).append(article)
    if dev_fraction > 0 and len(groups) == 1 and len(articles) > 1:
        notes.append(
            "every article belongs to one story, so the train/dev split is by article; "
            "dev articles share their story with train articles"
        )
        groups = {group_of(a.uuid, None): [a] for a in articles}
    sizes: Counter = Counter()
    for name, members in groups.items():
        sizes[name] = sum(docs_per_article(a) for a in members)
    total = sum(sizes.values())
    names = sorted(groups)
    random.Random(seed).shuffle(names)
    dev: set[str] = set()
    taken = 0
    for name in names:
        if taken >= dev_fraction * total:
            break
        if taken + sizes[name] >= total:  # train must keep something
            continue
        dev.add(name)
        taken += sizes[name]
    if dev_fraction > 0 and not dev:
        notes.append("too few articles for a dev split: every document is in train")
    return {a.id for name in dev for a in groups[name]}, notes
