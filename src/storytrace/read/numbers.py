"""Numbers and quantities in article text, normalised so articles can be compared.

:func:`find_quantities` scans a text once for number tokens and classifies each by the
words around it. A later stage compares the results across articles with
:func:`same_quantity` ("15 km" and "nine miles" are the same distance within 5 %).

Number tokens
    Digits (``7``, ``3,000``, ``2.5``), number words (``seven``, ``twenty-five``,
    ``two hundred and fifty``, ``a dozen``), either followed by a scale word
    (``1.5 million``, ``$2bn``, ``€40m``).

Kinds, tried in this order on each token
    ``money``     a currency sign or code before (``$5``, ``US$ 3m``, ``EUR 40``) or a
                  currency word after (``5 million dollars``); ``currency`` is an ISO code.
    ``percent``   ``%``, ``percent``, ``per cent`` (``percentage points`` keeps that unit).
    ``age``       ``46-year-old``, ``aged 46``, and ``Name, 46,`` after a capitalised name.
    ``range``     ``10-15 km``, ``10 to 15``, ``between 10 and 15``; ``upper`` holds the top.
    ``ratio``     ``six of the seven``, ``2 out of 5``, ``one in four``; ``value_of`` holds M.
    ``measure`` / ``duration``  a unit from :data:`UNITS` after the number, with or
                  without a hyphen (``15 km``, ``9-mile``, ``20-year pact``). ``si_value`` is
                  in the unit's SI base (metres, kilograms, seconds, square metres, cubic
                  metres, metres per second, kelvin); months and years use their mean
                  Gregorian length.
    ``ordinal``   ``first`` ... ``twentieth``, ``1st``, ``22nd``.
    ``count``     any other number.

Not quantities (skipped): years (``2024``, a bare 4-digit number from 1800 to 2100),
numbers inside dates (``April 24``, ``24 April``) and clock times (``10:30``, ``9 a.m.``),
quoted codes (the prefix ``"20"``), and digits glued to letters (``S-300``, ``F-16``).

Unit grammar
    ``<number> [-| ] [square|sq|cubic] <unit>`` where ``<unit>`` is a spelling in
    :data:`UNITS` (case-sensitive for symbols such as ``m`` and ``K``, case-insensitive for
    words); ``km2``/``sq km`` are areas; ``km/h``, ``mph``, ``knots`` are speeds;
    ``°C``/``°F``/``degrees Celsius`` are temperatures (an affine conversion).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from storytrace.model import Span
from storytrace.read.units import (
    AGE_AFTER_RE,
    AGE_BEFORE_RE,
    AND_RE,
    BETWEEN_RE,
    CURRENCY_BEFORE_RE,
    CURRENCY_SIGNS,
    CURRENCY_WORD_RE,
    CURRENCY_WORDS,
    DATE_AFTER_RE,
    DATE_BEFORE_RE,
    DEGREE_RE,
    GLUED_BEFORE_RE,
    NAME_AGE_RE,
    NUMBER_LOWER_RE,
    NUMBER_RE,
    OF_RE,
    OFFSET,
    ORDINAL_LOWER_RE,
    ORDINAL_RE,
    ORDINALS,
    PERCENT_RE,
    QUOTE_AFTER_RE,
    RANGE_JOIN_RE,
    SCALE_ABBR,
    SCALE_SUFFIX_RE,
    SCALES,
    SMALL,
    TENS,
    TIME_AFTER_RE,
    UNIT_LOOKUP,
    UNIT_RE,
    UNITS,
    YEAR,
)

_DIGITS_SCALE_RE = re.compile(r"([\d,]*\.?\d+)\s?([a-z]*)")
_WORD_SPLIT_RE = re.compile(r"[\s-]+")


# -- records -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number or quantity found in a text.

    ``kind`` is one of count, ratio, range, percent, money, measure, duration, ordinal,
    age. ``value`` is the number (the lower bound of a range, N of "N of M");
    ``value_of`` is M; ``upper`` the top of a range; ``unit`` the unit as written;
    ``si_value`` / ``si_upper`` / ``si_unit`` the amount in SI base units (measures,
    durations, ages); ``currency`` an ISO 4217 code for money.
    """

    span: Span
    text: str
    kind: str
    value: float
    value_of: float | None = None
    upper: float | None = None
    unit: str | None = None
    si_value: float | None = None
    si_upper: float | None = None
    si_unit: str | None = None
    currency: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-safe form; the span becomes ``[start, end]``."""
        return {
            "span": [self.span.start, self.span.end],
            "text": self.text,
            "kind": self.kind,
            "value": self.value,
            "value_of": self.value_of,
            "upper": self.upper,
            "unit": self.unit,
            "si_value": self.si_value,
            "si_upper": self.si_upper,
            "si_unit": self.si_unit,
            "currency": self.currency,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quantity:
        """The quantity :meth:`to_dict` wrote."""
        start, end = data["span"]
        return cls(
            Span(start, end),
            data["text"],
            data["kind"],
            data["value"],
            data["value_of"],
            data["upper"],
            data["unit"],
            data["si_value"],
            data["si_upper"],
            data["si_unit"],
            data["currency"],
        )


def _finditer_folded(
    text: str, folded: str | None, pattern: re.Pattern[str], lower: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """Case-insensitive matches of ``pattern``, run on the lowercased text when offsets allow."""
    return lower.finditer(folded) if folded is not None else pattern.finditer(text)


def _fold(text: str) -> str | None:
    folded = text.lower()
    return folded if len(folded) == len(text) else None


@lru_cache(maxsize=4096)
def parse_number(token: str) -> float | None:
    """Value of a number token (digits or words, with a scale word), or None."""
    token = token.strip().lower()
    match = _DIGITS_SCALE_RE.fullmatch(token)
    if match:
        base = float(match.group(1).replace(",", ""))
        scale = match.group(2)
        factor = SCALES.get(scale) or SCALE_ABBR.get(scale) or 1.0
        return base * factor
    return _parse_words(_WORD_SPLIT_RE.split(token))


def _parse_words(words: list[str]) -> float | None:
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if word in ("and", "a"):
            continue
        if word in SMALL or word in TENS:
            current += SMALL.get(word, 0) + TENS.get(word, 0)
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


# -- scanning ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    value: float
    is_digits: bool


def find_quantities(text: str) -> list[Quantity]:
    """Every number or quantity in ``text``, in text order (see the module docstring)."""
    folded = _fold(text)
    tokens = _number_tokens(text, folded)
    found: list[Quantity] = []
    i = 0
    while i < len(tokens):
        quantity, used = _classify(text, tokens, i)
        if quantity is not None:
            found.append(quantity)
        i += used
    found.extend(_ordinals(text, folded, found))
    found.sort(key=lambda q: q.span)
    return found


def _number_tokens(text: str, folded: str | None) -> list[_Token]:
    tokens = []
    for match in _finditer_folded(text, folded, NUMBER_RE, NUMBER_LOWER_RE):
        raw = match.group("num")
        if raw.lower() in ("a", "and"):  # the article, not "a dozen"
            continue
        value = parse_number(raw)
        if value is None:
            continue
        tokens.append(_Token(match.start(), match.end(), value, raw[0].isdigit() or raw[0] == "."))
    return tokens


def _classify(text: str, tokens: list[_Token], i: int) -> tuple[Quantity | None, int]:
    tok = tokens[i]
    if _is_not_a_quantity(text, tok):
        return None, 1
    for attempt in (_money, _percent, _age, _range, _ratio, _measure):
        result = attempt(text, tokens, i)
        if result is not None:
            return result
    return _make(text, tok.start, tok.end, "count", tok.value), 1


def _is_not_a_quantity(text: str, tok: _Token) -> bool:
    before, after = text[max(0, tok.start - 12) : tok.start], text[tok.end : tok.end + 12]
    raw = text[tok.start : tok.end]
    if tok.is_digits and _looks_like_year(raw) and not UNIT_RE.match(after):
        return True
    if tok.is_digits and (DATE_BEFORE_RE.search(before) or DATE_AFTER_RE.match(after)):
        return True
    if tok.is_digits and TIME_AFTER_RE.match(after):
        return True
    if tok.is_digits and GLUED_BEFORE_RE.search(before):
        return True
    if tok.is_digits and QUOTE_AFTER_RE.match(after) and before[-1:] in "\"“'‘":
        return True
    glued = after[:1].isalpha() and not (UNIT_RE.match(after) or SCALE_SUFFIX_RE.match(after))
    return tok.is_digits and glued


def _looks_like_year(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1800 <= int(raw) <= 2100


def _make(text: str, start: int, end: int, kind: str, value: float, **extra: object) -> Quantity:
    return Quantity(span=Span(start, end), text=text[start:end], kind=kind, value=value, **extra)  # type: ignore[arg-type]


def _money(text: str, tokens: list[_Token], i: int) -> tuple[Quantity, int] | None:
    tok = tokens[i]
    before = CURRENCY_BEFORE_RE.search(text[max(0, tok.start - 4) : tok.start])
    if before:
        code = before.group("cur").strip()
        start = tok.start - len(before.group("cur"))
        end, value = tok.end, tok.value
        scale = SCALE_SUFFIX_RE.match(text, end)
        if scale:
            end, value = scale.end(), value * SCALE_ABBR[scale.group(1).lower()]
        word = CURRENCY_WORD_RE.match(text, end)
        if word:
            end = word.end()
        return _make(text, start, end, "money", value, currency=CURRENCY_SIGNS.get(code, code)), 1
    word = CURRENCY_WORD_RE.match(text, tok.end)
    if word:
        code = CURRENCY_WORDS[re.sub(r"\s+", " ", word.group("unit").lower())]
        return _make(text, tok.start, word.end(), "money", tok.value, currency=code), 1
    return None


def _percent(text: str, tokens: list[_Token], i: int) -> tuple[Quantity, int] | None:
    tok = tokens[i]
    match = PERCENT_RE.match(text, tok.end)
    if not match:
        return None
    unit = "percentage points" if "point" in match.group("unit").lower() else "percent"
    return _make(text, tok.start, match.end(), "percent", tok.value, unit=unit), 1


def _age(text: str, tokens: list[_Token], i: int) -> tuple[Quantity, int] | None:
    tok = tokens[i]
    after = AGE_AFTER_RE.match(text, tok.end)
    before = text[max(0, tok.start - 6) : tok.start]
    name_before = text[max(0, tok.start - 30) : tok.start]
    if after:
        end = after.end()
    elif AGE_BEFORE_RE.search(before) or (
        tok.is_digits
        and tok.value < 120
        and NAME_AGE_RE.search(name_before)
        and text[tok.end : tok.end + 1] in (",", ".", ";", ")")
    ):
        end = tok.end
    else:
        return None
    return _make(
        text, tok.start, end, "age", tok.value, unit="year", si_value=tok.value * YEAR, si_unit="s"
    ), 1


def _range(text: str, tokens: list[_Token], i: int) -> tuple[Quantity, int] | None:
    if i + 1 >= len(tokens):
        return None
    lo, hi = tokens[i], tokens[i + 1]
    gap = text[lo.end : hi.start]
    between = BETWEEN_RE.search(text[max(0, lo.start - 9) : lo.start])
    joined = between and AND_RE.fullmatch(gap)
    dashed = RANGE_JOIN_RE.fullmatch(gap) and (lo.is_digits == hi.is_digits)
    if not (joined or dashed) or hi.value < lo.value:
        return None
    if _is_not_a_quantity(text, hi):
        return None
    start = lo.start - len(between.group(0)) if between else lo.start
    end, unit = _unit_after(text, hi.end)
    if unit is None and "or" in gap.lower():
        return None
    extra = _si(unit, lo.value, hi.value) if unit else {}
    return _make(text, start, end, "range", lo.value, upper=hi.value, **extra), 2


def _ratio(text: str, tokens: list[_Token], i: int) -> tuple[Quantity, int] | None:
    if i + 1 >= len(tokens):
        return None
    part, whole = tokens[i], tokens[i + 1]
    of = OF_RE.match(text, part.end)
    if not of or of.end() != whole.start or whole.value < part.value:
        return None
    if whole.is_digits and _looks_like_year(text[whole.start : whole.end]):
        return None
    return _make(text, part.start, whole.end, "ratio", part.value, value_of=whole.value), 2


def _measure(text: str, tokens: list[_Token], i: int) -> tuple[Quantity, int] | None:
    tok = tokens[i]
    end, unit = _unit_after(text, tok.end)
    if unit is None:
        return None
    return _make(text, tok.start, end, _kind_of(unit), tok.value, **_si(unit, tok.value)), 1


def _unit_after(text: str, pos: int) -> tuple[int, str | None]:
    match = DEGREE_RE.match(text, pos) or UNIT_RE.match(text, pos)
    if not match:
        return pos, None
    return match.end(), match.group("unit")


@lru_cache(maxsize=1024)
def _canonical(unit: str) -> str:
    unit = re.sub(r"\s+", " ", unit.replace("° ", "°").replace("º ", "º"))
    if unit.lower().startswith("degrees"):
        unit = "°" + unit.split()[-1][0].upper()
    return UNIT_LOOKUP.get(unit) or UNIT_LOOKUP.get(unit.lower()) or unit


def _kind_of(unit: str) -> str:
    return "duration" if UNITS[_canonical(unit)][0] == "s" else "measure"


def _si(unit: str, value: float, upper: float | None = None) -> dict[str, object]:
    canon = _canonical(unit)
    base, factor, _ = UNITS[canon]
    offset = OFFSET.get(canon, 0.0)
    extra: dict[str, object] = {"unit": unit, "si_unit": base, "si_value": value * factor + offset}
    if upper is not None:
        extra["si_upper"] = upper * factor + offset
    return extra


def _ordinals(text: str, folded: str | None, taken: list[Quantity]) -> list[Quantity]:
    if folded is not None and not _may_hold_ordinals(folded):
        return []  # the scan below tries every word start
    spans = [q.span for q in taken]
    found = []
    for match in _finditer_folded(text, folded, ORDINAL_RE, ORDINAL_LOWER_RE):
        if any(s.start < match.end() and match.start() < s.end for s in spans):
            continue
        if (
            match.group("word")
            and match.group("word").lower() == "second"
            and DATE_AFTER_RE.match(text, match.end())
        ):
            continue
        if match.group("digits") and DATE_AFTER_RE.match(text, match.end()):
            continue
        if match.group("digits") and DATE_BEFORE_RE.search(
            text[max(0, match.start() - 12) : match.start()]
        ):
            continue
        value = (
            int(match.group("digits"))
            if match.group("digits")
            else ORDINALS[match.group("word").lower()]
        )
        found.append(_make(text, match.start(), match.end(), "ordinal", float(value)))
    return found


def _may_hold_ordinals(folded: str) -> bool:
    """Whether ``ORDINAL_LOWER_RE`` can match in ``folded``: each match holds an ordinal
    word or a digit before "st", "nd", "rd" or "th" (substring tests run in C)."""
    return any(word in folded for word in ORDINALS) or _DIGIT_SUFFIX.search(folded) is not None


_DIGIT_SUFFIX = re.compile(r"\d(?:st|nd|rd|th)")


# -- comparison ----------------------------------------------------------------------------


def same_quantity(a: Quantity, b: Quantity, rel_tol: float = 0.05) -> bool:
    """Whether ``a`` and ``b`` state the same amount, within ``rel_tol`` (relative).

    Measures and durations compare in SI units (so "15 km" equals "nine miles"); money
    needs the same currency; ratios need the same N and M; ranges the same bounds.
    Counts, ordinals and ratios are exact numbers, compared without tolerance only when
    both are whole numbers below 100 ("six" never equals "seven").
    """
    if (a.si_unit is not None) != (b.si_unit is not None) or a.si_unit != b.si_unit:
        return False
    if a.si_unit is not None:
        return _close(a.si_value, b.si_value, rel_tol) and _close(a.si_upper, b.si_upper, rel_tol)
    if a.kind != b.kind or a.currency != b.currency:
        return False
    if a.kind == "percent" and a.unit != b.unit:
        return False
    return all(
        _close(x, y, rel_tol)
        for x, y in ((a.value, b.value), (a.value_of, b.value_of), (a.upper, b.upper))
    )


def _close(x: float | None, y: float | None, rel_tol: float) -> bool:
    if x is None or y is None:
        return x is None and y is None
    if x == y:
        return True
    if max(abs(x), abs(y)) < 100 and float(x).is_integer() and float(y).is_integer():
        return False
    return math.isclose(x, y, rel_tol=rel_tol)
