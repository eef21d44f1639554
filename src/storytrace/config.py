"""Options for each stage, with documented defaults, layered as: package defaults,
then a user TOML file (``--config FILE`` or ``STORYTRACE_CONFIG``), then CLI flags.

A TOML file sets only what it names::

    [ingest]
    max_bytes = 50_000_000

    [clean]
    split_max_similarity = 0.1
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .compare.options import CompareOptions
from .errors import ConfigError
from .group.options import GroupOptions
from .read.options import ReadOptions
from .read.relation_model import check_choice
from .trace.options import TraceOptions


@dataclass(frozen=True, slots=True)
class IngestOptions:
    max_bytes: int = 20_000_000
    """The most bytes one input may give: read (a file, standard input, an upload) and
    once decompressed (gzip, ``.warc.gz``, a WARC response's Content-Encoding, counted on
    the bytes produced). Past it the input is refused with an error."""

    max_document_chars: int = 1_000_000
    """A document whose text is longer than this many characters is refused: cleaning and
    reading one 20 MB text took over 5 minutes and 1.4 GB (``bench/bench_hostile.py``,
    2026-12-02), and no news article comes near it (the API's paste limit is the same)."""

    max_page_chars: int = 2_000_000
    """An HTML page (a file, a WARC response, a JSON record's ``html``) longer than this is
    refused before extraction. Extraction grows with the page: a 5 MB page took 159 s and
    898 MB (``bench/bench_hostile.py``, 2026-12-02); the 1,171 real pages of
    article-extraction and trafilatura-eval are all under 1.6 MB."""

    follow_symlinks: bool = True
    """Follow symbolic links when walking directories (loops are detected and reported)."""

    english_min_share: float = 0.12
    """storytrace reads English only: an article of 30+ words fewer of whose words than this
    are common English function words gets a warning at ingest. English news scores
    0.27-0.37 (seeds, demo corpus); ``bench/eval_language.py`` measures it on the 10
    languages of the SemEval-2022 Task 8 sample (``bench/results/language_check.json``)."""


@dataclass(frozen=True, slots=True)
class CleanOptions:
    split_max_similarity: float = 0.08
    """A headline splits a file into two articles when the cosine similarity of the
    content-word counts before and after it is below this. Calibrated by
    ``bench/calibrate_split.py`` (``bench/results/split_calibration.json``, 2026-11-25): best
    split F1 (0.466; P 0.69, R 0.35) on 181 article-extraction bodies, 734 trafilatura-eval
    texts, 400 glued pairs of those and the seeds. At 0.08 no article-extraction body and 2
    of 734 trafilatura-eval texts split; seed 004 splits once, at its appended article
    (0.027); English glued pairs score 0.008-0.092, the lowest real break per text has p1
    0.13, p5 0.23."""

    split_min_words: int = 120
    """Each side of a split must have at least this many words."""

    split_min_prose_lines: int = 3
    """Each side of a split must have at least this many prose lines (8 words or more,
    ending a sentence), and the headline must be followed by one: tables, results lists
    and tour dates never split."""

    stray_max_words: int = 2
    """Lines of at most this many tokens with no sentence punctuation are stray when every
    token is lower-case (``news``), a number (``20``), at most three letters (``TT``) or
    page furniture (``Share``); capitalised headings (``Vision``, ``Meal 1``) and URLs stay."""

    caption_max_words: int = 60
    """A line with a photo credit is a caption only up to this many words (a whole article
    on one line may end with a credit)."""

    repeat_min_words: int = 4
    """A repeated line is cut only when it has at least this many words ..."""

    repeat_max_distance: int = 10
    """... comes at most this many lines after its first occurrence (a doubled headline or
    caption) ..."""

    repeat_max_count: int = 3
    """... and occurs at most this many times in all (more is a list or a refrain)."""

    headline_max_words: int = 24
    """A line of at most this many words without final punctuation may be a headline."""

    footer_tail_share: float = 0.25
    """A footer marker (``Comments``, ``Related posts`` ...) only starts a footer when at
    most this share of the document's words follow it."""


@dataclass(frozen=True, slots=True)
class Config:
    """The options of every stage; each section of a TOML config file overrides one."""

    ingest: IngestOptions = field(default_factory=IngestOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    read: ReadOptions = field(default_factory=ReadOptions)
    group: GroupOptions = field(default_factory=GroupOptions)
    trace: TraceOptions = field(default_factory=TraceOptions)
    compare: CompareOptions = field(default_factory=CompareOptions)


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Package defaults overridden by the TOML file at ``path`` (or ``$STORYTRACE_CONFIG``),
    with the relation model it names (or ``$STORYTRACE_RELATION_MODEL``) checked."""
    path = path or os.environ.get("STORYTRACE_CONFIG")
    config = Config()
    if path:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from exc
        config = with_overrides(config, data)
    check_choice(config.read.relation_model)  # a bad choice stops here, before any work
    return config


def with_overrides(config: Config, data: dict[str, Any]) -> Config:
    """A copy of ``config`` with the sections and keys of ``data`` replaced."""
    changes = {}
    for section, values in data.items():
        current = getattr(config, section, None)
        if current is None or not isinstance(values, dict):
            raise ConfigError(f"unknown config section [{section}]")
        known = {f.name for f in dataclasses.fields(current)}
        unknown = set(values) - known
        if unknown:
            raise ConfigError(
                f"unknown key(s) in [{section}]: {', '.join(sorted(unknown))}; "
                f"known: {', '.join(sorted(known))}"
            )
        hints = typing.get_type_hints(type(current))
        for key, value in values.items():
            _check_type(section, key, value, hints[key])
        changes[section] = dataclasses.replace(current, **values)
    return dataclasses.replace(config, **changes)


_PLAIN = (bool, int, float, str, type(None))


def _check_type(section: str, key: str, value: Any, hint: Any) -> None:
    """Refuse a TOML value of the wrong kind for a plain option (a number, flag, text or
    None); options of other types are left to the stage that reads them."""
    allowed = typing.get_args(hint) or (hint,)
    if not all(t in _PLAIN for t in allowed):
        return
    if float in allowed and isinstance(value, int) and not isinstance(value, bool):
        return
    if type(value) not in allowed:
        kinds = " or ".join(t.__name__ for t in allowed if t is not type(None))
        raise ConfigError(f"[{section}] {key} must be {kinds}, not {value!r}")
