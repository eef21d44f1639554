"""Attribution: the copy has its source vouch for a claim (``attribution_strengthened``)
or states an attributed claim in its own voice (``attribution_dropped``)."""

from __future__ import annotations

from collections.abc import Iterator

from storytrace.compare.claims import ClaimView, similarity
from storytrace.compare.pair import REPORTING, Aligned, Discrepancy, Pair, short
from storytrace.compare.registry import register
from storytrace.read.sheet import SourceKind


@register({"attribution_strengthened": "medium", "attribution_dropped": "medium"}, per_claim=True)
def attribution(pair: Pair, aligned: Aligned) -> Iterator[Discrepancy]:
    c, u = aligned.copy, aligned.source
    ua, ca = u.claim.attribution, c.claim.attribution
    if ua.kind == SourceKind.OWN_VOICE or ua.strength == 0:
        return
    if c.strength > u.strength:
        said = ua.cue.text if ua.cue else ua.verb
        yield pair.finding(
            "attribution_strengthened",
            c.span,
            u.span,
            f"{pair.name} has the source vouch for “{short(c.claim.text, 60)}” where its "
            f"source {pair.source_name} only reports it (“{said}”).",
        )
    elif ca.kind == SourceKind.OWN_VOICE and _attribution_lost(pair, c, u):
        who = ua.source.text if ua.source else ua.verb
        yield pair.finding(
            "attribution_dropped",
            c.span,
            u.span,
            f"{pair.name} states “{short(c.claim.text, 60)}” in its own voice where its "
            f"source {pair.source_name} attributes it to {who}.",
        )


def _attribution_lost(pair: Pair, c: ClaimView, u: ClaimView) -> bool:
    """The source names its source inside the aligned claim; the copy's sentence names
    none, and the two claims are close (a loose match says nothing about sourcing)."""
    cue = u.claim.attribution.cue
    if cue is None or not u.span.start <= cue.span.start < u.span.end:
        return False
    if similarity(c, u, pair.options.number_rel_tol) < pair.options.dropped_attribution_min:
        return False
    siblings = [v for v in pair.views if v.claim.sentence == c.claim.sentence]
    attributed = any(v.claim.attribution.kind != SourceKind.OWN_VOICE for v in siblings)
    return not attributed and not REPORTING.search(pair.sentence(c))
