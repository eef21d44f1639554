"""Cleaning: cut the noise around an article's text and split files that hold more than
one article. Every cut is a :class:`~storytrace.model.Removal` with its reason and its span
in the raw text, which is kept untouched.

Line by line, in this order:

1. **captions**: lines that end in a photo credit (``Credit: ...``, ``via REUTERS``, ``(AP)``);
2. **stray lines**: one or two words with no sentence punctuation (``TT``, ``20``, ``news``);
3. **repeated lines**: a line seen before (a headline or caption printed twice);
4. **footers**: from a marker such as ``Comments`` or ``Popular posts from this blog`` near
   the end, the rest of the file when it is a list of short lines rather than prose;
5. **splits**: at a headline-like line, when the vocabulary before and after it has almost
   nothing in common (``CleanOptions.split_max_similarity``), the rest is another article.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .config import CleanOptions
from .model import Article, Document, Metadata, Removal, RemovalReason, Segment, Span

PARAGRAPH_BREAK = "\n\n"

CAPTION = re.compile(
    r"(\b(credit|photo|photograph|image|picture|file photo)s?\s*(:|by\b)"
    r"|\bvia (reuters|ap|afp|getty|[A-Z]{2,})\b"
    r"|\((ap|afp|reuters|getty images|epa|file)( photo)?\)\s*$"
    r"|/\s*(shutterstock|getty images|reuters|ap|afp|alamy|epa)\s*\.?\s*$"
    r"|\b(getty images|shutterstock|alamy)\s*\.?\s*$)",
    re.IGNORECASE,
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
SENTENCE_END = re.compile(r"[.!?…:;\"'”’)\]]$")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
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
    """One non-blank line of the raw text, without surrounding white space."""

    index: int
    start: int
    end: int
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def clean(doc: Document, options: CleanOptions = CleanOptions()) -> list[Article]:
    """The articles in ``doc``: usually one; more when unrelated articles were glued on."""
    lines = split_lines(doc.text)
    removals: dict[int, Removal] = {}
    _mark_captions(lines, removals)
    _mark_stray_lines(lines, removals, options)
    _mark_repeats(lines, removals)
    _mark_footer(lines, removals, options)
    kept = [line for line in lines if line.index not in removals]
    parts = split_articles(kept, options)
    return _articles(doc, lines, removals, parts, options)


def split_lines(text: str) -> list[Line]:
    lines = []
    for match in re.finditer(r"[^\r\n]+", text):
        stripped = match.group().strip()
        if stripped:
            start = match.start() + match.group().index(stripped)
            lines.append(Line(len(lines), start, start + len(stripped), stripped))
    return lines


def _mark_captions(lines: Sequence[Line], removals: dict[int, Removal]) -> None:
    for line in lines:
        if line.words >= 4 and CAPTION.search(line.text):
            removals[line.index] = _removal(
                line, RemovalReason.CAPTION, "photo caption (credit line)"
            )


def _mark_stray_lines(
    lines: Sequence[Line], removals: dict[int, Removal], options: CleanOptions
) -> None:
    for line in lines:
        if line.index not in removals and _is_stray(line, options):
            detail = f"stray line of {line.words} word{'s' if line.words > 1 else ''}"
            removals[line.index] = _removal(line, RemovalReason.STRAY_LINE, detail)


def _is_stray(line: Line, options: CleanOptions) -> bool:
    if line.words > options.stray_max_words or SENTENCE_END.search(line.text):
        return False
    if FOOTER_MARKER.match(line.text):
        return False  # left for the footer rule, which cuts what follows too
    words = line.text.split()
    heading = len(words) >= 2 and all(w[:1].isupper() and len(w) > 2 for w in words)
    return not heading


def _mark_repeats(lines: Sequence[Line], removals: dict[int, Removal]) -> None:
    first_seen: dict[str, Line] = {}
    for line in lines:
        key = " ".join(line.text.lower().split())
        if key in first_seen and line.index not in removals:
            first = first_seen[key]
            detail = f"repeats line {first.index + 1}: {_preview(first.text)}"
            removals[line.index] = _removal(line, RemovalReason.REPEATED_LINE, detail)
        first_seen.setdefault(key, line)


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
    """Split the kept lines at the headline-like line where vocabulary changes most."""
    best: tuple[float, int] | None = None
    for position in range(1, len(kept)):
        if not _is_break(kept, position, options):
            continue
        score = similarity(_text(kept[:position]), _text(kept[position:]))
        if best is None or score < best[0]:
            best = (score, position)
    if best is None or best[0] >= options.split_max_similarity:
        return [list(kept)]
    head, rest = kept[: best[1]], kept[best[1] :]
    return [list(head), *split_articles(rest, options)]


def split_candidates(kept: Sequence[Line], options: CleanOptions) -> list[tuple[int, float]]:
    """Every headline-like break with its similarity score (for calibration and display)."""
    return [
        (position, similarity(_text(kept[:position]), _text(kept[position:])))
        for position in range(1, len(kept))
        if _is_break(kept, position, options)
    ]


def _is_break(kept: Sequence[Line], position: int, options: CleanOptions) -> bool:
    line = kept[position]
    if line.words > options.headline_max_words or line.text.endswith((".", ",", ";", ":")):
        return False
    before = sum(ln.words for ln in kept[:position])
    after = sum(ln.words for ln in kept[position:])
    return min(before, after) >= options.split_min_words


def _text(lines: Sequence[Line]) -> str:
    return " ".join(line.text for line in lines)


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
