"""Who "he said", "she added" and "the official said" refer to.

A pronoun source (he / she) is linked to the nearest person named before it, within
``ReadOptions.max_antecedent_chars``: a person mention (full name or linked surname) from
the entity step, or a named source of an earlier attribution. A definite description
("the official", "the spokesman") is linked to the nearest earlier source with the same
head noun ("a senior defense official"). The link is the ``antecedent`` mention: the
words the reader can check, with their span. Nothing is linked when nothing fits.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from storytrace.read.sheet import Attribution, Mention, Person, SourceKind

_PRONOUN = re.compile(r"(?i:he|she|him|her)")
_DEFINITE = re.compile(r"(?i:the|that|this)\s+(?P<head>[a-z-]+)")


def link_antecedents(
    attributions: list[list[Attribution]], people: tuple[Person, ...], window: int
) -> list[list[Attribution]]:
    """``attributions`` (one list per sentence, in text order) with ``antecedent`` set on
    pronoun and definite-description sources that have one."""
    names = sorted((m.span.start, m) for p in people for m in (*p.mentions, *p.linked))
    starts = [s for s, _ in names]
    seen: list[Attribution] = []  # sources so far, in text order
    named: Mention | None = None  # the last source that names a person
    out = []
    for sentence in attributions:
        linked = []
        for a in sentence:
            found = _antecedent(a, names, starts, named, seen, window)
            linked.append(replace(a, antecedent=found) if found else a)
            if a.source is not None:
                seen.append(linked[-1])
                if a.kind is SourceKind.NAMED_PERSON:
                    named = _named(linked[-1]) or named
        out.append(linked)
    return out


def _antecedent(
    a: Attribution,
    names: list[tuple[int, Mention]],
    starts: list[int],
    named: Mention | None,
    seen: list[Attribution],
    window: int,
) -> Mention | None:
    if a.source is None:
        return None
    at = a.source.span.start
    text = a.source.text
    if _PRONOUN.fullmatch(text):
        i = bisect.bisect_left(starts, at) - 1
        person = names[i][1] if i >= 0 else None
        candidates = [m for m in (person, named) if m is not None]
        candidates = [m for m in candidates if 0 < at - m.span.start <= window]
        return max(candidates, key=lambda m: m.span.start) if candidates else None
    definite = _DEFINITE.fullmatch(text)
    if definite:
        head = re.compile(rf"\b{re.escape(definite.group('head'))}\b", re.IGNORECASE)
        for b in reversed(seen):  # newest first, and only within the window
            src = b.source
            if src is None or at - src.span.start > window:
                break
            if src.text.lower() != text.lower() and head.search(src.text):
                return b.antecedent or src
    return None


def _named(a: Attribution) -> Mention | None:
    """The name an attribution rests on: its antecedent or its own source when that is a
    name rather than a pronoun."""
    if a.antecedent is not None:
        return a.antecedent
    if (
        a.source is not None
        and not _PRONOUN.fullmatch(a.source.text)
        and a.source.text[:1].isupper()
    ):
        return a.source
    return None
