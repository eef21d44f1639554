"""The reading stage: one clean article text in, one :class:`FactSheet` out.

``read_text`` splits sentences and clause units, finds each claim's attribution and
certainty, the credits to other outlets, the people, organisations and places, and the
quantities and dates (:mod:`.numbers`, :mod:`.dates`). Every item keeps its span into the
text.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from storytrace.read.attribution import cue_openers, find_attributions
from storytrace.read.certainty import classify, find_cues
from storytrace.read.credits import find_credits
from storytrace.read.dates import find_dates
from storytrace.read.entities import find_entities
from storytrace.read.numbers import find_quantities
from storytrace.read.options import ReadOptions
from storytrace.read.sentences import split_clauses, split_sentences, word_count
from storytrace.read.sheet import (
    OWN_VOICE,
    SCHEMA,
    Attribution,
    Certainty,
    Claim,
    Credit,
    FactSheet,
    Mention,
    Organisation,
    Person,
    Place,
    Sentence,
    SourceKind,
    Strength,
)

__all__ = [
    "SCHEMA",
    "Attribution",
    "Certainty",
    "Claim",
    "Credit",
    "FactSheet",
    "Organisation",
    "Person",
    "Place",
    "ReadOptions",
    "Sentence",
    "SourceKind",
    "Strength",
    "find_claims",
    "read_text",
]


def read_text(
    text: str, published: datetime.date | None = None, options: ReadOptions | None = None
) -> FactSheet:
    """Read one clean article text into a fact sheet; ``published`` anchors relative dates."""
    opts = options or ReadOptions()
    sentences = split_sentences(text, opts)
    entities = find_entities(text, sentences, opts)
    return FactSheet(
        text=text,
        sentences=tuple(sentences),
        claims=tuple(find_claims(text, sentences, opts)),
        credits=tuple(find_credits(text, sentences)),
        people=entities.people,
        organisations=entities.organisations,
        places=entities.places,
        quantities=tuple(find_quantities(text)),
        dates=tuple(find_dates(text, published)),
    )


def find_claims(
    text: str, sentences: list[Sentence], options: ReadOptions | None = None
) -> list[Claim]:
    """The claim units of the sentences, each with its attribution and certainty."""
    opts = options or ReadOptions()
    claims: list[Claim] = []
    openers = cue_openers(text)
    found = [find_attributions(text, s.span, opts, openers) for s in sentences]
    cues = find_cues(text)
    for sentence in sentences:
        if sentence.heading and not opts.claims_from_headings:
            continue
        attributions = found[sentence.index] or _quote_speaker(text, sentences, found, sentence)
        for clause in split_clauses(text, sentence.span, opts.min_claim_words):
            if word_count(text, clause) < opts.min_claim_words:
                continue
            attribution = _attribution_for(clause, attributions)
            certainty, cue = classify(text, clause, attribution, cues)
            claims.append(
                Claim(clause, clause.of(text), sentence.index, certainty, cue, attribution)
            )
    return claims


_PERSONS = (SourceKind.NAMED_PERSON, SourceKind.ANONYMOUS)


def _quote_speaker(
    text: str, sentences: list[Sentence], found: list[list[Attribution]], sentence: Sentence
) -> list[Attribution]:
    """A sentence of a quote running over several sentences takes the speaker named in the
    sentence before it (quote continues) or after it (quote opened here, closed there)."""
    body = sentence.span.of(text)
    if not body.startswith(("“", '"')):
        return []
    closed = "”" in body[1:] or '"' in body[1:]
    for i in (sentence.index - 1, sentence.index + 1) if closed else (sentence.index + 1,):
        if 0 <= i < len(sentences) and sentences[i].paragraph == sentence.paragraph:
            people = [a for a in found[i] if a.kind in _PERSONS]
            if people:
                return [replace(people[0], content=Mention(sentence.span, body))]
    return []


def _attribution_for(clause, attributions: list[Attribution]) -> Attribution:
    """The attribution whose cue lies in the clause, else the one whose content covers it."""
    for a in attributions:
        if a.cue is not None and clause.start <= a.cue.span.start < clause.end:
            return a
    best, overlap = OWN_VOICE, 0
    for a in attributions:
        if a.content is None:
            continue
        shared = min(clause.end, a.content.span.end) - max(clause.start, a.content.span.start)
        if shared > overlap:
            best, overlap = a, shared
    return best
