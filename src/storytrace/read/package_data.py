"""Reading a data file shipped inside the package, also when storytrace runs from a zip
(Spark ships it to cluster workers as ``storytrace.zip``, where ``Path.read_text`` fails)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def shipped_text(path: Path) -> str:
    """The text of the package file ``path`` (a file of :mod:`storytrace.read`)."""
    return resources.files("storytrace.read").joinpath(path.name).read_text("utf-8")
