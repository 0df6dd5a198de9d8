"""Word choice: groups of terms that name the same thing, and finding those terms in text.

Groups come from two places (docs/compare.md):

- the codebook's ``[compare]`` table (``Codebook.referent_groups``), which a user edits;
- the lexicons' neutral alternatives: a loaded term and the wording a neutral report would use
  ("regime" and "government"), merged when they share a term ("martyr" -> "kill; dead" and
  "neutralize" -> "kill" make one group). Instructions in brackets ("(drop)") are not terms.
  A codebook group replaces every lexicon group that shares a term with it.

A term counts its inflected forms: the forms of its lemma in spaCy's lookup table, plus regular
endings (``annotator.detect.lexicons.phrase_forms``), so "killed" also counts "kill", "kills"
and "killing". Words are those of ``annotator.compare.words``; a phrase matches its words in a
row; where terms overlap, the longest match at the leftmost place wins and nothing counts twice.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from annotator.codebook import Codebook
from annotator.compare.words import find_words, word_key, word_keys

_BRACKETED = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class WordGroup:
    """One referent group as compared: where it came from and its terms in order."""

    name: str
    title: str
    terms: tuple[str, ...]
    origin: str  # "codebook" or "lexicon"
    description: str = ""


@dataclass(frozen=True)
class _Form:
    keys: tuple[bytes, ...]
    term: int  # index into TermMatcher.terms
    text: str


def word_groups(codebook: Codebook) -> list[WordGroup]:
    """The codebook's groups, then (unless it turns them off) the lexicon groups left over."""
    groups = [
        WordGroup(g.name, g.title, g.terms, "codebook", g.description)
        for g in codebook.referent_groups
    ]
    if codebook.lexicon_groups:
        taken = {_lemma_key(term) for group in groups for term in group.terms}
        for group in lexicon_groups():
            if not taken & {_lemma_key(term) for term in group.terms}:
                groups.append(group)
    return groups


def lexicon_groups() -> list[WordGroup]:
    """Groups made of the lexicons' entries and their neutral alternatives (see above)."""
    from annotator.detect.lexicons import LOADED_FILES, REPORTING_VERBS, read_lexicon

    entries: list[list[str]] = []
    for name in (*LOADED_FILES, REPORTING_VERBS):
        for entry in read_lexicon(name):
            alternatives = (
                " ".join(alt.split()).lower()
                for alt in _BRACKETED.sub(" ", entry.neutral_alternative).split(";")
            )
            terms = [entry.term, *(alt for alt in alternatives if alt)]
            if len(terms) >= 2:
                entries.append(terms)
    parent = list(range(len(entries)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[bytes, int] = {}  # lemma key of a term -> first entry that has it
    for i, terms in enumerate(entries):
        for key in map(_lemma_key, terms):
            if key in owner:
                parent[root(i)] = root(owner[key])
            else:
                owner[key] = i
    merged: dict[int, dict[bytes, str]] = {}  # root -> terms by lemma key, in order met
    for i, terms in enumerate(entries):
        group = merged.setdefault(root(i), {})
        for term in terms:
            group.setdefault(_lemma_key(term), term)
    return [
        WordGroup(f"lexicon_{_slug(terms[0])}", " | ".join(terms), tuple(terms), "lexicon")
        for terms in (list(group.values()) for group in merged.values())
    ]


def _slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", term.lower()).strip("_")


def _lemma_key(term: str) -> bytes:
    from annotator.detect.lexicons import lemma_table

    words = term.lower().split()
    if len(words) == 1:
        words = [lemma_table().get(words[0], words[0])]
    return b" ".join(word_key(w) for w in words)


class TermMatcher:
    """Finds the terms of some word groups in text: counts (fast) or positions."""

    def __init__(self, groups: Sequence[WordGroup]):
        from annotator.detect.lexicons import lemma_table, phrase_forms

        self.groups = tuple(groups)
        self.terms: list[tuple[int, str]] = []  # (group index, term)
        owned: dict[tuple[bytes, ...], int] = {}
        for g, group in enumerate(self.groups):
            for term in group.terms:
                index = len(self.terms)
                self.terms.append((g, term))
                words = term.split()
                base = lemma_table().get(term, term) if len(words) == 1 else term
                for spelling in sorted(phrase_forms(base) | phrase_forms(term) | {term}):
                    keys = tuple(word_keys(spelling))
                    if keys and keys not in owned:  # the first group to claim a form keeps it
                        owned[keys] = index
        self._forms: dict[bytes, list[_Form]] = {}
        texts = {keys: b" ".join(keys).decode("utf-8", "replace") for keys in owned}
        for keys, index in owned.items():
            self._forms.setdefault(keys[0], []).append(_Form(keys, index, texts[keys]))
        for forms in self._forms.values():
            forms.sort(key=lambda f: -len(f.keys))  # the longest first
        self._firsts = frozenset(self._forms)
        self._phrase_pairs: dict[tuple[bytes, bytes], list[_Form]] = {}
        for forms in self._forms.values():  # the longest first, as above
            for form in forms:
                if len(form.keys) > 1:
                    self._phrase_pairs.setdefault((form.keys[0], form.keys[1]), []).append(form)
        self._single = {
            first: form
            for first, forms in self._forms.items()
            for form in forms
            if len(form.keys) == 1
        }
        self._phrase_firsts = frozenset(
            first for first, forms in self._forms.items() if len(forms[0].keys) > 1
        )

    def count(self, text: str | bytes) -> tuple[int, Counter]:
        """``(words, Counter of (term index, form) -> occurrences)`` for one text (or its UTF-8
        bytes). Words are tallied once (in C); only where a phrase may start are positions
        looked at, so a text costs little more than splitting it."""
        keys = word_keys(text)
        found = self._firsts.intersection(keys)
        hits: Counter = Counter()
        if not found:
            return len(keys), hits
        tally = Counter(keys) if len(found) > 2 else None
        consumed: Counter = Counter()  # words inside a matched phrase, by key
        phrases = found & self._phrase_firsts
        if phrases:
            for form, first, last in self._phrase_matches(keys, phrases):
                hits[(form.term, form.text)] += 1
                consumed.update(keys[first : last + 1])
        for first in found:
            single = self._single.get(first)
            if single is not None:
                n = (tally[first] if tally is not None else keys.count(first)) - consumed[first]
                if n:
                    hits[(single.term, single.text)] += n
        return len(keys), hits

    def _phrase_matches(self, keys: list[bytes], starts: AbstractSet[bytes]) -> list[tuple]:
        """Matches of phrases (two words or more), leftmost first, without overlap."""
        candidates = []
        pairs = self._phrase_pairs
        for first in starts:
            at = -1
            while True:
                try:
                    at = keys.index(first, at + 1)
                except ValueError:
                    break
                for form in pairs.get((first, keys[at + 1] if at + 1 < len(keys) else b""), ()):
                    if tuple(keys[at : at + len(form.keys)]) == form.keys:
                        candidates.append((at, at + len(form.keys) - 1, form))
                        break
        matches, end = [], -1
        for begin, last, form in sorted(candidates, key=lambda c: c[0]):
            if begin > end:
                matches.append((form, begin, last))
                end = last
        return matches

    def find(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple]:
        """``(term index, form, start, end)`` of every match in ``text[start:end]``."""
        matches = list(find_words(text, start, end))
        keys = [word_key(m.group()) for m in matches]
        found = self._firsts.intersection(keys)
        for form, first, last in self._scan(keys, found):
            yield form.term, form.text, matches[first].start(), matches[last].end()

    def _scan(
        self, keys: list[bytes], found: AbstractSet[bytes]
    ) -> Iterator[tuple[_Form, int, int]]:
        """Leftmost-longest matches without overlap: ``(form, first word, last word)``."""
        position, size = 0, len(keys)
        while position < size:
            key = keys[position]
            if key in found:
                for form in self._forms[key]:
                    width = len(form.keys)
                    if tuple(keys[position : position + width]) == form.keys:
                        yield form, position, position + width - 1
                        position += width
                        break
                else:
                    position += 1
            else:
                position += 1
