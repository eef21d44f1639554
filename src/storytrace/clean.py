"""Cleaning: cut the noise around an article's text and split files that hold more than
one article. Every cut is a :class:`~storytrace.model.Removal` with its reason and its span
in the raw text, which is kept untouched.

Line by line, in this order:

1. **captions**: lines of 4-60 words with a photo credit in its real shapes (``Credit: ...``,
   ``Photo by ...``, ``via REUTERS``, ``(AP)``, ``/Shutterstock``); case matters;
2. **stray lines**: one or two tokens, each lower-case, a number, at most three capitals or
   digits, or page furniture, with no sentence punctuation (``TT``, ``20``, ``news``);
   capitalised headings, URLs and CJK text (each Han or kana character a word) stay;
3. **repeated lines**: a line of four words or more printed again within ten lines (a
   headline or caption printed twice); list items and lines seen more than three times stay;
4. **footers**: from a marker such as ``Comments`` or ``Popular posts from this blog`` near
   the end, the rest of the file when it is a list of short lines rather than prose;
5. **splits**: at a headline (several capitalised words, not a table row, list item, Q&A
   turn or date) followed by prose, with prose on both sides, both sides in Latin script,
   when the vocabulary before and after it has almost nothing in common
   (``CleanOptions.split_max_similarity``), the rest is another article.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .config import CleanOptions
from .model import Article, Document, Metadata, Removal, RemovalReason, Segment, Span

PARAGRAPH_BREAK = "\n\n"

# Photo credits in the shapes they really take; case matters ("via REUTERS", not "via Moscow").
CAPTION = re.compile(
    r"\b(?:Photo|Photograph|Image|Picture|Credit|Photo credit|Image credit)s?\s*(?::|by\b)"
    r"|\bvia (?:Reuters|Getty Images|[A-Z][A-Z&]+(?: [A-Z][A-Z&]+)*)\s*[.)]?\s*$"
    r"|\((?:AP|AFP|Reuters|REUTERS|EPA|Getty Images|File)(?: [Pp]hoto)?(?:/[^()]*)?\)\s*\.?\s*$"
    r"|/\s*(?:Shutterstock|SHUTTERSTOCK|Getty Images|Getty|Reuters|REUTERS|AP|AFP|Alamy|EPA|iStock)"
    r"\s*\.?\s*$"
    r"|\b(?:Getty Images|Shutterstock|Alamy)\s*\.?\s*$"
)
FOOTER_MARKER = re.compile(
    r"^(comments?|\d+\s+comments?|popular posts( from this blog)?|related( posts| articles| stories"
    r"| content| coverage)?|read (more|next|also)|more (from|on|stories|news)\b.*|you (may|might) "
    r"also like|recommended( for you| stories)?|share( this( article| story)?)?|tags?|topics"
    r"|leave a (comment|reply)|about the author|sign up\b.*|subscribe\b.*|follow us\b.*"
    r"|(©|copyright)\b.*|all rights reserved\.?|most (read|popular|viewed)|trending( now)?"
    r"|advertisement|see also)\s*:?$",
    re.IGNORECASE,
)
RELATED_MARKER = re.compile(r"^(popular|related|read|more|you|recommended|most|trending|see)", re.I)
SENTENCE_END = re.compile(r"[.!?…:;\"'”’)\]。！？」』）]$")
PROSE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』）]*$")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Han, kana and CJK punctuation: written without spaces, so each character counts as a word.
CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
TOKEN = re.compile(rf"[{CJK}]|[^\s{CJK}]+")
HAS_CJK = re.compile(rf"[{CJK}]")
NUMBER = re.compile(r"[\d.,:/-]*\d[\d.,:/-]*")
# Page furniture that trafilatura sometimes keeps as a line of its own (matched per word,
# case-insensitively). Short on purpose: a real one-word heading must not be in it.
UI_WORDS = frozenset(
    """advertisement advertising sponsored share tweet email print home menu search close
    loading login logout subscribe previous next skip reply facebook twitter whatsapp
    linkedin pinterest reddit telegram""".split()
)
# A split-off article starts at a headline: not a list item, table row, Q&A turn or date.
NOT_HEADLINE = re.compile(
    r"^(?:[QA]\s*[:.)]|[\W\d_]"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d"
    r"|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )",
    re.IGNORECASE,
)
# List items and embedded-post signatures ('— Name (@handle) date') legitimately repeat.
BULLET = re.compile(r"[-*•·–—]\s")
OPENING_QUOTE = "\"'“‘«"
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own said same says she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours one two three four five six seven
    eight nine ten year years last new first told according since may might like many much
    including people time""".split()
)


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of the raw text, without surrounding white space.

    ``words`` counts white-space separated tokens, and each Han or kana character as one."""

    index: int
    start: int
    end: int
    text: str
    words: int


def count_words(text: str) -> int:
    """Words in ``text``: white-space separated tokens, each CJK character counting as one."""
    if text.isascii() or not HAS_CJK.search(text):
        return len(text.split())
    return len(TOKEN.findall(text))


def clean(doc: Document, options: CleanOptions = CleanOptions()) -> list[Article]:
    """The articles in ``doc``: usually one; more when unrelated articles were glued on."""
    lines = split_lines(doc.text)
    removals: dict[int, Removal] = {}
    _mark_captions(lines, removals, options)
    _mark_stray_lines(lines, removals, options)
    _mark_repeats(lines, removals, options)
    _mark_footer(lines, removals, options)
    kept = [line for line in lines if line.index not in removals]
    parts = split_articles(kept, options)
    return _articles(doc, lines, removals, parts, options)


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    for match in re.finditer(r"[^\r\n]+", text):
        stripped = match.group().strip()
        if stripped:
            start = match.start() + match.group().index(stripped)
            lines.append(
                Line(len(lines), start, start + len(stripped), stripped, count_words(stripped))
            )
    return lines


def _mark_captions(
    lines: Sequence[Line], removals: dict[int, Removal], options: CleanOptions
) -> None:
    for line in lines:
        if 4 <= line.words <= options.caption_max_words and CAPTION.search(line.text):
            removals[line.index] = _removal(
                line, RemovalReason.CAPTION, "photo caption (credit line)"
            )


def _mark_stray_lines(
    lines: Sequence[Line], removals: dict[int, Removal], options: CleanOptions
) -> None:
    for line in lines:
        if line.index not in removals and is_stray(line.text, options):
            detail = f"stray line of {line.words} word{'s' if line.words > 1 else ''}"
            removals[line.index] = _removal(line, RemovalReason.STRAY_LINE, detail)


def is_stray(text: str, options: CleanOptions = CleanOptions()) -> bool:
    """One or two tokens, each lower-case letters, a number, at most three capitals or digits,
    or page furniture (:data:`UI_WORDS`); no sentence punctuation. Capitalised one- and
    two-word headings ('Vision', 'Meal 1'), URLs and CJK text are content."""
    tokens = text.split()
    if len(tokens) > options.stray_max_words or SENTENCE_END.search(text):
        return False
    if FOOTER_MARKER.match(text) or HAS_CJK.search(text):
        return False  # a footer marker is left for the footer rule, which cuts what follows
    return all(_stray_token(token) for token in tokens)


def _stray_token(token: str) -> bool:
    if token.lower() in UI_WORDS:
        return True
    if not token.isalnum():
        return NUMBER.fullmatch(token) is not None
    if token[0].isupper() and any(ch.islower() for ch in token[1:]):
        return False  # a capitalised word: a heading ('Vision', 'The takeaway', 'Meal 1')
    return token.isdigit() or len(token) <= 3 or token.isalpha() and token.islower()


def _mark_repeats(
    lines: Sequence[Line], removals: dict[int, Removal], options: CleanOptions
) -> None:
    """A line of several words printed again shortly after itself (a doubled headline or
    caption); lines that recur more often than that are content (lists, refrains)."""
    keys = [" ".join(line.text.lower().split()) for line in lines]
    counts = Counter(keys)
    first_seen: dict[str, Line] = {}
    for line, key in zip(lines, keys, strict=True):
        first = first_seen.setdefault(key, line)
        if (
            first is not line
            and line.index not in removals
            and not BULLET.match(line.text)
            and line.words >= options.repeat_min_words
            and line.index - first.index <= options.repeat_max_distance
            and counts[key] <= options.repeat_max_count
        ):
            detail = f"repeats line {first.index + 1}: {_preview(first.text)}"
            removals[line.index] = _removal(line, RemovalReason.REPEATED_LINE, detail)


def _mark_footer(
    lines: Sequence[Line], removals: dict[int, Removal], options: CleanOptions
) -> None:
    total = sum(line.words for line in lines)
    words_before = 0
    for line in lines:
        late = words_before >= total * (1 - options.footer_tail_share)
        if late and FOOTER_MARKER.match(line.text) and _is_list_tail(lines[line.index + 1 :]):
            _cut_footer(line, lines[line.index + 1 :], removals)
            return
        words_before += line.words


def _is_list_tail(tail: Sequence[Line]) -> bool:
    """Short lines without sentence punctuation (link lists), or nothing at all."""
    prose = [line for line in tail if line.words > 20 or line.text.endswith((".", "!", "?"))]
    return len(prose) <= len(tail) // 4


def _cut_footer(marker: Line, tail: Sequence[Line], removals: dict[int, Removal]) -> None:
    reason = RemovalReason.FOOTER
    removals[marker.index] = _removal(marker, reason, f"footer marker {_preview(marker.text)}")
    for line in tail:
        if (
            RELATED_MARKER.match(marker.text)
            or reason is RemovalReason.RELATED_LINKS
            or FOOTER_MARKER.match(line.text)
            and RELATED_MARKER.match(line.text)
        ):
            reason = RemovalReason.RELATED_LINKS
        detail = f"{'related-post list' if reason is RemovalReason.RELATED_LINKS else 'footer'} "
        removals[line.index] = _removal(line, reason, detail + f"after {_preview(marker.text)}")


def split_articles(kept: Sequence[Line], options: CleanOptions) -> list[list[Line]]:
    """Split the kept lines at the headline where vocabulary changes most, if it changes
    enough (:attr:`CleanOptions.split_max_similarity`); then split the rest the same way."""
    candidates = split_candidates(kept, options)
    if not candidates:
        return [list(kept)]
    position, score = min(candidates, key=lambda c: c[1])  # ties: the first
    if score >= options.split_max_similarity:
        return [list(kept)]
    return [list(kept[:position]), *split_articles(kept[position:], options)]


def split_candidates(kept: Sequence[Line], options: CleanOptions) -> list[tuple[int, float]]:
    """Every headline where the file may split, with the similarity of the content words
    before and after it (for calibration and display).

    The before and after vectors are updated line by line, so one pass is linear in the
    number of words."""
    if len(kept) < 3:
        return []
    bags = [content_words(line.text) for line in kept]
    prose = [_is_prose(line) for line in kept]
    latin = [_script_counts(line.text) for line in kept]
    total: Counter[str] = Counter()
    for bag in bags:
        total.update(bag)
    all_words = sum(line.words for line in kept)
    all_prose = sum(prose)
    all_latin = sum(x for x, _ in latin), sum(y for _, y in latin)
    before: Counter[str] = Counter()
    dot, norm_before, norm_after = 0, 0, sum(v * v for v in total.values())
    words = prose_lines = latin_letters = letters = 0
    out = []
    for position in range(1, len(kept)):
        previous = kept[position - 1]
        for word, count in bags[position - 1].items():
            b = before[word]
            a = total[word] - b
            dot += (b + count) * (a - count) - b * a
            norm_before += 2 * b * count + count * count
            norm_after += count * count - 2 * a * count
            before[word] = b + count
        words += previous.words
        prose_lines += prose[position - 1]
        latin_letters += latin[position - 1][0]
        letters += latin[position - 1][1]
        if (
            min(words, all_words - words) >= options.split_min_words
            and min(prose_lines, all_prose - prose_lines) >= options.split_min_prose_lines
            and position + 1 < len(kept)
            and prose[position + 1]
            and _is_headline(kept[position], options)
            and _mostly_latin(latin_letters, letters)
            and _mostly_latin(all_latin[0] - latin_letters, all_latin[1] - letters)
        ):
            norm = math.sqrt(norm_before * norm_after)
            out.append((position, dot / norm if norm else 0.0))
    return out


def _is_headline(line: Line, options: CleanOptions) -> bool:
    """Several words, capitalised, no final punctuation; not a table row, list item, Q&A
    turn, or a line that starts with a number or a date (tour dates, results)."""
    text = line.text.lstrip(OPENING_QUOTE)
    return (
        3 <= line.words <= options.headline_max_words
        and not line.text.endswith((".", ",", ";", ":"))
        and "|" not in text
        and text[:1].isupper()
        and not NOT_HEADLINE.match(text)
    )


def _is_prose(line: Line) -> bool:
    """Eight words or more ending a sentence, at least 40% of them lower-case (not a line
    of names and scores such as 'Viera (4-0): K. Hupfer 1 goal. L. Patikas 1 goal.')."""
    if line.words < 8 or PROSE_END.search(line.text) is None:
        return False
    tokens = line.text.split()
    return sum(token[:1].islower() for token in tokens) >= 0.4 * len(tokens)


def _script_counts(text: str) -> tuple[int, int]:
    """(Latin letters, all letters) of ``text``; in ASCII text the letters are A-Z and
    a-z, all Latin, counted in C (a line's characters one by one were a tenth of ingest)."""
    if text.isascii():
        letters = len(text) - len(text.translate(_NO_ASCII_LETTERS))
        return letters, letters
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch < "\u0250" or "\u1e00" <= ch <= "\u1eff" for ch in letters), len(letters)


_NO_ASCII_LETTERS = dict.fromkeys(map(ord, string.ascii_letters))
"""``str.translate`` table deleting the ASCII letters."""


def _mostly_latin(latin: int, letters: int) -> bool:
    """The similarity counts English stop words out: other scripts give it nothing to go on."""
    return latin >= 0.9 * letters


def content_words(text: str) -> Counter[str]:
    words = (w.lower() for w in WORD.findall(text))
    return Counter(w for w in words if len(w) > 2 and w not in STOPWORDS and not w.isdigit())


def similarity(a: str, b: str) -> float:
    """Cosine similarity of the content-word counts of two texts (0 to 1)."""
    ca, cb = content_words(a), content_words(b)
    dot = sum(count * cb[word] for word, count in ca.items())
    norm = math.sqrt(sum(v * v for v in ca.values())) * math.sqrt(sum(v * v for v in cb.values()))
    return dot / norm if norm else 0.0


def _articles(
    doc: Document,
    lines: Sequence[Line],
    removals: dict[int, Removal],
    parts: list[list[Line]],
    options: CleanOptions,
) -> list[Article]:
    articles = []
    for number, part in enumerate(parts):
        if not part:
            continue
        first, last = part[0].index, part[-1].index
        next_start = parts[number + 1][0].index if number + 1 < len(parts) else len(lines)
        own = [removals[i] for i in sorted(removals) if (first if number else 0) <= i < next_start]
        if number == 0 and len(parts) > 1:
            own.append(_split_removal(doc, lines, parts[1:], options))
        span = Span(lines[first if number else 0].start, lines[max(last, next_start - 1)].end)
        articles.append(_article(doc, number, part, own, span, options))
    return articles


def _split_removal(
    doc: Document, lines: Sequence[Line], rest: list[list[Line]], options: CleanOptions
) -> Removal:
    start = rest[0][0].start
    detail = (
        f"{len(rest)} unrelated article(s) split off, starting at {_preview(rest[0][0].text)}: "
        f"vocabulary similarity below {options.split_max_similarity}"
    )
    return Removal(Span(start, lines[-1].end), RemovalReason.SPLIT_OFF, detail)


def _article(
    doc: Document,
    part: int,
    kept: Sequence[Line],
    removals: list[Removal],
    span: Span,
    options: CleanOptions,
) -> Article:
    segments, pieces, cursor = [], [], 0
    for line in kept:
        segments.append(Segment(cursor, line.start, len(line.text)))
        pieces.append(line.text)
        cursor += len(line.text) + len(PARAGRAPH_BREAK)
    metadata = doc.metadata if part == 0 else Metadata(outlet=doc.metadata.outlet)
    if not metadata.title and _headline_like(kept[0], options):
        metadata = replace(metadata, title=kept[0].text)
    return Article(
        document_id=doc.id,
        part=part,
        source=doc.source,
        format=doc.format,
        raw_text=doc.text,
        span=span,
        clean_text=PARAGRAPH_BREAK.join(pieces),
        segments=tuple(segments),
        metadata=metadata,
        removals=tuple(removals),
    )


def _headline_like(line: Line, options: CleanOptions) -> bool:
    return line.words <= options.headline_max_words and not line.text.endswith((".", ","))


def _removal(line: Line, reason: RemovalReason, detail: str) -> Removal:
    return Removal(Span(line.start, line.end), reason, detail)


def _preview(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
