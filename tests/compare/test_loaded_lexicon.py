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


def test_the_look_behind_start_finds_what_a_word_boundary_finds():
    """Every built-in term starts with a letter, where ``(?<!\\w)`` and ``\\b`` agree."""
    import re

    from storytrace.compare.lexicon import LOADED_TERMS

    assert all(re.match(r"(?:\(\?:)?[A-Za-z]", term) for term in LOADED_TERMS)
    terms = sorted(LOADED_TERMS, key=len, reverse=True)
    bounded = re.compile(r"\b(?:" + "|".join(terms) + r")\b", re.IGNORECASE)
    words = [t.replace("(?:", "").replace(")?", "").replace("\\s+", " ") for t in LOADED_TERMS]
    edges = [("", ""), ("_", ""), ("9", "."), ("(", "x")]
    text = " ".join(f"{a}{w}{b}" for w in words for a, b in edges)
    assert [m.span() for m in loaded_pattern().finditer(text)] == [
        m.span() for m in bounded.finditer(text)
    ]
    assert loaded_pattern(("#tag",)).search("a #tag here") is None  # ``\b`` kept with extras
