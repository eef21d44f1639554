"""Names standing before their cue past appositives ("Petra Holm, 44, a pilot at X,
said"), for :mod:`storytrace.read.attribution`."""

from __future__ import annotations

import re

from storytrace.read.chunks import clean_chunk, trim
from storytrace.read.sheet import Mention, mention
from storytrace.read.source_kind import NAME_CHUNK

#: Appositive openers: "X, who ...,", "X, a professor at ...,", "X, at a briefing,",
#: "X, Pyongyang's only ally,", "X, of Springfield, Va.,".
_APPOSITIVE = re.compile(
    r"\s*(?:(?:who|which|whose|a|an|the|also|both|each|\d+|[a-z]+ing|however|meanwhile|too|"
    r"though|for\s+example|for\s+instance|in\s+turn|in\s+fact|at|in|on|of|from|during|"
    r"[A-Z][\w.-]*['’]s|(?:[A-Za-z-]+\s+){1,3}(?:of|at|for))\b|(?:[A-Z][a-z]{1,4}\.|(?:[A-Z]\.){2,3})\s*$)"
)

_SINGLE_NAME = re.compile(
    r"(?!(?:The|This|That|These|Those|It|He|She|They|We|But|And|Then|When|If|As|However|"
    r"Meanwhile|Still|Now|Yet|Instead|Indeed|Later|Earlier|Separately)\b)[A-Z][a-z][\w’'-]+"
)

#: How many comma-delimited appositives a name may stand before its cue.
_MAX_APPOSITIVES = 3
#: An appositive between a name and its cue: a relative clause, a description, a
#: prepositional phrase ("in a statement on Friday") or an adverb ("meanwhile").
_WALKED = re.compile(r"\s*(?:[a-z\d]|(?:R|D|I)-[A-Z])")


def name_past_appositives(text: str, chunks: list[tuple[int, int]]) -> Mention | None:
    """ "Trent Lott, who was majority leader under Bush, told": the name before up to
    ``_MAX_APPOSITIVES`` appositives, when the cue directly follows a comma."""
    if len(chunks) < 2 or text[chunks[-1][0] : chunks[-1][1]].strip():
        return None
    for k in range(2, min(len(chunks), _MAX_APPOSITIVES + 1) + 1):
        named = clean_chunk(text, *chunks[-k])
        if named and NAME_CHUNK.fullmatch(text, *named):
            return mention(text, *named)
        if named and k > 2 and _SINGLE_NAME.fullmatch(text, *named):
            return mention(text, *named)  # "Hunter, meanwhile, told"
        if not _WALKED.match(text, *chunks[-k]):
            return None
    return None


def lead_name(text: str, chunks: list[tuple[int, int]]) -> Mention | None:
    """ "Petra Holm, 44, a pilot at X, said": a leading name followed only by appositives."""
    if len(chunks) < 2 or not NAME_CHUNK.fullmatch(text, *trim(text, *chunks[0])):
        return None
    if not appositives_only(text, chunks[1:]):
        return None
    return mention(text, *trim(text, *chunks[0]))


def appositives_only(text: str, chunks: list[tuple[int, int]]) -> bool:
    return all(_APPOSITIVE.match(text, s, e) or e - s <= 1 for s, e in chunks[:-1]) and (
        len(chunks) == 1
        or text[chunks[-1][0] : chunks[-1][1]].strip() == ""
        or bool(_APPOSITIVE.match(text, *chunks[-1]))
    )
