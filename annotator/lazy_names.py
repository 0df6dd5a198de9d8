"""A package whose names load their modules on first use (PEP 562's module ``__getattr__``), so
importing the package costs nothing until one of its names is asked for."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any


def lazy_names(
    package: str, modules: Mapping[str, Sequence[str]], namespace: MutableMapping[str, Any]
) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package``: ``modules`` maps each submodule to the names it
    gives; a name asked for is imported from its submodule once and kept in ``namespace``
    (the package's globals)."""
    home = {name: module for module, names in modules.items() for name in names}

    def getattr_(name: str) -> Any:
        if name not in home:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home[name]}"), name)
        namespace[name] = value
        return value

    return getattr_
