"""Where and with what a benchmark's numbers were taken (shared by every report)."""

from __future__ import annotations

import os
import platform
from collections.abc import Iterable
from importlib import metadata
from typing import Any


def machine_info(packages: Iterable[str], **extra: Any) -> dict[str, Any]:
    """Platform, Python, CPU count, installed versions of ``packages`` (None
    when absent), plus any ``extra`` fields (seed, arguments ...).

    >>> info = machine_info(["no-such-package-xyz"], seed=1)
    >>> info["packages"], info["seed"]
    ({'no-such-package-xyz': None}, 1)
    """
    versions: dict[str, str | None] = {}
    for package in packages:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "cpu_count": os.cpu_count(),
        "packages": versions,
        **extra,
    }
