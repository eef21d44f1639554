"""Comma- and quote-delimited chunks of a sentence, and the spans on either side of a
reporting cue, for :mod:`storytrace.read.attribution`."""

from __future__ import annotations

import re

from storytrace.read.sheet import Mention, mention

_THAT = re.compile(r"\s*(?:,\s*|:\s*)?(?:that\s+)?")
_WORD = re.compile(r"[\w’'-]+")
#: Words stripped from the ends of a source chunk.
_LEADING = frozenset("and but while as that which who whom whereas although though so".split())
_TRAILING = frozenset(
    "also has have had previously later further separately earlier then again "
    "first recently repeatedly publicly privately has is are was were will would could can "
    "may might should been being once often long openly quickly yesterday today tonight "
    "week month year weekend night monday tuesday wednesday thursday friday saturday sunday "
    "last this on himself herself themselves itself".split()
)
CHUNK_END = re.compile(r"(?:''|[,;:\"“”(])\s*")
#: Characters looked at on each end of a long chunk by ``clean_chunk``.
_CHUNK_EDGE = 100


def split_chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of ``text[start:end]`` between commas, semicolons, colons, quotes and
    opening brackets."""
    chunks, cut = [], start
    for m in CHUNK_END.finditer(text, start, end):
        chunks.append((cut, m.start()))
        cut = m.end()
    chunks.append((cut, end))
    return chunks


def clean_chunk(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The chunk without its leading conjunctions and trailing adverbs; only its ends are
    looked at, so the cost does not grow with the chunk."""
    if end - start > 2 * _CHUNK_EDGE:
        head = clean_chunk(text, start, start + _CHUNK_EDGE)
        tail = clean_chunk(text, text.find(" ", end - _CHUNK_EDGE, end) + 1 or end, end)
        if head and tail:
            return head[0], tail[1]
    words = [(w.start(), w.end()) for w in _WORD.finditer(text, start, end)]
    while words and text[words[0][0] : words[0][1]].lower() in _LEADING:
        words.pop(0)
    while words and text[words[-1][0] : words[-1][1]].lower() in _TRAILING:
        words.pop()
    if words and re.fullmatch(
        r"(?:did|does|do|has|have|had)n['’]t|not", text[words[-1][0] : words[-1][1]]
    ):
        words.pop()
    return (words[0][0], words[-1][1]) if words else None


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\"“”‘’'":
        start += 1
    while end > start and text[end - 1] in " \t,;:":
        end -= 1
    return start, end


def chunk_start(text: str, lower: int, pos: int) -> int:
    """Start of the comma/quote-delimited chunk that ends at ``pos``."""
    i = pos
    while i > lower and text[i - 1] not in ',"”':
        i -= 1
    while i > lower and text[i - 1] in ',"” ':
        i -= 1
    return i


def span_before(text: str, start: int, end: int) -> Mention | None:
    s, e = trim(text, start, end)
    return mention(text, s, e) if e > s else None


def span_after(text: str, start: int, end: int) -> Mention | None:
    that = _THAT.match(text[start:end])
    s, e = trim(text, start + (that.end() if that else 0), end)
    while e > s and text[e - 1] in ".!?":
        e -= 1
    return mention(text, s, e) if e > s else None
