"""storytrace: trace a news story across the outlets that published it.

The simple case is one call::

    import storytrace
    report = storytrace.ingest(["articles/"], db="stories.db")

For repeated use, open a :class:`Store` and call the stage functions.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .clean import clean
from .config import CleanOptions, Config, IngestOptions, load_config
from .errors import (
    ConfigError,
    InputError,
    MissingExtraError,
    NotFoundError,
    StoreError,
    StorytraceError,
)
from .ingest import iter_documents, load_sidecar
from .model import (
    Article,
    Document,
    IngestError,
    Metadata,
    Removal,
    RemovalReason,
    Segment,
    Span,
)
from .pipeline import (
    IngestReport,
    compare_articles,
    ingest_documents,
    ingest_paths,
    read_paths,
    remove_article,
    set_metadata,
    update_stories,
)
from .read import FactSheet, read_text
from .store import Store
from .story import StoryAnalysis, analyse_story


def ingest(paths: list[str], db: str | None = None, config: Config | None = None) -> IngestReport:
    """Read, clean and store everything under ``paths`` into the database ``db``."""
    with Store(db) as store:
        return ingest_paths(paths, store, config or Config())


__all__ = [
    "Article",
    "CleanOptions",
    "Config",
    "ConfigError",
    "Document",
    "FactSheet",
    "IngestError",
    "IngestOptions",
    "IngestReport",
    "InputError",
    "Metadata",
    "MissingExtraError",
    "NotFoundError",
    "Removal",
    "RemovalReason",
    "Segment",
    "Span",
    "Store",
    "StoreError",
    "StoryAnalysis",
    "StorytraceError",
    "__version__",
    "analyse_story",
    "clean",
    "compare_articles",
    "ingest",
    "ingest_documents",
    "ingest_paths",
    "iter_documents",
    "load_config",
    "load_sidecar",
    "read_paths",
    "read_text",
    "remove_article",
    "set_metadata",
    "update_stories",
]
