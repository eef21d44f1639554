"""Hedges and caveats: a plan or a doubt in the source stated as fact in the copy
(``hedge_dropped``), and a source sentence saying what the writer could not establish
("was unable to determine") with no counterpart in the copy while the copy keeps the
claim it qualified: ``hedge_dropped`` when the copy also firms the claim up (a vouching
verb, a plan become an event), else ``caveat_omitted``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from storytrace.compare.claims import ClaimView, content_stems, content_stems_ordered
from storytrace.compare.lexicon import CAVEAT, EVENT, PLAN
from storytrace.compare.pair import Aligned, Discrepancy, Pair, short
from storytrace.compare.registry import register
from storytrace.read.sheet import Certainty, SourceKind

POINTING = re.compile(
    r"\b(?:that|this|these|those)\s+(?:account|claim|report|information|letter|figure)\b"
    r"|\b(?:that|this|it)\s*[.,;]",
    re.IGNORECASE,
)
#: Evidential hedges: the report itself is in doubt, so dropping one changes a checkable fact.
EVIDENTIAL = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|unconfirmed|unverified|believed|"
    r"suspected|thought\s+to|said\s+to|claimed|alleged|unable|not\s+able|could\s*n|unclear)",
    re.IGNORECASE,
)


@register({"hedge_dropped": "high"}, per_claim=True)
def certainty(pair: Pair, aligned: Aligned) -> Iterator[Discrepancy]:
    """A plan or a doubt upstream stated as fact. High when a checkable fact's certainty
    changed: a plan become an event, a report's evidential doubt ("reportedly",
    "unconfirmed") or a caveat in a sentence short enough to say what it qualifies
    dropped; medium for a general modal ("may face") made plain."""
    c, u = aligned.copy, aligned.source
    if c.claim.certainty != Certainty.ASSERTED or c.hedged:
        return
    event = EVENT.search(c.claim.text)
    planned = PLAN.search(u.claim.text) and event
    doubted = u.claim.certainty == Certainty.HEDGED and _about_same(pair, c, u)
    sentence = pair.source_sentence(u)
    is_short = len(sentence.split()) <= pair.options.caveat_sentence_words
    caveated = event and is_short and CAVEAT.search(sentence)
    if planned or doubted or caveated:
        cue = u.claim.certainty_cue
        evidential = cue is not None and EVIDENTIAL.search(cue.text)
        yield pair.finding(
            "hedge_dropped",
            c.span,
            u.span,
            f"{pair.name} states as fact “{short(c.claim.text)}” where its source "
            f"{pair.source_name} only says “{short(u.claim.text)}”.",
            "high" if is_short and (planned or caveated or evidential) else "medium",
        )


def _about_same(pair: Pair, c: ClaimView, u: ClaimView) -> bool:
    """Whether the copy keeps what the hedge qualified: the words right after the cue."""
    cue = u.claim.certainty_cue
    if cue is None or PLAN.search(cue.text):
        return False
    after = pair.source_sheet.text[cue.span.end : u.span.end]
    return bool(set(list(content_stems_ordered(after))[:2]) & c.stems)


@register({"hedge_dropped": "high", "caveat_omitted": "medium"})
def caveats(pair: Pair) -> Iterator[Discrepancy]:
    kept = {j for j, _ in pair.aligned.values()}
    by_source = {j: [i for i, (jj, _) in pair.aligned.items() if jj == j] for j in kept}
    for j, u in enumerate(pair.source_views):
        if j in kept or not CAVEAT.search(u.claim.text):
            continue
        for k in _referents(pair, u):
            for i in by_source.get(k, []):
                yield from _caveat_lost(pair, pair.views[i], u)


def _referents(pair: Pair, caveat: ClaimView) -> list[int]:
    """Source claims a caveat qualifies: the clauses before it in its sentence, else the
    sentence before it when they share a word or the caveat points back ("that
    account"); and any claim stating most of what the caveat's complement says
    ("couldn't verify that *the five booked on it made the trip*"), not one that merely
    shares the story's words with the caveat's subject."""
    own = content_stems(_complement(caveat.claim.text)) - content_stems(pair.source_name)
    views = pair.source_views
    here = [k for k, u in enumerate(views) if u.claim.sentence == caveat.claim.sentence]
    earlier = [k for k in here if views[k].span.start < caveat.span.start]
    pointing = POINTING.search(caveat.claim.text)
    is_short = len(caveat.claim.text.split()) <= 10
    found = set(earlier)
    for k, u in enumerate(views):
        shared = len(own & u.stems)
        before = u.claim.sentence == caveat.claim.sentence - 1 and not earlier and is_short
        # Topic words ("Reuters", "missile") are shared by most claims of a story: a
        # caveat qualifies another claim only if they share most of its words.
        related = shared >= max(3, len(own) // 2)
        if k not in here and (related or before and (shared or pointing)):
            found.add(k)
    return sorted(found)


def _caveat_lost(pair: Pair, c: ClaimView, caveat: ClaimView) -> Iterator[Discrepancy]:
    if c.hedged or c.claim.certainty != Certainty.ASSERTED:
        return
    # Still reported as someone's account, the claim only lost a caveat; in the copy's
    # own voice (or vouched for), the doubt itself is gone.
    own = c.claim.attribution.kind == SourceKind.OWN_VOICE
    firmer = c.strength == 3 or own and EVENT.search(c.claim.text)
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
