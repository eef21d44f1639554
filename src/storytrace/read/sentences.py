"""Sentence segmentation and clause units, by regular expressions and an abbreviation list.

Every line of the clean text is a paragraph (list items and headings included); inside a
line a sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets)
followed by white space and an upper-case letter, a digit or an opening quote — unless the
word before the dot is an abbreviation. Titles ("Lt.", "Col.", "Dr.") never end a
sentence; ambiguous abbreviations ("U.S.", "Oct.", "Inc.") end one only when the next word
is a usual sentence opener ("The", "He", "But", ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storytrace.model import Span
from storytrace.read.options import ReadOptions
from storytrace.read.sheet import Sentence

#: Abbreviations that precede a name or number and never end a sentence.
TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof lt col gen maj capt cmdr sgt cpl pvt adm brig sen rep gov pres "
    "st mt ft rev hon fr sr jr no nos vol art fig pp p ed eds approx ca cf dept".split()
)

#: Abbreviations that may also end a sentence (months, company suffixes, "etc.").
AMBIGUOUS_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd llc plc bros "
    "etc vs al esp ave blvd rd".split()
)

#: Words that usually open a sentence: after an ambiguous abbreviation they mean a new one.
SENTENCE_OPENERS = frozenset(
    "the a an he she it they we i you this that these those there his her its their our "
    "but and so yet however meanwhile in on at for if when while as after before since "
    "many some most one two three several officials".split()
)

_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+(?:''|[\"“‘'(\[])?[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.\-']*)$")
_WORD_AFTER = re.compile(r"\s+[\"“‘'(\[]?([A-Za-z]+)")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]$")


def split_sentences(text: str, options: ReadOptions | None = None) -> list[Sentence]:
    """The sentences of ``text`` in order, each span trimmed of surrounding white space."""
    opts = options or ReadOptions()
    extra = frozenset(a.lower().rstrip(".") for a in opts.extra_abbreviations)
    sentences: list[Sentence] = []
    for paragraph, line in enumerate(_LINE.finditer(text)):
        for start, end in _line_sentences(text, line.start(), line.end(), extra):
            for s, e in _capped(text, start, end, opts.max_sentence_chars):
                heading = not _terminal(text, s, e) and _looks_like_heading(text, s, e)
                sentences.append(Sentence(len(sentences), Span(s, e), paragraph, heading))
    return sentences


def _terminal(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends with a punctuation mark, then closing quotes or
    brackets, then white space (read from the end: no regex over the sentence)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    while end > start and text[end - 1] in _CLOSERS:
        end -= 1
    return end > start and text[end - 1] in _FINAL


_CLOSERS = "\"”’')]"
_FINAL = ".!?…:;"


def _capped(text: str, start: int, end: int, cap: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``cap`` characters, cut at the last white
    space before the cap (or at the cap): every later step scans a bounded window, so
    reading stays linear on text without sentence punctuation."""
    while end - start > cap:
        cut = text.rfind(" ", start + cap // 2, start + cap)
        cut = cut if cut > start else start + cap
        yield from _trimmed(text, start, cut)
        start = cut
    yield from _trimmed(text, start, end)


def _line_sentences(
    text: str, start: int, end: int, extra: frozenset[str]
) -> Iterator[tuple[int, int]]:
    cut = start
    for match in _BOUNDARY.finditer(text, start, end):
        if match.group().startswith(".") and not _ends_sentence(text, match, extra):
            continue
        yield from _trimmed(text, cut, match.end())
        cut = match.end()
    yield from _trimmed(text, cut, end)


def _ends_sentence(text: str, match: re.Match[str], extra: frozenset[str]) -> bool:
    """Whether the full stop at ``match`` ends a sentence, judged by the words around it."""
    before = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
    if before is None:
        return True
    word = before.group(1).rstrip(".")
    low = word.lower()
    if low in TITLE_ABBREVIATIONS or low in extra:
        return False
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return False
    if low in AMBIGUOUS_ABBREVIATIONS or _DOTTED.search(word):
        after = _WORD_AFTER.match(text, match.end())
        return after is not None and after.group(1).lower() in SENTENCE_OPENERS
    return True


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def _looks_like_heading(text: str, start: int, end: int) -> bool:
    """A line without final punctuation is a heading unless it is a long run-on fragment."""
    return end - start < 200


# --- clause units -------------------------------------------------------------------

#: Where a sentence splits into separately checkable clauses: semicolons, a colon before a
#: lower-case clause, and contrastive conjunctions after a comma.
_CLAUSE_BREAK = re.compile(
    r";\s+|:\s+(?=[a-z])|,\s+(?=(?:while|whereas|but|although|though|yet)\s)"
)
_CONJUNCTION = re.compile(r"(?:while|whereas|but|although|though|yet)\s+")
_WORDS = re.compile(r"[\w’'-]+")


def split_clauses(text: str, span: Span, min_words: int = 3) -> list[Span]:
    """The clause units of the sentence at ``span``; clauses shorter than ``min_words``
    are merged into their neighbour so no fragment is lost."""
    return [clause for clause, _ in clause_units(text, span, min_words)]


def clause_units(text: str, span: Span, min_words: int = 3) -> list[tuple[Span, int]]:
    """:func:`split_clauses` with each clause's :func:`word_count` (counted once)."""
    pieces: list[tuple[int, int]] = []
    cut = span.start
    for match in _CLAUSE_BREAK.finditer(text, span.start, span.end):
        pieces.append((cut, match.start()))
        cut = match.end()
        conj = _CONJUNCTION.match(text, cut)
        cut = conj.end() if conj else cut
    pieces.append((cut, span.end))
    return [(Span(s, e), n) for s, e, n in _merge_short(text, pieces, min_words)]


def _merge_short(
    text: str, pieces: list[tuple[int, int]], min_words: int
) -> list[tuple[int, int, int]]:
    """The pieces with their word counts, each short one merged into the one before."""
    merged: list[tuple[int, int, int]] = []
    for start, end in pieces:
        count = len(_WORDS.findall(text, start, end))
        if merged and (count < min_words or merged[-1][2] < min_words):
            first = merged[-1][0]
            merged[-1] = (first, end, len(_WORDS.findall(text, first, end)))
        else:
            merged.append((start, end, count))
    return merged


def word_count(text: str, span: Span) -> int:
    """Number of words in ``text[span]``."""
    return len(_WORDS.findall(text, span.start, span.end))
