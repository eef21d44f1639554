"""The reading stage: one clean article text in, one :class:`FactSheet` out.

``read_text`` splits sentences and clause units, finds each claim's attribution and
certainty, the credits to other outlets, the people, organisations and places, and the
quantities and dates (:mod:`.numbers`, :mod:`.dates`). Every item keeps its span into the
text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import replace

from storytrace.read import chunks, credits, scan
from storytrace.read.attribution import cue_openers
from storytrace.read.attribution import quoted as _quoted
from storytrace.read.attributions import find_attributions
from storytrace.read.certainty import classify, find_cues
from storytrace.read.coref import link_antecedents
from storytrace.read.credits import find_credits
from storytrace.read.dates import find_dates
from storytrace.read.entities import find_entities
from storytrace.read.numbers import find_quantities
from storytrace.read.options import ReadOptions
from storytrace.read.relation import MODEL_CHOICES, model_choice
from storytrace.read.relation_model import read_relations, read_relations_many
from storytrace.read.sentences import clause_units, split_sentences
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
    Relation,
    Sentence,
    SourceKind,
    Strength,
)
from storytrace.read.source_kind import places_as_institutions

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
    "read_texts",
]


def read_text(
    text: str, published: datetime.date | None = None, options: ReadOptions | None = None
) -> FactSheet:
    """Read one clean article text into a fact sheet; ``published`` anchors relative dates."""
    try:
        return _read(text, published, options or ReadOptions())
    finally:
        _forget_articles()


def read_texts(
    items: Iterable[tuple[str, datetime.date | None]], options: ReadOptions | None = None
) -> list[FactSheet]:
    """Read many clean article texts, each with its publication date: the fact sheets
    :func:`read_text` gives for each, in order.

    With the relation model (``options.relation_model``, :mod:`.relation_model`), the
    claims of all the texts that state a relation go through the model together, in
    batches of similar length, instead of one small batch per text: the model's cost is
    mostly reading its weights, once per batch. Give it a few dozen texts at a time
    (:data:`READ_BATCH`). Without the model this is :func:`read_text` on each text."""
    opts = options or ReadOptions()
    if not batches_relations(opts):
        return [read_text(text, published, opts) for text, published in items]
    try:
        sheets = []
        for text, published in items:
            sheets.append(_read(text, published, opts, relations=False))
            _forget_articles()
        claims = [(sheet.text, [c.span for c in sheet.claims]) for sheet in sheets]
        readings = read_relations_many(claims, opts.relation_model)
        return [
            replace(sheet, claims=tuple(with_relations(list(sheet.claims), found)))
            for sheet, found in zip(sheets, readings, strict=True)
        ]
    finally:
        _forget_articles()


#: How many articles :func:`read_texts` is best given at a time on the model path: 32
#: articles carry ~50 relation claims, two full batches of the model (``relation_model.BATCH``).
READ_BATCH = 32


def batches_relations(options: ReadOptions) -> bool:
    """Whether :func:`read_texts` reads the relations of its texts together (the model
    path); on the model-free path it reads text by text."""
    return model_choice(options.relation_model) in MODEL_CHOICES


def _forget_articles() -> None:
    for cache in _PER_ARTICLE:  # no article's text outlives its reading
        cache.cache_clear()


#: Caches keyed by the article's text, which readers share within one article.
_PER_ARTICLE = (*chunks.ARTICLE_CACHES, *credits.ARTICLE_CACHES, *scan.ARTICLE_CACHES)


def _read(
    text: str, published: datetime.date | None, opts: ReadOptions, relations: bool = True
) -> FactSheet:
    """The fact sheet of ``text``; with ``relations`` False its claims have no relation
    reading yet (:func:`read_texts` adds them for many texts at once)."""
    sentences = split_sentences(text, opts)
    entities = find_entities(text, sentences, opts)
    claims = find_claims(text, sentences, opts, entities.people, entities.places)
    return FactSheet(
        text=text,
        sentences=tuple(sentences),
        claims=tuple(add_relations(text, claims, opts) if relations else claims),
        credits=tuple(find_credits(text, sentences)),
        people=entities.people,
        organisations=entities.organisations,
        places=entities.places,
        quantities=tuple(find_quantities(text)),
        dates=tuple(find_dates(text, published)),
    )


def find_claims(
    text: str,
    sentences: list[Sentence],
    options: ReadOptions | None = None,
    people: tuple[Person, ...] = (),
    places: tuple[Place, ...] = (),
) -> list[Claim]:
    """The claim units of the sentences, each with its attribution and certainty;
    ``people`` (from the entity step) are the antecedents "he said" may refer to, and a
    source that is one of ``places`` speaks as an institution."""
    opts = options or ReadOptions()
    claims: list[Claim] = []
    openers = cue_openers(text)
    found = [find_attributions(text, s.span, opts, openers) for s in sentences]
    found = link_antecedents(found, people, opts.max_antecedent_chars)
    found = places_as_institutions(found, places, people)
    cues = find_cues(text)
    paragraphs: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        paragraphs.setdefault(sentence.paragraph, []).append(sentence)
    for sentence in sentences:
        if sentence.heading and not opts.claims_from_headings:
            continue
        para = paragraphs[sentence.paragraph]
        attributions = found[sentence.index] or _quote_speaker(text, para, found, sentence)
        for clause, words in clause_units(text, sentence.span, opts.min_claim_words):
            if words < opts.min_claim_words:
                continue
            attribution = _attribution_for(text, para[0].span.start, clause, attributions)
            certainty, cue = classify(text, clause, attribution, cues)
            claims.append(
                Claim(clause, clause.of(text), sentence.index, certainty, cue, attribution)
            )
    return claims


def add_relations(text: str, claims: list[Claim], options: ReadOptions) -> list[Claim]:
    """The claims with the relation strength of those that state one (``Claim.relation``)."""
    return with_relations(
        claims, read_relations(text, [c.span for c in claims], options.relation_model)
    )


def with_relations(
    claims: list[Claim], readings: list[tuple[Relation, Mention | None] | None]
) -> list[Claim]:
    """The claims with their relation readings (None: the claim states no relation)."""
    return [
        c if r is None else replace(c, relation=r[0], relation_cue=r[1])
        for c, r in zip(claims, readings, strict=True)
    ]


_PERSONS = (SourceKind.NAMED_PERSON, SourceKind.ANONYMOUS)
#: How many sentences a quote is followed over, each way, to find its speaker.
_QUOTE_REACH = 8


def _quote_speaker(
    text: str, para: list[Sentence], found: list[list[Attribution]], sentence: Sentence
) -> list[Attribution]:
    """A sentence of a quote running over several sentences takes the speaker of the
    nearest sentence of the same quote that names one: the quote is followed back to
    where it opened and forward to where it closes, within the paragraph."""
    body = sentence.span.of(text)
    if not (body.startswith(_OPEN) or _quoted(text, para[0].span.start, sentence.span.start)):
        return []
    k = sentence.index - para[0].index
    near = range(max(0, k - _QUOTE_REACH), min(len(para), k + _QUOTE_REACH + 1))
    for j in sorted(near, key=lambda j: (abs(j - k), j < k)):
        if j == k or not _same_quote(text, para, min(j, k), max(j, k)):
            continue
        people = [a for a in found[para[j].index] if a.kind in _PERSONS]
        if people:  # the last: the cue closing the quote, not a verb quoted inside it
            return [replace(people[-1], content=Mention(sentence.span, body))]
    return []


_OPEN = ("“", '"', "''")


def _same_quote(text: str, para: list[Sentence], lo: int, hi: int) -> bool:
    """Whether sentences ``lo`` to ``hi`` of a paragraph lie in one quote: no quote
    closes and opens again between them (the ends may hold the closing cue)."""
    between = text[para[lo].span.end : para[hi].span.start]
    return "“" not in between and '"' not in between and "''" not in between


def _attribution_for(
    text: str, para_start: int, clause, attributions: list[Attribution]
) -> Attribution:
    """The attribution whose cue lies in the clause (outside quotation marks first), else
    the one whose content covers it."""
    inside = [
        a
        for a in attributions
        if a.cue is not None and clause.start <= a.cue.span.start < clause.end
    ]
    if inside:
        quoted = [_quoted(text, para_start, a.cue.span.start) for a in inside]
        return inside[quoted.index(False)] if False in quoted else inside[0]
    best, overlap = OWN_VOICE, 0
    for a in attributions:
        if a.content is None:
            continue
        shared = min(clause.end, a.content.span.end) - max(clause.start, a.content.span.start)
        if shared > overlap:
            best, overlap = a, shared
    return best
