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
