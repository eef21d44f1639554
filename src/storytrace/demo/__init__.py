"""The bundled demo corpus: an invented story told by several invented outlets.

``corpus/`` holds the articles, ``meta.csv`` their metadata sidecar, ``truth.json`` the
ground truth the tests check (roles, planted noise, drift), ``README.md`` a description.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

DEMO_DIR = Path(str(resources.files("storytrace") / "demo"))
CORPUS_DIR = DEMO_DIR / "corpus"
META_FILE = DEMO_DIR / "meta.csv"


def truth() -> dict[str, Any]:
    """The demo corpus's ground truth."""
    return dict(json.loads((DEMO_DIR / "truth.json").read_text(encoding="utf-8")))
