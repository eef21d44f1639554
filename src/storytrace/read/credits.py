"""Credits to other outlets: "Reuters reported", "according to the report", "told Reuters".

Later stages use credits to trace which article was derived from which, so each credit
keeps the outlet's canonical name. A generic mention ("the news agency", "the report") is
resolved to the last outlet named before it in the same article.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from storytrace.model import Span
from storytrace.read.sheet import Credit, Sentence, mention

#: Outlets and wire services, canonical name -> the ways articles name them.
OUTLETS: dict[str, tuple[str, ...]] = {
    "Reuters": ("Reuters", "Thomson Reuters"),
    "Associated Press": ("Associated Press", "AP"),
    "Agence France-Presse": ("Agence France-Presse", "Agence France Presse", "AFP"),
    "United Press International": ("United Press International", "UPI"),
    "Bloomberg": ("Bloomberg News", "Bloomberg"),
    "Fox News": ("Fox News Digital", "Fox News"),
    "CNN": ("CNN",),
    "BBC": ("BBC News", "BBC"),
    "NBC News": ("NBC News", "NBC"),
    "CBS News": ("CBS News", "CBS"),
    "ABC News": ("ABC News",),
    "NPR": ("NPR",),
    "The New York Times": ("The New York Times", "New York Times", "NYT"),
    "The Washington Post": ("The Washington Post", "Washington Post"),
    "The Wall Street Journal": ("The Wall Street Journal", "Wall Street Journal", "WSJ"),
    "New York Post": ("The New York Post", "New York Post"),
    "Financial Times": ("The Financial Times", "Financial Times"),
    "The Guardian": ("The Guardian",),
    "The Times": ("The Times",),
    "Politico": ("Politico", "POLITICO"),
    "Axios": ("Axios",),
    "The Hill": ("The Hill",),
    "USA Today": ("USA Today", "USA TODAY"),
    "Breitbart": ("Breitbart News", "Breitbart"),
    "HuffPost": ("The Huffington Post", "Huffington Post", "HuffPost"),
    "Newsweek": ("Newsweek",),
    "Al Jazeera": ("Al Jazeera",),
    "Al Arabiya": ("Al Arabiya",),
    "TASS": ("TASS", "Tass"),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Interfax": ("Interfax",),
    "Xinhua": ("Xinhua",),
    "Yonhap": ("Yonhap",),
    "Kyodo": ("Kyodo News", "Kyodo"),
    "IRNA": ("IRNA",),
    "Tasnim": ("Tasnim",),
    "Haaretz": ("Haaretz",),
    "The Times of Israel": ("The Times of Israel", "Times of Israel"),
    "Axel Springer": ("Bild",),
    "Der Spiegel": ("Der Spiegel", "Spiegel"),
    "Le Monde": ("Le Monde",),
    "The Economist": ("The Economist",),
    "Daily Mail": ("The Daily Mail", "Daily Mail"),
    "The Telegraph": ("The Telegraph",),
    "Sky News": ("Sky News",),
    "MSNBC": ("MSNBC",),
    "CNBC": ("CNBC",),
    "Semafor": ("Semafor",),
    "The Intercept": ("The Intercept",),
    "ProPublica": ("ProPublica",),
}

_ALIAS = {alias.lower(): name for name, aliases in OUTLETS.items() for alias in aliases}
#: Outlets not in the list above are recognised by the last word of their name.
NEWS_WORDS = (
    "Wire|News|Post|Times|Herald|Courier|Daily|Journal|Gazette|Tribune|Ledger|Chronicle|"
    "Observer|Telegraph|Express|Mail|Mirror|Press|Agency|Digital|Magazine|Bulletin|Dispatch|"
    "Standard|Independent|Monitor|Examiner|Sentinel|Inquirer|Globe|Insider|Beacon|Courant"
)
_GENERIC_NAME = rf"(?:The\s+)?(?:[A-Z][\w'’-]+\s+){{1,3}}(?:{NEWS_WORDS})"
_NAMES = (
    "|".join(
        re.escape(a)
        for a in sorted({a for v in OUTLETS.values() for a in v}, key=len, reverse=True)
    )
    + "|"
    + _GENERIC_NAME
)
#: Any outlet name, case-sensitive, on word boundaries.
#: The leading ``(?=[A-Z])`` changes no match; it lets ``re`` skip to capitals (~30% faster).
OUTLET_NAME = re.compile(rf"(?=[A-Z])(?<![\w-])(?:{_NAMES})(?![\w-])")

#: Phrases that refer back to an outlet named earlier.
GENERIC_OUTLET = (
    r"the\s+(?:news\s+agency|agency|wire\s+service|newspaper|paper|outlet|broadcaster|"
    r"network|magazine|report|(?:original\s+)?report(?:ing)?)"
)

_O = rf"(?P<outlet>{_NAMES})"
_G = rf"(?P<outlet>{_NAMES}|{GENERIC_OUTLET})"
#: Credit patterns; each names its outlet group ``outlet`` and its cue group ``cue``.
CREDIT_PATTERNS = tuple(
    re.compile(p)
    for p in (
        rf"(?=[A-Z])(?<![\w-]){_O}(?:\s*,[^,.]{{1,60}},)?"
        r"(?P<cue>(?:['’]s)?\s+(?:first\s+|previously\s+|also\s+|has\s+|had\s+)?"
        r"(?:reported|reports|reporting|revealed|reveals|said|says|learned|wrote|writes|"
        r"found|investigation|review|analysis|report|exclusive))\b",
        rf"(?=[AaCcPp])(?i:(?P<cue>according\s+to|citing|cited\s+by|per))\s+(?:the\s+)?{_G}\b",
        rf"(?P<cue>(?:reported|first\s+reported|cited|quoted|reviewed|viewed|seen|obtained|"
        rf"shown\s+to|confirmed)\s+(?:by\s+)?)(?:the\s+)?{_O}(?![\w-])",
        rf"(?P<cue>told|in\s+an\s+interview\s+with|speaking\s+to|spoke\s+to|contacted\s+by)"
        rf"\s+(?:the\s+)?{_O}(?![\w-])",
        r"\((?P<outlet>AP|AFP|Reuters|UPI)(?P<cue>\))",
    )
)


def find_credits(text: str, sentences: list[Sentence]) -> list[Credit]:
    """Every credit to an outlet in ``text``, in order of position."""
    named = [(start, canonical_outlet(name)) for start, _, name in outlet_names(text)]
    starts = [s.span.start for s in sentences]
    found: dict[int, Credit] = {}
    for pattern in CREDIT_PATTERNS:
        scan = _name_first(text) if pattern is CREDIT_PATTERNS[0] else pattern.finditer(text)
        for m in scan:
            start = m.start("outlet")
            if start in found:
                continue
            outlet = canonical_outlet(m.group("outlet")) or _last_outlet(named, start)
            sentence = max(0, bisect.bisect_right(starts, m.start()) - 1)
            found[start] = Credit(
                outlet,
                mention(text, start, m.end("outlet")),
                mention(text, m.start("cue"), m.end("cue")),
                Span(m.start(), m.end()),
                sentence,
            )
    return [found[k] for k in sorted(found)]


@lru_cache(maxsize=2)
def outlet_names(text: str) -> tuple[tuple[int, int, str], ...]:
    """Start, end and wording of every ``OUTLET_NAME`` match in ``text``: one scan of an
    article for its credits and its organisations."""
    return tuple((m.start(), m.end(), m.group()) for m in OUTLET_NAME.finditer(text))


#: The caches keyed by an article's text (``read_text`` empties them after each article).
ARTICLE_CACHES = (outlet_names,)


def _name_first(text: str) -> list[re.Match[str]]:
    """``CREDIT_PATTERNS[0].finditer(text)`` ("Reuters reported"), tried only where
    ``OUTLET_NAME`` can match: where its scan found a name, and at the capitals inside
    one (the scan tried every other place and failed there, and a credit starts with an
    outlet name followed by neither a word character nor a hyphen)."""
    pattern, found, last = CREDIT_PATTERNS[0], [], 0
    for start, end, _ in outlet_names(text):
        for at in (start, *(m.start() for m in _CAPITAL.finditer(text, start + 1, end))):
            if at >= last:
                m = pattern.match(text, at)
                if m:
                    found.append(m)
                    last = m.end()
    return found


_CAPITAL = re.compile(r"(?<![\w-])[A-Z]")


def _last_outlet(named: list[tuple[int, str]], before: int) -> str | None:
    i = bisect.bisect_left(named, (before, ""))
    return named[i - 1][1] if i else None


@lru_cache(maxsize=4096)
def outlet_name(text: str) -> str | None:
    """The canonical outlet named in ``text``, if any."""
    m = OUTLET_NAME.search(text)
    return canonical_outlet(m.group()) if m else None


@lru_cache(maxsize=4096)
def canonical_outlet(name: str) -> str | None:
    """The canonical name of an outlet mention; None for generic phrases ("the agency")."""
    known = _ALIAS.get(name.lower())
    if known:
        return known
    if re.fullmatch(_GENERIC_NAME, name):
        return re.sub(r"^The\s+", "", " ".join(name.split()))
    return None
