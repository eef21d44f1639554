"""A discrepancy in context for the web page: the whole sentence around each side
(split by the read stage's own splitter), with the words that changed marked."""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..read.sentences import split_sentences
from ..store import Store

_WORD = re.compile(r"\S+")


def sentence_pair(store: Store, d: dict[str, Any]) -> dict[str, Any]:
    """``copy_sentence`` and ``source_sentence``: lists of ``(text, changed)`` pieces,
    or empty when that side has no passage."""
    copy = _sentence(store, d.get("article"), d.get("span"))
    source = _sentence(store, d.get("upstream_article"), d.get("upstream_span"))
    if not copy or not source:
        return {"copy_sentence": [(copy, False)] if copy else [],
                "source_sentence": [(source, False)] if source else []}  # fmt: skip
    return {"copy_sentence": marked(copy, source), "source_sentence": marked(source, copy)}


def _sentence(store: Store, article_id: str | None, span: list[int] | None) -> str:
    if not article_id or not span:
        return ""
    text = store.article(article_id).clean_text
    start, end = span
    around = [s for s in split_sentences(text) if s.span.start < end and s.span.end > start]
    if not around:
        return text[start:end]
    return text[around[0].span.start : around[-1].span.end]


def marked(text: str, other: str) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each flagged when its words are not in ``other`` at
    the same place (a word-level diff)."""
    words = list(_WORD.finditer(text))
    matcher = difflib.SequenceMatcher(
        None, [w.group().lower() for w in words], [w.lower() for w in other.split()],
        autojunk=False,
    )  # fmt: skip
    same = [False] * len(words)
    for block in matcher.get_matching_blocks():
        for i in range(block.a, block.a + block.size):
            same[i] = True
    pieces: list[tuple[str, bool]] = []
    at = 0
    for word, kept in zip(words, same, strict=True):
        changed = not kept
        if pieces and pieces[-1][1] == changed:
            pieces[-1] = (pieces[-1][0] + text[at : word.end()], changed)
        else:
            if at < word.start():
                pieces.append((text[at : word.start()], False))
            pieces.append((word.group(), changed))
        at = word.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces
