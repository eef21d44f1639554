"""Whose voice an article speaks in: an outlet's own reporting or a retelling of it.

An article written by an outlet says what the outlet did ("Reuters was unable to
determine", "records viewed by Reuters", "told Reuters", "when contacted by Reuters");
an article retelling it credits the outlet as its source ("according to Reuters",
"Reuters reported", "a Reuters investigation reveals"). :func:`voices` finds both kinds
of mention for every outlet-like name in a text, each with its span, so the direction of a
link can rest on them (:mod:`storytrace.trace.derive`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

_NAME = r"(?:the\s+)?(?P<name>[A-Z][\w&'’-]+(?:[ ][A-Z][\w&'’-]+){0,3})"

OWN_VOICE = tuple(
    re.compile(p)
    for p in (
        # the outlet as the subject of its own reporting work
        rf"\b{_NAME}\s+(?:was|is|has\s+been|were)\s+(?:unable|not\s+able)\s+to\b",
        rf"\b{_NAME}\s+(?:could|can|did)\s+not\s+(?:independently\s+)?"
        r"(?:verify|confirm|determine|establish|reach)\b",
        rf"\b{_NAME}\s+(?:reviewed|examined|obtained|contacted|interviewed|spoke\s+to|"
        r"has\s+learned|analy[sz]ed)\b",
        # the outlet as the one addressed or shown
        rf"\b(?:viewed|reviewed|seen|obtained|examined)\s+by\s+{_NAME}",
        rf"\b(?:shown|told|sent)\s+to\s+{_NAME}",
        rf"\b(?:told|contacted\s+by|asked\s+by|interviewed\s+by)\s+{_NAME}",
    )
)
"""First-hand reporting phrases: the named outlet did the reporting."""

CREDIT = tuple(
    re.compile(p)
    for p in (
        rf"\b(?i:according\s+to)\s+{_NAME}(?![\w\s]{{0,40}}\b(?:reviewed|viewed|seen)\s+by)",
        rf"\b{_NAME}\s+(?:reported|reports|first\s+reported|revealed|reveals|wrote|writes)\b",
        rf"\b(?i:(?:first\s+)?reported\s+by)\s+{_NAME}",
        rf"\bcited\s+by\s+{_NAME}",
        rf"\bciting\s+{_NAME}",
        rf"\b(?i:an?|the)\s+{_NAME}\s+(?:investigation|report|analysis|review)\b"
        r"[^.]{0,120}\b(?:reveals|revealed|found|finds|shows|showed|says|said)\b",
    )
)
"""Phrases crediting the named outlet as another's source."""

_NAME_FIRST = rf"\b{_NAME}"

_AFTER_NAME = {
    p: re.compile(p.pattern[len(_NAME_FIRST) :], p.flags)
    for p in OWN_VOICE + CREDIT
    if p.pattern.startswith(_NAME_FIRST)
}
"""What a pattern starting with the name asks for after it: a text where that is nowhere
is not searched with the whole pattern, which tries a name at every word (about four
times the CPU of the search for the rest alone, on the generated corpus)."""

_NOT_OUTLET = frozenset(
    "it he she they we i this that there officials experts sources police the a an".split()
)


@dataclass(frozen=True, slots=True)
class Voice:
    """One outlet's mentions in one article: first-hand (``own``) and crediting spans."""

    own: tuple[tuple[int, int], ...]
    credit: tuple[tuple[int, int], ...]


def voices(text: str, people: frozenset[str] = frozenset()) -> dict[str, Voice]:
    """Outlet name (lower case) -> its own-voice and crediting mentions in ``text``.
    ``people``: lower-case names of the text's people (full names and surnames); a person
    who "was unable to" or "revealed" something is no outlet."""
    own: dict[str, list[tuple[int, int]]] = defaultdict(list)
    credit: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for patterns, found in ((OWN_VOICE, own), (CREDIT, credit)):
        for pattern in patterns:
            rest = _AFTER_NAME.get(pattern)
            if rest is not None and not rest.search(text):
                continue
            for m in pattern.finditer(text):
                name = _name(m)
                if name and name not in people and name.split()[-1] not in people:
                    found[name].append(m.span())
    return {
        n: Voice(tuple(sorted(set(own[n]))), tuple(sorted(set(credit[n]))))
        for n in sorted({*own, *credit})
    }


def _name(match: re.Match[str]) -> str | None:
    name = match.group("name").strip(" .’'").lower()
    name = re.sub(r"^the\s+", "", name)
    return None if not name or name in _NOT_OUTLET else name


def upstream_by_voice(
    a: dict[str, Voice], b: dict[str, Voice], margin: int
) -> tuple[int, str, tuple[int, int], tuple[int, int]] | None:
    """Which of two articles is closer to an outlet's own reporting, as ``(0 or 1, outlet,
    span in the upstream one, span in the other)``, or None when the text does not say.

    The upstream one speaks in the outlet's voice and never credits it, while the other
    credits it; or the upstream one holds at least ``margin`` more first-hand mentions (a
    retelling keeps a phrase or two of them, the reporting itself has many)."""
    for name in sorted(set(a) & set(b)):
        for first, (x, y) in enumerate(((a[name], b[name]), (b[name], a[name]))):
            if (
                x.own
                and not x.credit
                and ((y.credit and len(y.own) < len(x.own)) or len(x.own) >= len(y.own) + margin)
            ):
                there = y.credit[0] if y.credit else y.own[0]
                return first, name, x.own[0], there
    return None
