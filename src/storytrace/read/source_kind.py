"""What kind of source a source phrase names: a person by name, an anonymous person, an
organisation, an outlet or a document (:class:`SourceKind`), from its words alone."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from storytrace.read.credits import GENERIC_OUTLET, OUTLET_NAME
from storytrace.read.places import capitals
from storytrace.read.scan import Folded
from storytrace.read.sheet import Attribution, Person, Place, SourceKind, mention

DETERMINERS = frozenset(
    "a an the another one two three four five six seven eight nine ten several some many "
    "most all both each his her their its our this that these those other others none".split()
)
PRONOUNS = frozenset("he she they we i it".split())

DOCUMENT_WORDS = Folded(
    re.compile(
        r"\b(?:records?|data|documents?|documentation|manifests?|edicts?|filings?|databases?|"
        r"reviews?|study|studies|survey|polls?|analysis|analyses|website|item|registry|register|"
        r"logs?|files?|papers|memos?|letters?|indictment|complaint|transcripts?|footage|images|agendas?|"
        r"imagery|figures|statistics|bookings?|information|list|decree|order|court\s+\w+|"
        r"statement|release|report\s+(?:by|from|of|published))\b",
        re.IGNORECASE,
    )
)
ORGANISATION_WORDS = re.compile(
    r"\b(?:[Mm]inistr(?:y|ies)|[Gg]overnment|[Dd]epartment|[Oo]ffice|[Aa]gency|[Pp]olice|"
    r"[Aa]rmy|Kremlin|White\s+House|Pentagon|[Cc]ompany|[Pp]arty|[Cc]ourt|[Cc]ommittee|"
    r"[Cc]ampaign|[Cc]ouncil|[Cc]orps|[Ii]nstitute|[Uu]niversity|[Ff]oundation|[Cc]enter|"
    r"[Cc]entre|[Cc]ommission|[Bb]ank|[Ff]irm|[Gg]roup|[Aa]dministration|[Pp]arliament|"
    r"[Cc]ongress|Senate|Assembly|NATO|UN|EU|Guard|[Aa]uthorit(?:y|ies)|[Rr]egulators?|"
    r"[Mm]ilitary|[Cc]ity\s+[Hh]all|[Pp]rosecutor['’]s\s+office)\b"
)
_GENERIC = re.compile(GENERIC_OUTLET, re.IGNORECASE)
#: Head nouns of sources that are people even inside an organisation ("ministry official").
PERSON_HEADS = re.compile(
    r"\b(?:officials?|spokes(?:man|woman|person|people)|sources?|officers?|diplomats?|aides?|"
    r"experts?|analysts?|people|persons?|employees?|staff(?:er)?s?|members?|advisers?|"
    r"advisors?|lawmakers?|residents?|witnesses|representatives?|executives?|insiders?|"
    r"attorneys|lawyers|prosecutors|investigators|researchers|scientists|critics|"
    r"supporters|opponents|voters|organizers|activists|protesters|doctors|economists)\b"
    r"(?!.*\b(?:records?|data|documents?)\b)",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def classify_source(source: str) -> SourceKind:
    """The kind of source a source phrase names (see :class:`SourceKind`)."""
    stripped = source.strip()
    if DOCUMENT_WORDS.search(source) and not _GENERIC.fullmatch(stripped):
        return SourceKind.DOCUMENT
    if OUTLET_NAME.search(source) or _GENERIC.fullmatch(stripped):
        return SourceKind.OUTLET
    words = stripped.split()
    if _NAME_AT_START.match(stripped) and not ORGANISATION_WORDS.search(" ".join(words[:2])):
        return SourceKind.NAMED_PERSON
    if _NAME_AT_END.search(stripped) and not ORGANISATION_WORDS.search(" ".join(words[-2:])):
        return SourceKind.NAMED_PERSON
    if PERSON_HEADS.search(source):
        return SourceKind.ANONYMOUS
    if ORGANISATION_WORDS.search(source):
        return SourceKind.ORGANISATION
    first = words[0].lower()
    if first in PRONOUNS and len(words) == 1:
        return SourceKind.NAMED_PERSON if first in ("he", "she") else SourceKind.ANONYMOUS
    if first not in DETERMINERS and words[0][0].isupper():
        return SourceKind.NAMED_PERSON
    return SourceKind.ANONYMOUS


_NAME_AT_START = re.compile(
    r"(?!(?:The|A|An|This|That|These|Those)\b)[A-Z][a-z][\w’'-]*\s+[A-Z][a-z][\w’'-]*"
    r"(?:\s+[A-Z][a-z][\w’'-]*)?(?:\s+(?:from|of|at|with)\s|$)"
)
_NAME_AT_END = re.compile(r"(?<![\w’'-])[A-Z][a-z][\w’'-]*\s+[A-Z][a-z][\w’'-]*$")

_TITLE = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Rev|Prof|Lt|Col|Sgt|Adm|Capt|Det)\.\s+"
_NAME_WORD = r"[A-Z][a-z][\w’'-]*"
#: A person's name: two to four capitalised words, or a title and a surname.
NAME_CHUNK = re.compile(
    r"(?!(?:The|A|An|This|That|These|Those|In|On|At|But|And|However)\b)"
    rf"(?:{_TITLE}{_NAME_WORD}|(?:{_TITLE})?{_NAME_WORD}(?:\s+(?:[A-Z]\.|{_NAME_WORD})){{0,2}}"
    rf"\s+{_NAME_WORD})(?:,?\s+(?:Jr\.?|Sr\.?|II|III|IV))?"
)


def places_as_institutions(
    attributions: list[list[Attribution]], places: tuple[Place, ...], people: tuple[Person, ...]
) -> list[list[Attribution]]:
    """``attributions`` with every source that is exactly a country or a national capital
    the gazetteer found ("Tehran said", "Washington denied") speaking as an institution,
    its government, not as a named person. Smaller places are left alone: many are also
    surnames ("Reno", "Garner"); so is a place whose name is a word of a person's name in
    the same text ("Michael Jordan", then "Jordan said")."""
    name_words = {w for p in people for m in p.mentions for w in m.text.split()}
    spans = {
        m.span
        for place in places
        if place.kind == "country" or (place.kind == "city" and place.name in capitals())
        for m in place.mentions
        if m.text not in name_words
    }
    return [
        [
            replace(a, kind=SourceKind.ORGANISATION)
            if a.kind is SourceKind.NAMED_PERSON and a.source is not None and a.source.span in spans
            else a
            for a in sentence
        ]
        for sentence in attributions
    ]


# --- what can open a source phrase (read.attribution) ---------------------------

#: Words that open a time phrase after a cue, not an inverted source.
TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
    "this last earlier later recently january february march april may june july august "
    "september october november december".split()
)
#: A lowercase description before a name: "widow Ana Ruiz", "9/11 widow Ana Ruiz".
DESCRIBED_NAME = re.compile(
    r"(?!(?:on|in|at|to|for|with|by|from|of|about|during|after|before|this|it)\b)[a-z\d][\w/’'-]*"
    r"(?:\s+[a-z][\w’'-]*){0,2}\s+[A-Z][a-z][\w’'-]*(?:\s+[A-Z][\w’'.-]*){1,2}"
)


#: Words that open an adverbial phrase, never a noun phrase that could be a source.
NOT_AN_OPENER = frozenset(
    "in on at during by under despite with without following amid given like likely deeply "
    "keeps lacks what’s what's".split()
)
#: Conjunctions that open a clause whose subject is the source: "If voters ask", "After
#: aides insisted" -> "voters", "aides".
_SUBORDINATOR = Folded(
    re.compile(
        r"(?:if|when|while|after|before|as|once|since|because|although|though|unless|until)\s+",
        re.IGNORECASE,
    )
)


def without_subordinator(text: str, attribution: Attribution) -> Attribution:
    source = attribution.source
    cut = _SUBORDINATOR.match(source.text) if source is not None else None
    if cut is None or cut.end() >= len(source.text):
        return attribution
    rest = mention(text, source.span.start + cut.end(), source.span.end)
    return replace(attribution, source=rest, kind=classify_source(rest.text))
