"""The strength of the relation a claim states between two things (a second reading next
to :mod:`.certainty`).

Certainty says how a claim is *put* (asserted, hedged, denied); it cannot tell "coffee is
associated with longer life" from "coffee lengthens life", which are both asserted. This
reading follows the four levels of Yu et al. (2019), "Detecting causal language use in
science findings":

==  ========================  ==========================================================
0   ``NONE``                  no relation stated (a description, a number, an aim)
1   ``CORRELATIONAL``         "associated with", "linked to", "correlated", "predicts"
2   ``CONDITIONAL_CAUSAL``    a causal verb under a hedge: "may reduce", "could lead to"
3   ``CAUSAL``                a causal verb stated plainly: "reduces", "leads to"
==  ========================  ==========================================================

Rules, in order: a correlation phrase gives 1 (also when hedged: "may be associated with"
is still correlational); else a causal verb gives 2 when a hedge (:data:`.certainty.HEDGE`
or a modal) stands before it in the claim, else 3; else 0. The lexicons were written from
the scheme's definitions and checked on the tuning part of the sci-exaggeration data
(``bench/eval_certainty.py`` designates it); the reported scores are on the held-out part.
Not yet part of the :class:`~.sheet.FactSheet` (that would change its schema).
"""

from __future__ import annotations

import re
from enum import IntEnum

from storytrace.model import Span
from storytrace.read.sheet import Mention, mention


class Relation(IntEnum):
    """How strongly a claim relates two things (see the module docstring)."""

    NONE = 0
    CORRELATIONAL = 1
    CONDITIONAL_CAUSAL = 2
    CAUSAL = 3


#: Correlation phrases: a relation without a direction of cause.
CORRELATION = re.compile(
    r"\b(?:associat(?:ed|ion|ions)\s+(?:with|between)|correlat\w*|"
    r"(?:linked|tied|related|connected)\s+(?:to|with)|link\s+between|"
    r"relationship\s+(?:between|with)|relation\s+(?:between|to)|"
    r"predict(?:s|ed|ive|or|ors)?|risk\s+factors?\s+for|"
    r"(?:higher|lower|greater|increased|reduced|decreased)\s+(?:\w+\s+){0,3}(?:risk|odds|"
    r"likelihood|rates?|prevalence|incidence)\s+(?:of|for|among|in)|"
    r"(?:more|less)\s+likely\s+to)\b",
    re.IGNORECASE,
)

#: Causal verbs and phrases: one thing changes another.
CAUSAL = re.compile(
    r"\b(?:caus(?:e|es|ed|ing)|lead(?:s|ing)?\s+to|led\s+to|result(?:s|ed|ing)?\s+in|"
    r"(?:improv|reduc|increas|decreas|lower|rais|prevent|induc|enhanc|promot|inhibit|"
    r"protect|boost|trigger|contribut|worsen|alleviat|attenuat|suppress|stimulat|restor|"
    r"elevat|diminish|accelerat|delay|revers|mitigat|exacerbat|impair|shorten|lengthen|"
    r"extend|block|activat|regulat|modulat|eliminat|minimi[sz]|maximi[sz]|benefit|harm|"
    r"damag|kill|cur|treat|reliev|ameliorat|decreas|augment|affect|impact|influenc|"
    r"drive|driv|produc|generat|facilitat|hinder|stop|slow|speed|help)\w*|"
    r"effective|efficacious|beneficial|helpful|harmful|protective|"
    r"effects?\s+(?:of|on)|impacts?\s+(?:of|on)|role\s+(?:of|in)|"
    r"respons\w+\s+for|because\s+of|due\s+to|thanks\s+to|"
    r"(?:can|could|may|might|will|would)\s+(?:\w+\s+)?(?:help|make|keep|cut|save|change))\b",
    re.IGNORECASE,
)

#: Hedges that make a causal claim conditional.
_CONDITIONAL = re.compile(
    r"\b(?:may|might|could|can|possibly|potentially|probably|likely|perhaps|suggest\w*|"
    r"appears?\s+to|seems?\s+to|would|if|whether|hypothes\w+|propose\w*|"
    r"indicat\w+|implicat\w+|point\s+to|raise\s+the\s+possibility)\b",
    re.IGNORECASE,
)


def relation_of(text: str, span: Span | None = None) -> tuple[Relation, Mention | None]:
    """The relation strength of the claim at ``span`` (all of ``text`` by default) and the
    words that decided it."""
    start, end = (0, len(text)) if span is None else (span.start, span.end)
    found = CORRELATION.search(text, start, end)
    if found:
        return Relation.CORRELATIONAL, mention(text, found.start(), found.end())
    cause = CAUSAL.search(text, start, end)
    if cause is None:
        return Relation.NONE, None
    hedge = _CONDITIONAL.search(text, start, cause.end())
    if hedge:
        return Relation.CONDITIONAL_CAUSAL, mention(text, hedge.start(), cause.end())
    return Relation.CAUSAL, mention(text, cause.start(), cause.end())
