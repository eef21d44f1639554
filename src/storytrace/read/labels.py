"""Speaker labels: attributions whose cue is a punctuation mark, not a verb.

- A colon after a name that opens a sentence: transcripts ("WALLACE: Let's start ...")
  and headlines ("Pence: the plan will pass"). The name is the source, the colon the cue,
  the rest of the sentence the content.
- A dash after a closing quotation mark ("... the end.” ― Dana Ruiz"): a sign-off naming
  who said the quotation before it.

Headline labels that name no speaker ("UPDATE:", "Editor's note:", "Q:") are not sources.
"""

from __future__ import annotations

import re

from storytrace.model import Span
from storytrace.read.sheet import Attribution, Strength, mention
from storytrace.read.source_kind import NAME_CHUNK, classify_source

#: Colon labels that announce a section, not a speaker (compared lowercased).
NOT_SPEAKERS = frozenset(
    (
        "note", "update", "updated", "correction", "clarification", "video", "watch",
        "breaking", "breaking news", "contributing", "byline", "related", "photo", "photos",
        "read more", "editor's note", "editor’s note", "the latest", "question", "answer",
        "twitter", "wow", "transcript", "partial transcript", "warning", "disclosure",
        "bottom line", "exclusive", "live", "analysis", "opinion", "plus", "look",
        "revealed", "bombshell", "remember", "name", "email", "listen", "credit", "credits",
        "photo credit", "image", "source", "sources", "background", "context", "summary",
    )
)  # fmt: skip
_UPPER_NAME = r"[A-Z][A-Z’'-]{2,}(?:\s+[A-Z][A-Z’'-]{2,}){0,2}"
_COLON_LABEL = re.compile(
    rf"[\"“]?(?P<name>{_UPPER_NAME}|(?:[A-Z][\w.’'-]*\s+){{0,3}}[A-Z][\w’'-]+)\s*(?P<cue>:)\s+"
)
_DASH_LABEL = re.compile(
    r"(?<=[”\"])\s*(?P<cue>[―—])\s*(?P<name>[A-Z][^\s“\"]*(?:\s+[A-Z]\S*){0,3})"
)
_OPENING = {"”": "“", '"': '"'}
#: How far back a sign-off looks for the opening quotation mark.
_MAX_QUOTE_CHARS = 2000


def find_labels(text: str, sentence: Span) -> list[Attribution]:
    """The colon label opening ``sentence`` and the dash sign-offs inside it."""
    found = []
    # every label holds its colon: most sentences have none, and the name part backtracks
    has_colon = text.find(":", sentence.start, sentence.end) >= 0
    colon = _COLON_LABEL.match(text, sentence.start, sentence.end) if has_colon else None
    if (
        colon
        and _is_speaker(colon.group("name"))
        and not text[colon.end() : colon.end() + 1].isdigit()
    ):
        content = _trimmed(text, colon.end(), sentence.end)
        found.append(_label(text, colon, content))
    lo = max(0, sentence.start - 2)
    if text.find("—", lo, sentence.end) < 0 and text.find("―", lo, sentence.end) < 0:
        return found  # no dash, no sign-off (the pattern would be tried at every character)
    for dash in _DASH_LABEL.finditer(text, lo, sentence.end):
        name = dash.group("name").rstrip(".,")
        if not NAME_CHUNK.fullmatch(name):
            continue
        close = dash.start() - 1
        opened = text.rfind(_OPENING[text[close]], max(0, close - _MAX_QUOTE_CHARS), close)
        content = _trimmed(text, opened + 1, close) if opened >= 0 else None
        found.append(_label(text, dash, content, len(name)))
    return found


def _is_speaker(name: str) -> bool:
    low = " ".join(name.lower().split())
    return len(name) > 2 and low not in NOT_SPEAKERS and not low.startswith(("the ", "a "))


def _label(
    text: str, m: re.Match[str], content: Span | None, length: int | None = None
) -> Attribution:
    start = m.start("name")
    source = mention(text, start, start + (length or len(m.group("name"))))
    cue = mention(text, m.start("cue"), m.end("cue"))
    contents = mention(text, content.start, content.end) if content else None
    return Attribution(classify_source(source.text), source, cue, "say", Strength.NEUTRAL, contents)


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start] in ' \t\n"“”':
        start += 1
    while end > start and text[end - 1] in ' \t\n"“”.':
        end -= 1
    return Span(start, end) if end > start else None
