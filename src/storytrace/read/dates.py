"""Dates in article text, resolved against the publication date, with their precision.

:func:`find_dates` finds candidates with regular expressions and resolves them itself
(no dateparser: every form below has a fixed reading, and keeping the precision is the
point). :func:`infer_published` guesses a publication date when metadata has none.

Forms found
    explicit   ``2024-04-24``, ``4/24/2024``, ``April 24, 2024``, ``24 April 2024``,
               ``Tuesday, April 8, 2025``, ``October 2024``, ``late October 2024``,
               ``2024`` (a year after a preposition, or before punctuation), ``the 1990s``.
    partial    ``April 24``, ``24th of April``, ``in September``, ``late last July``.
    relative   ``today``, ``yesterday``, ``tomorrow``, ``on Tuesday``, ``last Friday``,
               ``last/this/next week|month|year``, ``earlier this year``, ``three years ago``.
    reference  ``now``, ``currently``, ``nowadays``, ``at present``: the time of writing, so
               the publication date, with precision ``reference`` and ``reference``
               ``PRESENT_REF`` (TimeML's class), so a reader can tell it from a written day.

Values are ISO 8601 strings of the mention's precision: ``2024-04-24`` (day),
``2024-W16`` (week), ``2024-09`` (month), ``2024`` (year), ``199`` (decade); ``--04-24`` and
``--09`` when the year is unknown, and None for a relative date with no publication date.
``modifier`` is ``start`` / ``mid`` / ``end`` for "early" / "mid" / "late" and the like.

How the year is decided (``year_from``)
    ``explicit``             written in the mention, or shared with the next mention of
                             a list ("April 13 and Oct. 1, 2024").
    ``relative:<phrase>``    a relative phrase: the mention itself ("last year",
                             "yesterday", "two weeks ago") or a year phrase after a list of
                             partial dates ("on April 24 and September 17 last year"), or
                             the only year phrase ("last year" / "this year" / "next
                             year") in the same sentence.
    ``publication year``     a month-day or month not after the publication date, in its
                             year ("in January" in an article of 2025-04-15 -> 2025-01).
    ``most recent past``     a month-day or month after the publication date in its year
                             goes back one year ("in September" -> 2024-09); a weekday
                             name is the most recent such day on or before publication.
    ``upcoming``             the same, when the sentence speaks of the future ("will",
                             "next", "scheduled", ...): the next such date on or after
                             publication.
    ``unresolved``           no publication date to resolve against.

Not dates: durations ("20-year pact", "the past year"), ages ("46"), bare numbers and
codes (the prefix "20"), and "six of the seven" are never matched, because a day or
year number is only taken next to a month name or after a preposition.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache

from storytrace.model import Span
from storytrace.read.date_mention import DateMention
from storytrace.read.date_patterns import (
    FUTURE,
    LIST_JOIN,
    MODIFIERS,
    MONTHS,
    NUMBER_WORDS,
    PAST_REL,
    PAST_VERB_BEFORE,
    UNTIL,
    WEEKDAYS,
    YEAR_PHRASE,
    YEAR_PHRASE_AFTER,
    Candidate,
    find_candidates,
    reference_mention,
    sentence_around,
    year_in_sentence,
)
from storytrace.read.scan import case_folded, foldable

__all__ = ["DateMention", "find_dates", "infer_published"]

# -- records -------------------------------------------------------------------------------


# -- finding -------------------------------------------------------------------------------


def find_dates(
    text: str, published: dt.date | None = None, *, references: bool = False
) -> list[DateMention]:
    """Every date mention in ``text``, in text order, resolved against ``published``.

    ``published`` may be a ``date`` or ``datetime``; without it, partial dates keep an
    unknown year ("--04-24") and purely relative ones (``yesterday``) have value None.
    Present references ("now", "currently") are the publication date: a claim that
    something is so "now" is dated by the article. ``references=True`` gives TimeML's
    values instead ("now" -> ``PRESENT_REF``) and also returns the past and future ones
    ("the past" -> ``PAST_REF``, "the future" -> ``FUTURE_REF``), which have no date a
    fact sheet can compare; every reference has precision ``reference``.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    candidates = find_candidates(text, references)
    mentions: list[DateMention] = []
    anchors: dict[str, int] = {}  # month -> year of its last mention with a textual year
    for index, cand in enumerate(candidates):
        if cand.kind == "ref":
            mentions.append(reference_mention(text, cand, published, references))
            continue
        mention = _resolve(text, cand, candidates, index, published)
        if mention is None:
            continue
        month = _month_key(mention) if cand.kind in _MONTH_KINDS else None
        if month and mention.year_from in _GUESSED and month in anchors:
            mention = _with_year(mention, anchors[month], "earlier mention")
        elif month and _recent(mention.year, published) and mention.year_from not in _GUESSED:
            anchors[month] = mention.year  # type: ignore[assignment]
        mentions.append(mention)
    return mentions


#: Years decided by the calendar alone, which an earlier mention of the month overrides.
_GUESSED = frozenset({"publication year", "most recent past"})
#: Candidates naming a month (not weekdays, whose date follows from the publication day).
_MONTH_KINDS = frozenset({"month", "mdy", "dmy", "my", "iso", "numeric"})


def _recent(year: int | None, published: dt.date | None) -> bool:
    """A year an undated later mention may refer back to: the publication year or the one
    before it (an article's "the April flight" is recent news, not a date of 1988)."""
    return year is not None and (published is None or published.year - 1 <= year <= published.year)


def _month_key(mention: DateMention) -> str | None:
    """``"04"`` for a month or day mention with a value, else None."""
    value = mention.value or ""
    if mention.precision in ("day", "month") and len(value) >= 7 and value[4] == "-":
        return value[5:7]
    return None


def _with_year(mention: DateMention, year: int, how: str) -> DateMention:
    """``mention`` moved to ``year`` ("the April flight" after "in April 2024")."""
    value = f"{year:04d}{(mention.value or '')[4:]}"
    if mention.precision == "day":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return mention
    return replace(mention, value=value, year_from=how, is_relative=True)


# -- resolving -----------------------------------------------------------------------------


def _resolve(
    text: str, cand: Candidate, cands: list[Candidate], index: int, pub: dt.date | None
) -> DateMention | None:
    resolver = _RESOLVERS[cand.kind]
    result = resolver(text, cand, cands, index, pub)
    if result is None:
        return None
    value, precision, year_from, relative = result
    return DateMention(
        span=Span(cand.start, cand.end),
        text=text[cand.start : cand.end],
        value=value,
        precision=precision,
        year_from=year_from,
        is_relative=relative,
        modifier=_modifier(cand.groups.get("mod")),
    )


_Result = tuple[str | None, str, str, bool] | None


def _modifier(raw: str | None) -> str | None:
    return MODIFIERS.get(re.sub(r"\s+", " ", raw.lower())) if raw else None


def _month_of(g: dict[str, str]) -> int:
    return MONTHS[g["mon"].rstrip(".").lower()]


def _explicit_day(
    text: str, c: Candidate, cands: list[Candidate], i: int, pub: dt.date | None
) -> _Result:
    g = c.groups
    month = int(g["m"]) if "m" in g else _month_of(g)
    if "year" in g:
        return _day_value(int(g["year"]), month, int(g["day"]), "explicit", False)
    year, how = _year_for(text, c, cands, i, pub, month, int(g["day"]))
    if year is None:
        return f"--{month:02d}-{int(g['day']):02d}", "day", how, True
    return _day_value(year, month, int(g["day"]), how, how != "explicit")


def _day_value(year: int, month: int, day: int, how: str, relative: bool) -> _Result:
    try:
        return dt.date(year, month, day).isoformat(), "day", how, relative
    except ValueError:
        return None


def _month_year(
    text: str, c: Candidate, cands: list[Candidate], i: int, pub: dt.date | None
) -> _Result:
    return f"{c.groups['year']}-{_month_of(c.groups):02d}", "month", "explicit", False


def _month(text: str, c: Candidate, cands: list[Candidate], i: int, pub: dt.date | None) -> _Result:
    month = _month_of(c.groups)
    rel = (c.groups.get("rel") or "").lower()
    if rel and pub is not None:
        year = _shift_month_year(pub, month, rel)
        return f"{year}-{month:02d}", "month", f"relative:{rel} {c.groups['mon']}", True
    year, how = _year_for(text, c, cands, i, pub, month, None)
    if year is None:
        return f"--{month:02d}", "month", how, True
    return f"{year}-{month:02d}", "month", how, how != "explicit"


def _shift_month_year(pub: dt.date, month: int, rel: str) -> int:
    if rel == "last":
        return pub.year if month < pub.month else pub.year - 1
    if rel == "next":
        return pub.year if month > pub.month else pub.year + 1
    return pub.year


def _year_for(
    text: str,
    c: Candidate,
    cands: list[Candidate],
    i: int,
    pub: dt.date | None,
    month: int,
    day: int | None,
) -> tuple[int | None, str]:
    """The year of a partial date: from a following list or phrase, else publication."""
    shared = _year_from_list(text, cands, i, pub)
    if shared is not None:
        return shared
    sentence = sentence_around(text, c.start, c.end)
    future, phrases = _sentence_cues(sentence)
    nearby = None if pub is not None and future else year_in_sentence(text, c, cands, i)
    if nearby is not None and (pub is None or nearby <= pub.year):
        return nearby, "sentence year"
    if pub is not None and len(phrases) == 1:
        (rel,) = phrases
        return pub.year + PAST_REL[rel], f"relative:{rel} year"
    if pub is None:
        return None, "unresolved"
    after_pub = month > pub.month if day is None else (month, day) > (pub.month, pub.day)
    if not after_pub:
        return pub.year, "publication year"
    if future or UNTIL.search(text, max(0, c.start - 9), c.start):
        return pub.year, "upcoming"
    return pub.year - 1, "most recent past"


@lru_cache(maxsize=64)  # a sentence often holds several partial dates
def _sentence_cues(sentence: str) -> tuple[bool, frozenset[str]]:
    """Whether ``sentence`` speaks of the future, and its "last/this/next year" words."""
    if foldable(sentence):  # the case-sensitive patterns on the lowercased sentence
        low = sentence.lower()
        found = _YEAR_PHRASE_LOW.finditer(low) if "year" in low else ()
        return _FUTURE_LOW.search(low) is not None, frozenset(m.group("rel") for m in found)
    phrases = frozenset(m.group("rel").lower() for m in YEAR_PHRASE.finditer(sentence))
    return FUTURE.search(sentence) is not None, phrases


_FUTURE_LOW = case_folded(FUTURE)
_YEAR_PHRASE_LOW = case_folded(YEAR_PHRASE)


def _year_from_list(
    text: str, cands: list[Candidate], i: int, pub: dt.date | None
) -> tuple[int | None, str] | None:
    """A year shared along a list of dates: "April 13 and Oct. 1, 2024", "... last year"."""
    j = i
    while True:
        phrase = YEAR_PHRASE_AFTER.match(text, cands[j].end)
        if phrase:
            rel = phrase.group("rel").lower()
            year = pub.year + PAST_REL[rel] if pub else None
            return year, f"relative:{rel} year" if pub else "unresolved"
        if j + 1 >= len(cands) or not LIST_JOIN.match(text[cands[j].end : cands[j + 1].start]):
            return None
        j += 1
        nxt = cands[j]
        if nxt.kind in ("mdy", "dmy", "my", "numeric", "iso") and "year" in nxt.groups:
            return int(nxt.groups["year"]), "explicit"
        if nxt.kind not in ("mdy", "dmy", "month"):
            return None
        if nxt.groups.get("rel"):
            return None
        last = j + 1 >= len(cands) or not LIST_JOIN.match(text[nxt.end : cands[j + 1].start])
        if last and not YEAR_PHRASE_AFTER.match(text, nxt.end) and pub is not None:
            return _year_of_list_end(text, cands, i, j, pub)


def _year_of_list_end(
    text: str, cands: list[Candidate], i: int, j: int, pub: dt.date
) -> tuple[int | None, str] | None:
    """ "in April and September": the list shares the year its last item gets, and how it
    got it; an earlier item of a later month than the last one is of the year before."""
    end = cands[j]
    month_end = _month_of(end.groups)
    day_end = int(end.groups["day"]) if "day" in end.groups else None
    year, how = _year_for(text, end, cands, j, pub, month_end, day_end)
    if year is None:
        return None
    month = _month_of(cands[i].groups)
    return (year if month <= month_end else year - 1), how


def _year(text: str, c: Candidate, cands: list[Candidate], i: int, pub: dt.date | None) -> _Result:
    return c.groups["year"], "year", "explicit", False


def _decade(
    text: str, c: Candidate, cands: list[Candidate], i: int, pub: dt.date | None
) -> _Result:
    return c.groups["decade"], "decade", "explicit", False


def _relative_unit(
    text: str, c: Candidate, cands: list[Candidate], i: int, pub: dt.date | None
) -> _Result:
    rel = re.sub(r"\s+", " ", c.groups["rel"].lower())
    unit = c.groups["unit"].lower().split()[-1]
    phrase = f"relative:{rel} {unit}"
    if rel == "the past" and unit == "year":
        return None  # "over the past year" is a duration
    if pub is None:
        return None, unit, "unresolved", True
    return _shifted(pub, unit, PAST_REL[rel]), unit, phrase, True


def _ago(text: str, c: Candidate, cands: list[Candidate], i: int, pub: dt.date | None) -> _Result:
    raw = c.groups["n"].lower()
    n = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    unit = c.groups["unit"].lower()
    if pub is None:
        return None, unit, "unresolved", True
    return _shifted(pub, unit, -n), unit, f"relative:{c.groups['n']} {unit}s ago", True


def _shifted(pub: dt.date, unit: str, n: int) -> str:
    if unit == "year":
        return f"{pub.year + n:04d}"
    if unit == "month":
        index = pub.year * 12 + pub.month - 1 + n
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    if unit == "week":
        year, week, _ = (pub + dt.timedelta(weeks=n)).isocalendar()
        return f"{year:04d}-W{week:02d}"
    return (pub + dt.timedelta(days=n)).isoformat()


def _deictic(
    text: str, c: Candidate, cands: list[Candidate], i: int, pub: dt.date | None
) -> _Result:
    word = c.groups["word"].lower()
    if pub is None:
        return None, "day", "unresolved", True
    shift = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    return (pub + dt.timedelta(days=shift)).isoformat(), "day", f"relative:{word}", True


def _weekday(
    text: str, c: Candidate, cands: list[Candidate], i: int, pub: dt.date | None
) -> _Result:
    if pub is None:
        return None, "day", "unresolved", True
    target = WEEKDAYS[c.groups["wday"].lower()]
    rel = (c.groups.get("rel") or "").lower()
    future = rel == "next" or (
        rel != "last"
        and not PAST_VERB_BEFORE.search(text, max(0, c.start - 30), c.start)
        and _sentence_cues(sentence_around(text, c.start, c.end))[0]
    )
    if future:
        ahead = (target - pub.weekday()) % 7 or (7 if rel == "next" else 0)
        return (pub + dt.timedelta(days=ahead)).isoformat(), "day", "upcoming", True
    back = (pub.weekday() - target) % 7 or (7 if rel == "last" else 0)
    return (pub - dt.timedelta(days=back)).isoformat(), "day", "most recent past", True


def _century(
    text: str, c: Candidate, cands: list[Candidate], i: int, pub: dt.date | None
) -> _Result:
    return f"{int(c.groups['century']) - 1:02d}", "century", "explicit", False


_SEASONS = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "autumn": ("FA", 9),
    "fall": ("FA", 9),
    "winter": ("WI", 12),
}


def _season(
    text: str, c: Candidate, cands: list[Candidate], i: int, pub: dt.date | None
) -> _Result:
    code, month = _SEASONS[c.groups["season"].lower()]
    if "year" in c.groups:
        return f"{c.groups['year']}-{code}", "season", "explicit", False
    rel = (c.groups.get("rel") or "").lower()
    if rel == "past":
        return None
    if pub is None:
        return f"--{code}", "season", "unresolved", True
    if rel:
        year = _shift_month_year(pub, month, rel)
        return f"{year}-{code}", "season", f"relative:{rel} {c.groups['season']}", True
    year, how = _year_for(text, c, cands, i, pub, month, None)
    return f"{year}-{code}", "season", how, True


_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}


def _quarter(
    text: str, c: Candidate, cands: list[Candidate], i: int, pub: dt.date | None
) -> _Result:
    """ "the third quarter": of the publication year when it has begun by then, else of
    the year before (TimeML ``1989-Q3``)."""
    n = _QUARTERS.get(c.groups["q"].lower(), 4)
    if "year" in c.groups:
        return f"{c.groups['year']}-Q{n}", "quarter", "explicit", False
    if pub is None:
        return f"--Q{n}", "quarter", "unresolved", True
    begun = n <= (pub.month - 1) // 3 + 1
    year, how = (pub.year, "publication year") if begun else (pub.year - 1, "most recent past")
    return f"{year}-Q{n}", "quarter", how, True


_RESOLVERS = {
    "quarter": _quarter,
    "century": _century,
    "season": _season,
    "iso": _explicit_day,
    "numeric": _explicit_day,
    "mdy": _explicit_day,
    "dmy": _explicit_day,
    "my": _month_year,
    "month": _month,
    "ago": _ago,
    "rel": _relative_unit,
    "deictic": _deictic,
    "weekday": _weekday,
    "decade": _decade,
    "year": _year,
}


# -- publication date ----------------------------------------------------------------------

_DATELINE = re.compile(
    r"(?m)^(?:[A-Z][A-Z .'-]{2,30},\s+)?(?:\w+,\s+)?[A-Z][a-z]+\.?\s+\d"
    r"[^\n]{0,40}"
)
_PUBLISHED_LINE = re.compile(
    r"(?im)^\W*(?:published|updated|posted|first\s+published|date)"
    r"\b[^\n]{0,80}"
)


def infer_published(text: str) -> tuple[dt.date | None, str]:
    """Guess the publication date of ``text``; return it with how it was decided.

    In order: a "Published/Updated/Posted ..." line with a full date; a line that starts
    with a full date, or with "CITY, <full date>" (a dateline), in the first 2,000
    characters; the latest full explicit date in the text (a lower bound: the article
    cannot predate what it reports).
    """
    for line in _PUBLISHED_LINE.finditer(text):
        found = _full_dates(line.group(0))
        if found:
            return found[0], "published line"
    for line in _DATELINE.finditer(text[:2000]):
        head = _full_dates(line.group(0))
        if head:
            return head[0], "dateline"
    found = _full_dates(text)
    if found:
        return max(found), "latest explicit date in text"
    return None, "no full date in text"


def _full_dates(text: str) -> list[dt.date]:
    dates = []
    for mention in find_dates(text, None):
        if mention.precision == "day" and mention.year_from == "explicit" and mention.value:
            dates.append(dt.date.fromisoformat(mention.value))
    return dates
