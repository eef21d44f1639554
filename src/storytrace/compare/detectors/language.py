"""Loaded language: loaded words (:mod:`storytrace.compare.lexicon`) the copy uses outside
quotes and its source never does (``loaded_language``)."""

from __future__ import annotations

from collections.abc import Iterator

from storytrace.compare.lexicon import QUOTE, loaded_pattern
from storytrace.compare.pair import Discrepancy, Pair, short
from storytrace.compare.registry import register
from storytrace.model import Span


@register({"loaded_language": "low"})
def loaded(pair: Pair) -> Iterator[Discrepancy]:
    pattern = loaded_pattern(pair.options.extra_loaded_terms)
    source_text = pair.source_sheet.text.lower()
    quotes = [m.span() for m in QUOTE.finditer(pair.sheet.text)]
    for match in pattern.finditer(pair.sheet.text):
        word = match.group(0)
        if word.lower() in source_text or any(a <= match.start() < b for a, b in quotes):
            continue
        span = Span(*match.span())
        up = _counterpart(pair, span)
        where = f" (its source: “{short(up.of(pair.source_sheet.text), 60)}”)" if up else ""
        yield pair.finding(
            "loaded_language",
            span,
            up,
            f"{pair.name} uses the loaded word “{word}”, which its source "
            f"{pair.source_name} does not{where}.",
        )


def _counterpart(pair: Pair, span: Span) -> Span | None:
    """The source claim aligned with the copy claim holding ``span``."""
    for i, (j, _) in pair.aligned.items():
        if pair.views[i].span.start <= span.start < pair.views[i].span.end:
            return pair.source_views[j].span
    return None
