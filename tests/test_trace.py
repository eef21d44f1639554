"""The tracing stage: passage alignment, reuse shares and the derivation graph."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

import storytrace.demo
from storytrace.ingest import load_sidecar
from storytrace.model import Article, Metadata, Segment, Span
from storytrace.pipeline import read_paths
from storytrace.read import read_text
from storytrace.trace import PassageKind, Role, StoryTrace, TraceOptions, align, derive, trace_story
from storytrace.trace.align import StoryMemo, _set_ratios, align_pair, align_story, prepare
from storytrace.trace.evidence import profile
from storytrace.trace.neighbours import neighbour_pairs
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


def test_a_large_storys_credited_pair_aligned_one_way_has_its_order() -> None:
    """The copy comes first in the members and its source is aligned one way only (a
    credit orders them): the pair's direction still counts, so the copy gets its source."""
    crediting = (
        HARBOUR + " The Elsby Post first reported the closure on 4 March, citing 3 engineers."
    )
    members = [member("cp", crediting, "Coast Daily"), member("src", HARBOUR, "Elsby Post")]
    trace = trace_story(members, TraceOptions(all_pairs_limit=1))
    assert trace.derivation("cp-0").derived_from == "src-0"
    assert trace.root() is not None and trace.root().article_id == "src-0"


def test_to_dict_is_json() -> None:
    trace = trace_story([member("a", HARBOUR, "Elsby Post"), member("b", HARBOUR, "Coast Daily")])
    data = json.loads(json.dumps(trace.to_dict()))
    assert data["schema"] == "storytrace.trace/3" and len(data["derivations"]) == 2


# --- large stories: bounded tracing ------------------------------------------------------

SYLLABLES = "ka lo mi ren tu sa vel dor pi ne gar lu fen so ri tam".split()


def invented_sentence(seed: int) -> str:
    """A sentence of invented words, unlike every other seed's."""
    words = [
        SYLLABLES[(seed * 7 + i * 3) % 16] + SYLLABLES[(seed + i * 5) % 16] + SYLLABLES[i % 16]
        for i in range(9)
    ]
    return " ".join(words).capitalize() + "."


def wire_story(n: int) -> list[tuple[Article, object]]:
    """An original and ``n - 1`` later copies of it, each with a sentence of its own."""
    found = [member("o", HARBOUR, "Elsby Post", "2025-03-03T08:00:00Z")]
    for i in range(1, n):
        text = HARBOUR + " " + invented_sentence(i)
        found.append(
            member(f"c{i:02d}", text, f"Outlet {i}", f"2025-03-03T{8 + i // 3:02d}:{i:02d}:00Z")
        )
    return found


def test_small_story_aligns_every_pair_one_way_when_dated(monkeypatch) -> None:
    """A later article can be no source of an earlier one: a dated pair is aligned once."""
    calls = count_alignments(monkeypatch)
    trace_story(wire_story(12), TraceOptions(all_pairs_limit=12))
    assert calls["n"] == 12 * 11 // 2


def test_small_story_aligns_undated_pairs_both_ways(monkeypatch) -> None:
    calls = count_alignments(monkeypatch)
    dated = wire_story(12)
    members = [member(a.id.split("-")[0], a.clean_text, a.metadata.outlet) for a, _ in dated]
    trace_story(members, TraceOptions(all_pairs_limit=12))
    assert calls["n"] == 12 * 11


def test_large_story_aligns_only_each_articles_neighbours(monkeypatch) -> None:
    calls = count_alignments(monkeypatch)
    n, k = 30, 4
    trace = trace_story(wire_story(n), TraceOptions(all_pairs_limit=12, neighbours=k))
    assert calls["n"] <= 2 * n * k < n * (n - 1)
    assert trace.derivation("o-0").role is Role.ORIGINAL
    for i in range(1, n):
        d = trace.derivation(f"c{i:02d}-0")
        assert d.role is Role.DERIVED and d.derived_from is not None


def test_a_large_storys_dated_pairs_are_aligned_one_way_earlier_to_later(monkeypatch) -> None:
    """A later article can be no source of an earlier one: only the earlier is aligned as
    the source, and the sources chosen are those of aligning every pair both ways."""
    seen: list[tuple[str, str]] = []
    real = derive.align_story

    def recording(texts, pairs, opts, memo=None):
        found = real(texts, pairs, opts, memo)
        seen.extend(found)
        return found

    monkeypatch.setattr(derive, "align_story", recording)
    members = wire_story(20)
    trace = trace_story(members, TraceOptions(all_pairs_limit=12, neighbours=3))
    published = {a.id: a.metadata.published for a, _ in members}
    assert seen and all(published[src] < published[cp] for src, cp in seen)
    assert len(seen) == len({frozenset(p) for p in seen})  # each pair once
    every = trace_story(members, TraceOptions(all_pairs_limit=20))
    assert [d.derived_from for d in trace.derivations] == [
        d.derived_from for d in every.derivations
    ]


def test_a_large_storys_undated_pairs_are_aligned_both_ways(monkeypatch) -> None:
    calls = count_alignments(monkeypatch)
    dated = wire_story(20)
    members = [member(a.id.split("-")[0], a.clean_text, a.metadata.outlet) for a, _ in dated]
    trace_story(members, TraceOptions(all_pairs_limit=12, neighbours=3, second_chance=0))
    outlets = [a.metadata.outlet for a, _ in members]
    pairs = neighbour_pairs([profile(a, s, outlets) for a, s in members], 3)
    assert calls["n"] == 2 * len(pairs)
    # the second chance adds at most one more pair per article, both ways too
    calls["n"] = 0
    trace_story(members, TraceOptions(all_pairs_limit=12, neighbours=3, second_chance=1))
    assert 2 * len(pairs) < calls["n"] <= 2 * (len(pairs) + len(members))


def test_neighbours_are_earlier_and_similar_first() -> None:
    members = wire_story(20)
    outlets = [a.metadata.outlet for a, _ in members]
    profiles = [profile(a, s, outlets) for a, s in members]
    pairs = neighbour_pairs(profiles, 2)
    assert len(pairs) <= 2 * len(profiles)
    for p in profiles[1:]:  # every copy is paired with the original, published before all
        assert frozenset(("o-0", p.id)) in pairs


def count_alignments(monkeypatch) -> dict[str, int]:
    """Count the ordered pairs tracing aligns (each pair aligned both ways counts twice)."""
    calls = {"n": 0}
    real = derive.align_story

    def counting(*args, **kwargs):
        found = real(*args, **kwargs)
        calls["n"] += len(found)
        return found

    monkeypatch.setattr(derive, "align_story", counting)
    return calls


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


def test_both_directions_at_once_equal_two_single_alignments(demo_trace) -> None:
    """``align_pair`` scores each sentence pair once for both directions; the passages must
    be exactly those of aligning each direction on its own."""
    _, _, articles = demo_trace
    ids = sorted(articles)
    texts = {i: prepare(articles[i]) for i in ids}
    for a, b in itertools.combinations(ids, 2):
        forward, backward = align_pair(texts[a], texts[b], TraceOptions())
        assert forward == align(articles[a], articles[b])
        assert backward == align(articles[b], articles[a])


def test_a_storys_memo_of_sentence_pairs_changes_no_alignment(demo_trace) -> None:
    """``align_story`` reuses each sentence pair's scores across the story's pairs (one
    ``StoryMemo``); every alignment must be exactly that of the pair aligned alone, one way
    (some pairs) and both ways (others), and the memo's token-set ratios those of
    rapidfuzz's ``cdist``."""
    _, _, articles = demo_trace
    ids = sorted(articles)
    texts = {i: prepare(articles[i]) for i in ids}
    both_ways = {(a, b) for n, (a, b) in enumerate(itertools.combinations(ids, 2)) if n % 2}
    pairs = [(a, b) for a, b in itertools.permutations(ids, 2) if a < b or (b, a) in both_ways]
    found = align_story(texts, pairs, TraceOptions())
    assert set(found) == set(pairs)
    for a, b in pairs:
        assert found[(a, b)] == align(articles[a], articles[b])
    memo = StoryMemo()
    for a, b in itertools.permutations(ids, 2):
        rows, columns = texts[b].tokens, texts[a].tokens
        assert (_set_ratios(rows, columns, memo) == _set_ratios(rows, columns)).all()


def test_a_full_memo_starts_over_without_changing_an_alignment(demo_trace, monkeypatch) -> None:
    """A memo table that reaches ``MEMO_ENTRIES`` is emptied (a huge story's memory stays
    bounded): the scores are computed again and every alignment is the same."""
    import importlib

    align_module = importlib.import_module("storytrace.trace.align")
    _, _, articles = demo_trace
    ids = sorted(articles)
    texts = {i: prepare(articles[i]) for i in ids}
    pairs = list(itertools.permutations(ids, 2))
    monkeypatch.setattr(align_module, "MEMO_ENTRIES", 7)
    memo = StoryMemo()
    table = {}
    for n in range(20):
        memo.keep(table, n, n)
        assert len(table) <= 7
    assert align_story(texts, pairs, TraceOptions()) == {
        (a, b): align(articles[a], articles[b]) for a, b in pairs
    }


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


# --- direction on evidence only, and origins ------------------------------------------------

from storytrace.story import analyse_story  # noqa: E402
from storytrace.trace import Direction  # noqa: E402
from storytrace.trace.origins import origin_heads, origins  # noqa: E402

RETOLD = (
    "Engineers found a crack in the sea wall at the Port of Elsby, which shut its northern "
    "quay on Monday. Repairs will take six weeks and cost about 2 million crowns, harbour "
    "master Ilse Brandt said. Until then ferries to Omsund sail from the southern quay."
)


def test_a_link_without_dates_credits_or_voice_has_unknown_order() -> None:
    trace = trace_story([member("a", HARBOUR), member("b", RETOLD)])
    linked = [d for d in trace.derivations if d.derived_from]
    assert len(linked) == 1 and linked[0].direction is Direction.UNKNOWN
    assert linked[0].direction_evidence == ()
    assert trace.root() is None  # nobody is called the original on an unknown order
    assert {d.role for d in trace.derivations if not d.derived_from} == {Role.LINKED}
    assert any("order unknown" in e for e in linked[0].evidence)


def test_dated_order_names_both_dates() -> None:
    first = member("first", HARBOUR, "Elsby Post", "2025-03-03")
    later = member("later", RETOLD, "Coast Daily", "2025-03-04")
    copy = trace_story([later, first]).derivation("later-0")
    assert copy.derived_from == "first-0" and copy.direction is Direction.DATED
    assert [e.article_id for e in copy.direction_evidence] == ["first-0", "later-0"]
    assert "2025-03-03" in copy.direction_evidence[0].what


def test_credited_order_points_at_the_credit() -> None:
    text = RETOLD + " The Elsby Post first reported the closure."
    copy = member("cp", text, "Coast Daily")
    trace = trace_story([copy, member("src", HARBOUR, "Elsby Post")])
    derived = trace.derivation("cp-0")
    assert derived.derived_from == "src-0" and derived.direction is Direction.CREDITED
    (evidence,) = derived.direction_evidence
    assert evidence.article_id == "cp-0" and evidence.span is not None
    assert text[slice(*evidence.span)] == "Elsby Post"


def test_an_outlets_own_voice_is_upstream_of_a_retelling() -> None:
    own = HARBOUR + (
        " The Elsby Gazette reviewed the repair plans. Figures shown to the Elsby Gazette put"
        " the cost higher. The Elsby Gazette was unable to reach the ferry company."
    )
    retelling = RETOLD + " The work was planned earlier, according to the Elsby Gazette."
    trace = trace_story([member("r", retelling), member("o", own)])
    derived = trace.derivation("r-0")
    assert derived.derived_from == "o-0" and derived.direction is Direction.TEXTUAL
    up, down = derived.direction_evidence
    assert own[slice(*up.span)].endswith("Elsby Gazette") or "Elsby Gazette" in own[slice(*up.span)]
    assert "according to the Elsby Gazette" in retelling[slice(*down.span)]
    assert trace.root() is not None and trace.root().article_id == "o-0"


def test_a_person_who_was_unable_to_or_revealed_is_no_outlets_voice() -> None:
    # "Brandt was unable to" in one and "Brandt revealed" in the other read like an
    # outlet's own reporting and a credit to it; Ilse Brandt is a person, so no order.
    own = HARBOUR + " Brandt was unable to say when the quay would reopen."
    retelling = RETOLD + " Brandt revealed that the crack had been seen in January."
    trace = trace_story([member("r", retelling), member("o", own)])
    linked = [d for d in trace.derivations if d.derived_from]
    assert len(linked) == 1 and linked[0].direction is Direction.UNKNOWN


INDEPENDENT = (
    "Travellers bound for Omsund must board at a different pier until late April. Mending "
    "the damaged breakwater will cost roughly 2 million crowns, Norrline director Petra "
    "Solberg said. Norrline will add 3 evening sailings, and 40 regular passengers signed a "
    "complaint that nobody had warned them."
)


def test_origins_count_an_original_and_its_copies_once() -> None:
    copy_one = HARBOUR.replace("Monday", "Monday morning")
    copy_two = HARBOUR + " More updates will follow."
    members = [
        member("orig", HARBOUR),
        member("one", copy_one),
        member("two", copy_two),
        member("ind", INDEPENDENT),
    ]
    trace = trace_story(members)
    origin_of = origins(trace)
    assert origin_of["orig-0"] == origin_of["one-0"] == origin_of["two-0"]
    assert origin_of["ind-0"] != origin_of["orig-0"]
    upstream = {d.article_id: d.derived_from for d in trace.derivations}
    assert len(origin_heads(["orig-0", "one-0", "two-0"], upstream)) == 1
    assert len(origin_heads(["one-0", "two-0", "ind-0"], upstream)) == 2
    analysis = analyse_story("harbour", members)
    assert analysis.to_dict()["story"]["independent_origins"] == 2
    for fact in analysis.facts:
        if set(fact.support) <= {"orig-0", "one-0", "two-0"}:
            assert fact.status != "corroborated"


def _seed_analysis(seeds_dir: Path):
    members = [(a, s) for a, s in read_paths([str(seeds_dir)]) if a.part == 0]
    names = {a.id: Path(a.source).name[:3] for a, _ in members}
    return analyse_story("seeds", members), names


def test_seed_reporting_is_upstream_by_its_own_voice_and_003_hangs_on_it(seeds_dir: Path) -> None:
    analysis, names = _seed_analysis(seeds_dir)
    by_name = {names[d.article_id]: d for d in analysis.trace.derivations}
    assert by_name["004"].role is Role.ORIGINAL
    for copy in ("000", "001", "002"):
        d = by_name[copy]
        assert names[d.derived_from] == "004" and d.direction is Direction.TEXTUAL, copy
        assert {names[e.article_id] for e in d.direction_evidence} == {"004", copy}
    assert names[by_name["003"].derived_from] == "004"  # not 000, with which it shares names


def test_nothing_resting_on_000_and_001_alone_is_corroborated(seeds_dir: Path) -> None:
    analysis, names = _seed_analysis(seeds_dir)
    for fact in analysis.facts:
        stating = {names[a] for a in fact.support}
        if stating <= {"000", "001"}:
            assert fact.status != "corroborated", fact.statements[0].text
        if fact.status == "corroborated":
            assert len(fact.independent_support) >= 2


def test_a_storys_word_ngrams_are_numbered_equal_exactly_when_equal(demo_trace) -> None:
    """``StoryMemo.number_grams`` numbers every text's word n-grams together: two n-grams get
    one number exactly when they are the same words."""
    _, _, articles = demo_trace
    texts = [prepare(articles[i]) for i in sorted(articles)]
    for n in (1, 3, 8):
        memo = StoryMemo()
        memo.number_grams(texts[:2], n)
        memo.number_grams(texts, n)  # added later: all numbered again, together
        number_of: dict = {}
        gram_of: dict = {}
        for text in texts:
            words = text.words.words
            numbers = memo.grams_of[(text.id, n)]
            assert len(numbers) == max(0, len(words) - n + 1)
            for at, number in enumerate(numbers.tolist()):
                gram = words[at : at + n]
                assert number_of.setdefault(gram, number) == number
                assert gram_of.setdefault(number, gram) == gram
        assert len(number_of) < sum(len(t.words.words) for t in texts)  # some recur
