"""Where and with what a benchmark's numbers were taken, and writing the report
(shared by every benchmark)."""

from __future__ import annotations

import json
import os
import platform
import resource
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
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


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its finished children
    (worker processes count once they exit).

    Throughput per CPU second is what one core delivers, whatever else the
    (shared) machine is doing; wall-clock rates are reported beside it.

    >>> cpu_seconds() > 0
    True
    """
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load_average() -> float | None:
    """The 1-minute load average (``None`` where the platform has none).

    >>> load_average() is None or load_average() >= 0
    True
    """
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def write_report(path: str | os.PathLike[str], report: dict[str, Any]) -> None:
    """Write a report as indented UTF-8 JSON, creating its folder if needed."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
