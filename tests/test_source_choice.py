"""Which upstream article a copy is hung on: the true source, not a sibling copy, an
original it skipped past, or a look-alike report of another event (all texts invented)."""

from __future__ import annotations

from storytrace.model import Article, Metadata, Segment, Span
from storytrace.read import read_text
from storytrace.trace import Direction, Role, trace_story
from storytrace.trace.evidence import profile
from storytrace.trace.neighbours import neighbour_pairs
from storytrace.trace.options import TraceOptions

FERRY = [
    "The Lindqvist Ferry Company cancelled 14 crossings to Varholm on Tuesday after a storm "
    "damaged the pier at Osterby.",
    "Harbour master Petra Lund said divers found two broken pylons under the landing stage.",
    "Repairs will cost about 380,000 crowns and take nine days, the company said.",
    "Passengers holding tickets can travel on the night boat from Kalby instead.",
    "Fishing boats were moved to the inner basin at Osterby until the pier is safe.",
    "The company's chief engineer Aron Falk said the pylons dated from 1962.",
]
# A copy that changed a figure and added a line of its own.
CHANGED = [s.replace("380,000", "450,000") for s in FERRY] + [
    "Local traders in Osterby fear a quiet week without the usual day visitors.",
]
# A rewrite of the original: three sentences in its own words, the rest kept.
REWORDED = [
    "Fourteen Lindqvist Ferry Company sailings to Varholm were called off on Tuesday, after "
    "storm damage to the Osterby pier.",
    FERRY[1],
    "The firm expects the work to take nine days and to cost roughly 380,000 crowns.",
    FERRY[3],
    "Until the pier is safe again, fishing boats will shelter in the inner basin at Osterby.",
    FERRY[5],
]
# Another event on the same subject: the same company, other places, people and figures.
LOOKALIKE = [
    "The Lindqvist Ferry Company cancelled 6 crossings to Holmsund on Friday after thick fog "
    "closed the channel at Vikby.",
    "Pilot Jonas Berg said the radar at the Vikby signal station had failed twice since March.",
    "A new radar will cost about 95,000 crowns and arrive within three weeks, the company said.",
    "Passengers holding tickets can travel on the morning bus from Tornby instead.",
    "The coastguard's duty officer Mira Sand said visibility fell below 50 metres.",
]


def member(key: str, sentences: list[str], outlet: str, published: str):
    text = " ".join(sentences)
    meta = Metadata(outlet=outlet, published=published)
    span = Span(0, len(text))
    article = Article(
        key, 0, f"{key}.txt", "txt", text, span, text, (Segment(0, 0, len(text)),), meta
    )
    return article, read_text(text)


def sources(members, options: TraceOptions | None = None) -> dict[str, str | None]:
    trace = trace_story(members, options)
    return {d.article_id[:-2]: d.derived_from and d.derived_from[:-2] for d in trace.derivations}


ORIGINAL = member("orig", FERRY, "Osterby Post", "2025-03-04T08:00")
COPY_A = member("a", CHANGED, "Coast Daily", "2025-03-04T10:00")
LOOK = member("look", LOOKALIKE, "Vikby News", "2025-03-04T12:00")


def test_a_copy_that_passes_on_its_sources_changed_figure_hangs_on_that_source() -> None:
    # B took A's text without A's added line: the original explains B's words as well as
    # A does, but only A has the 450,000 that B repeats.
    copy_b = member("b", CHANGED[:-1], "Harbour Times", "2025-03-04T14:00")
    found = sources([ORIGINAL, COPY_A, copy_b])
    assert found == {"orig": None, "a": "orig", "b": "a"}


def test_a_copy_sharing_only_the_originals_text_with_a_sibling_hangs_on_the_original() -> None:
    # A and B both hold the original's sentences; B has nothing of A's own (no changed
    # figure, no added line), so A is a sibling, not B's source.
    copy_b = member("b", REWORDED, "Harbour Times", "2025-03-04T14:00")
    trace = trace_story([ORIGINAL, COPY_A, copy_b])
    b = trace.derivation("b-0")
    assert b.derived_from == "orig-0" and b.direction is Direction.DATED
    assert trace.derivation("orig-0").role is Role.ORIGINAL


def test_a_sibling_worded_like_the_copy_is_passed_over_for_their_common_source() -> None:
    # A words three sentences as B does and adds a line; B passes on no figure, order or
    # line of A's own: the wording alone does not make A the source, their common source
    # explains B as well. (Generated rewrites of one original share their wording.)
    copy_a = member("a", REWORDED[:3] + FERRY[3:] + CHANGED[-1:], "Coast Daily",
                    "2025-03-04T10:00")  # fmt: skip
    copy_b = member("b", REWORDED, "Harbour Times", "2025-03-04T14:00")
    assert sources([ORIGINAL, copy_a, copy_b])["b"] == "orig"


def test_a_lookalike_report_of_another_event_is_nobodys_source() -> None:
    copy_b = member("b", REWORDED, "Harbour Times", "2025-03-04T14:00")
    found = sources([ORIGINAL, COPY_A, LOOK, copy_b])
    assert found["look"] is None and "look" not in found.values()
    assert found["b"] == "orig" and found["a"] == "orig"


def test_the_lookalike_floor_is_the_options_share_of_specifics() -> None:
    # With no floor on shared numbers and names, the look-alike (sharing the company, a
    # stock sentence and the subject) is taken for a copy of the original.
    loose = TraceOptions(min_fact_share=0.0)
    strict = TraceOptions(min_fact_share=1.0)
    assert sources([ORIGINAL, LOOK], loose)["look"] == "orig"
    assert sources([ORIGINAL, COPY_A], strict)["a"] is None  # A changed one figure
    assert sources([ORIGINAL, COPY_A], loose)["a"] == "orig"


def test_a_large_storys_articles_are_aligned_with_its_first_article() -> None:
    copies = [
        member(f"c{i}", FERRY[: 6 - i % 3] + CHANGED[-1:], "Coast Daily", f"2025-03-04T1{i}:00")
        for i in range(6)
    ]
    members = [ORIGINAL, LOOK, *copies]
    profiles = [profile(a, s, []) for a, s in members]
    without = neighbour_pairs(profiles, 1)
    pairs = neighbour_pairs(profiles, 1, earliest=1)
    assert without < pairs
    assert all(frozenset(("orig-0", p.id)) in pairs for p in profiles[1:])


def test_a_copy_of_a_word_for_word_copy_names_both_as_equally_likely_sources() -> None:
    # W took the original word for word; C took W word for word. Nothing in C's text
    # tells W from the original: C is hung on the original and W is its alternative.
    wire = member("w", FERRY[:-1], "Coast Daily", "2025-03-04T10:00")
    copy_c = member("c", FERRY[:-2], "Harbour Times", "2025-03-04T14:00")
    trace = trace_story([ORIGINAL, wire, copy_c])
    c = trace.derivation("c-0")
    assert c.derived_from == "orig-0"
    assert [a.article_id for a in c.alternatives] == ["w-0"]
    tie = c.alternatives[0]
    assert tie.direction is Direction.DATED and tie.reuse_share > 0.95
    assert any("only one of them" in e for e in tie.evidence)
    assert any("explain it as well" in e for e in c.evidence)
    data = trace.to_dict()
    assert data["schema"] == "storytrace.trace/3"
    edge = next(d for d in data["derivations"] if d["article_id"] == "c-0")
    assert edge["alternatives"][0]["article"] == "w-0"
    assert trace.derivation("w-0").alternatives == ()  # only the original came before it


def test_a_copy_passing_on_a_changed_figure_has_no_alternative() -> None:
    copy_b = member("b", CHANGED[:-1], "Harbour Times", "2025-03-04T14:00")
    trace = trace_story([ORIGINAL, COPY_A, copy_b])
    assert trace.derivation("b-0").derived_from == "a-0"
    assert trace.derivation("b-0").alternatives == ()
    assert trace.derivation("a-0").alternatives == ()


def test_a_copy_repeating_a_rewrites_one_word_edit_hangs_on_the_rewrite() -> None:
    # R changed one word of the original (no number or name); C took R word for word.
    # Reuse, wording and specifics tie; only R's edit, repeated in C, says R is the source.
    edited = [FERRY[0].replace("a storm", "a violent storm"), *FERRY[1:]]
    rewrite = member("r", edited, "Coast Daily", "2025-03-04T10:00")
    copy_c = member("c", edited, "Harbour Times", "2025-03-04T14:00")
    trace = trace_story([ORIGINAL, rewrite, copy_c])
    assert trace.derivation("c-0").derived_from == "r-0"
    assert trace.derivation("c-0").alternatives == ()
    # a copy keeping the original's words where R edited hangs on the original
    plain = member("p", FERRY[:-1], "Harbour Times", "2025-03-04T14:00")
    assert sources([ORIGINAL, rewrite, plain])["p"] == "orig"


def test_a_large_storys_articles_are_aligned_with_the_outlets_they_credit() -> None:
    # C credits the Harbour Times but words itself like the original's copies: with one
    # neighbour it is aligned with the most similar copy; the credit adds the outlet's.
    copies = [
        member(f"c{i}", FERRY[: 6 - i % 3] + CHANGED[-1:], "Coast Daily", f"2025-03-04T1{i}:00")
        for i in range(6)
    ]
    credited = member("h", REWORDED, "Harbour Times", "2025-03-04T09:00")
    text = FERRY[:5] + ["The Harbour Times first reported the cancellations."]
    crediting = member("x", text, "River Post", "2025-03-04T18:00")
    members = [ORIGINAL, credited, *copies, crediting]
    outlets = sorted({a.metadata.outlet for a, _ in members})
    profiles = [profile(a, s, outlets) for a, s in members]
    assert "Harbour Times" in profiles[-1].credits
    pairs = neighbour_pairs(profiles, 1)
    assert frozenset(("x-0", "h-0")) in pairs


def test_a_merged_lookalikes_first_article_does_not_stand_in_for_the_original() -> None:
    # The look-alike report came first; each copy of the ferry story is still aligned with
    # the ferry original, the first article holding its numbers and names.
    early_look = member("look", LOOKALIKE, "Vikby News", "2025-03-04T06:00")
    copies = [
        member(f"c{i}", FERRY[: 6 - i % 3] + CHANGED[-1:], "Coast Daily", f"2025-03-04T1{i}:00")
        for i in range(6)
    ]
    members = [early_look, ORIGINAL, *copies]
    profiles = [profile(a, s, []) for a, s in members]
    floor = (TraceOptions().min_fact_share, TraceOptions().min_specifics)
    pairs = neighbour_pairs(profiles, 0, earliest=1, floor=floor)
    assert all(frozenset(("orig-0", p.id)) in pairs for p in profiles[2:])
    assert not any("look-0" in pair for pair in pairs if "orig-0" not in pair)
    assert neighbour_pairs(profiles, 0, earliest=1) >= {frozenset(("look-0", "c0-0"))}


def test_the_terminal_trace_names_the_alternatives() -> None:
    from storytrace.report.story_text import story_text
    from storytrace.story import analyse_story

    wire = member("w", FERRY[:-1], "Coast Daily", "2025-03-04T10:00")
    copy_c = member("c", FERRY[:-2], "Harbour Times", "2025-03-04T14:00")
    analysis = analyse_story("ferry", [ORIGINAL, wire, copy_c]).to_dict()
    line = next(x for x in story_text(analysis).splitlines() if "as likely from" in x)
    assert "(w-0" in line and "the text cannot tell" in line


def test_a_rewrite_ending_where_a_shortened_copy_ends_hangs_on_the_shortened_copy() -> None:
    # W took the original word for word but for its last sentence; C rewords W and, like
    # W, lacks that sentence. Reuse, wording and specifics tie with the original; only the
    # omission C repeats says W is its source.
    wire = member("w", FERRY[:-1], "Coast Daily", "2025-03-04T10:00")
    rewrite = member("c", REWORDED[:-1], "Harbour Times", "2025-03-04T14:00")
    trace = trace_story([ORIGINAL, wire, rewrite])
    assert trace.derivation("c-0").derived_from == "w-0"
    assert trace.derivation("c-0").alternatives == ()
    # a rewrite that holds the sentence W left out took the original
    whole = member("c", REWORDED, "Harbour Times", "2025-03-04T14:00")
    assert sources([ORIGINAL, wire, whole])["c"] == "orig"


def test_a_word_for_word_copy_cut_where_a_sibling_was_cut_keeps_both_as_sources() -> None:
    # Two wire copies cut at the same sentence: as likely cut apart as one from the other.
    wire = member("w", FERRY[:-1], "Coast Daily", "2025-03-04T10:00")
    same_cut = member("c", FERRY[:-1], "Harbour Times", "2025-03-04T14:00")
    c = trace_story([ORIGINAL, wire, same_cut]).derivation("c-0")
    assert c.derived_from == "orig-0"
    assert [a.article_id for a in c.alternatives] == ["w-0"]


def test_an_omission_counts_only_beyond_the_options_word_count() -> None:
    wire = member("w", FERRY[:-1], "Coast Daily", "2025-03-04T10:00")
    rewrite = member("c", REWORDED[:-1], "Harbour Times", "2025-03-04T14:00")
    strict = TraceOptions(omission_words=40)  # the left-out sentence has 12 words
    assert sources([ORIGINAL, wire, rewrite], strict)["c"] == "orig"


# An original of ten sentences and each sentence reworded.
MILL = [
    "The Brenner paper mill in Saltdal closed its second line on Monday after a boiler failed.",
    "Plant manager Ida Roth said 42 workers were sent home until the repairs are done.",
    "The company said the repairs would cost about 610,000 euros.",
    "Inspectors from the regional safety office visited the boiler house on Monday afternoon.",
    "The mill supplies cardboard to three packaging firms in the region.",
    "Union official Karl Moen said the workers would keep their full pay for two weeks.",
    "The boiler was installed in 1988 and last serviced in the spring.",
    "Residents near the river said they heard a loud bang shortly before noon.",
    "The first line of the mill kept running through the day.",
    "The company expects the second line to restart within a month.",
]
MILL_REWORDED = [
    "On Monday a failed boiler forced the Brenner paper mill in Saltdal to shut its second line.",
    "Forty-two workers were sent home until repairs are finished, plant manager Ida Roth said.",
    "Repairs are expected to cost roughly 610,000 euros, according to the company.",
    "Regional safety office inspectors went to the boiler house on Monday afternoon.",
    "Three packaging firms in the region get their cardboard from the mill.",
    "Workers will be paid in full for two weeks, said union official Karl Moen.",
    "Installed in 1988, the boiler had its last service in the spring.",
    "People living near the river reported a loud bang just before noon.",
    "The mill's first line ran normally throughout the day.",
    "The second line should be running again within a month, the company expects.",
]


def test_a_copy_lacking_a_siblings_reordering_is_not_taken_from_it() -> None:
    # A reworded the original and swapped two pairs of sentences; B is worded like A but
    # keeps the original's order. A copy inherits its source's reorderings, so B's
    # source is the original, not the sibling it is worded like.
    swapped = MILL_REWORDED[:]
    swapped[2], swapped[3] = swapped[3], swapped[2]
    swapped[6], swapped[7] = swapped[7], swapped[6]
    original = member("orig", MILL, "Saltdal Post", "2025-03-04T08:00")
    copy_a = member("a", swapped, "Coast Daily", "2025-03-04T10:00")
    copy_b = member("b", MILL_REWORDED, "Harbour Times", "2025-03-04T14:00")
    assert sources([original, copy_a, copy_b]) == {"orig": None, "a": "orig", "b": "orig"}
    # C is worded like A and repeats its two swaps: A is its source.
    copy_c = member("c", swapped, "River Post", "2025-03-04T16:00")
    assert sources([original, copy_a, copy_b, copy_c])["c"] == "a"


def test_a_credit_a_wire_copy_passes_on_does_not_tell_it_from_the_original() -> None:
    # W and C both carry the original's dateline credit word for word: C names the
    # original's outlet, but so does W, so the credit cannot tell W from the original.
    credited = ["OSTERBY (Osterby Post) - " + FERRY[0], *FERRY[1:]]
    original = member("orig", credited, "Osterby Post", "2025-03-04T08:00")
    wire = member("w", credited[:-1], "Coast Daily", "2025-03-04T10:00")
    copy_c = member("c", credited[:-2], "Harbour Times", "2025-03-04T14:00")
    trace = trace_story([original, wire, copy_c])
    c = trace.derivation("c-0")
    assert "Osterby Post" in c.credits
    assert c.derived_from == "orig-0"
    assert [a.article_id for a in c.alternatives] == ["w-0"]
    assert any("which Coast Daily credits too" in e for e in c.alternatives[0].evidence)
