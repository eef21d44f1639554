"""A large story's second chance: a copy of a copy that the neighbour prefilter never
aligned with its source is aligned with the other copies of the source it was first hung
on, and hung on the right one (all texts invented)."""

from __future__ import annotations

from dataclasses import replace

from storytrace.model import Article, Metadata, Segment, Span
from storytrace.read import read_text
from storytrace.trace import trace_story
from storytrace.trace.evidence import profile
from storytrace.trace.neighbours import copies_of_source
from storytrace.trace.options import TraceOptions

MILL = [
    "The Brekka paper mill at Tolvik will close its second line on Monday, cutting 85 jobs, "
    "the owner Saltner Holdings said.",
    "Works council chair Ida Rosk said staff learned of the closure from a notice board.",
    "The line made packaging board for food producers in three countries.",
    "Saltner blamed the price of pulp, which it said rose by a third in a year.",
    "The town's mayor Hedda Vang asked the company to keep the line running until spring.",
    "The mill's first line and its 140 workers are not affected, the company said.",
]
# A copy that changed the job figure and added a reaction of its own.
CHANGED = [MILL[0].replace("85 jobs", "95 jobs"), *MILL[1:]] + [
    "Shopkeepers near the mill gate said they expect fewer customers over the winter.",
]


def member(key: str, sentences: list[str], published: str):
    text = " ".join(sentences)
    meta = Metadata(outlet=f"{key} news", published=published)
    span = Span(0, len(text))
    article = Article(
        key, 0, f"{key}.txt", "txt", text, span, text, (Segment(0, 0, len(text)),), meta
    )
    return article, read_text(text)


def story() -> list:
    """The original, a copy that changed a figure (``a``), wire copies of the original
    (``w1``-``w3``) and a copy of ``a`` (``b``) that lacks ``a``'s added line."""
    return [
        member("orig", MILL, "2025-05-12T07:00"),
        member("a", CHANGED, "2025-05-12T09:00"),
        member("w1", MILL, "2025-05-12T10:00"),
        member("w2", MILL, "2025-05-12T11:00"),
        member("w3", MILL[:-1], "2025-05-12T12:00"),
        member("b", CHANGED[:-1], "2025-05-12T14:00"),
    ]


# Large-story tracing on six articles: each aligned with its one most similar other
# article and the first one.
SMALL_PREFILTER = TraceOptions(all_pairs_limit=3, neighbours=1, earliest=1, second_chance=0)


def test_the_second_chance_hangs_a_copy_of_a_copy_on_its_source() -> None:
    members = story()
    before = trace_story(members, SMALL_PREFILTER)
    aligned = {(x.source_id, x.copy_id) for x in before.alignments}
    assert ("a-0", "b-0") not in aligned  # the prefilter missed b's source
    assert before.derivation("b-0").derived_from != "a-0"
    # b is hung on the original, so it is now aligned with the original's other copies
    # published before it (the wire copies are more like it than a is: all of them)
    after = trace_story(members, replace(SMALL_PREFILTER, second_chance=4))
    assert ("a-0", "b-0") in {(x.source_id, x.copy_id) for x in after.alignments}
    assert after.derivation("b-0").derived_from == "a-0"  # it repeats a's changed figure
    assert after.derivation("a-0").derived_from == "orig-0"


def test_copies_of_source_pairs_each_copy_with_an_earlier_unaligned_copy_of_its_source() -> None:
    profiles = [profile(a, s, []) for a, s in story()]
    parents = {"a-0": "orig-0", "w1-0": "orig-0", "w2-0": "orig-0", "b-0": "orig-0"}
    aligned = {("orig-0", p) for p in parents} | {("w1-0", "b-0")}
    pairs = copies_of_source(profiles, parents, aligned, 1)
    # a: every other copy of the original came later, so a pairs with none by itself;
    # w1: a is its only earlier copy of the original; w2: w1, its twin, before a;
    # b: w1 is aligned with it already, so the next most similar, w2; w3 has no source.
    assert pairs == {frozenset(p) for p in (("w1-0", "a-0"), ("w2-0", "w1-0"), ("b-0", "w2-0"))}
    assert copies_of_source(profiles, parents, aligned, 0) == set()
