"""Organisations: capitalised names holding an organisation word ("Ministry", "Institute",
"Party", "Corps"), joined by "of", "for", "and", "the"; outlets from the credits lexicon; and
acronyms whose letters are the initials of an organisation found in the same text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storytrace.model import Span
from storytrace.read.credits import outlet_name, outlet_names
from storytrace.read.sheet import Mention, Organisation, mention

_NONSPACE = re.compile(r"\S+")


#: Organisation head words -> organisation kind.
ORG_WORDS: dict[str, str] = {
    **dict.fromkeys(
        "Ministry Ministries Department Directorate Agency Office Administration Government "
        "Kremlin Pentagon Commission Committee Council Assembly Parliament Congress Senate "
        "Court Cabinet Embassy Bureau Authority Service Police Inspectorate Regulator Tribunal "
        "Board Prosecutor's Prosecutors".split(),
        "government",
    ),
    **dict.fromkeys(
        "Army Navy Corps Forces Force Guard Command Brigade Regiment".split(), "military"
    ),
    **dict.fromkeys("Party".split(), "party"),
    **dict.fromkeys("University Academy College School".split(), "education"),
    **dict.fromkeys("Institute Foundation Center Centre Council Institution".split(), "research"),
    **dict.fromkeys(
        "Company Corporation Corp Inc Ltd Group Bank Holdings Airlines Airways Industries "
        "Works".split(),
        "company",
    ),
    **dict.fromkeys(
        "Union Organization Organisation Association Federation Alliance".split(), "other"
    ),
}
ORG_WORDS.update({"Council": "government"})

_CAP = r"(?:[A-Z][\w'-]*|of|for|and|the|a|on|de)"
_ORG_RUN = re.compile(rf"[A-Z](?<![\w’'-][A-Z])[\w'-]*(?:[ ]{_CAP})*")
_CONNECTORS = frozenset("of for and the a on de".split())
_LEADING = frozenset("The A An In On At By For But And As To From Of".split())
#: Words that end an organisation's name where a title or a date follows it.
_TITLE_CUT = frozenset(
    "majority minority leader president chairman chairwoman chair secretary minister "
    "speaker spokesman spokeswoman director".split()
)
_NOT_LAST_WORD = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December".split()
)
_NOT_LAST = frozenset("Day Week Month Year Award Prize Act Law Treaty Cup".split())
#: Each of these capitalised-run patterns opens with a capital it consumes, so ``re``
#: skips to capitals in C; the lookbehind after it checks the character before the run.
_ACRONYM = re.compile(r"[A-Z](?<![\w-][A-Z])[A-Z]{1,5}(?![\w-])")
#: Acronyms kept even without an expansion in the text.
KNOWN_ACRONYMS = {
    "NATO": "other",
    "UN": "other",
    "EU": "other",
    "IAEA": "other",
    "FBI": "government",
    "CIA": "government",
    "IRGC": "military",
    "FSB": "government",
    "GRU": "military",
    "OPEC": "other",
    "WHO": "other",
    "IMF": "other",
}


def find_organisations(text: str, headings: Sequence[Span] = ()) -> list[Organisation]:
    """Organisations named in ``text``, each with every mention.

    Names seen only inside ``headings`` (title-case lines) are not organisations; names
    that differ only in case, a leading "the", hyphens or a possessive owner ("the
    Ministry's X Institute") are one organisation; an acronym joins its expansion.
    """
    found: dict[str, tuple[str, list[Mention]]] = {}
    for run in _ORG_RUN.finditer(text):
        if ORG_WORDS.keys().isdisjoint(run.group().split()):
            continue
        for start, end in _parts(text, run.start(), run.end()):
            span = _org_span(text, start, end)
            if span is not None:
                name = text[span[0] : span[1]]
                found.setdefault(name, (_kind(name), []))[1].append(mention(text, *span))
    for m in _near(text, _GROUP_TAIL, _GROUP_APPOSITION):  # "X, a group of hackers"
        found.setdefault(m.group("name"), ("group", []))[1].append(
            mention(text, m.start("name"), m.end("name"))
        )
    for m in _near(text, _STATEMENT_TAIL, _STATEMENT):  # "X said in a statement"
        if not ORG_WORDS.keys().isdisjoint(m.group("name").split()):
            continue
        found.setdefault(m.group("name"), ("company", []))[1].append(
            mention(text, m.start("name"), m.end("name"))
        )
    for start, end, name in outlet_names(text):
        found.setdefault(outlet_name(name) or name, ("outlet", []))[1].append(
            mention(text, start, end)
        )
    found = _merged(_outside_headings(found, headings))
    _add_acronyms(text, found, headings)
    orgs = [Organisation(name, kind, tuple(ms)) for name, (kind, ms) in found.items() if ms]
    return sorted(orgs, key=lambda o: o.mentions[0].span)


#: "Hooshyaran-e Vatan, a group of activist hackers": a capitalised name (one to four
#: words) in apposition with a group noun.
_GROUP_APPOSITION = re.compile(
    r"(?<![\w’'-])(?P<name>(?!(?:The|A|An|It|He|She|They|This|That)\b)[A-Z][\w’'-]*"
    r"(?:[ ](?:[A-Z][\w’'-]*|(?:al|el|ul|de|of|bin)(?=[ ][A-Z]))){0,3}),"
    r"\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}(?:group|collective|network|movement|"
    r"organi[sz]ation|consortium|coalition|militia|faction|firm|company|think\s+tank)\b"
    r"(?![’']s\b)"  # "X, the company's chief executive" names a person, not a company
)
#: "Aldwyn Geomatics said in a statement": only organisations speak in statements.
_STATEMENT = re.compile(
    r"(?<![\w’'-])(?P<name>(?!(?:The|A|An|It|He|She|They)\b)[A-Z][\w’'-]*"
    r"(?:[ ][A-Z][\w’'-]*){1,3})\s+(?:said|says)\s+in\s+a\s+statement\b"
)
_GROUP_TAIL = re.compile(
    r",\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}(?:group|collective|network|movement|organi[sz]"
    r"ation|consortium|coalition|militia|faction|firm|company|think\s+tank)\b(?![’']s\b)"
)
_STATEMENT_TAIL = re.compile(r"\s(?:said|says)\s+in\s+a\s+statement\b")


def _near(text: str, tail: re.Pattern[str], full: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of ``full`` that end in a match of the cheap ``tail``: ``full`` is tried
    only in the 80 characters before each tail, not at every capital of the text."""
    found = []
    for t in tail.finditer(text):
        m = full.search(text, max(0, t.start() - 80), t.end())
        if m and m.end() == t.end():
            found.append(m)
    return found


#: Where a capitalised run holds two names: "X and the Y", a possessive owner "X's Y".
_SPLIT = re.compile(r"\s+and\s+the\s+|['’]s\s+")
#: First words that are not part of an organisation's name: "Seoul-based", "Unmasking".
_NOT_FIRST = re.compile(
    r"[\w-]+-based|[A-Z][a-z]+ing|Republicans|Democrats|Members|Staff|Officials|Employees|"
    r"Analysts|Experts|Researchers|Spokes(?:man|woman|person)"
)


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The run cut where it joins two names: "X and the Y", "X's Y", and "X and Y" when
    both sides are names of their own ("FBI and Justice Department")."""
    parts, cut = [], start
    for m in _SPLIT.finditer(text, start, end):
        parts.append((cut, m.start()))
        cut = m.end()
    parts.append((cut, end))
    out = []
    for s, e in parts:
        at = text.find(" and ", s, e)
        if at > 0 and _named(text[s:at]) and _named(text[at + 5 : e]):
            out += [(s, at), (at + 5, e)]
        else:
            out.append((s, e))
    return out


def _named(chunk: str) -> bool:
    words = chunk.split()
    return any(w in ORG_WORDS for w in words) or (len(words) == 1 and words[0].isupper())


def _outside_headings(
    found: dict[str, tuple[str, list[Mention]]], headings: Sequence[Span]
) -> dict[str, tuple[str, list[Mention]]]:
    """Drop names met only in headings (title case makes any phrase look like a name)."""
    if not headings:
        return found

    def in_heading(m: Mention) -> bool:
        return any(h.start <= m.span.start < h.end for h in headings)

    return {
        name: (kind, ms)
        for name, (kind, ms) in found.items()
        if kind == "outlet" or not all(in_heading(m) for m in ms)
    }


_SPACES_AND_HYPHENS = re.compile(r"[\s-]+")


def normalised(name: str) -> str:
    """The key organisations are merged by: lower case, no leading "the", hyphens and
    runs of spaces as one space."""
    key = _SPACES_AND_HYPHENS.sub(" ", name.lower()).strip()
    return key[4:] if key.startswith("the ") else key


def _merged(found: dict[str, tuple[str, list[Mention]]]) -> dict[str, tuple[str, list[Mention]]]:
    out: dict[str, tuple[str, list[Mention]]] = {}
    names: dict[str, str] = {}
    for name, (kind, ms) in found.items():
        key = normalised(name)
        if key in names:
            out[names[key]][1].extend(ms)
            out[names[key]][1].sort(key=lambda m: m.span.start)
        else:
            names[key] = name
            out[name] = (kind, list(ms))
    return out


def _org_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a capitalised run to the organisation name it holds, if any."""
    words = [(m.start(), m.end()) for m in _NONSPACE.finditer(text, start, end)]
    while words and (
        text[words[0][0] : words[0][1]] in _LEADING
        or text[words[0][0] : words[0][1]] in _CONNECTORS
        or _NOT_FIRST.fullmatch(text, words[0][0], words[0][1])
    ):
        words.pop(0)
    for i, (s, e) in enumerate(words[1:], 1):  # "Senate Majority Leader X": a title ends it
        if text[s:e].lower() in _TITLE_CUT:
            words = words[:i]
            break
    while words and (text[words[-1][0] : words[-1][1]] in _CONNECTORS | _NOT_LAST_WORD):
        words.pop()
    tokens = [text[s:e] for s, e in words]
    if len(tokens) < 2 or not any(t in ORG_WORDS for t in tokens):
        return None
    if any(t.isupper() and len(t) > 3 for t in tokens):  # an all-caps heading
        return None
    if tokens[-1] in _NOT_LAST or tokens[-1].endswith("ing"):  # "National Army Day",
        return None  # "Latest Police Shooting": an event, not an organisation
    return words[0][0], words[-1][1]


def _kind(name: str) -> str:
    for token in reversed(name.split()):
        if token in ORG_WORDS:
            return ORG_WORDS[token]
    return "other"


def _add_acronyms(
    text: str, found: dict[str, tuple[str, list[Mention]]], headings: Sequence[Span] = ()
) -> None:
    initials = {
        "".join(w[0] for w in name.split() if w[0].isupper()): name
        for name, (kind, _) in found.items()
        if kind != "outlet"
    }
    for m in _ACRONYM.finditer(text):
        acronym = m.group()
        if any(h.start <= m.start() < h.end for h in headings):
            continue  # "WHO WAS BOOKED" is a heading, not the health organisation
        if acronym in initials:
            found[initials[acronym]][1].append(mention(text, m.start(), m.end()))
        elif acronym in KNOWN_ACRONYMS:
            found.setdefault(acronym, (KNOWN_ACRONYMS[acronym], []))[1].append(
                mention(text, m.start(), m.end())
            )
