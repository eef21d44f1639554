from __future__ import annotations

import pytest

from storytrace.clean import clean, count_words, is_stray, similarity, split_lines
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


@pytest.mark.parametrize(
    "line",
    [
        # real short headings: a capitalised word, two-word headings, a numbered heading
        "Vision",
        "Mission",
        "Right-wing resistance",
        "Meal 1",
        "The takeaway",
        "Im Detail",
        # bare URLs, addresses, separators, prices
        "http://example.org/a/b",
        "www.example.org",
        "desk@example.org",
        "___",
        "19,99 €",
        # CJK text is many words without spaces
        "川沿いの遊歩道は来月から夜間も開放される予定です",
        "夜间开放",
    ],
)
def test_short_content_lines_are_not_stray(line: str) -> None:
    assert not is_stray(line)
    assert _removed(f"{PROSE}\n\n{line}\n\n{MORE}") == []


@pytest.mark.parametrize("line", ["TT", "20", "news", "2:30", "Tweet", "UP NEXT", "ok 2"])
def test_stray_lines(line: str) -> None:
    assert is_stray(line)


def test_a_cjk_page_is_kept_whole() -> None:
    text = "川沿いの遊歩道は来月から夜間も開放される。\n\n市によると、照明の工事は今週終わる！"
    article = clean(_doc(text))[0]
    assert article.clean_text == text and not article.removals
    assert count_words("夜間も開放") == 5 and count_words("two words") == 2


@pytest.mark.parametrize(
    "line",
    [
        # "via" followed by a place or a company is prose, not a credit
        "The delegation reached Lisbon via Madrid and Porto after two days on the road.",
        "Bakers can order the new flour via Millbrook Supplies, the cooperative said.",
        "A lower-case image: it is a figure of speech in this sentence, not a credit.",
        "The reporter confirmed the news via Instagram on Sunday evening.",
        # a long one-line article that happens to end with a credit
        " ".join([PROSE] * 3) + " Photo: J. Doe",
    ],
)
def test_lines_without_a_real_credit_are_not_captions(line: str) -> None:
    assert _removed(f"{PROSE}\n\n{line}\n\n{MORE}") == []


@pytest.mark.parametrize(
    "line",
    [
        "Workers on the quay at dawn. Jan Roe/Harbour Agency via REUTERS",
        "Workers on the quay at dawn. Photo by Jan Roe via Getty Images",
        "Workers on the quay at dawn. Image: Jan Roe",
        "Workers on the quay at dawn (AP Photo/Jan Roe)",
        "Workers on the quay at dawn. Jan Roe/Shutterstock",
    ],
)
def test_credit_shapes_are_captions(line: str) -> None:
    assert _removed(f"{line}\n\n{PROSE}") == [("caption", line)]


@pytest.mark.parametrize(
    "repeated",
    [
        # a list line printed many times (a meal plan)
        ["Eat every three hours"] * 4,
        # list items and embedded-post signatures repeat on purpose
        ["- Charges in the case overnight", "- Charges in the case overnight"],
        ["— City Council (@citycouncil) May 2, 2024", "— City Council (@citycouncil) May 2, 2024"],
        # short lines
        ["[Source]", "[Source]"],
    ],
)
def test_lines_that_repeat_on_purpose_are_kept(repeated: list[str]) -> None:
    text = "\n\n".join(line for n, item in enumerate(repeated) for line in (item, f"{LAST} {n}"))
    assert _removed(f"{PROSE}\n\n{text}") == []


def test_a_question_asked_again_far_away_is_kept() -> None:
    question = "Where did you grow up as a child?"
    body = "\n\n".join(f"{LAST} {n}" for n in range(12))
    assert _removed(f"{question}\n\n{PROSE}\n\n{body}\n\n{question}") == []


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


HARBOUR = (FIXTURES / "harbour.txt").read_text().split("\nComments")[0]
LIST_LINES = {
    "tour dates": [f"June {d} – Keldorf, Linden Amphitheatre with guests" for d in range(1, 9)],
    "results": [f"Keldorf d. Marlow {d}-1 after extra time" for d in range(1, 9)],
    "table": [f"| {n} | Ada Varga | {n} | 0 | 0 | 0 | 0 |" for n in range(1, 9)],
    "q and a": [
        f"Q: Favourite walk number {n}?\n\nA: The towpath by the old mill" for n in range(5)
    ],
}


@pytest.mark.parametrize("kind", sorted(LIST_LINES))
def test_lists_at_the_end_of_an_article_do_not_split(kind: str) -> None:
    text = "\n\n".join([HARBOUR, *LIST_LINES[kind]])
    assert len(clean(_doc(text), CleanOptions(split_min_words=40))) == 1


def test_a_split_needs_prose_on_both_sides() -> None:
    text = "\n\n".join([HARBOUR, "Late Frost Cuts Apple Harvest", *LIST_LINES["results"]])
    assert len(clean(_doc(text), CleanOptions(split_min_words=40))) == 1


def test_non_latin_text_does_not_split() -> None:
    greek = [
        f"Οι κάτοικοι είπαν ότι η γέφυρα {n} θα ανοίξει την άνοιξη μετά από καθυστερήσεις."
        for n in range(6)
    ]
    text = "\n\n".join([HARBOUR, "Νέα γέφυρα στο λιμάνι της πόλης", *greek])
    assert len(clean(_doc(text), CleanOptions(split_min_words=40))) == 1


def test_ascii_letters_counted_in_c_as_one_by_one() -> None:
    """``_script_counts``'s ASCII path counts what the general path counts."""
    from storytrace.clean import _script_counts

    def one_by_one(text: str) -> tuple[int, int]:
        letters = [ch for ch in text if ch.isalpha()]
        latin = sum(ch < "\u0250" or "\u1e00" <= ch <= "\u1eff" for ch in letters)
        return latin, len(letters)

    texts = ("", "A 12-point lead, said O'Neil.", "".join(map(chr, range(128))), "Zürich Ωmega")
    for text in texts:
        assert _script_counts(text) == one_by_one(text)
