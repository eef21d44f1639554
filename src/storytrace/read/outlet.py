"""The outlet an article names itself by, when its text says so.

Three forms, all in the article's own voice:

* a wire credit opening the text: ``(Reuters) - ...`` (how: ``wire credit``);
* a dateline with a credit: ``CAIRO (AP) — ...`` (how: ``dateline``);
* the outlet as the interviewer: ``... told Fox News Digital``, ``said in an interview
  with The Harbour Times``, ``The Harbour Times has learned`` (how: ``told``).

Conservative by design, since no outlet is better than a wrong one: a "told" outlet
counts only when its name ends in a news word (News, Times, Post...) or is a known agency,
when every such phrase in the text names the same outlet, when it is not dated into the
past ("told the Post in 2019"), and when the text does not credit that outlet as a source
("Reuters reported ... told Reuters": Reuters is then the source, not this outlet), nor
any outlet in its lead or next to the phrase (the article relays another's report).
Only the first :data:`SCAN_CHARS` characters are scanned for leads and "told" phrases;
every regex is linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Span

SCAN_CHARS = 3000
"""How far into the text a lead or a "told" phrase is looked for (a few paragraphs)."""

AGENCIES = frozenset(
    "Reuters AP AFP Bloomberg UPI Xinhua TASS Kyodo Yonhap ANSA EFE CNN BBC NPR".split()
    + ["Associated Press", "Agence France-Presse", "Press Association"]
)
"""Outlets known by a name without a news word."""

NEWS_WORDS = frozenset(
    "News Times Post Digital Journal Herald Wire Press Radio TV Tribune Gazette Courier "
    "Chronicle Telegraph Guardian Magazine Newspaper Broadcasting Television".split()
)
"""Words that end an outlet's name (``Fox News Digital``, ``Quay Courier``). Words that
also end other bodies' names (Agency, Monitor, Examiner, Review...) are left out."""

LEAD_CHARS = 600
"""How far a wire credit or a dateline may stand from the start (after a headline)."""

CREDIT_WINDOW = 200
"""A "told" outlet is not inferred when another outlet is credited this close to it
("..., told Reuters, the Harbour Times reported"): the article relays that outlet."""

_WORD = r"[A-Z][A-Za-z&'-]*"
_NAME = rf"(?:The )?{_WORD}(?: (?:of )?{_WORD}){{0,5}}"
_DASH = r"\s*[-\u2013\u2014]"
_AGENCY = "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True))
_WIRE = re.compile(rf"^[ \t]*\((?P<name>{_AGENCY})\){_DASH}", re.M)
_DATELINE = re.compile(
    rf"^[ \t]*[A-Z][\w.'-]*(?:[ ,/]+(?:[A-Z][\w.'-]*|\d{{1,2}})){{0,5}}[ \t]*"
    rf"\((?P<name>{_AGENCY})\){_DASH}",
    re.M,
)
_TOLD = re.compile(
    rf"\b(?:told|in an interview with|speaking to|spoke to) (?:the )?(?P<name>{_NAME})"
    rf"|(?P<lead>{_NAME}) has learned\b"
)
_PAST = re.compile(r",? (?:in (?:19|20)\d\d|last |earlier|previously|years? ago)")
_CREDIT = re.compile(
    rf"\b(?:[Aa]ccording to|reported by|citing|via) (?:the )?(?P<name>{_NAME})"
    rf"|(?P<lead>{_NAME}) (?:reported|reports|first reported)\b"
)


@dataclass(frozen=True, slots=True)
class InferredOutlet:
    """An outlet read from the text: its name, how it was found and where."""

    name: str
    how: str
    span: Span


def infer_outlet(text: str) -> InferredOutlet | None:
    """The outlet ``text`` names itself by, or None when it does not say so clearly."""
    head = text[:SCAN_CHARS]
    found = _lead(head)
    if found is not None:
        return found
    return _interviewer(head, text)


def _lead(head: str) -> InferredOutlet | None:
    lead = head[:LEAD_CHARS]
    for pattern, how in ((_WIRE, "wire credit"), (_DATELINE, "dateline")):
        m = pattern.search(lead)
        if m:
            return InferredOutlet(m["name"], how, Span(*m.span("name")))
    return None


def _interviewer(head: str, text: str) -> InferredOutlet | None:
    found: list[InferredOutlet] = []
    for m in _TOLD.finditer(head):
        group = "name" if m["name"] else "lead"
        name = _outlet_name(m[group])
        if name is None or (group == "name" and _PAST.match(head, m.end())):
            continue
        start = m.start(group) + m[group].find(name)
        found.append(InferredOutlet(name, "told", Span(start, start + len(name))))
    if not found or len({f.name for f in found}) > 1:
        return None
    credits = _credits(text)
    near = CREDIT_WINDOW
    if any(
        c.name == found[0].name
        or c.span.start < LEAD_CHARS
        or any(f.span.start - near < c.span.start < f.span.end + near for f in found)
        for c in credits
    ):
        return None
    return found[0]


def _credits(text: str) -> list[InferredOutlet]:
    """The outlets ``text`` credits as a source (``according to Reuters``)."""
    credits = []
    for m in _CREDIT.finditer(text):
        group = "name" if m["name"] else "lead"
        name = _outlet_name(m[group])
        if name is not None:
            credits.append(InferredOutlet(name, "credit", Span(*m.span(group))))
    return credits


def _outlet_name(name: str) -> str | None:
    """``name`` if it is an outlet's: a known agency, or two or more capitalised words
    ending in a news word (a leading "The" kept); else None."""
    bare = name.removeprefix("The ")
    if bare in AGENCIES:
        return bare
    words = bare.split()
    if len(words) < 2 or words[-1] not in NEWS_WORDS:
        return None
    return name
