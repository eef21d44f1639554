"""Additions: copy claims with no counterpart in the source. ``unsupported_addition`` when
they bring checkable news (a new person, a quote, a new number or date, an event involving
the story's people), ``added_background`` when they are context (an explicit year well
before publication, another outlet's report, history)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rapidfuzz import fuzz

from storytrace.compare.claims import ClaimView, content_stems, dates_agree
from storytrace.compare.detectors.dates import changed_dates
from storytrace.compare.lexicon import BACKGROUND, QUOTE, says_event
from storytrace.compare.pair import REPORTING, Discrepancy, Pair, short
from storytrace.compare.registry import register
from storytrace.read.sheet import Certainty, SourceKind

#: Someone's past office or career: background about a person, not news.
PAST_OFFICE = re.compile(
    r"\b(?:served\s+as|formerly|previously\s+(?:led|served|worked|headed)|"
    r"(?:was|is)\s+a\s+former)\b",
    re.IGNORECASE,
)
FIRST_PERSON = re.compile(r"\b(?:I|my|me|I['’]m|I['’]ve)\b")
HEARSAY = re.compile(r"\b(?:tell|told|tells)\s+me\b|\bI\s+(?:hear|heard|learned|understand)\b")
#: Verbs of speech a rewrite uses to put an addition in someone's mouth.
SPEECH = re.compile(
    r"\b(?:stated|accused|discussed|shared|advised|explained|noted|warned|argued|"
    r"announced|insisted|called|urged|praised|criticized|criticised|described)\b",
    re.IGNORECASE,
)


@register({"unsupported_addition": "high", "added_background": "low", "date_changed": "high"})
def additions(pair: Pair) -> Iterator[Discrepancy]:
    story = _story_stems(pair)
    for i, c in enumerate(pair.views):
        if i in pair.aligned or len(c.claim.text.split()) < pair.options.min_addition_words:
            continue
        kind = _addition_kind(pair, c, story)
        redated = _redated(pair, c) if kind == "unsupported_addition" else None
        if redated is not None:
            yield redated
        elif kind == "unsupported_addition":
            quote = _new_quote(pair, c)
            yield pair.finding(
                kind,
                c.span,
                None,
                f"{pair.name} adds “{short(c.claim.text, 70)}”, which its source "
                f"{pair.source_name} does not say"
                + (", in a quote the source does not have." if quote else "."),
                _addition_severity(pair, c, quote),
            )
        elif kind == "added_background":
            yield pair.background(c)


def _redated(pair: Pair, c: ClaimView) -> Discrepancy | None:
    """The same statement with another date: a claim too reworded to align but close to a
    source claim (``slot_threshold``), each giving one date of one precision, the two
    disagreeing ("will sit again on January 22" for "was postponed until January 19"):
    ``date_changed``, not an addition."""
    if len(c.dates) != 1:
        return None
    scored = [(x, j) for j, x in pair.scores(c) if x >= pair.options.slot_threshold]
    if not scored:
        return None
    u = pair.source_views[max(scored)[1]]
    if len(u.dates) != 1 or u.dates[0].mention.precision != c.dates[0].mention.precision:
        return None
    return next((d for d in changed_dates(pair, c, u) if d.type == "date_changed"), None)


def _addition_severity(pair: Pair, c: ClaimView, quote: bool) -> str:
    """High for what the copy asserts itself (an invented event, number or statement)
    and for a quote the source lacks; medium for an attributed addition ("X said
    that ..."), which the reader can check with whoever is named."""
    if quote:
        return "high"
    attributed = c.claim.attribution.kind != SourceKind.OWN_VOICE
    sentence = pair.sentence(c)
    said = REPORTING.search(sentence) or SPEECH.search(sentence)
    return "medium" if attributed or said or c.hedged else "high"


def _addition_kind(pair: Pair, c: ClaimView, story_stems: frozenset[str]) -> str | None:
    if c.claim.certainty in (Certainty.NO_COMMENT, Certainty.DENIED):
        return None
    if FIRST_PERSON.search(c.claim.text) and not HEARSAY.search(c.claim.text):
        return None  # the writer's own commentary, not a claim about the story
    source_people = {p.name for p in pair.source_sheet.people}
    if _new_quote(pair, c):
        return "unsupported_addition"
    if _is_background(pair, c) or PAST_OFFICE.search(c.claim.text):
        return "added_background"
    if c.people - source_people:
        return "unsupported_addition"
    new_numbers = [q for q in c.quantities if not pair.in_source(q) and q.value != 1]
    story = c.people & source_people or c.stems & story_stems
    new_words = c.stems - pair.source_stems
    if c.claim.certainty == Certainty.QUOTED_OPINION and not c.people:
        return None
    if new_numbers or _new_dates(pair, c):
        return "unsupported_addition"
    checkable = c.dates or c.quantities or c.people
    if story and (
        says_event(c.claim.text) or checkable and len(new_words) >= pair.options.new_words
    ):
        return "unsupported_addition"
    return None


def _new_quote(pair: Pair, c: ClaimView) -> bool:
    source = pair.source_sheet.text
    for quote in QUOTE.finditer(c.claim.text):
        if fuzz.partial_ratio(quote.group(0)[1:-1], source) < 90:
            return True
    return False


def _is_background(pair: Pair, c: ClaimView) -> bool:
    if c.claim.attribution.kind == SourceKind.OUTLET:
        return True
    year, gap = pair.year, pair.options.background_year_gap
    old = [d for d in c.dates if d.year and not d.weak and year and d.year <= year - gap]
    return bool(old) or bool(BACKGROUND.search(c.claim.text)) and not c.people


def _new_dates(pair: Pair, c: ClaimView) -> bool:
    return any(
        d.month is not None
        and not any(dates_agree(d, s, pair.strong_dates) for s in pair.source_dates)
        for d in c.dates
    )


def _story_stems(pair: Pair) -> frozenset[str]:
    """Stems of the source's named things: people, organisations, places."""
    sheet = pair.source_sheet
    names = [p.name for p in sheet.people] + [o.name for o in sheet.organisations]
    return content_stems(" ".join(names + [p.name for p in sheet.places]))
