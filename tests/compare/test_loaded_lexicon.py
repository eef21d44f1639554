"""The loaded-language word lists and their in-context scoring."""

from __future__ import annotations

from storytrace.compare.lexicon import loaded_pattern, loaded_spans


def test_common_loaded_words_are_matched():
    text = "A fierce onslaught of gaffe-prone shenanigans."
    assert [m.group() for m in loaded_pattern().finditer(text)] == [
        "fierce",
        "onslaught",
        "gaffe-prone",
        "shenanigans",
    ]


def test_a_quoted_speakers_words_are_not_the_outlets():
    text = 'The mayor called it "a fierce onslaught" while the paper called it a debacle.'
    assert [text[s:e] for s, e in loaded_spans(text, with_vader=False)] == ["debacle"]
    both = loaded_spans(text, with_vader=False, skip_quotes=False)
    assert [text[s:e] for s, e in both] == ["fierce", "onslaught", "debacle"]
