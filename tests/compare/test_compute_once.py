"""The helpers that let comparison build things once give what the plain forms gave."""

from __future__ import annotations

from storytrace.compare.claims import (
    _WORD,
    NUMBER_WORDS,
    STOPWORDS,
    _mention_spans,
    _names_within,
    content_stems,
)
from storytrace.model import Span
from storytrace.read.sheet import Mention
from storytrace.text import stem
from storytrace.trace.align import _common_length


def _stems_word_by_word(text: str) -> frozenset[str]:
    """content_stems as it was written first: every word of _WORD, numbers skipped."""
    words = (w.lower() for w in _WORD.findall(text) if not w[0].isdigit())
    return frozenset(stem(w) for w in words if w not in STOPWORDS and w not in NUMBER_WORDS)


def test_content_stems_scan_letter_words_only_and_find_the_same() -> None:
    texts = [
        "The 5-year plan cost 1.5bn euros, officials said on Monday.",
        "3abc a3b x1y2z 1,000,000-strong O'Neil-Smith’s 2nd inspectors",
        "Twelve of the 40 residents were moved; about two hundred stayed.",
        "",
        "2025",
    ]
    for text in texts:
        assert content_stems(text) == _stems_word_by_word(text), text
    assert content_stems("Inspectors stayed at the quay") == {"inspec", "stay", "quay"}


class _Named:
    def __init__(self, name: str, spans: list[tuple[int, int]], linked=()) -> None:
        self.name = name
        self.mentions = tuple(Mention(Span(s, e), name) for s, e in spans)
        self.linked = tuple(Mention(Span(s, e), name) for s, e in linked)


def test_names_within_a_span_from_the_mentions_listed_once() -> None:
    people = [_Named("Ilse Marren", [(0, 11)], linked=[(40, 46)]), _Named("Tom Ash", [(60, 67)])]
    plain = _mention_spans(people)
    linked = _mention_spans(people, linked=True)
    assert _names_within(plain, Span(0, 30)) == {"Ilse Marren"}
    assert _names_within(plain, Span(30, 50)) == frozenset()  # only a linked mention there
    assert _names_within(linked, Span(30, 50)) == {"Ilse Marren"}
    assert _names_within(linked, Span(5, 70)) == {"Ilse Marren", "Tom Ash"}  # 0-11 sticks out
    assert _names_within(linked, Span(61, 70)) == frozenset()  # partly inside is not inside


def test_common_length_from_a_known_prefix_is_the_full_common_length() -> None:
    source = tuple("a b c d e f g h".split())
    copy = tuple("x a b c d e q".split())
    assert _common_length(source, copy, 0, 1) == 5
    assert _common_length(source, copy, 0, 1, known=3) == 5
    assert _common_length(source, copy, 5, 6) == 0
    assert _common_length(source, source, 2, 2, known=2) == 6  # to the end of both
    assert _common_length((), copy, 0, 0) == 0
