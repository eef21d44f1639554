"""Hedges and caveats: a plan or a doubt in the source stated as fact in the copy
(``hedge_dropped``), and a source sentence saying what the writer could not establish
("was unable to determine") with no counterpart in the copy while the copy keeps the
claim it qualified: ``hedge_dropped`` when the copy also firms the claim up (a vouching
verb, a plan become an event), else ``caveat_omitted``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from storytrace.compare.claims import (
    NUMBER_WORDS,
    STOPWORDS,
    ClaimView,
    content_stems,
    content_stems_ordered,
    stem,
)
from storytrace.compare.lexicon import (
    CAVEAT,
    EVENT,
    PLAN,
    says_caveat,
    says_event,
    says_plan,
)
from storytrace.compare.pair import Aligned, Discrepancy, Pair, short
from storytrace.compare.registry import register
from storytrace.read.sheet import Certainty, SourceKind

POINTING = re.compile(
    r"\b(?:that|this|these|those)\s+(?:account|claim|report|information|letter|figures?|"
    r"roles?|jobs?|positions?|visits?|trips?|sites?|records?|numbers?)\b"
    r"|\b(?:that|this|it)\s*[.,;]",
    re.IGNORECASE,
)
#: Evidential hedges: the report itself is in doubt, so dropping one changes a checkable fact.
EVIDENTIAL = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|unconfirmed|unverified|believed|"
    r"suspected|thought\s+to|said\s+to|claimed|alleged|unable|not\s+able|could\s*n|unclear)",
    re.IGNORECASE,
)


#: Nouns a caveat names that say nothing about which claim it means.
STORY_WORDS = frozenset({"content", "detail", "report", "claim", "account", "inform"})

#: Caveats about a detail ("didn't identify the sites", "unable to access a manifest"),
#: not about whether the claim is true: dropping one omits a caveat, it firms up nothing.
DETAIL = re.compile(r"\b(?:identify|access|learn)\b", re.IGNORECASE)


@register({"hedge_dropped": "high"}, per_claim=True)
def certainty(pair: Pair, aligned: Aligned) -> Iterator[Discrepancy]:
    """A plan or a doubt upstream stated as fact. High when a checkable fact's certainty
    changed: a plan become an event, a report's evidential doubt ("reportedly",
    "unconfirmed") or a caveat in a sentence short enough to say what it qualifies
    dropped; medium for a general modal ("may face") made plain."""
    c, u = aligned.copy, aligned.source
    if c.claim.certainty != Certainty.ASSERTED or c.hedged:
        return
    event = says_event(c.claim.text)
    planned = event and says_plan(u.claim.text)
    doubted = u.claim.certainty == Certainty.HEDGED and _about_same(pair, c, u)
    sentence = pair.source_sentence(u)
    is_short = len(sentence.split()) <= pair.options.caveat_sentence_words
    caveated = event and is_short and says_caveat(sentence)
    if planned or doubted or caveated:
        cue = u.claim.certainty_cue
        evidential = cue is not None and EVIDENTIAL.search(cue.text)
        yield pair.finding(
            "hedge_dropped",
            c.span,
            u.span,
            f"{pair.name} states as fact “{short(c.claim.text)}” where its source "
            f"{pair.source_name} only says “{short(u.claim.text)}”" + _doubted(pair, aligned),
            "high" if is_short and (planned or caveated or evidential) else "medium",
        )


def _doubted(pair: Pair, aligned: Aligned) -> str:
    """ " and could not verify ..." when a dropped caveat qualifies the source claim."""
    for j in caveats_on(pair).get(aligned.candidates[0][0], ()):
        caveat = pair.source_views[j].claim.text
        doubt = next((m for m in CAVEAT.finditer(caveat) if not DETAIL.search(m.group())), None)
        if doubt is not None:  # quoted from the words that doubt the claim
            return f", and cautions that it “{short(caveat[doubt.start() :], 90)}”."
    return "."


def _about_same(pair: Pair, c: ClaimView, u: ClaimView) -> bool:
    """Whether the copy keeps what the hedge qualified: the words right after the cue."""
    cue = u.claim.certainty_cue
    if cue is None or PLAN.search(cue.text):
        return False
    after = pair.source_sheet.text[cue.span.end : u.span.end]
    return bool(set(list(content_stems_ordered(after))[:2]) & c.stems)


@register({"hedge_dropped": "high", "caveat_omitted": "medium"})
def caveats(pair: Pair) -> Iterator[Discrepancy]:
    """Each copy claim restating a claim a dropped caveat qualifies: one finding, the
    firmest (a hedge dropped before a caveat omitted), citing the first such caveat."""
    by_claim: dict[int, Discrepancy] = {}
    for i, (k, _) in sorted(pair.aligned.items()):
        for j in caveats_on(pair).get(k, ()):
            for found in _caveat_lost(pair, pair.views[i], pair.source_views[j]):
                known = by_claim.get(i)
                if known is None or found.type == "hedge_dropped" != known.type:
                    by_claim[i] = found
    yield from by_claim.values()


def caveats_on(pair: Pair) -> dict[int, list[int]]:
    """Source claim -> the dropped caveats that qualify it (caveats with no counterpart
    in the copy), computed once per pair."""
    if "caveats_on" not in pair.memo:
        kept = {j for j, _ in pair.aligned.values()}
        found: dict[int, list[int]] = {}
        for j, u in enumerate(pair.source_views):
            if j in kept or not says_caveat(u.claim.text):
                continue
            for k in _referents(pair, u):
                found.setdefault(k, []).append(j)
        pair.memo["caveats_on"] = found
    return pair.memo["caveats_on"]


def _referents(pair: Pair, caveat: ClaimView) -> list[int]:
    """The source claims a caveat qualifies, by one explicit rule each, never by shared
    words alone:

    - the same sentence: the clauses before it ("X said ..., but Reuters could not verify
      it"); the sentence before it when the caveat points back ("that account");
    - the same quote: the claims inside the quotation the caveat is in;
    - the same named source: the claims of the source the caveat names ("*the
      official* didn't identify the sites": the nearest earlier claim attributed to an
      official; "*the officials*": every earlier one);
    - the plan it doubts: a caveat that could not verify that a plan happened ("booked
      on it actually made the trip") qualifies the claims stating that plan ("booked")."""
    views = pair.source_views
    here = [k for k, u in enumerate(views) if u.claim.sentence == caveat.claim.sentence]
    found = {k for k in here if views[k].span.start < caveat.span.start}
    named = _same_source(pair, caveat)
    before = [k for k, u in enumerate(views) if u.claim.sentence == caveat.claim.sentence - 1]
    if not found and _points_back(caveat, [views[k] for k in before], bool(named)):
        found |= set(before)
    found |= _same_quote(pair, caveat)
    found |= named
    found |= _same_plan(pair, caveat)
    found.discard(views.index(caveat) if caveat in views else -1)
    return sorted(found)


#: A quotation within one paragraph: an opening mark after a space, a closing one.
_QUOTATION = re.compile(r"“[^”\n]{12,800}”|(?<![^\s(])\"(?=\S)[^\"\n]{12,800}\"")


_DEFINITE = re.compile(r"\b(?:the|that|this|these|those)\s+([a-z]+)", re.IGNORECASE)


def _points_back(caveat: ClaimView, before: list[ClaimView], named: bool) -> bool:
    """A short caveat that refers back to the sentence before it: "that account", or,
    when it names no source, a definite description of something that sentence names
    ("could not verify the contents of *the letter*" after "... in a letter to ...")."""
    text = caveat.claim.text
    if POINTING.search(text):
        return True
    if named or len(text.split()) > 12:
        return False
    named = {stem(m.group(1)) for m in _DEFINITE.finditer(_complement(text))}
    return any(named & (u.stems - STORY_WORDS) for u in before)


def _same_quote(pair: Pair, caveat: ClaimView) -> set[int]:
    """The claims inside the quotation the caveat is in."""
    text = pair.source_sheet.text
    for quote in _QUOTATION.finditer(text):
        if quote.start() <= caveat.span.start < quote.end():
            inside = range(quote.start(), quote.end())
            return {k for k, u in enumerate(pair.source_views) if u.span.start in inside}
    return set()


def _same_source(pair: Pair, caveat: ClaimView) -> set[int]:
    """Earlier claims attributed to a source whose head word the caveat names: the
    nearest for a singular ("the official"), all for a plural ("the officials")."""
    words = re.findall(r"[a-z]+", CAVEAT.split(caveat.claim.text)[0].lower())
    words += re.findall(r"[a-z]+", _complement(caveat.claim.text).lower())
    found: list[int] = []
    plural = False
    for k, u in enumerate(pair.source_views):
        source = u.claim.attribution.source
        if u.span.start >= caveat.span.start or source is None:
            continue
        head = _head(source.text)
        if head is None:
            continue
        named = [w for w in words if stem(w) == stem(head)]
        if named:
            found.append(k)
            plural = plural or any(w != head and w.endswith("s") for w in named)
    return set(found if plural else found[-1:])


_HEAD_END = re.compile(
    r"\s(?:of|for|from|in|on|at|with|who|which|that|detailing|containing|about)\b|,|\(",
    re.IGNORECASE,
)


def _head(source: str) -> str | None:
    """The head word of a source's description: "A senior *official* of the ministry",
    "*documents* detailing the bookings"; None for a pronoun."""
    cut = _HEAD_END.search(source)
    words = re.findall(r"[a-z]+", (source[: cut.start()] if cut else source).lower())
    if not words or words[-1] in STOPWORDS or words[-1] in NUMBER_WORDS:
        return None
    return words[-1]


def _same_plan(pair: Pair, caveat: ClaimView) -> set[int]:
    """Claims stating the plan a caveat could not verify took place."""
    complement = _complement(caveat.claim.text)
    plan = PLAN.search(complement)
    if plan is None or not EVENT.search(complement) and "made" not in complement:
        return set()
    verb = stem(plan.group().split()[0])
    return {
        k
        for k, u in enumerate(pair.source_views)
        if u is not caveat
        and any(stem(m.group().split()[0]) == verb for m in PLAN.finditer(u.claim.text))
    }


def _caveat_lost(pair: Pair, c: ClaimView, caveat: ClaimView) -> Iterator[Discrepancy]:
    if c.hedged or c.claim.certainty != Certainty.ASSERTED:
        return
    # Still reported as someone's account, the claim only lost a caveat; in the copy's
    # own voice (or vouched for), the doubt itself is gone.
    own = c.claim.attribution.kind == SourceKind.OWN_VOICE
    detail = all(DETAIL.search(m.group()) for m in CAVEAT.finditer(caveat.claim.text))
    firmer = not detail and (c.strength == 3 or own and EVENT.search(c.claim.text))
    kind = "hedge_dropped" if firmer else "caveat_omitted"
    yield pair.finding(
        kind,
        c.span,
        caveat.span,
        f"{pair.name} states “{short(c.claim.text, 60)}” without its source "
        f"{pair.source_name}'s caveat “{short(caveat.claim.text, 70)}”.",
    )


def _complement(text: str) -> str:
    """What a caveat says could not be established: the words after its cue ("was unable
    to verify *that the five made the trip*"), else the whole caveat without the cue."""
    match = CAVEAT.search(text)
    after = text[match.end() :] if match else text
    return after if len(content_stems(after)) >= 2 else CAVEAT.sub("", text)
