"""Stem pairs of the shared text vocabulary (storytrace.text), used by the retelling score."""

from __future__ import annotations

from storytrace.text import TextView, stem_pairs


def test_stem_pairs_join_content_words_up_to_three_apart() -> None:
    assert stem_pairs(["a", "b", "c", "d", "e"], 4) == {
        ("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("b", "e"),
        ("c", "d"), ("c", "e"), ("d", "e"),
    }  # fmt: skip
    assert stem_pairs(["a"], 4) == set()


def test_a_reworded_sentence_keeps_its_stem_pairs_where_bigrams_are_lost() -> None:
    source = TextView.of("The council approved the new harbour wall after a long debate.")
    retold = TextView.of("After lengthy debate, councillors approved a harbour wall.")
    unrelated = TextView.of("A bakery on the high street won a prize for its rye loaf.")
    assert retold.bigram_containment(source) < 0.3
    assert retold.pair_containment(source) > 0.3
    assert retold.pair_containment(unrelated) == 0.0
    assert TextView.of("").pair_containment(source) == 0.0


def test_the_fast_forms_equal_the_definitions_on_the_demo_texts() -> None:
    """content_stems stems each distinct word once, shingles of two words zip the tokens,
    stem_pairs zips at each gap: the same lists and sets as the plain definitions."""
    import storytrace.demo
    from storytrace.text import content_stems, is_content, shingles, stem, words_of

    texts = [p.read_text(encoding="utf-8") for p in sorted(storytrace.demo.CORPUS_DIR.iterdir())]
    for tokens in [words_of(t) for t in texts] + [[], ["one"], ["two", "words"]]:
        stems = content_stems(tokens)
        assert stems == [stem(w) for w in tokens if is_content(w)]
        for n in (1, 2, 3, 5):
            plain = {" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))}
            assert shingles(tokens, n) == plain
        for window in (1, 2, 4):
            plain_pairs = {(a, b) for i, a in enumerate(stems) for b in stems[i + 1 : i + window]}
            assert stem_pairs(stems, window) == plain_pairs
