"""Fast whole-article scans: try an expensive regex only where one of its openers occurs.

Most lexicon regexes here are long case-insensitive alternations that open with ``\\b``;
``re`` tries every alternative at every position, which costs ~1.5 ms per 5 KB article
and pattern. :class:`Prefiltered` first finds the few positions where a word starts with
one of the pattern's opening words, and runs the pattern there only. The words that open
with any scan's openers are found once per article for every scan, by one regex on the
lowercased text that branches a character at a time (:func:`word_trie`,
:func:`_opening_words`); each scan then keeps the words one of its own openers prefixes,
remembering the answer per word.

The results equal ``pattern.finditer(text, start, end)`` whenever every match starts at
a word start with one of ``openers`` as its lowercased prefix — the caller's contract.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser
from collections.abc import Iterator
from functools import lru_cache

_WORD = re.compile(r"\w+")
#: Words remembered per scan before its memo is emptied (bounds memory on endless input).
_MEMO_SIZE = 100_000
#: The openers of every scan made so far (see :func:`_opening_words`).
_ALL_OPENERS: set[str] = set()
#: Their alternation, compiled when first needed after a scan is made.
_UNION: list[re.Pattern[str]] = []


class Prefiltered:
    """A regex whose matches all open with one of ``openers`` (lowercase word prefixes)."""

    __slots__ = ("_memo", "_opener", "_words", "pattern")

    def __init__(self, pattern: re.Pattern[str], openers: str | tuple[str, ...]) -> None:
        words = openers.split() if isinstance(openers, str) else openers
        alternation = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
        self.pattern = pattern
        heads = re.escape("".join(sorted({w[0] for w in words})))
        self._opener = re.compile(rf"(?=[{heads}])\b(?:{alternation})")
        # Openers that are whole words: a hit is then a word one of them prefixes.
        self._words = tuple(words) if all(_WORD.fullmatch(w) for w in words) else None
        self._memo: dict[str, bool] = {}
        if self._words:
            _ALL_OPENERS.update(self._words)
            _UNION.clear()
            _opening_words.cache_clear()

    def finditer(
        self, text: str, start: int = 0, end: int | None = None, folded: str | None = None
    ) -> Iterator[re.Match[str]]:
        """Non-overlapping matches of the pattern in ``text[start:end]``, left to right.

        ``folded`` is ``text.lower()`` when the caller already has it.
        """
        end = len(text) if end is None else end
        folded = text.lower() if folded is None else folded
        if len(folded) != len(text):  # lower() moved offsets (rare scripts): plain scan
            yield from self.pattern.finditer(text, start, end)
            return
        last = start
        for at in self._starts(folded, start, end):
            if at < last:
                continue
            m = self.pattern.match(text, at, end)
            if m:
                yield m
                last = m.end() if m.end() > at else at + 1

    def _starts(self, folded: str, start: int, end: int) -> Iterator[int]:
        """Where ``_opener`` matches: word starts the word opens with one of the openers."""
        if self._words is None or start != 0 or end != len(folded):
            yield from (m.start() for m in self._opener.finditer(folded, start, end))
            return
        memo = self._memo
        if len(memo) > _MEMO_SIZE:
            memo.clear()
        for at, word in _opening_words(folded):
            hit = memo.get(word)
            if hit is None:
                hit = memo[word] = word.startswith(self._words)
            if hit:
                yield at

    def spans(self, text: str, folded: str | None = None) -> list[tuple[int, int]]:
        """``(start, end)`` of every match in ``text``."""
        return [m.span() for m in self.finditer(text, folded=folded)]


@lru_cache(maxsize=2)
def _opening_words(folded: str) -> list[tuple[int, str]]:
    """Start and text of every word of ``folded`` that opens with any scan's opener (there
    is no ``\\b`` inside a word, so these are the only places any scan's opener
    alternation can match)."""
    if not _UNION:
        _UNION.append(re.compile(rf"\b{word_trie(_ALL_OPENERS, prefixes=True)}\w*"))
    return [(m.start(), m.group()) for m in _UNION[0].finditer(folded)]


def word_trie(words: set[str] | frozenset[str], prefixes: bool = False) -> str:
    """A regex for any of ``words`` that branches one character at a time (a flat
    alternation of a few hundred words tries each of them at every place). With
    ``prefixes`` it matches where any of them begins (the shortest such word)."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def build(node: dict[str, dict]) -> str:
        if prefixes and "" in node:
            return ""
        alternatives = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        group = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
        if "" in node:
            return f"(?:{group})?"
        return group

    return build(trie)


#: Escapes ("\\S") and group names ("(?P<name>"), which are not letters to match.
_NOT_LETTERS = re.compile(r"\\.|\(\?P[<=]\w+[>)]?")


def case_folded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without ``re.IGNORECASE``, to run on ``text.lower()`` of a
    :func:`foldable` text: there it finds what ``pattern`` finds in ``text`` at the same
    offsets, several times faster. ``pattern`` must spell its letters in lower case ASCII
    (what :func:`foldable` was checked against)."""
    letters = _NOT_LETTERS.sub("", pattern.pattern)
    if any(c.isupper() or c.isalpha() and not c.isascii() for c in letters):
        raise ValueError(f"upper-case or non-ASCII letters in {pattern.pattern!r}")
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


#: The only characters whose lowercase form a case-sensitive pattern of ASCII letters does
#: not match as the case-insensitive pattern matches the character itself: "İ" (two
#: characters once lowercased), the dotless "ı" and the long "ſ" (matched by "i" and "s"
#: under ``IGNORECASE``, yet lowercased to themselves) and the Kelvin sign (lowercased to
#: an ASCII "k"). Every other character lowercases to one character of the same word,
#: digit and space classes that ASCII letters match exactly when the character matches
#: them case-insensitively (tests/read/test_fast_paths.py checks every code point).
_UNFOLDABLE = re.compile("[\u0130\u0131\u017f\u212a]")


def foldable(text: str) -> bool:
    """Whether :func:`case_folded` patterns on ``text.lower()`` find what the
    case-insensitive patterns find in ``text``, at the same offsets: ASCII text, and any
    other text without the four characters of :data:`_UNFOLDABLE` (curly quotes, dashes,
    accented names and other scripts lowercase in place)."""
    return text.isascii() or _UNFOLDABLE.search(text) is None


class Folded:
    """A case-insensitive pattern whose ``search`` and ``match`` run :func:`case_folded`
    on the lowercased text where that finds the same matches (:func:`foldable` text): the
    match offsets are the text's, but its groups' text is lowercased."""

    __slots__ = ("_low", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._low = case_folded(pattern)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """``pattern.search(text, pos, endpos)``, on ``text.lower()`` for foldable text."""
        pattern, subject = self._target(text)
        return pattern.search(subject, pos, len(text) if endpos is None else endpos)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """``pattern.match(text, pos, endpos)``, on ``text.lower()`` for foldable text."""
        pattern, subject = self._target(text)
        return pattern.match(subject, pos, len(text) if endpos is None else endpos)

    def _target(self, text: str) -> tuple[re.Pattern[str], str]:
        low = folded_lower(text)
        return (self.pattern, text) if low is None else (self._low, low)


def folded_lower(text: str) -> str | None:
    """``text.lower()`` when ``text`` is :func:`foldable` (same offsets, the matches of
    :func:`case_folded` patterns), else None. An article's is remembered: it is searched
    many times."""
    if len(text) < _SHORT:  # a phrase: not worth a place in the cache
        return text.lower() if foldable(text) else None
    return _article_lower(text)


_SHORT = 300


@lru_cache(maxsize=2)
def _article_lower(text: str) -> str | None:
    return text.lower() if foldable(text) else None


#: The caches keyed by an article's text (``read_text`` empties them after each article).
ARTICLE_CACHES = (_opening_words, _article_lower)


def word_initials(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The characters every match of ``pattern`` opens with, when each of its matches opens
    with a word character right after ``\\b`` (so at the start of a run of ``\\w``); None
    when its parse does not show that (or under ``IGNORECASE``, ``ASCII`` or ``LOCALE``).
    A text span whose runs of ``\\w`` open with none of them holds no match."""
    if pattern.flags & (re.IGNORECASE | re.ASCII | re.LOCALE):
        return None
    try:
        found = _initials(re._parser.parse(pattern.pattern, pattern.flags).data, bounded=False)
    except (AttributeError, TypeError, ValueError, IndexError):
        return None  # a Python whose private parse tree differs: search in full instead
    return None if found is None else frozenset(found)


def _initials(items: list, bounded: bool) -> set[str] | None:
    """:func:`word_initials` of a parsed sequence; ``bounded``: a ``\\b`` came before."""
    for op, av in items:
        if op is sre.AT and av is sre.AT_BOUNDARY:
            bounded = True
            continue
        if not bounded:
            return None
        if op is sre.BRANCH:
            alternatives = [_initials(alt.data, bounded) for alt in av[1]]
            return None if None in alternatives else set().union(*alternatives)
        if op is sre.SUBPATTERN:
            return _initials(av[3].data, bounded) if av[3].getwidth()[0] else None
        chars = _first_chars(op, av)
        return chars if chars and all(_WORD.match(c) for c in chars) else None
    return None


def _first_chars(op: object, av: object) -> set[str] | None:
    """The characters a literal or a character class of literals and ranges matches."""
    if op is sre.LITERAL:
        return {chr(av)}
    if op is not sre.IN:
        return None
    chars: set[str] = set()
    for kind, value in av:
        if kind is sre.LITERAL:
            chars.add(chr(value))
        elif kind is sre.RANGE:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:  # a negated class, a category: anything may follow
            return None
    return chars
