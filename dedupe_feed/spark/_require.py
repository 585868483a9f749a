"""Check that the ``spark`` extra is installed, with an install hint if not."""

from __future__ import annotations

import importlib

INSTALL_HINT = 'dedupe_feed.spark needs PySpark: pip install "dedupe-feed[spark]"'
_MODULES = ("pyspark", "pandas", "pyarrow")


def require_spark(modules: tuple[str, ...] = _MODULES) -> None:
    """Import ``modules`` or raise an :class:`ImportError` that says how to
    install the extra; every public function of :mod:`dedupe_feed.spark`
    calls this before it imports PySpark.

    >>> require_spark(("no_such_module_xyz",))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ImportError: dedupe_feed.spark needs PySpark: pip install "dedupe-feed[spark]" (missing: ...)
    """
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise ImportError(f"{INSTALL_HINT} (missing: {exc.name})") from exc
