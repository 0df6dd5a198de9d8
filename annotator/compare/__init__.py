"""Comparing how groups of articles (outlets, by default) covered a story, from one named label
source (gold, one coder, all coders pooled, or the detector's suggestions). No Qt.

What the CLI, the HTML report and the app's Compare view call:

- ``compare_project(project, source=, by=, story=)`` -> ``Comparison``: every figure below, the
  groups, the source stated, notes (docs/compare.md explains each figure and its interval);
- ``Comparison.loaded``: loaded language per 1,000 words by category (a ``Chart``: a ``Value``
  with count, base, value and 95% bootstrap interval per group and category);
- ``Comparison.attribution``: cue stance, source type, unnamed sources, quote type (charts);
- ``Comparison.word_choice``: per word group (``WordChoice``), each term's uses and share;
  ``annotator.compare.term_sentences.term_sentences`` finds the sentences behind one cell;
- ``Comparison.answers``: primary and secondary frames (and other choice schemes);
- ``Comparison.aligned``: facts reported by several groups, sentences side by side, marked;
- ``tables.comparison_dict`` (JSON), ``tables.write_csv_tables``, ``html_report.html_report``:
  the outputs; ``documents``: counting detected documents outside a project (docs/scale.md).

Importing the package loads none of it: each name below loads its module on first use, so
``annotator.compare.selection`` (the command line's help texts) comes without numpy and the
counting code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.lazy_names import lazy_names

if TYPE_CHECKING:
    from annotator.compare.alignment import AlignedFact, AlignedSentence, Mark
    from annotator.compare.comparison import Comparison, GroupSummary, compare_project
    from annotator.compare.figures import Category, Chart, WordChoice
    from annotator.compare.intervals import BootstrapSettings, Value
    from annotator.compare.selection import CompareError, GroupBy, LabelSource

_MODULES = {
    "alignment": ("AlignedFact", "AlignedSentence", "Mark"),
    "comparison": ("Comparison", "GroupSummary", "compare_project"),
    "figures": ("Category", "Chart", "WordChoice"),
    "intervals": ("BootstrapSettings", "Value"),
    "selection": ("CompareError", "GroupBy", "LabelSource"),
}
# ``annotator.compare.NAME``: imported from its module the first time it is asked for
__getattr__ = lazy_names(__name__, _MODULES, globals())


__all__ = [
    "AlignedFact",
    "AlignedSentence",
    "BootstrapSettings",
    "Category",
    "Chart",
    "CompareError",
    "Comparison",
    "GroupBy",
    "GroupSummary",
    "LabelSource",
    "Mark",
    "Value",
    "WordChoice",
    "compare_project",
]
