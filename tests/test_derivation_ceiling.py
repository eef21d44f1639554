"""The identifiability analysis of the generated corpus's derivation edges
(``bench/derivation_ceiling.py``): the rebuilt plan is the written corpus, and the copy
model accepts every true source."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
generate_corpus = pytest.importorskip("generate_corpus")
ceiling = pytest.importorskip("derivation_ceiling")


def test_the_rebuilt_plan_renders_the_files_generate_writes(tmp_path) -> None:
    generate_corpus.generate(80, tmp_path, seed=5)
    rng, stories = generate_corpus.plan_corpus(80, seed=5)
    for story in stories:
        generate_corpus.fill_copies(story, rng)
        for article in story.articles:
            text, _ = generate_corpus.article_text(story, article)
            assert (tmp_path / article.file).read_text(encoding="utf-8") == text


def test_every_true_source_is_consistent_and_some_edges_are_undecidable(tmp_path) -> None:
    found = ceiling.copies(300, seed=3)
    generate_corpus.generate(300, tmp_path, seed=3)
    truth = [json.loads(line) for line in (tmp_path / "truth.jsonl").read_text().splitlines()]
    parents = {r["file"]: r["derived_from"] for r in truth if r["kind"] == "article"}
    assert {c.file: c.source for c in found} == {f: p for f, p in parents.items() if p}
    assert all(c.source in c.consistent and c.source in c.earlier for c in found)
    assert all(set(c.consistent) <= set(c.earlier) for c in found)
    result = ceiling.ceilings(found, "earlier")["1-50"]
    assert 0 < result["decidable"] < result["copies"]
    assert result["uniform_ceiling"] < result["bayes_ceiling"] <= 1


def test_an_uncut_wire_copy_explains_its_copies_as_well_as_the_original() -> None:
    rng, stories = generate_corpus.plan_corpus(300, seed=3)
    for story in stories:
        generate_corpus.fill_copies(story, rng)
        original = story.articles[0]
        for wire in story.articles[1:]:
            if wire.role == "wire_copy" and wire.sentences == original.sentences:
                for copy in story.articles[1:]:
                    if copy.parent == wire.k:
                        odds = ceiling.likelihood(copy, wire, story)
                        assert odds > 0 and odds == ceiling.likelihood(copy, original, story)
                        return
    pytest.skip("no copy of an uncut wire copy in this corpus")
