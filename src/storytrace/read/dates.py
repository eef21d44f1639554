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
from dataclasses import dataclass

from storytrace.model import Span

# -- records -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date in a text, normalised to an ISO 8601 value of ``precision``.

    ``precision`` is day, week, month, year or decade; ``year_from`` says how the year
    was decided (see the module docstring); ``is_relative`` is true when the mention
    needs the publication date or a nearby phrase to have a value.
    """

    span: Span
    text: str
    value: str | None
    precision: str
    year_from: str
    is_relative: bool
    modifier: str | None = None

    @property
    def year(self) -> int | None:
        """The resolved year, or None when unknown."""
        head = (self.value or "")[:4]
        return int(head) if len(head) == 4 and head.isdigit() else None

    def to_dict(self) -> dict[str, object]:
        """JSON-safe form; the span becomes ``[start, end]``."""
        return {
            "span": [self.span.start, self.span.end],
            "text": self.text,
            "value": self.value,
            "precision": self.precision,
            "year": self.year,
            "year_from": self.year_from,
            "is_relative": self.is_relative,
            "modifier": self.modifier,
        }


# -- vocabulary ----------------------------------------------------------------------------

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
_NUMBER_WORDS.update({"a": 1, "an": 1})
_MODIFIERS = {
    "early": "start",
    "earlier": "start",
    "mid": "mid",
    "late": "end",
    "later": "end",
    "the end of": "end",
    "the start of": "start",
    "the beginning of": "start",
    "the middle of": "mid",
    "the first half of": "start",
    "the second half of": "end",
}

_MON = (
    r"(?P<mon>(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_WDAY = r"(?P<wday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MOD = (
    r"(?:(?P<mod>(?i:early|mid|late|the\s+(?:end|start|beginning|middle|first\s+half|"
    r"second\s+half)\s+of))[\s-]+)?"
)
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern)
    for name, pattern in (
        ("iso", r"(?<![\d-])(?P<year>\d{4})-(?P<m>\d\d)-(?P<day>\d\d)(?![\d-])"),
        ("numeric", r"(?<![\d/.])(?P<m>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>\d{4})(?![\d/])"),
        ("mdy", rf"(?:{_WDAY},?\s+)?{_MOD}{_MON}\s*{_DAY}\b(?!:|\s?%|,\d)(?:,?\s+{_YEAR}\b)?"),
        ("dmy", rf"(?:{_WDAY},?\s+)?(?:the\s+)?\b{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR}\b)?"),
        ("my", rf"{_MOD}{_MON},?\s+(?:of\s+)?{_YEAR}\b"),
        ("month", rf"{_MOD}(?:(?P<rel>(?i:last|this|next|past))\s+)?{_MON}"),
        (
            "ago",
            r"(?i:\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
            r"eleven|twelve)\s+(?P<unit>day|week|month|year)s?\s+ago\b)",
        ),
        (
            "rel",
            rf"(?i:\b{_MOD}(?P<rel>last|this|next|the\s+last|the\s+past|the\s+coming|"
            r"earlier\s+this|later\s+this)\s+(?P<unit>week|month|year|fiscal\s+year)\b)",
        ),
        ("deictic", r"(?i:\b(?P<word>today|yesterday|tomorrow|tonight)\b)"),
        (
            "weekday",
            rf"(?:\b(?i:(?P<rel>last|next|this|on|by|until|since|from|early|late)\s+))?"
            rf"\b{_WDAY}\b",
        ),
        ("decade", r"(?:\bthe\s+)?(?P<decade>(?:1[89]|20)\d)0s\b"),
        ("century", r"(?:\bthe\s+)?\b(?P<century>1\d|2[01])(?:st|nd|rd|th)[\s-]+[Cc]entury\b"),
        (
            "season",
            rf"(?:(?P<rel>(?i:last|this|next|past))\s+)?{_MOD}"
            r"\b(?P<season>(?i:spring|summer|autumn|fall|winter))\b"
            rf"(?:,?\s+(?:of\s+)?{_YEAR}\b)?",
        ),
        (
            "yrange",
            r"(?<![\d,.$£€-])\b(?P<year>(?:1[89]|20)\d\d)[-–](?P<year2>\d\d|(?:1[89]|20)\d\d)"
            r"\b(?![-–]\d)",
        ),
        (
            "ref",
            r"(?i:\b(?P<ref>now|currently|nowadays|at\s+present|the\s+past|in\s+the\s+future|"
            r"the\s+future)\b)",
        ),
        ("year", rf"{_MOD}(?<![\d,.$£€-])\b{_YEAR}\b(?![\d,.]\d|%|-|\s?(?:km|miles?|people)\b)"),
    )
}
#: Trigger words, matched on the lowercased text (a case-sensitive alternation is ~5x
#: faster than IGNORECASE); the patterns then run case-sensitively on the original.
_ANCHOR = re.compile(
    r"\b(?:(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|(?P<wday>(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
    r"|(?P<deictic>today|yesterday|tomorrow|tonight)"
    r"|(?P<ref>now|currently|present|past|future)"
    r"|(?P<unit>year|month|week|ago)"
    r"|(?P<season>spring|summer|autumn|fall|winter)"
    r"|(?P<century>century)"
    r"|(?P<year>1[89]\d\d|20\d\d|\d\d?/\d|\d0s))"
)
_ANCHOR_I = re.compile(_ANCHOR.pattern, re.IGNORECASE)  # when lower() changes offsets
#: Which patterns can match around each kind of trigger word.
_TRIGGERS = {
    "month": ("mdy", "dmy", "my", "month"),
    "wday": ("mdy", "dmy", "weekday"),
    "deictic": ("deictic",),
    "ref": ("ref", "rel", "season"),
    "unit": ("rel", "ago"),
    "season": ("season",),
    "century": ("century",),
    "year": ("iso", "numeric", "yrange", "decade", "year", "my", "mdy", "dmy"),
}
_SPACE = re.compile(r"\s")
_YEAR_CONTEXT_BEFORE = re.compile(
    r"(?i:\b(?:in|since|by|until|till|from|of|during|before|after|through|throughout|"
    r"between|and|or|to|early|mid|late|year|fiscal|spring|summer|autumn|fall|winter|"
    r"the\s+end\s+of|around|circa|c\.|for|since|'s))[\s-]+$|[(,]\s?$|^\s*$"
)
_DETERMINER_BEFORE = re.compile(r"\b(?i:a|an|the|his|her|its|their|our|this|that)\s+$")
_STRONG_BEFORE = re.compile(r"\b(?i:in|since|until|during|by)\s+$")
_PLURAL_AFTER = re.compile(r"\s+[a-z]+[^s\W]s\b")
_YEAR_CONTEXT_AFTER = re.compile(r"\s*(?:[.,;:)!?]|$|\s+(?:and|or|to|when|as|after|before)\b)")
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Col|Gen|Sgt))"
    r"(?<!\b(?:Mr|Ms|Dr|St|Lt|No))(?<!Sept)[.!?]\s+|\n"
)
_LIST_JOIN = re.compile(r"\s*(?:,|and|or|to|through|until|-|–|—)\s*(?:on\s+)?$", re.IGNORECASE)
_YEAR_PHRASE_AFTER = re.compile(
    r"\s*,?\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b", re.IGNORECASE
)
_YEAR_PHRASE = re.compile(r"\b(?P<rel>last|this|next)\s+year\b", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|shall|won't|'ll|is\s+to|are\s+to|going\s+to|(?:is|are)\s+scheduled|"
    r"expected\s+to|plans?\s+to|due\s+to|upcoming|next)\b",
    re.IGNORECASE,
)
# "reported on Tuesday", "met on Friday": the day is in the past whatever else the sentence says
_PAST_VERB_BEFORE = re.compile(
    r"\b(?:\w+ed|said|told|wrote|met|began|took|made|gave|saw|held|went|came|flew|left|spoke)"
    r"\s+(?:on\s+)?$",
    re.IGNORECASE,
)
_UNTIL = re.compile(r"\b(?:until|through|till|by)\s+$", re.IGNORECASE)
_PAST_REL = {
    "last": -1,
    "the last": -1,
    "the past": -1,
    "this": 0,
    "earlier this": 0,
    "later this": 0,
    "next": 1,
    "the coming": 1,
}


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    kind: str
    groups: dict[str, str]


# -- finding -------------------------------------------------------------------------------


def find_dates(
    text: str, published: dt.date | None = None, *, references: bool = False
) -> list[DateMention]:
    """Every date mention in ``text``, in text order, resolved against ``published``.

    ``published`` may be a ``date`` or ``datetime``; without it, partial dates keep an
    unknown year ("--04-24") and purely relative ones (``yesterday``) have value None.
    ``references=True`` also returns TimeML's vague references ("now" -> ``PRESENT_REF``,
    "the past" -> ``PAST_REF``, "the future" -> ``FUTURE_REF``, precision ``reference``);
    they say nothing a fact sheet can compare, so they are off by default.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    candidates = _candidates(text, references)
    if not references:
        candidates = [c for c in candidates if c.kind != "ref"]
    mentions: list[DateMention] = []
    for index, cand in enumerate(candidates):
        mention = _resolve(text, cand, candidates, index, published)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _candidates(text: str, references: bool) -> list[_Candidate]:
    found: list[_Candidate] = []
    for trigger, windows in _windows(text).items():
        if trigger == "ref" and not references:
            continue
        for kind in _TRIGGERS[trigger]:
            for lo, hi in windows:
                _scan(text, kind, lo, hi, found)
    return _without_overlaps(found)


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Stretches of text around trigger words, by trigger: the only places to look.

    Running every pattern over a whole article costs ~14 ms per 5 KB; one pass of
    :data:`_ANCHOR`, then only the patterns its hit can start, costs a fraction.
    """
    windows: dict[str, list[tuple[int, int]]] = {}
    folded = text.lower()
    anchors = _ANCHOR.finditer(folded) if len(folded) == len(text) else _ANCHOR_I.finditer(text)
    for match in anchors:
        lo, hi = max(0, match.start() - 30), match.end() + 22
        space = _SPACE.search(text, hi)
        hi = space.start() if space else len(text)
        spans = windows.setdefault(match.lastgroup or "", [])
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return windows


def _scan(text: str, kind: str, lo: int, hi: int, found: list[_Candidate]) -> None:
    for match in _PATTERNS[kind].finditer(text, lo, hi):
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        if kind == "yrange":
            found.extend(_year_range(match, groups))
            continue
        cand = _Candidate(match.start(), match.end(), kind, groups)
        if _plausible(text, cand):
            found.append(cand)


def _year_range(match: re.Match[str], g: dict[str, str]) -> list[_Candidate]:
    """ "2009-2010" and "1957-58" are two years each."""
    first, second = g["year"], g["year2"]
    if len(second) == 2:
        second = first[:2] + second
    if int(second) <= int(first):
        return []
    return [
        _Candidate(match.start("year"), match.end("year"), "year", {"year": first}),
        _Candidate(match.start("year2"), match.end("year2"), "year", {"year": second}),
    ]


def _without_overlaps(found: list[_Candidate]) -> list[_Candidate]:
    """Longest candidates first; a shorter one overlapping a kept one is dropped."""
    kept: list[_Candidate] = []
    for cand in sorted(found, key=lambda c: (c.start - c.end, c.start)):
        if all(cand.end <= k.start or k.end <= cand.start for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def _plausible(text: str, cand: _Candidate) -> bool:
    g = cand.groups
    if "day" in g and not 1 <= int(g["day"]) <= 31:
        return False
    if "m" in g and not 1 <= int(g["m"]) <= 12:
        return False
    if cand.kind == "month":
        return _month_alone_ok(text, cand)
    if cand.kind == "weekday":
        return True
    if cand.kind == "year":
        before = text[max(0, cand.start - 25) : cand.start]
        if _PLURAL_AFTER.match(text, cand.end) and not _STRONG_BEFORE.search(before):
            return False  # "2000 vehicles"
        if _DETERMINER_BEFORE.search(before):
            return True  # "a 2010 raid", "his 2007 campaign"
        return bool(
            g.get("mod")
            or _YEAR_CONTEXT_BEFORE.search(before)
            or _YEAR_CONTEXT_AFTER.match(text, cand.end)
        )
    return True


def _month_alone_ok(text: str, cand: _Candidate) -> bool:
    """A bare month name is a date after a preposition or modifier; "May" needs one."""
    if cand.groups.get("rel") or cand.groups.get("mod"):
        return cand.groups.get("rel", "").lower() != "past"
    before = text[max(0, cand.start - 12) : cand.start].lower()
    cue = re.search(
        r"\b(?:in|since|by|until|till|from|of|during|before|after|through|"
        r"between|and|or|to|for|last|next|this)\s+$",
        before,
    )
    if cue:
        return True
    return cand.groups["mon"] not in ("May", "March") and not cand.groups["mon"].endswith(".")


# -- resolving -----------------------------------------------------------------------------


def _resolve(
    text: str, cand: _Candidate, cands: list[_Candidate], index: int, pub: dt.date | None
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
    return _MODIFIERS.get(re.sub(r"\s+", " ", raw.lower())) if raw else None


def _month_of(g: dict[str, str]) -> int:
    return MONTHS[g["mon"].rstrip(".").lower()]


def _explicit_day(
    text: str, c: _Candidate, cands: list[_Candidate], i: int, pub: dt.date | None
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
    text: str, c: _Candidate, cands: list[_Candidate], i: int, pub: dt.date | None
) -> _Result:
    return f"{c.groups['year']}-{_month_of(c.groups):02d}", "month", "explicit", False


def _month(
    text: str, c: _Candidate, cands: list[_Candidate], i: int, pub: dt.date | None
) -> _Result:
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
    c: _Candidate,
    cands: list[_Candidate],
    i: int,
    pub: dt.date | None,
    month: int,
    day: int | None,
) -> tuple[int | None, str]:
    """The year of a partial date: from a following list or phrase, else publication."""
    shared = _year_from_list(text, cands, i, pub)
    if shared is not None:
        return shared
    sentence = _sentence(text, c.start, c.end)
    phrases = {m.group("rel").lower() for m in _YEAR_PHRASE.finditer(sentence)}
    if pub is not None and len(phrases) == 1:
        rel = phrases.pop()
        return pub.year + _PAST_REL[rel], f"relative:{rel} year"
    if pub is None:
        return None, "unresolved"
    after_pub = month > pub.month if day is None else (month, day) > (pub.month, pub.day)
    if not after_pub:
        return pub.year, "publication year"
    if _FUTURE.search(sentence) or _UNTIL.search(text, max(0, c.start - 9), c.start):
        return pub.year, "upcoming"
    return pub.year - 1, "most recent past"


def _year_from_list(
    text: str, cands: list[_Candidate], i: int, pub: dt.date | None
) -> tuple[int | None, str] | None:
    """A year shared along a list of dates: "April 13 and Oct. 1, 2024", "... last year"."""
    j = i
    while True:
        phrase = _YEAR_PHRASE_AFTER.match(text, cands[j].end)
        if phrase:
            rel = phrase.group("rel").lower()
            year = pub.year + _PAST_REL[rel] if pub else None
            return year, f"relative:{rel} year" if pub else "unresolved"
        if j + 1 >= len(cands) or not _LIST_JOIN.match(text[cands[j].end : cands[j + 1].start]):
            return None
        j += 1
        nxt = cands[j]
        if nxt.kind in ("mdy", "dmy", "my", "numeric", "iso") and "year" in nxt.groups:
            return int(nxt.groups["year"]), "explicit"
        if nxt.kind not in ("mdy", "dmy", "month"):
            return None


def _sentence(text: str, start: int, end: int) -> str:
    left = max(0, start - 300)
    ends = list(_SENTENCE_END.finditer(text, left, start))
    left = ends[-1].end() if ends else left
    stop = _SENTENCE_END.search(text, end)
    return text[left : stop.start() if stop else min(len(text), end + 300)]


def _year(
    text: str, c: _Candidate, cands: list[_Candidate], i: int, pub: dt.date | None
) -> _Result:
    return c.groups["year"], "year", "explicit", False


def _decade(
    text: str, c: _Candidate, cands: list[_Candidate], i: int, pub: dt.date | None
) -> _Result:
    return c.groups["decade"], "decade", "explicit", False


def _relative_unit(
    text: str, c: _Candidate, cands: list[_Candidate], i: int, pub: dt.date | None
) -> _Result:
    rel = re.sub(r"\s+", " ", c.groups["rel"].lower())
    unit = c.groups["unit"].lower().split()[-1]
    phrase = f"relative:{rel} {unit}"
    if rel == "the past" and unit == "year":
        return None  # "over the past year" is a duration
    if pub is None:
        return None, unit, "unresolved", True
    return _shifted(pub, unit, _PAST_REL[rel]), unit, phrase, True


def _ago(text: str, c: _Candidate, cands: list[_Candidate], i: int, pub: dt.date | None) -> _Result:
    raw = c.groups["n"].lower()
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
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
    text: str, c: _Candidate, cands: list[_Candidate], i: int, pub: dt.date | None
) -> _Result:
    word = c.groups["word"].lower()
    if pub is None:
        return None, "day", "unresolved", True
    shift = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    return (pub + dt.timedelta(days=shift)).isoformat(), "day", f"relative:{word}", True


def _weekday(
    text: str, c: _Candidate, cands: list[_Candidate], i: int, pub: dt.date | None
) -> _Result:
    if pub is None:
        return None, "day", "unresolved", True
    target = WEEKDAYS[c.groups["wday"].lower()]
    rel = (c.groups.get("rel") or "").lower()
    future = rel == "next" or (
        rel != "last"
        and not _PAST_VERB_BEFORE.search(text, max(0, c.start - 30), c.start)
        and _FUTURE.search(_sentence(text, c.start, c.end))
    )
    if future:
        ahead = (target - pub.weekday()) % 7 or (7 if rel == "next" else 0)
        return (pub + dt.timedelta(days=ahead)).isoformat(), "day", "upcoming", True
    back = (pub.weekday() - target) % 7 or (7 if rel == "last" else 0)
    return (pub - dt.timedelta(days=back)).isoformat(), "day", "most recent past", True


def _century(
    text: str, c: _Candidate, cands: list[_Candidate], i: int, pub: dt.date | None
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
    text: str, c: _Candidate, cands: list[_Candidate], i: int, pub: dt.date | None
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


_REFERENCES = {
    "now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "the past": "PAST_REF",
    "in the future": "FUTURE_REF",
    "the future": "FUTURE_REF",
}


def _reference(
    text: str, c: _Candidate, cands: list[_Candidate], i: int, pub: dt.date | None
) -> _Result:
    word = re.sub(r"\s+", " ", c.groups["ref"].lower())
    return _REFERENCES[word], "reference", "relative:" + word, True


_RESOLVERS = {
    "century": _century,
    "season": _season,
    "ref": _reference,
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
