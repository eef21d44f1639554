"""Every attribution of a sentence: the rules of :mod:`.attribution`, then the cues the
learned tagger adds (:mod:`.learned_cues`), without the cues inside a quotation and the
reports nested right inside another ("X said she thinks ..."), plus speaker labels
("NAME:", :mod:`.labels`)."""

from __future__ import annotations

import re

from storytrace.model import Span
from storytrace.read import learned_cues
from storytrace.read.attribution import (
    Openers,
    cue_openers,
    quoted,
    rule_attributions,
)
from storytrace.read.labels import find_labels
from storytrace.read.options import ReadOptions
from storytrace.read.sheet import Attribution
from storytrace.read.source_kind import without_subordinator


def find_attributions(
    text: str,
    sentence: Span,
    options: ReadOptions | None = None,
    openers: Openers | None = None,
) -> list[Attribution]:
    """Every attribution in the sentence at ``sentence``, in order of the cues.

    ``openers`` is :func:`cue_openers` of ``text`` when the caller reads many sentences.
    """
    opts = options or ReadOptions()
    if openers is None:
        openers = cue_openers(text[: sentence.end])
    orphans: list = []
    found = rule_attributions(text, sentence, opts, openers.rule, orphans)
    if opts.cue_model_threshold is not None:
        added = learned_cues.model_cues(text, sentence, found, openers.tagged, opts)
        tagged = {a.cue.span for a in added}  # the tagger may score an orphan cue too
        passives = learned_cues.unsourced_passives(text, sentence, orphans, opts)
        added += [a for a in passives if a.cue.span not in tagged]
        found = learned_cues.keep(text, sentence, found, opts) + added
        found.sort(key=lambda a: a.cue.span.start)
    if found:  # a cue inside a quotation reports the quoted speaker's words, not a new source
        para = text.rfind("\n", max(0, sentence.start - 2000), sentence.start) + 1
        found = [
            without_subordinator(text, a) for a in found if not quoted(text, para, a.cue.span.start)
        ]
    if len(found) > 1:
        found = [a for a in found if not _nested(text, a, found)]
    labels = find_labels(text, sentence)
    return sorted(found + labels, key=lambda a: a.cue.span.start) if labels else found


#: What may stand between a reporting cue and the source of a report nested in its
#: content: "said (on Friday) (that) she thinks".
_NESTING_GAP = re.compile(
    r"[\s,]*(?:(?:that|on|last|this|earlier|yesterday|today|\w+day)\b[\s,]*)*$", re.IGNORECASE
)


def _nested(text: str, a: Attribution, found: list[Attribution]) -> bool:
    """Whether ``a`` is a report inside another's content whose source follows that cue
    directly ("Ana Ruiz said she thinks ...", "the aide says Holm promised ..."): the
    outer report is the one the outlet heard, and the claim keeps it. PolNeAR never marks
    the inner cue (each word has one role); on its dev part this drops ~30 cues, ~90% of
    them not annotated."""
    if a.source is None or a.source.span.start > a.cue.span.start:
        return False
    return any(
        o is not a
        and o.cue.span.end <= a.source.span.start
        and _NESTING_GAP.match(text[o.cue.span.end : a.source.span.start])
        for o in found
    )
