"""Stem pairs of the shared text vocabulary (storytrace.text), used by the retelling score."""

from __future__ import annotations

from storytrace.text import NAME_PRIOR, TextView, names_of, stem_pairs


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


def test_names_are_words_capitalised_inside_a_sentence() -> None:
    text = (
        "Officials Admit Cuomo Erred\n\nThe governor, Andrew Cuomo, met the CDC. "
        'Critics said: "Wuhan matters." Sources Spoke too.'
    )
    # "Officials" opens a line, "The" and "Critics" a sentence, "Wuhan" a quotation,
    # "Sources" a sentence: none counts; "Admit" and "Spoke" are capitalised inside one
    assert names_of(text) == {"admit", "cuomo", "erred", "andrew", "cdc", "spoke"}
    assert names_of("all lower case, no names at all.") == set()


def test_names_are_found_in_a_text_written_in_lower_case() -> None:
    rewrite = TextView.of("Governor Andrew Cuomo said hospital admissions in New York fell.")
    original = TextView.of("andrew cuomo says hospitalizations in new york are flat.")
    unrelated = TextView.of("the vaccine trial in oxford enrolled more volunteers.")
    # "Governor" opens the sentence and "New" is a stopword: three names, all found,
    # counted against NAME_PRIOR more
    assert rewrite.names == {"andrew", "cuomo", "york"}
    assert rewrite.name_containment(original) == 3 / (3 + NAME_PRIOR)
    assert rewrite.name_containment(unrelated) == 0.0
    assert original.name_containment(rewrite) == 0.0  # no names of its own


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
