"""How a claim is put: asserted, hedged, denied, no comment, or a quoted opinion.

Rules, in order of precedence (the first that fires wins):

1. ``no_comment`` — the source declined, refused or failed to comment or respond.
2. ``denied`` — a denial verb ("denied", "rejected the report", "insisted ... never").
3. ``quoted_opinion`` — the claim is mostly a direct quote and carries an evaluative or
   modal word, or no checkable detail (number or name) at all.
4. ``hedged`` — a hedge: adverbs ("reportedly", "likely"), modals ("may", "could"),
   belief verbs ("believed", "suspected"), admitted ignorance ("was unable to
   determine", "couldn't verify"), plans not known to have happened ("were booked to
   travel"), or a distancing reporting verb ("claimed", "alleged").
5. ``asserted`` — everything else.

Each rule returns the span of the words that fired it, so a reader can see why.
"""

from __future__ import annotations

import bisect
import re

from storytrace.model import Span
from storytrace.read.scan import Prefiltered
from storytrace.read.sheet import Attribution, Certainty, Mention, SourceKind, Strength, mention

_NEG = r"(?:not|n['’]t|never|no\s+longer)"

#: The source said nothing.
NO_COMMENT = re.compile(
    r"\b(?:declined|declines|decline|refused|refuses|refuse|unwilling|did\s+not\s+wish)\s+to\s+"
    r"(?:comment|respond|confirm\s+or\s+deny|discuss|elaborate|answer)"
    r"|\b(?:did|does|do|has|have|had|would|could)\s*" + _NEG + r"\s+(?:immediately\s+)?"
    r"(?:respond|reply|return|answer)\w*\s+(?:to\s+)?(?:a\s+|an\s+|the\s+|several\s+)?"
    r"(?:request|requests|calls|call|emails?|messages?|questions?|inquir\w+)"
    r"|\bno\s+comment\b|\bwithout\s+comment\b|\bremained\s+silent\b|\bhung\s+up\b",
    re.IGNORECASE,
)

#: A denial.
DENIAL = re.compile(
    r"\b(?:denied|denies|deny|denying|rejected|rejects|dismissed|dismisses|refuted|refutes|"
    r"disputed|disputes|rebuffed)\b"
    r"|\b(?:insisted|insists)\s+(?:that\s+)?(?:\w+\s+){0,4}(?:had|have|has|was|were|is|are|did)\s+"
    + _NEG,
    re.IGNORECASE,
)

#: Hedges: the writer or source does not vouch for the claim.
HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|apparently|possibly|probably|likely|unlikely|"
    r"perhaps|presumably|seemingly|supposedly|(?-i:may)|might|could(?!\s+not\b)|would\s+appear|"
    r"believed|believes|suspected|suspects|thought\s+to|said\s+to|appears?\s+to|seems?\s+to|"
    r"is\s+expected|are\s+expected|was\s+expected|were\s+expected|"
    r"unclear|not\s+clear|remains\s+unknown|unconfirmed|unverified|"
    r"suggests?|suggested|indicat(?:es|ed)\s+that\s+\w+\s+(?:may|might|could)|"
    r"claimed|claims|alleged|alleges)\b"
    r"|\b(?:was|were|is|are|been)\s+(?:unable|not\s+able)\s+to\s+"
    r"(?:determine|establish|verify|confirm|access|independently|ascertain|learn|identify)"
    r"|\b(?:could|can|did)\s*" + _NEG + r"\s+(?:independently\s+)?"
    r"(?:verify|establish|confirm|determine|ascertain)"
    r"|\b(?:were|was|are|is)\s+(?:booked|scheduled|due|planning|set)\s+to\b",
    re.IGNORECASE,
)

#: Words marking an evaluation inside a quote.
OPINION = re.compile(
    r"\b(?:should|must|ought|will|would|mistake|believe|think|feel|hope|fear|clearly|"
    r"obviously|significant|important|dangerous|alarm\w*|wrong|right|best|worst|good|bad)\b",
    re.IGNORECASE,
)

_QUOTE = re.compile(r"[\"“][^\"“”]{12,}[\"”]")
_CHECKABLE = re.compile(r"\d|(?<![.!?\"“]\s)(?<!^)\b[A-Z][a-z]+")


Hits = dict[str, list[tuple[int, int]]]

#: Each lexicon with the word prefixes its matches open with (see :mod:`.scan`).
_SCANS = {
    Certainty.NO_COMMENT: Prefiltered(
        NO_COMMENT,
        "declin refus unwilling did does do has have had would could no without remained hung",
    ),
    Certainty.DENIED: Prefiltered(DENIAL, "deni deny reject dismiss refute disput rebuff insist"),
    Certainty.HEDGED: Prefiltered(
        HEDGE,
        "reportedly allegedly purportedly apparently possibly probably likely unlikely perhaps "
        "presumably seemingly supposedly may might could would believ suspect thought said "
        "appear seem is are was were unclear not remains unconfirmed unverified suggest "
        "indicat claim alleg been can did",
    ),
}


def find_cues(text: str) -> Hits:
    """Every no-comment, denial and hedge cue in ``text``: one scan per lexicon for the
    whole article, then :func:`classify` looks claims up in it."""
    folded = text.lower()
    return {level: scan.spans(text, folded) for level, scan in _SCANS.items()}


def _first_in(hits: list[tuple[int, int]], span: Span) -> tuple[int, int] | None:
    i = bisect.bisect_left(hits, (span.start, -1))
    return hits[i] if i < len(hits) and hits[i][1] <= span.end else None


def classify(
    text: str, span: Span, attribution: Attribution, cues: Hits | None = None
) -> tuple[Certainty, Mention | None]:
    """The certainty of the claim at ``span`` and the words that decided it.

    ``cues`` is :func:`find_cues` of ``text``, computed here when not given.
    """
    if attribution.strength == Strength.NO_STATEMENT and attribution.cue is not None:
        return Certainty.NO_COMMENT, attribution.cue
    hits = cues if cues is not None else find_cues(text)
    for level in (Certainty.NO_COMMENT, Certainty.DENIED):
        found = _first_in(hits[level], span)
        if found:
            return level, mention(text, *found)
    opinion = _quoted_opinion(text, span, attribution)
    if opinion is not None:
        return Certainty.QUOTED_OPINION, opinion
    hedge = _first_in(hits[Certainty.HEDGED], span)
    if hedge:
        return Certainty.HEDGED, mention(text, *hedge)
    if attribution.strength == Strength.DISTANCED and attribution.cue is not None:
        return Certainty.HEDGED, attribution.cue
    return Certainty.ASSERTED, None


def _quoted_opinion(text: str, span: Span, attribution: Attribution) -> Mention | None:
    """The quote, when the claim is mostly a direct quote from a person giving a view."""
    if attribution.kind not in (SourceKind.NAMED_PERSON, SourceKind.ANONYMOUS):
        return None
    quote = _QUOTE.search(text, span.start, span.end)
    if quote is None or 2 * (quote.end() - quote.start()) < len(span):
        return None
    inner = text[quote.start() + 1 : quote.end() - 1]
    if OPINION.search(inner) or not _CHECKABLE.search(inner):
        return mention(text, quote.start(), quote.end())
    return None
