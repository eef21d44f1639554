"""The order count of an alignment (each copy sentence placed where its neighbours put
it) and changed dates passed on, on invented texts."""

from __future__ import annotations

import itertools

from storytrace.model import Article, Metadata, Segment, Span
from storytrace.read import read_text
from storytrace.trace import TraceOptions, align
from storytrace.trace.choice import passed_on
from storytrace.trace.evidence import profile

# Four sentences; B and D share a 15-word stock phrase ("the red barn by the old chapel is
# known locally as a meeting place for the whole village") in the copy's wording of B.
A = "Anna Berg said the blue van near the old chapel was parked there all night long."
B = (
    "Locals call the red barn near the old chapel a meeting place for the whole village,"
    " Tom Lund said."
)
B_REWORDED = (
    "According to Tom Lund, the red barn by the old chapel is known locally as a meeting"
    " place for the whole village."
)
C = "The mayor of Elsby promised a full and open inquiry into the events of the week."
D = (
    "According to Piet Moor, the red barn by the old chapel is known locally as a meeting"
    " place for the whole village."
)


def article(key: str, text: str, published: str | None = None) -> Article:
    span = Span(0, len(text))
    meta = Metadata(published=published)
    return Article(key, 0, f"{key}.txt", "txt", text, span, text, (Segment(0, 0, len(text)),), meta)


def aligned(source: str, copy: str):
    src, cp = article("src", source), article("cp", copy)
    return align(src, cp, read_text(source), read_text(copy), TraceOptions())


def raw_out_of_order(alignment) -> int:
    starts = [p.source_span.start for p in alignment.passages]
    return sum(1 for a, b in itertools.pairwise(starts) if b < a)


def test_a_stock_phrase_matched_in_the_wrong_sentence_is_not_out_of_order() -> None:
    result = aligned(" ".join([A, B, C, D]), " ".join([A, B_REWORDED, C, D]))
    assert raw_out_of_order(result) == 1  # the phrase's run is placed in D, after C
    assert result.out_of_order == 0  # the reworded B stands where B stands


def test_a_real_reordering_stays_out_of_order() -> None:
    result = aligned(" ".join([A, B, C, D]), " ".join([A, C, B, D]))
    assert result.out_of_order == raw_out_of_order(result) == 1


def test_passages_are_the_runs_as_found() -> None:
    """The placement only counts: the alignment's passages keep the verbatim run."""
    result = aligned(" ".join([A, B, C, D]), " ".join([A, B_REWORDED, C, D]))
    source = " ".join([A, B, C, D])
    assert any(
        p.kind.value == "verbatim" and p.source_span.start >= source.index(D)
        and p.copy_span.start < len(A) + len(B_REWORDED) + 1
        for p in result.passages
    )  # fmt: skip


def test_a_changed_date_is_passed_on() -> None:
    lead = "The bridge at Elsby closed on January {} after engineers found a crack in it."
    rest = " Repairs will take six weeks, the council said."
    texts = {"orig": lead.format(5) + rest, "changed": lead.format(7) + rest}
    texts["copy"] = texts["changed"]
    arts = {k: article(k, t) for k, t in texts.items()}
    profiles = {k: profile(a, read_text(a.clean_text), []) for k, a in arts.items()}
    copy, orig, changed = profiles["copy"], profiles["orig"], profiles["changed"]
    assert "d:january 7" in changed.dates
    assert passed_on(copy, changed, orig) == 1
    assert passed_on(copy, orig, changed) == 0
