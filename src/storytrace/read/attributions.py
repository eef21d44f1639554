"""Every attribution of a sentence: the rules of :mod:`.attribution`, then the cues the
learned tagger adds (:mod:`.learned_cues`), without the cues inside a quotation, plus
speaker labels ("NAME:", :mod:`.labels`)."""

from __future__ import annotations

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
    found = rule_attributions(text, sentence, opts, openers.rule)
    if opts.cue_model_threshold is not None:
        added = learned_cues.model_cues(text, sentence, found, openers.tagged, opts)
        found = learned_cues.keep(text, sentence, found, opts) + added
        found.sort(key=lambda a: a.cue.span.start)
    if found:  # a cue inside a quotation reports the quoted speaker's words, not a new source
        para = text.rfind("\n", max(0, sentence.start - 2000), sentence.start) + 1
        found = [
            without_subordinator(text, a) for a in found if not quoted(text, para, a.cue.span.start)
        ]
    labels = find_labels(text, sentence)
    return sorted(found + labels, key=lambda a: a.cue.span.start) if labels else found
