"""The date patterns and vocabulary of :mod:`.dates`, and the candidate scan.

``find_candidates`` finds the date mentions' candidates: one pass of :data:`ANCHOR` over
the lowercased text finds trigger words, and only the patterns a trigger can start run, on
windows around the triggers; overlapping candidates keep the
longest. Resolving candidates to values lives in :mod:`.dates`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from storytrace.model import Span
from storytrace.read.date_mention import DateMention
from storytrace.read.scan import word_trie

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
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
NUMBER_WORDS.update({"a": 1, "an": 1})
MODIFIERS = {
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

#: The characters each pattern's match can open with, as a lookahead: it changes no match,
#: and lets ``re`` skip other positions without entering the optional groups (~2.5x faster).
_HEADS = {
    "mdy": "(?=[MTWFSEeLlmtJAOND])",
    "dmy": "(?=[MTWFSt0-9])",
    "my": "(?=[EeMmLlTtJFASOND])",
    "month": "(?=[EeMmLlTtNnPpJFASOD])",
    "weekday": "(?=[MmTtWFfSsLlNnOoBbUuEe])",
    "year": "(?=[EeMmLlTt12])",
}
_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(_HEADS.get(name, "") + pattern)
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
        (
            "quarter",
            r"(?i:\b(?:the\s+)?(?:fiscal\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)"
            rf"[\s-]+(?:fiscal[\s-]+)?quarter\b)(?:,?\s+(?:of\s+)?{_YEAR}\b)?",
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
#: The literal words ``_ANCHOR``'s word branches open with (every other branch opens with
#: a digit): a trie of them fails at most word starts after a character or two, where the
#: named alternation would try each branch in turn.
_ANCHOR_WORDS = (
    "jan feb mar apr may jun jul aug sep oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday today yesterday tomorrow tonight now currently present past "
    "future year month week ago spring summer autumn fall winter century first second "
    "third fourth"
).split()
#: Trigger words, matched on the lowercased text (a case-sensitive alternation is ~5x
#: faster than IGNORECASE); the patterns then run case-sensitively on the original.
_ANCHOR = re.compile(
    rf"(?<!\w)(?={word_trie(set(_ANCHOR_WORDS), prefixes=True)}|\d)"
    r"(?:(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|(?P<wday>(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
    r"|(?P<deictic>today|yesterday|tomorrow|tonight)"
    r"|(?P<ref>now|currently|present|past|future)"
    r"|(?P<unit>year|month|week|ago)"
    r"|(?P<season>spring|summer|autumn|fall|winter)"
    r"|(?P<century>century)"
    r"|(?P<quarter>first|second|third|fourth|1st|2nd|3rd|4th)(?=[\s-]+(?:fiscal[\s-]+)?quarter)"
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
    "quarter": ("quarter",),
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
#: A plural noun after a number ("2000 vehicles"); "-is" and "-us" are singular ("analysis").
_PLURAL_AFTER = re.compile(r"\s+[a-z]+[^siu\W]s\b")
_YEAR_CONTEXT_AFTER = re.compile(r"\s*(?:[.,;:)!?]|$|\s+(?:and|or|to|when|as|after|before)\b)")
#: A full stop, "!" or "?" before white space (not after an initial or an abbreviation),
#: or a line break. It opens with the character it consumes, so ``re`` skips to those in
#: C; the look-behinds then include that character.
SENTENCE_END = re.compile(
    r"[.!?\n](?:(?<=\n)|(?<!\b[A-Z][.!?])"
    r"(?<!\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Col|Gen|Sgt)[.!?])"
    r"(?<!\b(?:Mr|Ms|Dr|St|Lt|No)[.!?])(?<!Sept[.!?])\s+)"
)
LIST_JOIN = re.compile(
    r"\s*(?:,|and|or|to|through|until|-|–|—)\s*(?:(?:on|in)\s+)?$", re.IGNORECASE
)
YEAR_PHRASE_AFTER = re.compile(r"\s*,?\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b", re.IGNORECASE)
YEAR_PHRASE = re.compile(r"\b(?P<rel>last|this|next)\s+year\b", re.IGNORECASE)
FUTURE = re.compile(
    r"\b(?:will|shall|won't|'ll|is\s+to|are\s+to|going\s+to|(?:is|are)\s+scheduled|"
    r"expected\s+to|plans?\s+to|due\s+to|upcoming|next|would\s+(?:be\s+)?\w+ing|"
    r"planned|planning|as\s+soon\s+as|set\s+to)\b",
    re.IGNORECASE,
)
# "reported on Tuesday", "met on Friday": the day is in the past whatever else the sentence says
PAST_VERB_BEFORE = re.compile(
    r"\b(?:\w+ed|said|told|wrote|met|began|took|made|gave|saw|held|went|came|flew|left|spoke)"
    r"\s+(?:on\s+)?$",
    re.IGNORECASE,
)
UNTIL = re.compile(r"\b(?:until|through|till|by)\s+$", re.IGNORECASE)
PAST_REL = {
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
class Candidate:
    start: int
    end: int
    kind: str
    groups: dict[str, str]


# -- scanning ------------------------------------------------------------------------------


def find_candidates(text: str, references: bool) -> list[Candidate]:
    """Each pattern runs once over the union of the windows of the triggers that can
    start it (a pattern shared by month, weekday and year triggers is not run thrice).
    Without ``references``, of the vague references only the present ones are kept."""
    by_kind: dict[str, list[tuple[int, int]]] = {}
    for trigger, windows in _windows(text).items():
        for kind in _TRIGGERS[trigger]:
            by_kind.setdefault(kind, []).extend(windows)
    found: list[Candidate] = []
    for kind, windows in by_kind.items():
        needs = _NEEDS.get(kind)
        for lo, hi in _merged(windows):
            if needs is None or needs.search(text, lo, hi):
                _scan(text, kind, lo, hi, found)
    if not references:
        found = [c for c in found if c.kind != "ref" or _present(c)]
    return _without_overlaps(found)


def _present(c: Candidate) -> bool:
    return " ".join(c.groups["ref"].lower().split()) in PRESENT_REFERENCES


#: What every match of a pattern contains: a window without it is not scanned.
_NEEDS = {
    kind: re.compile(needs)
    for kind, needs in (
        ("iso", r"\d-\d"),
        ("numeric", r"\d/\d"),
        ("yrange", r"\d[-–]\d"),
        ("decade", r"\d0s"),
        ("mdy", r"\d"),
        ("dmy", r"\d(?:st|nd|rd|th)?\s+(?:of\s+)?[JFMASOND]"),  # "5 (of) May"
        ("my", r"\s(?:1[89]|20)\d\d\b"),  # the year after the month
        ("century", r"\d"),
    )
}


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(windows):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


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
        space = _SPACE.search(text, hi, hi + 40)  # bounded: text without spaces stays linear
        hi = space.start() if space else min(len(text), hi + 40)
        spans = windows.setdefault(match.lastgroup or "", [])
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return windows


def _scan(text: str, kind: str, lo: int, hi: int, found: list[Candidate]) -> None:
    for match in _PATTERNS[kind].finditer(text, lo, hi):
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        if kind == "yrange":
            found.extend(_year_range(match, groups))
            continue
        cand = Candidate(match.start(), match.end(), kind, groups)
        if _plausible(text, cand):
            found.append(cand)


def _year_range(match: re.Match[str], g: dict[str, str]) -> list[Candidate]:
    """ "2009-2010" and "1957-58" are two years each."""
    first, second = g["year"], g["year2"]
    if len(second) == 2:
        second = first[:2] + second
    if int(second) <= int(first):
        return []
    return [
        Candidate(match.start("year"), match.end("year"), "year", {"year": first}),
        Candidate(match.start("year2"), match.end("year2"), "year", {"year": second}),
    ]


def _without_overlaps(found: list[Candidate]) -> list[Candidate]:
    """Longest candidates first; a shorter one overlapping a kept one is dropped."""
    kept: list[Candidate] = []  # disjoint, sorted by start: one bisect per candidate
    starts: list[int] = []
    for cand in sorted(found, key=lambda c: (c.start - c.end, c.start)):
        i = bisect.bisect_left(starts, cand.start)
        if (i == 0 or kept[i - 1].end <= cand.start) and (
            i == len(kept) or cand.end <= kept[i].start
        ):
            kept.insert(i, cand)
            starts.insert(i, cand.start)
    return kept


def _plausible(text: str, cand: Candidate) -> bool:
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


_MONTH_CUE_BEFORE = re.compile(
    r"\b(?:in|since|by|until|till|from|of|during|before|after|through|"
    r"between|and|or|to|for|last|next|this)\s+$"
)


def _month_alone_ok(text: str, cand: Candidate) -> bool:
    """A bare month name is a date after a preposition or modifier; "May" needs one."""
    if cand.groups.get("rel") or cand.groups.get("mod"):
        return cand.groups.get("rel", "").lower() != "past"
    before = text[max(0, cand.start - 12) : cand.start].lower()
    if _MONTH_CUE_BEFORE.search(before):
        return True
    return cand.groups["mon"] not in ("May", "March") and not cand.groups["mon"].endswith(".")


# -- sentences around a candidate ------------------------------------------------------


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, at most 300 characters to either side."""
    left, right = sentence_bounds(text, start, end)
    return text[left:right]


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence around ``text[start:end]`` (see :func:`sentence_around`)."""
    starts, ends = _sentence_ends(text)
    left = max(0, start - 300)
    i = bisect.bisect_right(ends, start) - 1
    if i >= 0 and starts[i] >= left:
        left = ends[i]
    j = bisect.bisect_left(starts, end)
    right = min(len(text), end + 300)
    return left, min(starts[j], right) if j < len(starts) else right


#: Candidate kinds whose ``year`` group is a year written in the text.
_YEAR_KINDS = frozenset("year mdy dmy my iso numeric season".split())
_CLAUSE_BREAK = re.compile(r"[,;:()]")


def year_in_sentence(text: str, c: Candidate, cands: list[Candidate], i: int) -> int | None:
    """The explicit year nearest to ``c`` in its own sentence ("one in April and another
    in September 2024"), or None."""
    left, right = sentence_bounds(text, c.start, c.end)
    best: tuple[int, int] | None = None
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(cands) and left <= cands[j].start < right:
            other = cands[j]
            if other.kind in _YEAR_KINDS and "year" in other.groups:
                lo, hi = (c.end, other.start) if step > 0 else (other.end, c.start)
                if _CLAUSE_BREAK.search(text, lo, hi):
                    break  # "approved in 1987, ... through Sept. 29": another clause
                gap = abs(other.start - c.start)
                if best is None or gap < best[0]:
                    best = (gap, int(other.groups["year"]))
                break
            j += step
    return None if best is None else best[1]


@lru_cache(maxsize=8)
def _sentence_ends(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of every sentence end in ``text``: one scan per article."""
    found = [m.span() for m in SENTENCE_END.finditer(text)]
    return [s for s, _ in found], [e for _, e in found]


# -- vague references ---------------------------------------------------------------------

_REFERENCES = {
    "now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "the past": "PAST_REF",
    "in the future": "FUTURE_REF",
    "the future": "FUTURE_REF",
}
#: The present references ("now"): found by default, as they resolve to the publication
#: date; the past and future ones ("the past", "in the future") only on request.
PRESENT_REFERENCES = frozenset(k for k, v in _REFERENCES.items() if v == "PRESENT_REF")


def reference_mention(text: str, c: Candidate, pub: dt.date | None, timeml: bool) -> DateMention:
    """A vague reference: "now" is the publication date (None without one), "the past"
    has no value; with ``timeml`` the value is TimeML's (``PRESENT_REF``) instead."""
    word = re.sub(r"\s+", " ", c.groups["ref"].lower())
    reference = _REFERENCES[word]
    value = pub.isoformat() if reference == "PRESENT_REF" and pub else None
    return DateMention(
        span=Span(c.start, c.end),
        text=text[c.start : c.end],
        value=reference if timeml else value,
        precision="reference",
        year_from="relative:" + word,
        is_relative=True,
        reference=reference,
    )
