"""Blocked claim comparison: a copy claim is scored only against the source claims that
share a key with it, and that must lose nothing a full scan would find."""

from __future__ import annotations

import itertools

import storytrace.demo
from storytrace.compare.claims import StoryClaims, similarity
from storytrace.compare.options import CompareOptions
from storytrace.compare.pair import Pair
from storytrace.ingest import load_sidecar
from storytrace.pipeline import read_paths


def demo_members() -> list:
    """The demo corpus read as the pipeline reads it: (article, fact sheet) pairs."""
    sidecar = load_sidecar(str(storytrace.demo.META_FILE))
    return list(read_paths([str(storytrace.demo.CORPUS_DIR)], sidecar=sidecar))


def demo_claim_views() -> list:
    """Every claim view of the demo corpus, article by article."""
    members = demo_members()
    claims = StoryClaims(members)
    return [v for article, _ in members for v in claims.views(article.id)]


def test_blocked_scores_equal_a_full_scan_on_every_demo_pair() -> None:
    members = demo_members()
    claims, options = StoryClaims(members), CompareOptions()
    compared = 0
    for copy, source in itertools.permutations(members, 2):
        pair = Pair(copy, source, options, claims)
        for view in pair.views:
            blocked = [(j, x) for j, x in pair.scores(view) if x >= options.slot_threshold]
            full = [
                (j, x)
                for j, other in enumerate(pair.source_views)
                if (x := similarity(view, other, options.number_rel_tol)) >= options.slot_threshold
            ]
            assert blocked == full, (copy[0].source, source[0].source, view.claim.text)
            compared += len(pair.source_views)
    assert compared > 10_000  # the demo corpus gives enough claim pairs to mean something


def test_contest_check_skips_only_pairs_that_cannot_conflict() -> None:
    """A fact's statements are checked for conflicting numbers (dates) only where both
    give numbers (dates): on every demo claim pair, that says what the full checks say."""
    from storytrace.compare.claims import date_conflicts, number_conflicts
    from storytrace.compare.facts import _conflict

    views, options = demo_claim_views(), CompareOptions()
    conflicts = 0
    for a, b in itertools.permutations(views[::3], 2):
        full = bool(number_conflicts(a, b, options) or date_conflicts(a, b))
        assert _conflict(a, b, options) is full
        conflicts += full
    assert conflicts > 0


def test_similarity_with_a_floor_changes_no_score_that_reaches_it() -> None:
    """The fuzzy ratio of the words sorted once per claim is rapidfuzz's token-sort ratio,
    and with a floor the ratio is cut off only where the pair cannot reach the floor: a
    pair reaching it scores exactly as without one, a pair below it no higher."""
    from rapidfuzz import fuzz

    from storytrace.compare.claims import _WORD

    views, options = demo_claim_views(), CompareOptions()
    reached = 0
    for a, b in itertools.permutations(views[::2], 2):
        words = [" ".join(w.lower() for w in _WORD.findall(v.claim.text)) for v in (a, b)]
        assert fuzz.ratio(a.norm, b.norm) == fuzz.token_sort_ratio(*words)
        full = similarity(a, b, options.number_rel_tol)
        for floor in (options.slot_threshold, options.fact_threshold, 0.7):
            cut = similarity(a, b, options.number_rel_tol, None, floor)
            if full >= floor:
                assert cut == full
                reached += 1
            else:
                assert cut <= full
    assert reached > 100


def test_claims_with_one_signature_score_alike_and_groups_score_once_per_signature() -> None:
    """Claims sharing a signature (what ``similarity`` reads) score alike against every
    claim, so fact grouping's best score over a group's distinct signatures is its best
    over all of its claims (whenever it reaches the floor)."""
    from storytrace.compare.facts import _best_similarity

    views = demo_claim_views()
    by_signature: dict = {}
    for view in views:
        by_signature.setdefault(view.signature, []).append(view)
    repeated = [vs for vs in by_signature.values() if len(vs) > 1]
    assert repeated  # the demo's copies repeat claims word for word
    others = views[::7]
    for same in repeated:
        for other in others:
            scores = {similarity(v, other) for v in same}
            assert len(scores) == 1
    group = [v for vs in repeated for v in vs]
    distinct = list({v.signature: v for v in group}.values())
    for view in others:
        for floor in (0.0, 0.45, 0.6):
            full = _best_similarity(view, group, floor, 0.05)
            once = _best_similarity(view, distinct, floor, 0.05)
            assert (full >= floor) == (once >= floor)
            if full >= floor:
                assert full == once
