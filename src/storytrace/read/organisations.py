"""Organisations: capitalised names holding an organisation word ("Ministry", "Institute",
"Party", "Corps"), joined by "of", "for", "and", "the"; outlets from the credits lexicon; and
acronyms whose letters are the initials of an organisation found in the same text.
"""

from __future__ import annotations

import re

from storytrace.read.credits import OUTLET_NAME, outlet_name
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
_ORG_RUN = re.compile(rf"(?=[A-Z])(?<![\w’'-])[A-Z][\w'-]*(?:[ ]{_CAP})*")
_CONNECTORS = frozenset("of for and the a on de".split())
_LEADING = frozenset("The A An In On At By For But And As To From Of".split())
_ACRONYM = re.compile(r"(?<![\w-])[A-Z]{2,6}(?![\w-])")
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


def find_organisations(text: str) -> list[Organisation]:
    """Organisations named in ``text``, each with every mention."""
    found: dict[str, tuple[str, list[Mention]]] = {}
    for run in _ORG_RUN.finditer(text):
        if ORG_WORDS.keys().isdisjoint(run.group().split()):
            continue
        span = _org_span(text, run.start(), run.end())
        if span is not None:
            name = text[span[0] : span[1]]
            found.setdefault(name, (_kind(name), []))[1].append(mention(text, *span))
    for m in OUTLET_NAME.finditer(text):
        found.setdefault(outlet_name(m.group()) or m.group(), ("outlet", []))[1].append(
            mention(text, m.start(), m.end())
        )
    _add_acronyms(text, found)
    orgs = [Organisation(name, kind, tuple(ms)) for name, (kind, ms) in found.items()]
    return sorted(orgs, key=lambda o: o.mentions[0].span)


def _org_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a capitalised run to the organisation name it holds, if any."""
    words = [(m.start(), m.end()) for m in _NONSPACE.finditer(text, start, end)]
    while words and text[words[0][0] : words[0][1]] in _LEADING:
        words.pop(0)
    while words and text[words[-1][0] : words[-1][1]] in _CONNECTORS:
        words.pop()
    tokens = [text[s:e] for s, e in words]
    if len(tokens) < 2 or not any(t in ORG_WORDS for t in tokens):
        return None
    if any(t.isupper() and len(t) > 3 for t in tokens):  # an all-caps heading
        return None
    return words[0][0], words[-1][1]


def _kind(name: str) -> str:
    for token in reversed(name.split()):
        if token in ORG_WORDS:
            return ORG_WORDS[token]
    return "other"


def _add_acronyms(text: str, found: dict[str, tuple[str, list[Mention]]]) -> None:
    initials = {
        "".join(w[0] for w in name.split() if w[0].isupper()): name
        for name, (kind, _) in found.items()
        if kind != "outlet"
    }
    for m in _ACRONYM.finditer(text):
        acronym = m.group()
        if acronym in initials:
            found[initials[acronym]][1].append(mention(text, m.start(), m.end()))
        elif acronym in KNOWN_ACRONYMS:
            found.setdefault(acronym, (KNOWN_ACRONYMS[acronym], []))[1].append(
                mention(text, m.start(), m.end())
            )
