"""Lazy package exports (PEP 562): a package names its public objects'
modules, and each is imported the first time the name is used.

>>> import types
>>> package = types.ModuleType("demo")
>>> package.__getattr__, package.__dir__ = lazy_exports(package, {"sqrt": "math"})
>>> package.sqrt(9.0)
3.0
>>> "sqrt" in vars(package), "sqrt" in package.__dir__()
(True, True)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from types import ModuleType


def lazy_exports(
    package: ModuleType, homes: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: ``homes`` maps each
    public name to the module that defines it. A name is imported on first
    access and then kept in the package like an eager import.

    >>> import types
    >>> getattr_, _ = lazy_exports(types.ModuleType("demo"), {})
    >>> getattr_("missing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'demo' has no attribute 'missing'
    """

    def module_getattr(name: str) -> object:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package.__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        setattr(package, name, value)
        return value

    def module_dir() -> list[str]:
        return sorted({*vars(package), *homes})

    return module_getattr, module_dir
