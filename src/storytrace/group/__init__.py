"""Story grouping: which articles report the same event.

:func:`story_features` keeps what grouping needs of an article (MinHash signature, blocking
keys, content words); :func:`same_story` decides one pair and says why; :class:`StoryIndex`
groups incrementally; :func:`group_articles` groups a batch in one call. Thresholds live in
:class:`GroupOptions`.
"""

from __future__ import annotations

from .decision import CorpusStats, PairDecision, SharedKey, same_story
from .features import (
    KeyMention,
    StoryFeatures,
    features_from_parts,
    features_from_sheet,
    story_features,
)
from .index import Assignment, StoryIndex, StoryVote, group_articles
from .options import GroupOptions

__all__ = [
    "Assignment",
    "CorpusStats",
    "GroupOptions",
    "KeyMention",
    "PairDecision",
    "SharedKey",
    "StoryFeatures",
    "StoryIndex",
    "StoryVote",
    "features_from_parts",
    "features_from_sheet",
    "group_articles",
    "same_story",
    "story_features",
]
