"""The records the reading stage returns: one :class:`FactSheet` per article.

Every item carries a :class:`~storytrace.model.Span` into the article's clean text next to
the text it covers, so later stages can compare values and still point at the evidence.
``FactSheet.to_dict()`` gives JSON-safe dicts following the schema ``storytrace.facts/1``:
a span is written as ``{"span": [start, end], "text": "..."}``; ``FactSheet.from_dict()``
reads them back.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any, Protocol

from storytrace.model import Span
from storytrace.read.dates import DateMention
from storytrace.read.numbers import Quantity

SCHEMA = "storytrace.facts/1"


class SourceKind(StrEnum):
    """Who a claim rests on."""

    NAMED_PERSON = "named_person"
    ANONYMOUS = "anonymous"  # an unnamed source, kept with its description
    DOCUMENT = "document"  # records, data, documents, filings, a report's findings
    OUTLET = "outlet"  # another news outlet or wire service
    ORGANISATION = "organisation"  # an institution speaking as such ("the Kremlin said")
    OWN_VOICE = "own_voice"  # the article asserts it itself
    UNNAMED = "unnamed"  # reported, but no speaker is named ("was accused of", "is expected to")


class Strength(IntEnum):
    """How strongly the reporting verb vouches for the content.

    0 ``NO_STATEMENT``: the source said nothing ("declined to comment", "didn't respond").
    1 ``DISTANCED``: the writer keeps a distance ("claimed", "alleged", "insisted").
    2 ``NEUTRAL``: plain reporting ("said", "told", "according to", "reported", "denied" —
    a denial is reported neutrally; its polarity is the claim's certainty).
    3 ``STRONG``: the verb itself vouches ("confirmed", "corroborated", "established").
    """

    NO_STATEMENT = 0
    DISTANCED = 1
    NEUTRAL = 2
    STRONG = 3


class Certainty(StrEnum):
    """How a claim is put."""

    ASSERTED = "asserted"
    HEDGED = "hedged"
    DENIED = "denied"
    NO_COMMENT = "no_comment"
    QUOTED_OPINION = "quoted_opinion"


class Relation(IntEnum):
    """How strongly a claim relates two things (Yu et al. 2019's four levels; see
    :mod:`storytrace.read.relation`)."""

    NONE = 0
    CORRELATIONAL = 1
    CONDITIONAL_CAUSAL = 2
    CAUSAL = 3


class _ToDict(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Mention:
    """A piece of the clean text: its span and the text it covers."""

    span: Span
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"span": [self.span.start, self.span.end], "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        start, end = data["span"]
        return cls(Span(start, end), data["text"])


def mention(text: str, start: int, end: int) -> Mention:
    """The mention of ``text[start:end]``: ``Mention(Span(start, end), text[start:end])``,
    built through the slots (the reading makes some 250 per article, and a frozen
    dataclass's ``__init__`` sets each field through ``object.__setattr__``, twice as
    slow; neither class has a ``__post_init__`` to skip)."""
    span = _new(Span)
    _span_start(span, start)
    _span_end(span, end)
    found = _new(Mention)
    _mention_span(found, span)
    _mention_text(found, text[start:end])
    return found


_new = object.__new__
_span_start, _span_end = Span.start.__set__, Span.end.__set__  # type: ignore[attr-defined]
_mention_span, _mention_text = Mention.span.__set__, Mention.text.__set__  # type: ignore[attr-defined]


def _opt(item: Mention | None) -> dict[str, Any] | None:
    return None if item is None else item.to_dict()


def _opt_mention(data: dict[str, Any] | None) -> Mention | None:
    return None if data is None else Mention.from_dict(data)


def _mentions(items: list[dict[str, Any]]) -> tuple[Mention, ...]:
    return tuple(Mention.from_dict(m) for m in items)


def _span(pair: list[int]) -> Span:
    start, end = pair
    return Span(start, end)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence; ``heading`` marks a line without final punctuation (a title)."""

    index: int
    span: Span
    paragraph: int
    heading: bool = False

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "index": self.index,
            "span": [self.span.start, self.span.end],
            "text": self.span.of(text),
            "paragraph": self.paragraph,
            "heading": self.heading,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sentence:
        return cls(data["index"], _span(data["span"]), data["paragraph"], data["heading"])


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a claim rests on and how it is reported.

    ``source`` is ``None`` for the article's own voice, and for a cue that names no
    speaker ("was accused of", kind ``UNNAMED``); ``cue`` is the reporting verb or
    phrase as written and ``verb`` its normalised form ("say", "according to");
    ``content`` is the part of the sentence that was attributed; ``antecedent`` is the
    person or description a pronoun or "the official" source refers to (see
    :mod:`storytrace.read.coref`), None when the source names itself or nothing fits.
    """

    kind: SourceKind
    source: Mention | None = None
    cue: Mention | None = None
    verb: str | None = None
    strength: Strength = Strength.NEUTRAL
    content: Mention | None = None
    antecedent: Mention | None = None

    @property
    def speaker(self) -> Mention | None:
        """Who is speaking: the antecedent of a pronoun or description, else the source."""
        return self.antecedent or self.source

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "source": _opt(self.source),
            "cue": _opt(self.cue),
            "verb": self.verb,
            "strength": int(self.strength),
            "content": _opt(self.content),
            "antecedent": _opt(self.antecedent),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attribution:
        return cls(
            kind=SourceKind(data["kind"]),
            source=_opt_mention(data["source"]),
            cue=_opt_mention(data["cue"]),
            verb=data["verb"],
            strength=Strength(data["strength"]),
            content=_opt_mention(data["content"]),
            antecedent=_opt_mention(data.get("antecedent")),
        )


OWN_VOICE = Attribution(SourceKind.OWN_VOICE, strength=Strength.NEUTRAL)


@dataclass(frozen=True, slots=True)
class Claim:
    """A clause asserting something checkable, with its certainty and attribution."""

    span: Span
    text: str
    sentence: int
    certainty: Certainty
    certainty_cue: Mention | None
    attribution: Attribution
    #: The strength of the relation the claim states (:mod:`storytrace.read.relation`) and
    #: the words that decided it; None for a claim without a correlation or causal cue.
    relation: Relation | None = None
    relation_cue: Mention | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": [self.span.start, self.span.end],
            "text": self.text,
            "sentence": self.sentence,
            "certainty": self.certainty.value,
            "certainty_cue": _opt(self.certainty_cue),
            "attribution": self.attribution.to_dict(),
            "relation": None if self.relation is None else self.relation.name.lower(),
            "relation_cue": _opt(self.relation_cue),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        return cls(
            span=_span(data["span"]),
            text=data["text"],
            sentence=data["sentence"],
            certainty=Certainty(data["certainty"]),
            certainty_cue=_opt_mention(data["certainty_cue"]),
            attribution=Attribution.from_dict(data["attribution"]),
            relation=Relation[data["relation"].upper()] if data.get("relation") else None,
            relation_cue=_opt_mention(data.get("relation_cue")),
        )


@dataclass(frozen=True, slots=True)
class Credit:
    """The article credits another outlet: "Reuters reported", "according to the report".

    ``outlet`` is the canonical outlet name, resolved from an earlier mention for phrases
    such as "the news agency" (``None`` when nothing earlier names one).
    """

    outlet: str | None
    mention: Mention
    cue: Mention
    span: Span
    sentence: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "mention": self.mention.to_dict(),
            "cue": self.cue.to_dict(),
            "span": [self.span.start, self.span.end],
            "sentence": self.sentence,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Credit:
        return cls(
            outlet=data["outlet"],
            mention=Mention.from_dict(data["mention"]),
            cue=Mention.from_dict(data["cue"]),
            span=_span(data["span"]),
            sentence=data["sentence"],
        )


@dataclass(frozen=True, slots=True)
class Person:
    """A named person: full-name mentions, surname-only mentions linked to them, and what
    the text states about them, each fact with its span.

    ``evidence`` is what the text gives as the source of the person's details
    ("tax records", "car registration records").
    """

    name: str
    mentions: tuple[Mention, ...]
    linked: tuple[Mention, ...] = ()
    age: Mention | None = None
    rank: str | None = None
    rank_mention: Mention | None = None
    title: Mention | None = None
    role: Mention | None = None
    employer: Mention | None = None
    evidence: Mention | None = None

    @property
    def age_years(self) -> int | None:
        return None if self.age is None else int(self.age.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mentions": [m.to_dict() for m in self.mentions],
            "linked": [m.to_dict() for m in self.linked],
            "age": self.age_years,
            "age_mention": _opt(self.age),
            "rank": self.rank,
            "rank_mention": _opt(self.rank_mention),
            "title": _opt(self.title),
            "role": _opt(self.role),
            "employer": _opt(self.employer),
            "evidence": _opt(self.evidence),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Person:
        """The person :meth:`to_dict` wrote; ``age`` there is ``age_years``, derived from
        ``age_mention``."""
        return cls(
            name=data["name"],
            mentions=_mentions(data["mentions"]),
            linked=_mentions(data["linked"]),
            age=_opt_mention(data["age_mention"]),
            rank=data["rank"],
            rank_mention=_opt_mention(data["rank_mention"]),
            title=_opt_mention(data["title"]),
            role=_opt_mention(data["role"]),
            employer=_opt_mention(data["employer"]),
            evidence=_opt_mention(data["evidence"]),
        )


@dataclass(frozen=True, slots=True)
class Organisation:
    """A named organisation; ``kind`` is outlet, government, military, party, education,
    company or other."""

    name: str
    kind: str
    mentions: tuple[Mention, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Organisation:
        return cls(data["name"], data["kind"], _mentions(data["mentions"]))


@dataclass(frozen=True, slots=True)
class Place:
    """A place from the gazetteer: ``kind`` is country, city or region."""

    name: str
    kind: str
    country: str | None
    mentions: tuple[Mention, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        return cls(data["name"], data["kind"], data["country"], _mentions(data["mentions"]))


@dataclass(frozen=True, slots=True)
class FactSheet:
    """Everything the reading stage found in one clean article text."""

    text: str
    sentences: tuple[Sentence, ...]
    claims: tuple[Claim, ...]
    credits: tuple[Credit, ...]
    people: tuple[Person, ...]
    organisations: tuple[Organisation, ...]
    places: tuple[Place, ...]
    quantities: tuple[_ToDict, ...] = ()
    dates: tuple[_ToDict, ...] = ()
    schema: str = SCHEMA

    def person(self, name: str) -> Person | None:
        """The person with this full name, or whose surname-only mention is ``name``."""
        for p in self.people:
            if p.name == name or any(m.text == name for m in p.linked):
                return p
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "length": len(self.text),
            "sentences": [s.to_dict(self.text) for s in self.sentences],
            "claims": [c.to_dict() for c in self.claims],
            "credits": [c.to_dict() for c in self.credits],
            "people": [p.to_dict() for p in self.people],
            "organisations": [o.to_dict() for o in self.organisations],
            "places": [p.to_dict() for p in self.places],
            "quantities": [q.to_dict() for q in self.quantities],
            "dates": [d.to_dict() for d in self.dates],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str) -> FactSheet:
        """The fact sheet :meth:`to_dict` wrote for ``text`` (the article's clean text: the
        dict holds its sentences but not the white space between them)."""
        if data.get("schema") != SCHEMA:
            raise ValueError(
                f"not a fact sheet of schema {SCHEMA!r}: schema is {data.get('schema')!r}"
            )
        sentences = tuple(Sentence.from_dict(s) for s in data["sentences"])
        if len(text) != data["length"] or any(
            s.span.of(text) != d["text"] for s, d in zip(sentences, data["sentences"], strict=True)
        ):
            raise ValueError("the text given is not the text of this fact sheet")
        return cls(
            text=text,
            sentences=sentences,
            claims=tuple(Claim.from_dict(c) for c in data["claims"]),
            credits=tuple(Credit.from_dict(c) for c in data["credits"]),
            people=tuple(Person.from_dict(p) for p in data["people"]),
            organisations=tuple(Organisation.from_dict(o) for o in data["organisations"]),
            places=tuple(Place.from_dict(p) for p in data["places"]),
            quantities=tuple(Quantity.from_dict(q) for q in data["quantities"]),
            dates=tuple(DateMention.from_dict(d) for d in data["dates"]),
        )
