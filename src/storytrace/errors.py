"""The exceptions storytrace raises. All derive from :class:`StorytraceError`::

    StorytraceError
     ├── InputError          an input cannot be read (one file; the batch goes on)
     ├── ConfigError         a configuration file or option is invalid
     ├── StoreError          the database cannot be opened, migrated or written
     ├── NotFoundError       no article or story with that id
     ├── MissingExtraError   an optional part was asked for but is not installed
     └── UsageError          a command names something that is not there (a store)

Batch functions do not raise :class:`InputError` for a bad file: they return an
:class:`~storytrace.model.IngestError` record for it and go on.
"""

from __future__ import annotations


class StorytraceError(Exception):
    """Base class of every storytrace error."""

    exit_code = 1


class InputError(StorytraceError):
    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ConfigError(StorytraceError):
    exit_code = 2


class StoreError(StorytraceError):
    pass


class NotFoundError(StorytraceError):
    pass


class MissingExtraError(StorytraceError):
    def __init__(self, extra: str, module: str) -> None:
        super().__init__(
            f"this needs the optional part {extra!r} ({module} is not installed): "
            f"pip install 'storytrace[{extra}]'"
        )
        self.extra = extra


class UsageError(StorytraceError):
    """A command asked for something that cannot be: a store that does not exist, say."""

    exit_code = 2
