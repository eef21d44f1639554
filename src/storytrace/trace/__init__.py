"""The tracing stage: text reuse between the articles of one story, and who took from whom.

``align`` finds the passages one article reuses from another (verbatim and near-verbatim
runs, paraphrased sentences); ``trace_story`` aligns every pair of a small story's articles
(each article with its few most similar others in a large one, see ``neighbours``) and
builds the derivation graph: the original reporting at the root, every other article
``derived``, ``partial`` or ``independent``, with its source and the evidence.
"""

from __future__ import annotations

from storytrace.trace.align import Alignment, PassageKind, PassagePair, align
from storytrace.trace.choice import Alternative
from storytrace.trace.derive import SCHEMA, Derivation, Role, StoryTrace, trace_story
from storytrace.trace.direction import Direction, DirectionEvidence
from storytrace.trace.options import TraceOptions

__all__ = [
    "SCHEMA",
    "Alignment",
    "Alternative",
    "Derivation",
    "Direction",
    "DirectionEvidence",
    "PassageKind",
    "PassagePair",
    "Role",
    "StoryTrace",
    "TraceOptions",
    "align",
    "trace_story",
]
