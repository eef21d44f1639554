"""The comparison stage: aligned facts, independent support, discrepancies.

``align_facts(members, upstream)`` groups the claims of a story's articles into facts and
counts the independent origins behind each; ``find_discrepancies(members, upstream)``
compares every derived article with its source. ``members`` is a sequence of
``(Article, FactSheet)``; ``upstream`` maps an article id to the id of the article it
derives from (None for originals).
"""

from __future__ import annotations

from storytrace.compare.discrepancies import SEVERITY, TYPES, Discrepancy, find_discrepancies
from storytrace.compare.facts import Fact, FactSlots, Statement, align_facts
from storytrace.compare.lexicon import LOADED_TERMS
from storytrace.compare.options import CompareOptions

__all__ = [
    "LOADED_TERMS",
    "SEVERITY",
    "TYPES",
    "CompareOptions",
    "Discrepancy",
    "Fact",
    "FactSlots",
    "Statement",
    "align_facts",
    "find_discrepancies",
]
