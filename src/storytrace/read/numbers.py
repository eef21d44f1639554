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

from storytrace.model import Span

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


# -- unit table ----------------------------------------------------------------------------

_DAY = 86_400.0
_YEAR = 365.2425 * _DAY
_MILE = 1609.344

#: Canonical unit -> (SI base unit, factor, spellings). Spellings that are all letters
#: match case-insensitively; others (``m``, ``K``, ``°C``) as written.
UNITS: dict[str, tuple[str, float, tuple[str, ...]]] = {
    "km": ("m", 1000.0, ("km", "kms", "kilometre", "kilometres", "kilometer", "kilometers")),
    "m": ("m", 1.0, ("m", "metre", "metres", "meter", "meters")),
    "cm": ("m", 0.01, ("cm", "centimetre", "centimetres", "centimeter", "centimeters")),
    "mm": ("m", 0.001, ("mm", "millimetre", "millimetres", "millimeter", "millimeters")),
    "mi": ("m", _MILE, ("mi", "mile", "miles")),
    "nmi": ("m", 1852.0, ("nautical mile", "nautical miles", "nm")),
    "ft": ("m", 0.3048, ("ft", "foot", "feet")),
    "yd": ("m", 0.9144, ("yd", "yard", "yards")),
    "in": ("m", 0.0254, ("inch", "inches")),
    "kg": (
        "kg",
        1.0,
        ("kg", "kilogram", "kilograms", "kilogramme", "kilogrammes", "kilo", "kilos"),
    ),
    "g": ("kg", 0.001, ("g", "gram", "grams", "gramme", "grammes")),
    "t": ("kg", 1000.0, ("tonne", "tonnes", "metric ton", "metric tons", "ton", "tons")),
    "lb": ("kg", 0.45359237, ("lb", "lbs", "pound", "pounds")),
    "oz": ("kg", 0.028349523125, ("oz", "ounce", "ounces")),
    "km2": (
        "m2",
        1e6,
        (
            "km2",
            "km²",
            "sq km",
            "square km",
            "square kilometres",
            "square kilometers",
            "square kilometre",
            "square kilometer",
        ),
    ),
    "m2": ("m2", 1.0, ("m2", "m²", "sq m", "square metres", "square meters")),
    "mi2": ("m2", _MILE**2, ("sq mi", "square mile", "square miles")),
    "ha": ("m2", 1e4, ("ha", "hectare", "hectares")),
    "acre": ("m2", 4046.8564224, ("acre", "acres")),
    "l": ("m3", 0.001, ("litre", "litres", "liter", "liters")),
    "gal": ("m3", 0.003785411784, ("gallon", "gallons")),
    "bbl": ("m3", 0.158987294928, ("barrel", "barrels", "bbl")),
    "km/h": ("m/s", 1 / 3.6, ("km/h", "kph", "kmh", "kilometres per hour", "kilometers per hour")),
    "mph": ("m/s", _MILE / 3600, ("mph", "miles per hour")),
    "kn": ("m/s", 1852 / 3600, ("knot", "knots")),
    "degC": ("K", 1.0, ("°C", "ºC", "degrees Celsius", "degrees C", "C")),
    "degF": ("K", 5 / 9, ("°F", "ºF", "degrees Fahrenheit", "degrees F", "F")),
    "s": ("s", 1.0, ("second", "seconds", "sec", "secs")),
    "min": ("s", 60.0, ("minute", "minutes", "min", "mins")),
    "h": ("s", 3600.0, ("hour", "hours", "hr", "hrs")),
    "day": ("s", _DAY, ("day", "days")),
    "week": ("s", 7 * _DAY, ("week", "weeks")),
    "month": ("s", _YEAR / 12, ("month", "months")),
    "year": ("s", _YEAR, ("year", "years", "yr", "yrs")),
    "decade": ("s", 10 * _YEAR, ("decade", "decades")),
    "century": ("s", 100 * _YEAR, ("century", "centuries")),
}
_OFFSET = {"degC": 273.15, "degF": 273.15 - 32 * 5 / 9}
_BARE_LETTER_UNITS = {"C", "F"}  # only after a degree word or sign, never alone

CURRENCY_SIGNS = {
    "$": "USD",
    "US$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₽": "RUB",
    "₹": "INR",
    "C$": "CAD",
    "A$": "AUD",
}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "yuan": "CNY",
    "yen": "JPY",
    "rupee": "INR",
    "rupees": "INR",
    "rial": "IRR",
    "rials": "IRR",
    "franc": "CHF",
    "francs": "CHF",
}
_ISO_CODES = ("USD", "EUR", "GBP", "JPY", "CNY", "RUB", "INR", "CHF", "CAD", "AUD", "IRR")

# -- number words --------------------------------------------------------------------------

_SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_ABBR = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
        "twentieth".split()
    )
}
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|"
    "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

_WORD = "|".join(sorted([*_SMALL, *_TENS, *_SCALES, "dozen"], key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_NUMBER = (
    rf"(?P<num>(?:(?<![\w.,:])(?:{_DIGITS})"
    rf"(?:\s?(?:hundred|thousand|million|billion|trillion)\b)?)"
    rf"|\b(?:a\s+dozen|(?:{_WORD})(?:(?:-|\s+|\s+and\s+)(?:{_WORD}))*)\b)"
)
NUMBER_RE = re.compile(_NUMBER, re.IGNORECASE)
_NUMBER_LOWER_RE = re.compile(_NUMBER)  # on lowercased text: ~5x faster than IGNORECASE
_ORDINAL = r"\b(?:(?P<digits>\d+)(?:st|nd|rd|th)|(?P<word>" + "|".join(_ORDINALS) + r"))\b"
ORDINAL_RE = re.compile(_ORDINAL, re.IGNORECASE)
_ORDINAL_LOWER_RE = re.compile(_ORDINAL)


def _finditer_folded(
    text: str, folded: str | None, pattern: re.Pattern[str], lower: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """Case-insensitive matches of ``pattern``, run on the lowercased text when offsets allow."""
    return lower.finditer(folded) if folded is not None else pattern.finditer(text)


def _fold(text: str) -> str | None:
    folded = text.lower()
    return folded if len(folded) == len(text) else None


def parse_number(token: str) -> float | None:
    """Value of a number token (digits or words, with a scale word), or None."""
    token = token.strip().lower()
    match = re.fullmatch(r"([\d,]*\.?\d+)\s?([a-z]*)", token)
    if match:
        base = float(match.group(1).replace(",", ""))
        scale = match.group(2)
        factor = _SCALES.get(scale) or _SCALE_ABBR.get(scale) or 1.0
        return base * factor
    return _parse_words(re.split(r"[\s-]+", token))


def _parse_words(words: list[str]) -> float | None:
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if word in ("and", "a"):
            continue
        if word in _SMALL or word in _TENS:
            current += _SMALL.get(word, 0) + _TENS.get(word, 0)
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


# -- context patterns ----------------------------------------------------------------------


def _alternation(spellings: list[str]) -> str:
    return "|".join(
        re.escape(s).replace(r"\ ", r"\s+") for s in sorted(spellings, key=len, reverse=True)
    )


def _unit_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for canon, (_, _, spellings) in UNITS.items():
        for spelling in spellings:
            key = spelling.lower() if spelling.isalpha() or " " in spelling else spelling
            lookup.setdefault(key, canon)
    return lookup


_UNIT_LOOKUP = _unit_lookup()
_WORD_UNITS = [s for s in _UNIT_LOOKUP if s.replace(" ", "").isalpha() and s not in ("c", "f")]
_SYMBOL_UNITS = [s for s in _UNIT_LOOKUP if s not in _WORD_UNITS and s not in ("c", "f")]
UNIT_RE = re.compile(
    rf"(?:\s?-\s?|\s+|)(?P<unit>{_alternation(_SYMBOL_UNITS)}|(?i:{_alternation(_WORD_UNITS)}))"
    r"(?![\w²])"
)
_DEGREE_RE = re.compile(r"\s?(?P<unit>°\s?[CF]|º\s?[CF]|degrees\s+(?:Celsius|Fahrenheit|C|F))\b")
_PERCENT_RE = re.compile(
    r"\s?(?P<unit>%|(?i:percent(?:age\s+points?)?|per\s+cent|"
    r"percentage\s+points?))(?!\w)"
)
_CURRENCY_WORD_RE = re.compile(
    r"\s+(?P<unit>" + _alternation(list(CURRENCY_WORDS)) + r")\b", re.IGNORECASE
)
_CURRENCY_BEFORE_RE = re.compile(
    r"(?P<cur>US\$|C\$|A\$|[$€£¥₽₹]|(?:" + "|".join(_ISO_CODES) + r")\s?)$"
)
_SCALE_SUFFIX_RE = re.compile(r"\s?(bn|mn|tn|trn|[kmb])\b", re.IGNORECASE)
_AGE_AFTER_RE = re.compile(r"(?:-|\s)years?(?:-|\s)old\b", re.IGNORECASE)
_AGE_BEFORE_RE = re.compile(r"\b(?:aged|age)\s$", re.IGNORECASE)
_NAME_AGE_RE = re.compile(r"[A-Z][\w'’-]+,\s(?:also\s|now\s)?$")
_RANGE_JOIN_RE = re.compile(r"\s*(?:-|–|—|\bto\b|\bor\b)\s*", re.IGNORECASE)
_BETWEEN_RE = re.compile(r"\b(?:between|from)\s$", re.IGNORECASE)
_AND_RE = re.compile(r"\s+(?:and|to)\s+", re.IGNORECASE)
_OF_RE = re.compile(
    r"\s+(?:(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+|its\s+|their\s+|our\s+)?|in\s+)",
    re.IGNORECASE,
)
_DATE_BEFORE_RE = re.compile(rf"\b(?:{_MONTHS})\.?\s$")
_DATE_AFTER_RE = re.compile(rf"(?:st|nd|rd|th)?\s(?:of\s)?(?:{_MONTHS})\b")
_TIME_AFTER_RE = re.compile(r"(?::\d\d|\s?[ap]\.?m\b\.?)", re.IGNORECASE)
_GLUED_BEFORE_RE = re.compile(r"(?:[A-Za-z]-?|[\"“'‘]|No\.\s?|#)$")
_QUOTE_AFTER_RE = re.compile(r"[\"”'’]")


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
    for match in _finditer_folded(text, folded, NUMBER_RE, _NUMBER_LOWER_RE):
        raw = match.group("num")
        value = parse_number(raw)
        if value is None or raw.lower() in ("a", "and"):
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
    if tok.is_digits and (_DATE_BEFORE_RE.search(before) or _DATE_AFTER_RE.match(after)):
        return True
    if tok.is_digits and _TIME_AFTER_RE.match(after):
        return True
    if tok.is_digits and _GLUED_BEFORE_RE.search(before):
        return True
    if tok.is_digits and _QUOTE_AFTER_RE.match(after) and before[-1:] in "\"“'‘":
        return True
    glued = after[:1].isalpha() and not (UNIT_RE.match(after) or _SCALE_SUFFIX_RE.match(after))
    return tok.is_digits and glued


def _looks_like_year(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1800 <= int(raw) <= 2100


def _make(text: str, start: int, end: int, kind: str, value: float, **extra: object) -> Quantity:
    return Quantity(span=Span(start, end), text=text[start:end], kind=kind, value=value, **extra)  # type: ignore[arg-type]


def _money(text: str, tokens: list[_Token], i: int) -> tuple[Quantity, int] | None:
    tok = tokens[i]
    before = _CURRENCY_BEFORE_RE.search(text[max(0, tok.start - 4) : tok.start])
    if before:
        code = before.group("cur").strip()
        start = tok.start - len(before.group("cur"))
        end, value = tok.end, tok.value
        scale = _SCALE_SUFFIX_RE.match(text, end)
        if scale:
            end, value = scale.end(), value * _SCALE_ABBR[scale.group(1).lower()]
        word = _CURRENCY_WORD_RE.match(text, end)
        if word:
            end = word.end()
        return _make(text, start, end, "money", value, currency=CURRENCY_SIGNS.get(code, code)), 1
    word = _CURRENCY_WORD_RE.match(text, tok.end)
    if word:
        code = CURRENCY_WORDS[re.sub(r"\s+", " ", word.group("unit").lower())]
        return _make(text, tok.start, word.end(), "money", tok.value, currency=code), 1
    return None


def _percent(text: str, tokens: list[_Token], i: int) -> tuple[Quantity, int] | None:
    tok = tokens[i]
    match = _PERCENT_RE.match(text, tok.end)
    if not match:
        return None
    unit = "percentage points" if "point" in match.group("unit").lower() else "percent"
    return _make(text, tok.start, match.end(), "percent", tok.value, unit=unit), 1


def _age(text: str, tokens: list[_Token], i: int) -> tuple[Quantity, int] | None:
    tok = tokens[i]
    after = _AGE_AFTER_RE.match(text, tok.end)
    before = text[max(0, tok.start - 6) : tok.start]
    name_before = text[max(0, tok.start - 30) : tok.start]
    if after:
        end = after.end()
    elif _AGE_BEFORE_RE.search(before) or (
        tok.is_digits
        and tok.value < 120
        and _NAME_AGE_RE.search(name_before)
        and text[tok.end : tok.end + 1] in (",", ".", ";", ")")
    ):
        end = tok.end
    else:
        return None
    return _make(
        text, tok.start, end, "age", tok.value, unit="year", si_value=tok.value * _YEAR, si_unit="s"
    ), 1


def _range(text: str, tokens: list[_Token], i: int) -> tuple[Quantity, int] | None:
    if i + 1 >= len(tokens):
        return None
    lo, hi = tokens[i], tokens[i + 1]
    gap = text[lo.end : hi.start]
    between = _BETWEEN_RE.search(text[max(0, lo.start - 9) : lo.start])
    joined = between and _AND_RE.fullmatch(gap)
    dashed = _RANGE_JOIN_RE.fullmatch(gap) and (lo.is_digits == hi.is_digits)
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
    of = _OF_RE.match(text, part.end)
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
    match = _DEGREE_RE.match(text, pos) or UNIT_RE.match(text, pos)
    if not match:
        return pos, None
    return match.end(), match.group("unit")


def _canonical(unit: str) -> str:
    unit = re.sub(r"\s+", " ", unit.replace("° ", "°").replace("º ", "º"))
    if unit.lower().startswith("degrees"):
        unit = "°" + unit.split()[-1][0].upper()
    return _UNIT_LOOKUP.get(unit) or _UNIT_LOOKUP.get(unit.lower()) or unit


def _kind_of(unit: str) -> str:
    return "duration" if UNITS[_canonical(unit)][0] == "s" else "measure"


def _si(unit: str, value: float, upper: float | None = None) -> dict[str, object]:
    canon = _canonical(unit)
    base, factor, _ = UNITS[canon]
    offset = _OFFSET.get(canon, 0.0)
    extra: dict[str, object] = {"unit": unit, "si_unit": base, "si_value": value * factor + offset}
    if upper is not None:
        extra["si_upper"] = upper * factor + offset
    return extra


def _ordinals(text: str, folded: str | None, taken: list[Quantity]) -> list[Quantity]:
    spans = [q.span for q in taken]
    found = []
    for match in _finditer_folded(text, folded, ORDINAL_RE, _ORDINAL_LOWER_RE):
        if any(s.start < match.end() and match.start() < s.end for s in spans):
            continue
        if (
            match.group("word")
            and match.group("word").lower() == "second"
            and _DATE_AFTER_RE.match(text, match.end())
        ):
            continue
        if match.group("digits") and _DATE_AFTER_RE.match(text, match.end()):
            continue
        if match.group("digits") and _DATE_BEFORE_RE.search(
            text[max(0, match.start() - 12) : match.start()]
        ):
            continue
        value = (
            int(match.group("digits"))
            if match.group("digits")
            else _ORDINALS[match.group("word").lower()]
        )
        found.append(_make(text, match.start(), match.end(), "ordinal", float(value)))
    return found


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
