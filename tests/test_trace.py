"""The tracing stage: passage alignment, reuse shares and the derivation graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import storytrace.demo
from storytrace.ingest import load_sidecar
from storytrace.model import Article, Metadata, Segment, Span
from storytrace.pipeline import read_paths
from storytrace.read import read_text
from storytrace.trace import PassageKind, Role, StoryTrace, align, trace_story
from storytrace.trace.similarity import WORD

# --- invented texts ----------------------------------------------------------------------

HARBOUR = (
    "The Port of Elsby closed its northern quay on Monday after engineers found a crack "
    "in the sea wall. Harbour master Ilse Brandt said repairs would cost about 2 million "
    "crowns and take six weeks. Ferries to Omsund will leave from the southern quay until "
    "the work is done. Fishing crews said the closure came at the worst time of the season."
)
GARDEN = (
    "The town council voted to turn the old tram depot into a community garden. "
    "Volunteers will plant the first beds in April, the council said."
)


def make_article(key: str, text: str, outlet: str | None = None, published: str | None = None):
    meta = Metadata(outlet=outlet, published=published)
    span = Span(0, len(text))
    return Article(key, 0, f"{key}.txt", "txt", text, span, text, (Segment(0, 0, len(text)),), meta)


def member(key: str, text: str, outlet: str | None = None, published: str | None = None):
    article = make_article(key, text, outlet, published)
    return article, read_text(text)


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def test_verbatim_run_is_found_with_spans_into_both_texts() -> None:
    source, copy = member("a", HARBOUR), member("b", GARDEN + " " + HARBOUR.split(". ")[1] + ".")
    result = align(source[0], copy[0], source[1], copy[1])
    verbatim = [p for p in result.passages if p.kind is PassageKind.VERBATIM]
    assert len(verbatim) == 1
    pair = verbatim[0]
    assert pair.copy_span.of(copy[0].clean_text).startswith("Harbour master Ilse Brandt")
    assert words(pair.source_span.of(HARBOUR)) == words(pair.copy_span.of(copy[0].clean_text))
    assert 0.3 < result.reuse_share < 0.7 and result.source_share < 0.4


def test_one_edited_word_gives_a_near_verbatim_passage() -> None:
    edited = HARBOUR.replace("about 2 million crowns", "roughly 2 million crowns")
    source, copy = member("a", HARBOUR), member("b", edited)
    result = align(source[0], copy[0], source[1], copy[1])
    assert [p.kind for p in result.passages] == [PassageKind.NEAR_VERBATIM]
    assert result.reuse_share == pytest.approx(1.0)
    assert result.passages[0].score > 0.95


def test_reworded_sentence_is_a_paraphrase() -> None:
    source = member("a", "Engineers found a crack in the sea wall at the Port of Elsby on Monday.")
    copy = member("b", "On Monday a crack in the Port of Elsby sea wall was found by engineers.")
    result = align(source[0], copy[0], source[1], copy[1])
    assert [p.kind for p in result.passages] == [PassageKind.PARAPHRASE]
    assert result.passages[0].score >= 0.5


def test_unrelated_text_aligns_with_nothing() -> None:
    source, copy = member("a", HARBOUR), member("b", GARDEN)
    result = align(source[0], copy[0], source[1], copy[1])
    assert result.passages == () and result.reuse_share == 0.0


def test_direction_by_publication_time_beats_content() -> None:
    longer = HARBOUR + " Ilse Brandt said 14 boats had been moved."
    first = member("first", HARBOUR, "Elsby Post", "2025-03-03T09:00:00Z")
    later = member("later", longer, "Coast Daily", "2025-03-03T15:00:00Z")
    trace = trace_story([later, first])
    assert trace.derivation("first-0").role is Role.ORIGINAL
    copy = trace.derivation("later-0")
    assert copy.role is Role.DERIVED and copy.derived_from == "first-0"
    assert "published 6 h after Elsby Post" in copy.evidence


def test_direction_by_credit_when_times_are_unknown() -> None:
    crediting = (
        HARBOUR + " The Elsby Post first reported the closure on 4 March, citing 3 engineers."
    )
    source = member("src", HARBOUR, "Elsby Post")
    copy = member("cp", crediting, "Coast Daily")
    trace = trace_story([copy, source])
    derived = trace.derivation("cp-0")
    assert derived.derived_from == "src-0" and derived.credits == ("Elsby Post",)
    assert derived.credits_source is True
    assert trace.derivation("src-0").role is Role.ORIGINAL


def test_to_dict_is_json() -> None:
    trace = trace_story([member("a", HARBOUR, "Elsby Post"), member("b", HARBOUR, "Coast Daily")])
    data = json.loads(json.dumps(trace.to_dict()))
    assert data["schema"] == "storytrace.trace/1" and len(data["derivations"]) == 2


# --- the demo corpus ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_trace() -> tuple[StoryTrace, dict[str, str], dict[str, Article]]:
    sidecar = load_sidecar(str(storytrace.demo.META_FILE))
    members = [
        (a, s)
        for a, s in read_paths([str(storytrace.demo.CORPUS_DIR)], sidecar=sidecar)
        if a.part == 0 and not Path(a.source).name.startswith("07_")
    ]
    files = {a.id: Path(a.source).name.split("#")[0] for a, _ in members}
    return trace_story(members), files, {a.id: a for a, _ in members}


def test_demo_roles_and_sources_match_the_truth(demo_trace) -> None:
    trace, files, _ = demo_trace
    truth = storytrace.demo.truth()["files"]
    assert sorted(files.values()) == sorted(storytrace.demo.truth()["story_files"])
    for d in trace.derivations:
        expected = truth[files[d.article_id]]
        assert d.role.value == expected["role"], files[d.article_id]
        assert (files[d.derived_from] if d.derived_from else None) == expected["derived_from"]


def test_demo_credits_and_reuse_shares(demo_trace) -> None:
    trace, files, _ = demo_trace
    by_file = {files[d.article_id][:2]: d for d in trace.derivations}
    assert [r.role for r in trace.derivations].count(Role.ORIGINAL) == 1
    assert by_file["06"].reuse_share > 0.9
    assert by_file["05"].reuse_share < by_file["02"].reuse_share
    assert by_file["05"].reuse_share < by_file["04"].reuse_share
    assert set(by_file["04"].credits) == {"Riverbend Courier", "Northline Wire"}
    assert by_file["04"].credits_source is True and by_file["03"].credits_source is False


def test_demo_passage_spans_resolve_to_the_right_text(demo_trace) -> None:
    trace, _, articles = demo_trace
    assert trace.alignments
    for alignment in trace.alignments:
        source, copy = articles[alignment.source_id], articles[alignment.copy_id]
        for p in alignment.passages:
            src_text, copy_text = (
                p.source_span.of(source.clean_text),
                p.copy_span.of(copy.clean_text),
            )
            assert src_text.strip() == src_text and copy_text.strip() == copy_text
            assert words(src_text) and words(copy_text)
            if p.kind is PassageKind.VERBATIM:
                assert words(src_text) == words(copy_text)


# --- the seeds (../shared) -----------------------------------------------------------------

ORIGINAL_SEED = "004_7801b6999f89b298.txt"


def test_seed_original_is_the_root_and_rewrites_hang_under_it(seeds_dir: Path) -> None:
    members = [
        (a, s) for a, s in read_paths([str(seeds_dir)]) if a.part == 0
    ]  # the appended part of 004 is another story
    trace = trace_story(members)
    names = {a.id: Path(a.source).name for a, _ in members}
    root = trace.root()
    assert root is not None and names[root.article_id] == ORIGINAL_SEED
    assert [d.role for d in trace.derivations].count(Role.ORIGINAL) == 1
    for d in trace.derivations:
        if d is root:
            continue
        assert d.role in (Role.DERIVED, Role.PARTIAL), names[d.article_id]
        assert _ancestors(trace, d.article_id)[-1] == root.article_id


def _ancestors(trace: StoryTrace, article_id: str) -> list[str]:
    chain: list[str] = []
    current = trace.derivation(article_id).derived_from
    while current is not None and current not in chain:
        chain.append(current)
        current = trace.derivation(current).derived_from
    return chain
