"""Where the tests find ``../shared`` (real, labelled public data beside the
checkout, never copied into the project), and the reason a test gives when
it skips without it: ``.ci/run`` fails a run where a test skips with it.

>>> needs(Path("/srv/shared/data"))
'needs /srv/shared/data (the shared folder beside the checkout, see README)'
"""

from __future__ import annotations

import os
from pathlib import Path

SHARED = Path(os.environ.get("DEDUPE_FEED_SHARED", Path(__file__).resolve().parents[2] / "shared"))
"""``../shared``, or the folder named by ``DEDUPE_FEED_SHARED``."""
SHARED_DATA = SHARED / "data"
SHARED_EXAMPLES = SHARED / "examples"


def needs(path: Path) -> str:
    """The skip reason of a test that reads ``path`` from the shared folder."""
    return f"needs {path} (the shared folder beside the checkout, see README)"
