"""The unit grammar of :mod:`.numbers`: units, currencies, number words and the patterns
that find numbers and the words around them.

``UNITS`` maps a canonical unit to its SI base unit, the factor to it and its spellings;
``UNIT_RE`` finds a unit after a number, ``NUMBER_RE`` a number written in digits or words.
"""

from __future__ import annotations

import re

# -- unit table ----------------------------------------------------------------------------

_DAY = 86_400.0
YEAR = 365.2425 * _DAY
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
    "month": ("s", YEAR / 12, ("month", "months")),
    "year": ("s", YEAR, ("year", "years", "yr", "yrs")),
    "decade": ("s", 10 * YEAR, ("decade", "decades")),
    "century": ("s", 100 * YEAR, ("century", "centuries")),
}
OFFSET = {"degC": 273.15, "degF": 273.15 - 32 * 5 / 9}
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

SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SCALE_ABBR = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
ORDINALS = {
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

_WORD = "|".join(sorted([*SMALL, *TENS, *SCALES, "dozen"], key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_NUMBER = (
    rf"(?P<num>(?:(?<![\w.,:])(?:{_DIGITS})"
    rf"(?:\s?(?:hundred|thousand|million|billion|trillion)\b)?)"
    rf"|\b(?:a\s+dozen|(?:{_WORD})(?:(?:-|\s+|\s+and\s+)(?:{_WORD}))*)\b)"
)
NUMBER_RE = re.compile(_NUMBER, re.IGNORECASE)
#: On lowercased text: ~5x faster than IGNORECASE; the lookahead of the characters a
#: number can open with changes no match and skips other positions quickly. Every branch
#: of ``_NUMBER`` also needs a non-word character before it, so ``(?<!\w)`` skips the
#: inside of words too (no match changes).
NUMBER_LOWER_RE = re.compile(r"(?<!\w)(?=[\d.abdefhmnostz])" + _NUMBER)
_ORDINAL = r"\b(?:(?P<digits>\d+)(?:st|nd|rd|th)|(?P<word>" + "|".join(ORDINALS) + r"))\b"
ORDINAL_RE = re.compile(_ORDINAL, re.IGNORECASE)
_ORDINAL_HEADS = "".join(sorted({w[0] for w in ORDINALS}))
ORDINAL_LOWER_RE = re.compile(r"(?<!\w)(?=[\d" + _ORDINAL_HEADS + "])" + _ORDINAL)


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


UNIT_LOOKUP = _unit_lookup()
_WORD_UNITS = [s for s in UNIT_LOOKUP if s.replace(" ", "").isalpha() and s not in ("c", "f")]
_SYMBOL_UNITS = [s for s in UNIT_LOOKUP if s not in _WORD_UNITS and s not in ("c", "f")]
UNIT_RE = re.compile(
    rf"(?:\s?-\s?|\s+|)(?P<unit>{_alternation(_SYMBOL_UNITS)}|(?i:{_alternation(_WORD_UNITS)}))"
    r"(?![\w²])"
)
DEGREE_RE = re.compile(r"\s?(?P<unit>°\s?[CF]|º\s?[CF]|degrees\s+(?:Celsius|Fahrenheit|C|F))\b")
PERCENT_RE = re.compile(
    r"\s?(?P<unit>%|(?i:percent(?:age\s+points?)?|per\s+cent|"
    r"percentage\s+points?))(?!\w)"
)
CURRENCY_WORD_RE = re.compile(
    r"\s+(?P<unit>" + _alternation(list(CURRENCY_WORDS)) + r")\b", re.IGNORECASE
)
CURRENCY_BEFORE_RE = re.compile(
    r"(?P<cur>US\$|C\$|A\$|[$€£¥₽₹]|(?:" + "|".join(_ISO_CODES) + r")\s?)$"
)
SCALE_SUFFIX_RE = re.compile(r"\s?(bn|mn|tn|trn|[kmb])\b", re.IGNORECASE)
AGE_AFTER_RE = re.compile(r"(?:-|\s)years?(?:-|\s)old\b", re.IGNORECASE)
AGE_BEFORE_RE = re.compile(r"\b(?:aged|age)\s$", re.IGNORECASE)
NAME_AGE_RE = re.compile(r"[A-Z][\w'’-]+,\s(?:also\s|now\s)?$")
RANGE_JOIN_RE = re.compile(r"\s*(?:-|–|—|\bto\b|\bor\b)\s*", re.IGNORECASE)
BETWEEN_RE = re.compile(r"\b(?:between|from)\s$", re.IGNORECASE)
AND_RE = re.compile(r"\s+(?:and|to)\s+", re.IGNORECASE)
OF_RE = re.compile(
    r"\s+(?:(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+|its\s+|their\s+|our\s+)?|in\s+)",
    re.IGNORECASE,
)
DATE_BEFORE_RE = re.compile(rf"\b(?:{_MONTHS})\.?\s$")
DATE_AFTER_RE = re.compile(rf"(?:st|nd|rd|th)?\s(?:of\s)?(?:{_MONTHS})\b")
TIME_AFTER_RE = re.compile(r"(?::\d\d|\s?[ap]\.?m\b\.?)", re.IGNORECASE)
GLUED_BEFORE_RE = re.compile(r"(?:[A-Za-z]-?|[\"“'‘]|No\.\s?|#)$")
QUOTE_AFTER_RE = re.compile(r"[\"”'’]")
