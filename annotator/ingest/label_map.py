"""What other tools' label names become in the codebook: the one mapping rule for imports.

Spans (Prodigy and doccano labels, brat types, Label Studio and WebAnno labels) become a
(layer, label) of the codebook; document labels (Prodigy choices, doccano categories, Label
Studio choices) a (scheme, choice). In this order:

1. ``--map NAME=TARGET:VALUE`` says it: TARGET is a layer (a span label) or a scheme (a
   document label), VALUE one of its labels or choices. ``--map NAME=`` leaves NAME out
   (counted in the report, never silently).
2. Built-in defaults for brat's attribution corpora (PolNeAR): ``Source``, ``Cue``,
   ``Content`` are the attribution layer's source, cue and content.
3. The name itself: the one layer that has it as a label (a span), or the one scheme that has
   it as a choice (a document label); matched exactly, else in lower case, else by title.
   A choice in a single-choice and a multi-choice scheme (the primary and the secondary
   frames) goes to the single-choice one when the record gives one value, to the multi-choice
   one when it gives several.

A name none of these place stops the import naming it (or, with ``--skip-bad``, that
record's labels are listed as not imported).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.codebook import Codebook
from annotator.errors import AnnotatorError

# brat types of PolNeAR (Newell et al. 2018) and other attribution corpora
DEFAULT_SPAN_MAP = {
    "Source": ("attribution", "source"),
    "Cue": ("attribution", "cue"),
    "Content": ("attribution", "content"),
}


class MappingError(AnnotatorError):
    """A ``--map`` option that cannot be used, or a label name nothing places."""


@dataclass(frozen=True)
class LabelMap:
    """Explicit mappings: name -> (layer or scheme, label or choice); None leaves it out."""

    explicit: dict[str, tuple[str, str] | None] = field(default_factory=dict)

    @classmethod
    def parse(cls, items: Iterable[str]) -> LabelMap:
        """From ``NAME=TARGET:VALUE`` or ``NAME=`` items (the CLI's ``--map``)."""
        explicit: dict[str, tuple[str, str] | None] = {}
        for item in items:
            name, sep, target = item.partition("=")
            name, target = name.strip(), target.strip()
            if not sep or not name:
                raise MappingError(
                    f"--map takes NAME=LAYER:LABEL or NAME=SCHEME:CHOICE or NAME=, not '{item}'"
                )
            if not target:
                explicit[name] = None
                continue
            where, colon, value = target.partition(":")
            if not colon or not where.strip() or not value.strip():
                raise MappingError(f"--map {item}: the target is LAYER:LABEL or SCHEME:CHOICE")
            explicit[name] = (where.strip(), value.strip())
        return cls(explicit)

    def check(self, book: Codebook) -> None:
        """Refuse targets the codebook does not have, before anything is read."""
        layers = {layer.name: [x.name for x in layer.labels] for layer in book.layers}
        schemes = {s.name: [c.name for c in s.choices] for s in book.schemes}
        for name, target in self.explicit.items():
            if target is None:
                continue
            where, value = target
            known = layers.get(where, schemes.get(where))
            if known is None:
                raise MappingError(
                    f"--map {name}: no layer or scheme '{where}' in the codebook "
                    f"(layers: {', '.join(layers)}; schemes: {', '.join(schemes)})"
                )
            if value not in known:
                raise MappingError(
                    f"--map {name}: '{value}' is not in {where} ({', '.join(known)})"
                )

    def span_target(
        self, label: str, book: Codebook, layer: str | None = None
    ) -> tuple[str, str] | None:
        """The (layer, label) of a span label; None when mapped to nothing. Raises
        MappingError when no layer, or several, have it."""
        if label in self.explicit:
            target = self.explicit[label]
            if target is not None and target[0] not in {x.name for x in book.layers}:
                raise MappingError(f"'{label}' is mapped to '{target[0]}', which is not a layer")
            return target
        owner, dot, name = label.partition(".")  # "layer.label", as brat exports write it
        layers = {x.name: {y.name for y in x.labels} for x in book.layers}
        if layer is None and dot and name in layers.get(owner, ()):
            return owner, name
        if layer is None and label in DEFAULT_SPAN_MAP:
            found = DEFAULT_SPAN_MAP[label]
            if found[0] in {x.name for x in book.layers}:
                return found
        names = [layer] if layer else [x.name for x in book.layers]
        candidates: list[tuple[str, str, str]] = []
        for name in names:
            try:
                labels = book.layer(name).labels
            except KeyError:
                raise MappingError(f"no layer '{name}' in the codebook") from None
            candidates += [(name, x.name, x.title) for x in labels]
        matches = _matches(label, candidates)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            known = ", ".join(f"{w}:{v}" for w, v, _ in candidates)
            raise MappingError(
                f"'{label}' is no label of the codebook ({known}); map it with "
                f"--map '{label}=LAYER:LABEL', or leave it out with --map '{label}='"
            )
        raise MappingError(
            f"'{label}' is a label of layers {', '.join(m[0] for m in matches)}; give the span "
            f"a 'layer', or map it with --map '{label}=LAYER:LABEL'"
        )

    def choice_targets(
        self, values: Sequence[str], book: Codebook, scheme: str | None = None
    ) -> tuple[dict[str, list[str]], list[str]]:
        """Document label values grouped as {scheme: [choices]} in codebook order, and the
        values mapped to nothing (left out). Raises MappingError for values nothing places."""
        found: dict[str, list[str]] = {}
        left_out: list[str] = []
        unknown: list[str] = []
        choice_schemes = [s for s in book.schemes if s.kind != "text"]
        for value in values:
            if value in self.explicit:
                target = self.explicit[value]
                if target is None:
                    left_out.append(value)
                    continue
                if target[0] not in {s.name for s in choice_schemes}:
                    raise MappingError(
                        f"'{value}' is mapped to '{target[0]}', which is not a choice scheme"
                    )
                found.setdefault(target[0], []).append(target[1])
                continue
            pool = [s for s in choice_schemes if scheme is None or s.name == scheme]
            if scheme is not None and not pool:
                text = [s for s in book.schemes if s.name == scheme and s.kind == "text"]
                if text:  # a free-text scheme takes the value as it is
                    found.setdefault(scheme, []).append(value)
                    continue
                pool = choice_schemes  # the tool's name for the question is not ours
            candidates = [(s.name, c.name, c.title) for s in pool for c in s.choices]
            matches = _matches(value, candidates)
            if len({m[0] for m in matches}) > 1:
                kind = "single" if len(values) == 1 else "multi"
                matches = [m for m in matches if book.scheme(m[0]).kind == kind] or matches
            if len({m[0] for m in matches}) == 1:
                found.setdefault(matches[0][0], []).append(matches[0][1])
            elif not matches:
                unknown.append(value)
            else:
                raise MappingError(
                    f"document label '{value}' is a choice of "
                    f"{', '.join(sorted({m[0] for m in matches}))}; map it with "
                    f"--map '{value}=SCHEME:CHOICE'"
                )
        if unknown:
            known = "; ".join(
                f"{s.name}: {', '.join(c.name for c in s.choices)}" for s in choice_schemes
            )
            raise MappingError(
                f"document label(s) {', '.join(repr(v) for v in unknown)} match no choice of "
                f"the codebook ({known}); map each with --map 'VALUE=SCHEME:CHOICE', or leave "
                "it out with --map 'VALUE='"
            )
        for name, chosen in found.items():
            order = [c.name for c in book.scheme(name).choices]
            if order:
                found[name] = sorted(set(chosen), key=order.index)
        return found, left_out


def _matches(name: str, candidates: Sequence[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """(where, value) of the candidates that ``name`` names: exactly, else in lower case (a
    Prodigy label is upper case), else by title or with spaces for underscores."""
    for same in (
        lambda value, title: value == name,
        lambda value, title: value == name.lower(),
        lambda value, title: (
            title.lower() == name.lower()
            or value == name.lower().replace(" ", "_").replace("-", "_")
        ),
    ):
        found = [(where, value) for where, value, title in candidates if same(value, title)]
        if found:
            return list(dict.fromkeys(found))
    return []
