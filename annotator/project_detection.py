"""Detection of a whole project with the suggester the project chose: the same in the app and in
``annotator detect --project``.

The choice is a project setting, so every machine and every tool fills a project the same way:
the rules and lexicons (at a tier), a model folder made by ``annotator train``, or both merged
(the model's suggestions, and the rules' that overlap none of them in their codebook layer).
A run replaces, in the articles it ran on, what any other suggester stored there; coders' labels
and their decisions are never touched. Suggestions are stored in batches and a Cancel keeps
what was stored (``annotator.detect.run.fill_project``).

How sure a rule's suggestion must be to be stored is a project setting too: a sensitivity per
layer (``Sensitivity``: a preset of annotator/detect/sensitivity.py, ``high_recall``,
``balanced`` or ``high_precision``, or a minimum score from 0 to 1), balanced unless chosen.

Reading the choice and describing the stored suggestions need no spaCy (the app does both at
start-up); spaCy is imported when detection runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.detect_layers import DETECT_LAYERS, version_tier
from annotator.errors import AnnotatorError, ProjectError
from annotator.progress import ProgressCallback, no_progress
from annotator.store import Project

if TYPE_CHECKING:
    from annotator.detect import ProjectDetection

RULES_KEY = "suggester.rules"  # a tier of the rules, or "" for no rules
MODEL_KEY = "suggester.model"  # a model folder, or "" for none
SENSITIVITY_KEY = "suggester.sensitivity."  # + a layer: a preset name or a minimum score
RULE_TIERS = ("auto", "parser", "blank")
PRESETS = ("high_recall", "balanced", "high_precision")  # annotator.detect.sensitivity's


@dataclass(frozen=True)
class SuggesterChoice:
    """Which suggester fills the project: ``rules`` (a tier, or None for no rules) and
    ``model`` (a model folder, or None); both set: their suggestions merged."""

    rules: str | None = "auto"
    model: Path | None = None

    def __post_init__(self) -> None:
        if self.rules is not None and self.rules not in RULE_TIERS:
            raise AnnotatorError(
                f"unknown tier '{self.rules}' for the rules; choose one of {', '.join(RULE_TIERS)}"
            )
        if self.rules is None and self.model is None:
            raise AnnotatorError("a suggester needs the rules, a model, or both")

    @property
    def merged(self) -> bool:
        return self.rules is not None and self.model is not None

    def describe(self) -> str:
        rules = "the rules and lexicons"
        if self.rules not in (None, "auto"):
            rules += f" ({self.rules} tier)"
        if self.model is None:
            return rules
        model = f"the model {self.model}"
        return f"{rules} merged with {model}" if self.merged else model


@dataclass(frozen=True)
class Sensitivity:
    """How sure a rule's suggestion must be to be kept, per layer: a preset name (the same for
    every layer unless ``levels`` says otherwise) or a minimum score. Layers not in ``levels``
    are ``balanced``."""

    levels: Mapping[str, str | float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for layer, level in self.levels.items():
            if layer not in DETECT_LAYERS:
                raise AnnotatorError(
                    f"unknown layer '{layer}'; choose one of {', '.join(DETECT_LAYERS)}"
                )
            if isinstance(level, str) and level not in PRESETS:
                raise AnnotatorError(
                    f"unknown sensitivity '{level}'; choose one of {', '.join(PRESETS)}"
                )
            if not isinstance(level, str) and not 0.0 <= level <= 1.0:
                raise AnnotatorError(f"{layer}: a minimum score is between 0 and 1, not {level}")

    def level(self, layer: str) -> str | float:
        return self.levels.get(layer, "balanced")

    def min_scores(self) -> dict[str, float]:
        """The minimum score of each layer (what ``rules_suggester`` and ``keep_passing`` take)."""
        from annotator.detect.sensitivity import SENSITIVITIES

        found = {}
        for layer in DETECT_LAYERS:
            level = self.level(layer)
            found[layer] = SENSITIVITIES[level][layer] if isinstance(level, str) else float(level)
        return found

    def describe(self) -> str:
        levels = {layer: self.level(layer) for layer in DETECT_LAYERS}
        if len(set(levels.values())) == 1:
            return _level_name(levels[DETECT_LAYERS[0]])
        return ", ".join(f"{layer} {_level_name(level)}" for layer, level in levels.items())


def _level_name(level: str | float) -> str:
    return level.replace("_", " ") if isinstance(level, str) else f"min score {level:g}"


def read_sensitivity(project: Project) -> Sensitivity:
    """The project's sensitivity per layer; balanced where none was chosen."""
    levels: dict[str, str | float] = {}
    for layer in DETECT_LAYERS:
        stored = project.settings.get(SENSITIVITY_KEY + layer)
        if not stored:
            continue
        try:
            levels[layer] = stored if stored in PRESETS else float(stored)
        except ValueError:
            levels[layer] = stored  # not a number: Sensitivity says what is wrong
    try:
        return Sensitivity(levels)
    except AnnotatorError as exc:
        raise ProjectError(
            f"{project.path}: the stored sensitivity is not usable ({exc}); choose it again"
        ) from None


def save_sensitivity(project: Project, sensitivity: Sensitivity) -> None:
    """Keep ``sensitivity`` in the project (every layer, balanced where it says nothing)."""
    values = {}
    for layer in DETECT_LAYERS:
        level = sensitivity.level(layer)
        values[SENSITIVITY_KEY + layer] = level if isinstance(level, str) else f"{level:g}"
    project.settings.set(values)


def read_choice(project: Project) -> SuggesterChoice:
    """The project's suggester; the rules at the best tier if none was chosen."""
    rules = project.settings.get(RULES_KEY, "auto")
    model = project.settings.get(MODEL_KEY, "")
    try:
        return SuggesterChoice(rules or None, Path(model) if model else None)
    except AnnotatorError as exc:
        raise ProjectError(
            f"{project.path}: the stored suggester is not usable ({exc}); choose it again"
        ) from None


def save_choice(project: Project, choice: SuggesterChoice) -> None:
    """Keep ``choice`` in the project; a model folder is checked (ModelError if it is not a
    trained suggester) and stored as an absolute path."""
    from annotator.training.model_folder import inspect_model_folder

    model = ""
    if choice.model is not None:
        model = str(inspect_model_folder(choice.model.expanduser()).path.resolve())
    project.settings.set({RULES_KEY: choice.rules or "", MODEL_KEY: model})


def detect_with_choice(
    project: Project,
    *,
    article_ids: Sequence[int] | None = None,
    batch_size: int = 32,
    progress: ProgressCallback = no_progress,
) -> ProjectDetection:
    """Fill the suggestions of every article (or ``article_ids``) with the project's suggester;
    the suggestions of any other suggester go from those articles. The rules keep the
    suggestions that pass the project's sensitivity (``read_sensitivity``)."""
    from annotator.detect import shared_pipeline
    from annotator.detect.run import fill_project, rules_suggester
    from annotator.training.suggester import merged_suggesters, model_suggester

    choice = read_choice(project)
    suggesters = []
    if choice.rules is not None:
        progress(0, None, "Loading the language pipeline…")
        nlp = shared_pipeline(choice.rules)  # checked by the choice
        scores = read_sensitivity(project).min_scores()
        suggesters.append(rules_suggester(nlp, batch_size, scores))
    if choice.model is not None:
        model = _load_model(choice.model, progress)
        learned = model_suggester(model, project.codebook, batch_size)
        suggesters = merged_suggesters(suggesters[0], learned) if suggesters else [learned]
    return fill_project(
        project,
        suggesters,
        article_ids=article_ids,
        exclusive=True,
        batch_size=batch_size,
        progress=progress,
    )


def _load_model(folder: Path, progress: ProgressCallback):
    from annotator.training.model_folder import ModelError
    from annotator.training.suggester import shared_model

    progress(0, None, f"Loading the model {folder.name}…")
    try:
        return shared_model(folder)
    except ModelError as exc:
        raise ModelError(
            f"{exc}. Choose the suggester again (the rules, or another model)."
        ) from None


def stored_detection(project: Project) -> str | None:
    """What made the project's suggestions, for people ("annotator.detect, parser tier"); None
    if it has none. The suggester with the most suggestions comes first."""
    detectors = project.suggestions.detectors()
    if not detectors:
        return None
    parts = []
    for detector, version, _count in detectors:
        tier = version_tier(version)
        part = f"{detector}, {tier} tier" if tier else f"{detector} {version}"
        if part not in parts:
            parts.append(part)
    return " + ".join(parts[:2]) + (" + …" if len(parts) > 2 else "")
