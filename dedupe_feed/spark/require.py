"""Check that Spark can start: the ``spark`` extra is installed (with an
install hint if not) and a Java runtime is there for PySpark's JVM."""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path

INSTALL_HINT = 'dedupe_feed.spark needs PySpark: pip install "dedupe-feed[spark]"'
JAVA_HINT = "install a Java runtime (apt-get install default-jre-headless) or set JAVA_HOME"
_MODULES = ("pyspark", "pandas", "pyarrow")


class JavaNotFoundError(RuntimeError):
    """PySpark would find no ``java`` to start its JVM with."""


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


def find_java() -> str | None:
    """The ``java`` PySpark would run: ``$JAVA_HOME/bin/java`` when
    ``JAVA_HOME`` is set, else the first ``java`` on ``PATH``; ``None`` if
    there is none.

    >>> java = find_java()
    >>> java is None or java.endswith("java")
    True
    """
    home = os.environ.get("JAVA_HOME")
    if home:
        java = Path(home) / "bin" / "java"
        return str(java) if os.access(java, os.X_OK) else None
    return shutil.which("java")


def require_java() -> str:
    """The path of :func:`find_java`, or a :class:`JavaNotFoundError` saying
    what is missing (instead of PySpark's gateway traceback); tested in
    tests/test_spark_require.py.
    """
    java = find_java()
    if java is not None:
        return java
    home = os.environ.get("JAVA_HOME")
    missing = f"JAVA_HOME={home} has no bin/java" if home else "no java on PATH"
    raise JavaNotFoundError(f"Spark needs Java: {missing}; {JAVA_HINT}")
