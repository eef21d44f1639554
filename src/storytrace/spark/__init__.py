"""The Spark backend (optional extra ``storytrace[spark]``): the same pipeline run on a
cluster, written as Parquet that :func:`~storytrace.spark.load.load_parquet` puts into the
SQLite store. See ``docs/spark.md``.

Importing this package does not import pyspark; :func:`require_pyspark` does, and raises
:class:`~storytrace.errors.MissingExtraError` naming ``pip install 'storytrace[spark]'``
when it is missing.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import MissingExtraError

TABLES = ("articles", "stories", "derivations", "facts", "discrepancies", "errors")
"""The Parquet tables a Spark run writes, one directory each under the output path."""


def require_pyspark() -> ModuleType:
    """Import pyspark, or say which extra to install."""
    try:
        return importlib.import_module("pyspark")
    except ImportError as exc:
        raise MissingExtraError("spark", "pyspark") from exc


def require_pyarrow() -> ModuleType:
    """Import pyarrow.parquet (to load Spark output without Spark), or say which extra."""
    try:
        return importlib.import_module("pyarrow.parquet")
    except ImportError as exc:
        raise MissingExtraError("spark", "pyarrow") from exc


__all__ = ["TABLES", "require_pyarrow", "require_pyspark"]
