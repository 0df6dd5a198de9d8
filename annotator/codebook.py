"""Codebooks: the layers, labels and document schemes a project is coded with.

A codebook is TOML (see resources/codebooks/default.toml). ``parse_codebook`` validates it and
names the offending key in every error; ``Codebook.hash`` is a SHA-256 of the parsed content, so
comments and layout do not change it, and every label stores the hash it was made under. The
optional ``[compare]`` table holds the word-choice groups a comparison counts
(``ReferentGroup``; docs/compare.md).

People read names through the titles: ``label_title``, ``choice_title`` and ``answer_text``
give the codebook's words for a stored name, and say "unknown" for one the codebook lacks. A
multi-choice scheme whose choices come from a single-choice scheme (secondary frames from the
primary frame) never holds that scheme's answer (``excluded_by``).
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.errors import CodebookError
from annotator.paths import resource_path

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
SCHEME_KINDS = ("single", "multi", "text")
ATTRIBUTE_KINDS = ("text", "choice")


@dataclass(frozen=True)
class Choice:
    name: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Label:
    name: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Attribute:
    name: str
    title: str
    kind: str
    choices: tuple[Choice, ...] = ()
    applies_to: tuple[str, ...] = ()  # label names; empty means every label of the layer
    description: str = ""


@dataclass(frozen=True)
class Layer:
    name: str
    title: str
    labels: tuple[Label, ...]
    attributes: tuple[Attribute, ...] = ()
    description: str = ""

    def label(self, name: str) -> Label:
        for label in self.labels:
            if label.name == name:
                return label
        raise KeyError(name)

    def attributes_for(self, label: str) -> tuple[Attribute, ...]:
        return tuple(a for a in self.attributes if not a.applies_to or label in a.applies_to)


@dataclass(frozen=True)
class Scheme:
    name: str
    title: str
    kind: str
    choices: tuple[Choice, ...] = ()
    ordered: bool = False
    description: str = ""
    choices_from: str = ""  # the earlier scheme whose choices this one repeats

    def choice(self, name: str) -> Choice:
        for choice in self.choices:
            if choice.name == name:
                return choice
        raise KeyError(name)


@dataclass(frozen=True)
class ReferentGroup:
    """Terms that name the same thing (``regime`` / ``government``): compared as word choice."""

    name: str
    title: str
    terms: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Codebook:
    name: str
    version: str
    description: str
    layers: tuple[Layer, ...]
    schemes: tuple[Scheme, ...]
    toml: str
    hash: str
    referent_groups: tuple[ReferentGroup, ...] = ()
    lexicon_groups: bool = True  # also group terms by the lexicons' neutral alternatives

    def layer(self, name: str) -> Layer:
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(name)

    def scheme(self, name: str) -> Scheme:
        for scheme in self.schemes:
            if scheme.name == name:
                return scheme
        raise KeyError(name)

    # -- names as people read them ------------------------------------------------------------

    def section_title(self, name: str) -> str:
        """The title of a layer or a scheme."""
        titles = {scheme.name: scheme.title for scheme in self.schemes}
        titles.update({layer.name: layer.title for layer in self.layers})  # a layer first
        return titles.get(name, f"unknown layer or scheme “{name}”")

    def label_title(self, layer: str, label: str) -> str:
        """The title of a layer's label."""
        try:
            return self.layer(layer).label(label).title
        except KeyError:
            return f"unknown label “{label}”"

    def choice_title(self, scheme: str, value: str) -> str:
        """The title of one choice of a scheme."""
        try:
            return self.scheme(scheme).choice(value).title
        except KeyError:
            return f"unknown choice “{value}”"

    def attribute_value_title(self, layer: str, attribute: str, value: Any) -> str:
        """A span attribute's value in words: a choice's title, or the text as it is."""
        try:
            found = next(a for a in self.layer(layer).attributes if a.name == attribute)
        except (KeyError, StopIteration):
            return str(value)
        if found.kind != "choice":
            return str(value)
        titles = {choice.name: choice.title for choice in found.choices}
        return titles.get(str(value), f"unknown choice “{value}”")

    def answer_text(self, scheme: str, value: Any) -> str:
        """A document label in words: a choice's title, the titles of several, or the text."""
        try:
            kind = self.scheme(scheme).kind
        except KeyError:
            return str(value)
        if kind == "text" or value is None:
            return "" if value is None else str(value)
        if isinstance(value, list | tuple | set | frozenset):
            names = sorted(value) if isinstance(value, set | frozenset) else list(value)
            return "; ".join(self.choice_title(scheme, v) for v in names) or "(none)"
        return self.choice_title(scheme, str(value))

    def excluded_by(self, scheme: str) -> str | None:
        """The single-choice scheme whose answer a multi-choice ``scheme`` may not hold."""
        try:
            found = self.scheme(scheme)
            source = self.scheme(found.choices_from) if found.choices_from else None
        except KeyError:
            return None
        if found.kind == "multi" and source is not None and source.kind == "single":
            return source.name
        return None


def codebook_hash(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_codebook(path: str | Path) -> Codebook:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CodebookError(f"{path}: cannot read codebook ({exc})") from exc
    return parse_codebook(text, source=str(path))


def default_codebook() -> Codebook:
    return load_codebook(resource_path("codebooks", "default.toml"))


def parse_codebook(text: str, source: str = "codebook") -> Codebook:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CodebookError(f"{source}: not valid TOML: {exc}") from exc
    reader = _Reader(source)
    head = reader.table(data.get("codebook"), "codebook")
    reader.only_keys(data, "", {"codebook", "layers", "schemes", "compare"})
    reader.only_keys(head, "codebook", {"name", "version", "description"})
    layers = tuple(
        _layer(reader, item, f"layers[{i}]")
        for i, item in enumerate(reader.array(data.get("layers", []), "layers"))
    )
    raw_schemes = reader.array(data.get("schemes", []), "schemes")
    schemes: list[Scheme] = []
    for i, item in enumerate(raw_schemes):
        schemes.append(_scheme(reader, item, f"schemes[{i}]", schemes))
    if not layers and not schemes:
        raise CodebookError(f"{source}: a codebook needs at least one layer or scheme")
    reader.unique([layer.name for layer in layers], "layers")
    reader.unique([scheme.name for scheme in schemes], "schemes")
    referent_groups, lexicon_groups = _compare(reader, data.get("compare", {}))
    return Codebook(
        name=reader.string(head, "name", "codebook"),
        version=reader.string(head, "version", "codebook", default="1"),
        description=reader.string(head, "description", "codebook", default="").strip(),
        layers=layers,
        schemes=tuple(schemes),
        toml=text,
        hash=codebook_hash(data),
        referent_groups=referent_groups,
        lexicon_groups=lexicon_groups,
    )


def _layer(reader: _Reader, item: Any, key: str) -> Layer:
    item = reader.table(item, key)
    reader.only_keys(item, key, {"name", "title", "description", "labels", "attributes"})
    name = reader.name(item, key)
    labels = []
    for j, raw in enumerate(reader.array(item.get("labels"), f"{key}.labels", required=True)):
        lkey = f"{key}.labels[{j}]"
        raw = reader.table(raw, lkey)
        reader.only_keys(raw, lkey, {"name", "title", "description"})
        labels.append(
            Label(
                name=reader.name(raw, lkey),
                title=reader.string(raw, "title", lkey),
                description=reader.string(raw, "description", lkey, default=""),
            )
        )
    if not labels:
        raise CodebookError(f"{reader.source}: {key}.labels: a layer needs at least one label")
    reader.unique([label.name for label in labels], f"{key}.labels")
    attributes = []
    for j, raw in enumerate(reader.array(item.get("attributes", []), f"{key}.attributes")):
        akey = f"{key}.attributes[{j}]"
        raw = reader.table(raw, akey)
        reader.only_keys(
            raw, akey, {"name", "title", "kind", "choices", "applies_to", "description"}
        )
        kind = reader.string(raw, "kind", akey, default="text")
        if kind not in ATTRIBUTE_KINDS:
            raise CodebookError(
                f"{reader.source}: {akey}.kind: '{kind}' is not one of {', '.join(ATTRIBUTE_KINDS)}"
            )
        applies_to = tuple(reader.array(raw.get("applies_to", []), f"{akey}.applies_to"))
        for target in applies_to:
            if target not in {label.name for label in labels}:
                raise CodebookError(
                    f"{reader.source}: {akey}.applies_to: '{target}' is not a label of this layer"
                )
        attributes.append(
            Attribute(
                name=reader.name(raw, akey),
                title=reader.string(raw, "title", akey),
                kind=kind,
                choices=reader.choices(raw, akey) if kind == "choice" else (),
                applies_to=applies_to,
                description=reader.string(raw, "description", akey, default=""),
            )
        )
    reader.unique([a.name for a in attributes], f"{key}.attributes")
    return Layer(
        name=name,
        title=reader.string(item, "title", key),
        labels=tuple(labels),
        attributes=tuple(attributes),
        description=reader.string(item, "description", key, default="").strip(),
    )


def _scheme(reader: _Reader, item: Any, key: str, earlier: list[Scheme]) -> Scheme:
    item = reader.table(item, key)
    reader.only_keys(
        item, key, {"name", "title", "kind", "choices", "choices_from", "ordered", "description"}
    )
    kind = reader.string(item, "kind", key)
    if kind not in SCHEME_KINDS:
        raise CodebookError(
            f"{reader.source}: {key}.kind: '{kind}' is not one of {', '.join(SCHEME_KINDS)}"
        )
    choices: tuple[Choice, ...] = ()
    source_name = ""
    if kind != "text":
        if "choices_from" in item:
            source_name = reader.string(item, "choices_from", key)
            found = [s for s in earlier if s.name == source_name]
            if not found:
                raise CodebookError(
                    f"{reader.source}: {key}.choices_from: no earlier scheme named '{source_name}'"
                )
            choices = found[0].choices
        else:
            choices = reader.choices(item, key)
    ordered = item.get("ordered", False)
    if not isinstance(ordered, bool):
        raise CodebookError(f"{reader.source}: {key}.ordered: must be true or false")
    return Scheme(
        name=reader.name(item, key),
        title=reader.string(item, "title", key),
        kind=kind,
        choices=choices,
        ordered=ordered,
        description=reader.string(item, "description", key, default="").strip(),
        choices_from=source_name,
    )


def _compare(reader: _Reader, item: Any) -> tuple[tuple[ReferentGroup, ...], bool]:
    """The ``[compare]`` table: word-choice groups, and whether lexicon groups join them."""
    item = reader.table(item, "compare")
    reader.only_keys(item, "compare", {"lexicon_groups", "referent_groups"})
    lexicon_groups = item.get("lexicon_groups", True)
    if not isinstance(lexicon_groups, bool):
        raise reader.fail("compare.lexicon_groups", "must be true or false")
    groups: list[ReferentGroup] = []
    owner: dict[str, str] = {}  # term -> key of the group that has it
    raw_groups = reader.array(item.get("referent_groups", []), "compare.referent_groups")
    for i, raw in enumerate(raw_groups):
        key = f"compare.referent_groups[{i}]"
        raw = reader.table(raw, key)
        reader.only_keys(raw, key, {"name", "title", "terms", "description"})
        terms = reader.array(raw.get("terms"), f"{key}.terms", required=True)
        if len(terms) < 2:
            raise reader.fail(f"{key}.terms", "needs at least two terms to compare")
        cleaned = []
        for j, term in enumerate(terms):
            if not isinstance(term, str) or not any(ch.isalnum() for ch in term):
                raise reader.fail(f"{key}.terms[{j}]", "must be a word or phrase")
            term = " ".join(term.lower().split())
            if term in owner:
                raise reader.fail(f"{key}.terms[{j}]", f"'{term}' is already in {owner[term]}")
            owner[term] = key
            cleaned.append(term)
        groups.append(
            ReferentGroup(
                name=reader.name(raw, key),
                title=reader.string(raw, "title", key),
                terms=tuple(cleaned),
                description=reader.string(raw, "description", key, default="").strip(),
            )
        )
    reader.unique([group.name for group in groups], "compare.referent_groups")
    return tuple(groups), lexicon_groups


class _Reader:
    """Typed access to parsed TOML that names the key in every error."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, key: str, message: str) -> CodebookError:
        return CodebookError(f"{self.source}: {key}: {message}")

    def table(self, value: Any, key: str) -> dict[str, Any]:
        if value is None:
            raise self.fail(key, "missing")
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return value

    def array(self, value: Any, key: str, required: bool = False) -> list[Any]:
        if value is None and required:
            raise self.fail(key, "missing")
        if not isinstance(value, list):
            raise self.fail(key, "must be an array")
        return value

    def only_keys(self, table: dict[str, Any], key: str, allowed: set[str]) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            where = f"{key}.{unknown[0]}" if key else unknown[0]
            raise self.fail(where, f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def string(self, table: dict[str, Any], name: str, key: str, default: str | None = None) -> str:
        value = table.get(name, default)
        if value is None:
            raise self.fail(f"{key}.{name}", "missing")
        if not isinstance(value, str):
            raise self.fail(f"{key}.{name}", "must be a string")
        return value

    def name(self, table: dict[str, Any], key: str) -> str:
        value = self.string(table, "name", key)
        if not NAME_PATTERN.match(value):
            raise self.fail(
                f"{key}.name",
                f"'{value}' must be lower case letters, digits and _, starting with a letter",
            )
        return value

    def choices(self, table: dict[str, Any], key: str) -> tuple[Choice, ...]:
        raw = self.array(table.get("choices"), f"{key}.choices", required=True)
        if len(raw) < 2:
            raise self.fail(f"{key}.choices", "needs at least two choices")
        result = []
        for i, item in enumerate(raw):
            ckey = f"{key}.choices[{i}]"
            item = self.table(item, ckey)
            self.only_keys(item, ckey, {"name", "title", "description"})
            result.append(
                Choice(
                    name=self.name(item, ckey),
                    title=self.string(item, "title", ckey),
                    description=self.string(item, "description", ckey, default=""),
                )
            )
        self.unique([c.name for c in result], f"{key}.choices")
        return tuple(result)

    def unique(self, names: list[str], key: str) -> None:
        seen: set[str] = set()
        for name in names:
            if name in seen:
                raise self.fail(key, f"the name '{name}' is used twice")
            seen.add(name)
