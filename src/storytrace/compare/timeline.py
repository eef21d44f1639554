"""The story's timeline, judged once: every date its articles mention, with the year the
findings use (:func:`storytrace.compare.years.article_dates`: written, or the article's
own year from its publication date or its text; never a guess), the sentence saying what
happened (the reading stage's sentence), the articles that state it, and the findings
that dispute it. The report only draws it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storytrace.compare.claims import Members
from storytrace.compare.years import Dated, article_dates


@dataclass(frozen=True, slots=True)
class TimelineStatement:
    article: str
    start: int
    end: int
    text: str
    sentence: str
    year_from: str  # written | article (the article's own year) | none
    findings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "span": [self.start, self.end],
            "text": self.text,
            "context": self.sentence,
            "year_from": self.year_from,
            "year_inferred": self.year_from == "article",
            "findings": list(self.findings),
        }


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    value: str  # ISO 8601 ("2024-04-13", "2025-01"), "--MM" when the year is unknown
    precision: str
    statements: tuple[TimelineStatement, ...]

    def to_dict(self) -> dict[str, Any]:
        texts = list(dict.fromkeys(s.text for s in self.statements))
        return {
            "kind": "mention",
            "value": self.value,
            "precision": self.precision,
            "texts": texts,
            "statements": [s.to_dict() for s in self.statements],
            "articles": sorted({s.article for s in self.statements}),
            "disputed_by": sorted({f for s in self.statements for f in s.findings}),
        }


def build_timeline(members: Members, findings: Sequence[Any] = ()) -> list[TimelineEntry]:
    """Entries by value (dates without a known year last), each with its statements."""
    by_value: dict[tuple[str, str], list[TimelineStatement]] = {}
    for article, sheet in members:
        for d in article_dates(article, sheet):
            value = _value(d)
            if value is None:
                continue
            sentence = next(
                (s.span.of(sheet.text) for s in sheet.sentences if _inside(d, s.span)),
                d.mention.text,
            )
            disputed = tuple(
                f.id
                for f in findings
                if f.type == "date_changed"
                and f.article == article.id
                and f.span.start <= d.mention.span.start < f.span.end
                and f.id
            )
            mention = d.mention
            statement = TimelineStatement(
                article.id,
                mention.span.start,
                mention.span.end,
                mention.text,
                " ".join(sentence.split()),
                _year_from(d),
                disputed,
            )
            by_value.setdefault((value, mention.precision), []).append(statement)
    entries = [TimelineEntry(v, p, tuple(s)) for (v, p), s in by_value.items()]
    return sorted(entries, key=lambda e: (e.value.startswith("-"), e.value, e.precision))


def _value(d: Dated) -> str | None:
    """The date as ISO 8601 with the year the findings use; None for what the findings
    do not compare (weeks, seasons, decades keep their reading-stage value), and for a
    present reference ("now"): the time of writing, which the published entry gives."""
    if d.mention.reference is not None:
        return None
    if d.month is None and d.year is None:
        return d.mention.value
    year = "-" if d.year is None or d.guessed else f"{d.year:04d}"
    parts = [year, f"{d.month:02d}" if d.month else None, f"{d.day:02d}" if d.day else None]
    return (
        "-".join(p for p in parts if p)
        if year != "-"
        else "-" + "".join(f"-{p}" for p in parts[1:] if p)
    )


def _inside(d: Dated, span: Any) -> bool:
    return span.start <= d.mention.span.start < span.end


#: Years the reading stage took from the mention or its sentence: written in the text.
_WRITTEN = frozenset({"explicit", "sentence year"})


def _year_from(d: Dated) -> str:
    """written (in the mention or its sentence), article (from the article's year: its
    publication date, or the year its text proves) or none."""
    if d.year is None or d.guessed:
        return "none"
    return "written" if d.mention.year_from in _WRITTEN else "article"
