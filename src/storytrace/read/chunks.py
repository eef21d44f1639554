"""Comma- and quote-delimited chunks of a sentence, and the spans on either side of a
reporting cue, for :mod:`storytrace.read.attribution`."""

from __future__ import annotations

import re
from functools import lru_cache

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
_NEGATION = re.compile(r"(?:did|does|do|has|have|had)n['’]t|not")
CHUNK_END = re.compile(r"(?:''|[,;:\"“”(])\s*")
#: Characters looked at on each end of a long chunk by ``clean_chunk``.
_CHUNK_EDGE = 100


def split_chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of ``text[start:end]`` between commas, semicolons, colons, quotes and
    opening brackets."""
    return list(_chunks(text, start, end))


@lru_cache(maxsize=256)  # each cue of a sentence splits the words before it
def _chunks(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    chunks, cut = [], start
    for m in CHUNK_END.finditer(text, start, end):
        chunks.append((cut, m.start()))
        cut = m.end()
    chunks.append((cut, end))
    return tuple(chunks)


@lru_cache(maxsize=256)  # the chunks before a cue are cleaned again for the next cue
def clean_chunk(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The chunk without its leading conjunctions and trailing adverbs; only its ends are
    looked at, so the cost does not grow with the chunk."""
    if end - start > 2 * _CHUNK_EDGE:
        head = clean_chunk(text, start, start + _CHUNK_EDGE)
        tail = clean_chunk(text, text.find(" ", end - _CHUNK_EDGE, end) + 1 or end, end)
        if head and tail:
            return head[0], tail[1]
    words = list(_WORD.finditer(text, start, end))
    first, last = 0, len(words)  # the words kept are words[first:last]
    while first < last and words[first].group().lower() in _LEADING:
        first += 1
    while last > first and words[last - 1].group().lower() in _TRAILING:
        last -= 1
    if last > first and _NEGATION.fullmatch(words[last - 1].group()):
        last -= 1
    return (words[first].start(), words[last - 1].end()) if last > first else None


#: The caches keyed by an article's text (``read_text`` empties them after each article).
ARTICLE_CACHES = (_chunks, clean_chunk)


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


#: Words between a subject and its verb: auxiliaries, modals, negations, adverbs.
_BETWEEN = frozenset(
    "has have had is are was were be been will would can could should may might must do "
    "does did not never also always again still just already long even then later "
    "once often first recently previously repeatedly publicly reportedly".split()
)
#: Where a clause starts, looking back from its verb.
_CLAUSE_START = frozenset(
    "and but or that because while when after before if as so although though since "
    "whether where which who".split()
)


def near_subject(text: str, start: int, cue_start: int, max_words: int) -> tuple[int, int] | None:
    """The words right before a verb at ``cue_start``, past auxiliaries and adverbs and
    back to the start of the clause ("..., and state leaders could call" -> "state
    leaders"); None when punctuation comes first. The caller checks it is a noun phrase."""
    words = list(_WORD.finditer(text, max(start, cue_start - 200), cue_start))
    i, right = len(words) - 1, cue_start
    while i >= 0 and not text[words[i].end() : right].strip() and _between(words[i].group()):
        right, i = words[i].start(), i - 1
    if i < 0 or text[words[i].end() : right].strip():
        return None
    first = i
    while first > 0 and i - first + 1 < max_words:
        before = words[first - 1]
        if (
            text[before.end() : words[first].start()].strip()
            or before.group().lower() in _CLAUSE_START
        ):
            break
        first -= 1
    return words[first].start(), words[i].end()


def _between(word: str) -> bool:
    low = word.lower()
    return low in _BETWEEN or low.endswith(("ly", "n't", "n’t"))


def quoted(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` lies inside quotation marks opened after ``start`` (looking back
    at most 2,000 characters, so long paragraphs stay linear)."""
    before = text[max(start, pos - 2000) : pos]
    if "“" not in before and "”" not in before:
        return before.count('"') % 2 == 1
    inside = False  # mixed marks ("“...," she said) occur: a straight mark closes an open one
    for mark in _QUOTE_MARK.findall(before):
        inside = mark == "“" or (mark == '"' and not inside)
    return inside


_QUOTE_MARK = re.compile('[“”"]')
