"""The scale benchmark's corpus generator: truth consistent with the files, deterministic."""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
generate_corpus = pytest.importorskip("generate_corpus")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate_corpus.generate(120, out, seed=3)
    return out


def _truth(out: Path) -> list[dict]:
    lines = (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_every_article_has_a_file_and_a_meta_row(corpus) -> None:
    articles = [r for r in _truth(corpus) if r["kind"] == "article"]
    rows = {r["file"]: r for r in csv.DictReader(_lines(corpus / "meta.csv"))}
    assert len(articles) == 120 == len(rows) == len(list(corpus.glob("*.txt")))
    for record in articles:
        assert (corpus / record["file"]).is_file()
        assert rows[record["file"]]["published"] == record["published"]


def test_derivations_point_to_earlier_articles_of_the_same_story(corpus) -> None:
    articles = {r["file"]: r for r in _truth(corpus) if r["kind"] == "article"}
    for record in articles.values():
        source = record["derived_from"]
        assert (source is None) == (record["role"] == "original")
        if source:
            assert articles[source]["story"] == record["story"]
            assert articles[source]["published"] < record["published"]


def test_planted_distortions_are_in_the_files_and_differ_from_the_source(corpus) -> None:
    planted = [r for r in _truth(corpus) if r["kind"] == "distortion"]
    assert planted
    for record in planted:
        text = (corpus / record["file"]).read_text(encoding="utf-8")
        assert text[record["start"] : record["end"]] == record["text"]
        assert record["text"] != record["upstream_text"]
        source = (corpus / record["derived_from"]).read_text(encoding="utf-8")
        assert record["upstream_text"] in source


def test_story_sizes_and_lengths(corpus) -> None:
    truth = _truth(corpus)
    sizes = [r["size"] for r in truth if r["kind"] == "story"]
    assert sum(sizes) == 120 and min(sizes) >= 1 and max(sizes) <= 50
    originals = [r["words"] for r in truth if r["kind"] == "article" and r["role"] == "original"]
    assert all(300 <= w <= 1000 for w in originals)


def test_same_seed_same_corpus(tmp_path) -> None:
    def digest(out: Path) -> str:
        files = sorted(out.iterdir())
        return hashlib.sha256(b"".join(f.name.encode() + f.read_bytes() for f in files)).hexdigest()

    generate_corpus.generate(40, tmp_path / "a", seed=5)
    generate_corpus.generate(40, tmp_path / "b", seed=5)
    generate_corpus.generate(40, tmp_path / "c", seed=6)
    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")


def test_a_wire_copy_is_the_start_of_the_text_it_copied(corpus) -> None:
    """Headline, byline, dateline credit and sentences: a wire copy of a rewrite credits
    the rewrite's outlet, not the original's, so the text agrees with the truth."""
    articles = {r["file"]: r for r in _truth(corpus) if r["kind"] == "article"}
    wires = [r for r in articles.values() if r["role"] == "wire_copy"]
    of_rewrites = [r for r in wires if articles[r["derived_from"]]["derived_from"]]
    assert of_rewrites
    for record in wires:
        text = (corpus / record["file"]).read_text(encoding="utf-8").rstrip("\n")
        source = (corpus / record["derived_from"]).read_text(encoding="utf-8")
        assert source.startswith(text)
    for record in of_rewrites:
        text = (corpus / record["file"]).read_text(encoding="utf-8")
        author = articles[record["derived_from"]]
        while author["role"] == "wire_copy":
            author = articles[author["derived_from"]]
        assert f"({author['outlet']})" in text


def test_wire_copies_keep_the_truth_of_the_same_seed(tmp_path) -> None:
    """The generator draws nothing for a wire copy's credit: a seed's truth (stories,
    roles, sources, dates, distortions; all but the word counts) is the one it was before
    wire copies of rewrites credited the rewrite (digest taken then)."""
    generate_corpus.generate(40, tmp_path, seed=5)
    rows = _truth(tmp_path)
    kept = [{k: v for k, v in r.items() if k != "words"} for r in rows]
    digest = hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()
    assert digest[:16] == "0a73a0eded5bb85a"
