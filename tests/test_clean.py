from __future__ import annotations

import pytest

from storytrace.clean import clean, similarity, split_lines
from storytrace.config import CleanOptions
from storytrace.model import Document, Metadata, RemovalReason, Span

from .conftest import FIXTURES

PROSE = (
    "The council voted on Tuesday to close the old bridge to lorries after engineers found "
    "cracks in two of its piers. Residents said the detour would add twenty minutes to the "
    "school run. The mayor said repairs would start in the spring and take most of the year."
)
MORE = (
    "Hauliers asked for a temporary crossing downstream. The county engineer said a pontoon "
    "could be ready by March if the river authority agreed, and that the cost was not yet known."
)
LAST = "Shops on the east bank reported fewer customers in the first week of the closure."


def _doc(text: str, **meta: str) -> Document:
    return Document(source="test.txt", format="text", text=text, metadata=Metadata(**meta))


def _removed(text: str) -> list[tuple[str, str]]:
    article = clean(_doc(text))[0]
    return [(r.reason.value, r.span.of(article.raw_text)) for r in article.removals]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a stray line before the article and after it
        (f"news\n\n{PROSE}\n\nTT", [("stray_line", "news"), ("stray_line", "TT")]),
        # a number alone on a line
        (f"{PROSE}\n20\n{MORE}", [("stray_line", "20")]),
        # a headline printed twice: the first stays
        (
            f"Bridge Closed to Lorries\n\n{PROSE}\n\nBridge Closed to Lorries\n\n{PROSE[:60]}.",
            [("repeated_line", "Bridge Closed to Lorries")],
        ),
        # photo captions with a credit go, both times
        (
            f"Cracks in a pier. Photo: J. Doe / Riverside Pictures\n{PROSE}\n"
            "Cracks in a pier. Photo: J. Doe / Riverside Pictures",
            [
                ("caption", "Cracks in a pier. Photo: J. Doe / Riverside Pictures"),
                ("caption", "Cracks in a pier. Photo: J. Doe / Riverside Pictures"),
            ],
        ),
        (
            "The old bridge seen from the quay (AP)\n" + PROSE,
            [("caption", "The old bridge seen from the quay (AP)")],
        ),
        # a two-word capitalised heading is content, not a stray line
        (f"{PROSE}\n\nWhat Next\n\n{PROSE}", [("repeated_line", PROSE)]),
        # sentences, even short ones, stay
        (f"{PROSE}\n\nIt rained.\n\nWhy?", []),
    ],
)
def test_line_noise(text: str, expected: list[tuple[str, str]]) -> None:
    assert _removed(text) == expected


def test_blog_footer_is_cut_with_its_list() -> None:
    text = (
        f"{PROSE}\n\n{MORE}\n\n{LAST}\n\nComments\n\nPopular posts from this blog\n\n"
        "Ten Walks Along the River\n\nOur Favourite Bakeries This Winter"
    )
    removed = _removed(text)
    assert [r for r, _ in removed] == ["footer", "related_links", "related_links", "related_links"]
    assert removed[0][1] == "Comments"
    assert removed[-1][1] == "Our Favourite Bakeries This Winter"


def test_footer_marker_in_the_middle_of_prose_is_kept() -> None:
    text = f"{PROSE}\n\nRead more\n\n{PROSE} {PROSE}\n\n{PROSE}\n\n{PROSE}."
    assert _removed(text) == [("repeated_line", PROSE)]


def test_clean_text_maps_back_to_raw_text() -> None:
    text = (FIXTURES / "harbour.txt").read_text()
    article = clean(_doc(text))[0]
    assert "Photo:" not in article.clean_text
    assert "Related posts" not in article.clean_text
    for segment in article.segments:
        clean_piece = article.clean_text[segment.clean_start : segment.clean_start + segment.length]
        assert clean_piece == text[segment.raw_start : segment.raw_start + segment.length]
    start = article.clean_text.index("Meridian Terminals")
    raw = article.raw_span(Span(start, start + len("Meridian Terminals")))
    assert raw.of(text) == "Meridian Terminals"


def test_title_comes_from_the_headline_line() -> None:
    article = clean(_doc((FIXTURES / "harbour.txt").read_text()))[0]
    assert article.title == "Harbour Crane Failure Halts Night Shift at Port Vell"


def test_given_title_wins() -> None:
    article = clean(_doc(PROSE, title="Given"))[0]
    assert article.title == "Given"


def test_appended_unrelated_article_is_split_off() -> None:
    harbour = (FIXTURES / "harbour.txt").read_text().split("\nComments")[0]
    orchard = (FIXTURES / "orchard.txt").read_text()
    doc = _doc(harbour + "\n\n" + orchard, outlet="Coast Daily", url="https://coast.example/1")
    first, second = clean(doc)
    assert first.title.startswith("Harbour Crane Failure")
    assert second.title.startswith("Late Frost Cuts Apple Harvest")
    assert "apples" not in first.clean_text and "crane" not in second.clean_text
    split = [r for r in first.removals if r.reason is RemovalReason.SPLIT_OFF]
    assert len(split) == 1 and split[0].span.of(doc.text).startswith("Late Frost")
    assert second.metadata.url is None and second.metadata.outlet == "Coast Daily"
    assert second.span.of(doc.text).startswith("Late Frost")


def test_a_section_heading_does_not_split() -> None:
    harbour = (FIXTURES / "harbour.txt").read_text().split("\nComments")[0]
    lines = harbour.split("\n\n")
    middle = len(lines) // 2 + 1
    text = "\n\n".join([*lines[:middle], "WHAT THE CRANE CREWS SAY", *lines[middle:]])
    options = CleanOptions(split_min_words=60)
    assert len(clean(_doc(text), options)) == 1


def test_similarity_is_cosine_of_content_words() -> None:
    assert similarity("cranes cranes port", "cranes port") == pytest.approx(0.9487, abs=1e-3)
    assert similarity("apples orchard", "cranes port") == 0.0
    assert similarity("", "cranes") == 0.0


def test_split_lines_keeps_offsets() -> None:
    text = "  first line  \r\n\nsecond\n"
    lines = split_lines(text)
    assert [(ln.text, text[ln.start : ln.end]) for ln in lines] == [
        ("first line", "first line"),
        ("second", "second"),
    ]
