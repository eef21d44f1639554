"""The reading stage's fast paths give what the plain scans they replace give."""

from __future__ import annotations

import re

import pytest

from storytrace.read import attribution, credits, read_text
from storytrace.read.scan import Prefiltered, word_trie
from storytrace.read.sentences import clause_units, split_clauses, word_count

TEXTS = [
    "Officials said on Monday that the ferry reportedly left Varna, according to Reuters. "
    "\u201cIt was unclear,\u201d Petra Holm, 44, a pilot at the Nordic Ferry Company, told "
    "The Washington Post; she declined to comment further, and Bloomberg News reported it.",
    "SAID said Said, the K\u212aelvin said; says a\u017fks don't say x2said said_ "
    "Thomson Reuters and the Fox News Digital reported that AP said, while NYT wrote.",
    "\u0130stanbul officials said (lowercasing changes the offsets here) it says so.",
    "They sa\u0131d it may be linked to, and could cause, higher risk; it was believed to "
    "increase it. The Daily Courier Post wrote nothing.",
]


def test_word_trie_matches_exactly_the_words_or_their_prefixes() -> None:
    words = {"said", "say", "says", "sayings", "told"}
    whole = re.compile(rf"(?<![a-z]){word_trie(words)}(?![a-z])")
    found = [m.group() for m in whole.finditer("say says saying sayings told tolds sai said")]
    assert found == ["say", "says", "sayings", "told", "said"]
    prefix = re.compile(rf"\b{word_trie(words, prefixes=True)}\w*")
    assert [m.group() for m in prefix.finditer("saying sa tolds")] == ["saying", "tolds"]


@pytest.mark.parametrize("text", TEXTS)
def test_prefiltered_scan_equals_its_opener_alternation(text: str) -> None:
    pattern = re.compile(r"\b(?:said|says|reportedly|could|linked\s+to)\b", re.IGNORECASE)
    scan = Prefiltered(pattern, "said says reported could link")
    folded = text.lower()
    if len(folded) != len(text):  # offsets moved: the plain scan, as before
        slow = [m.span() for m in pattern.finditer(text)]
    else:  # the opener alternation at every character, as before
        slow, last = [], 0
        for opener in scan._opener.finditer(folded):
            m = pattern.match(text, opener.start()) if opener.start() >= last else None
            if m:
                slow.append(m.span())
                last = m.end()
    assert scan.spans(text) == slow


@pytest.mark.parametrize("text", TEXTS)
def test_cue_openers_equal_a_word_by_word_scan(text: str) -> None:
    keep = attribution._openers()
    words = [
        (w.start(), low)
        for w in re.finditer(r"[A-Za-z]+", text)
        if (low := w.group().lower()) in keep
    ]
    openers = attribution.cue_openers(text)
    assert openers.rule == [at for at, low in words if low in attribution._CUE_OPENERS]
    assert openers.tagged == [
        at for at, low in words if low in attribution.cue_model.shipped().vocabulary
    ]


@pytest.mark.parametrize("text", TEXTS)
def test_outlet_credits_equal_a_full_scan(text: str) -> None:
    full = [(m.span(), m.groupdict()) for m in credits.CREDIT_PATTERNS[0].finditer(text)]
    assert [(m.span(), m.groupdict()) for m in credits._name_first(text)] == full


@pytest.mark.parametrize("text", TEXTS)
def test_clause_units_count_the_words_of_each_clause(text: str) -> None:
    sheet = read_text(text)
    for sentence in sheet.sentences:
        units = clause_units(text, sentence.span, 3)
        assert [span for span, _ in units] == split_clauses(text, sentence.span, 3)
        assert all(n == word_count(text, span) for span, n in units)


DATE_TEXT = (
    "On Monday, 5 of May 2021, early March and the first quarter of 2019 came; in the 1990s, "
    "last week, two years ago, this spring, the 21st century, today and tomorrow. "
    "Yesterday's Tuesdays, Novembers and Junes; MAYBE 12/3/2020, 2009-2010, 2024-05-06; "
    "sundays-mondays, now, past Friday, currently, present future fall winter autumn "
    "summer, tonight, 3rd fiscal quarter, tomonday xmay 1987a month"
)


@pytest.mark.parametrize("text", [*TEXTS, DATE_TEXT, DATE_TEXT.lower(), DATE_TEXT.upper()])
def test_date_trigger_trie_equals_the_plain_trigger_alternation(text: str) -> None:
    from storytrace.read import date_patterns

    anchor = date_patterns._ANCHOR.pattern
    plain = re.compile(r"\b" + anchor[anchor.index(")(?:(?P<month>") + 1 :])
    folded = text.lower()
    assert [(m.span(), m.lastgroup) for m in date_patterns._ANCHOR.finditer(folded)] == [
        (m.span(), m.lastgroup) for m in plain.finditer(folded)
    ]


@pytest.mark.parametrize("text", [*TEXTS, DATE_TEXT])
def test_number_scans_skipping_word_insides_equal_the_case_insensitive_ones(text: str) -> None:
    from storytrace.read import units

    folded = text.lower()
    for fast, plain in (
        (units.NUMBER_LOWER_RE, units.NUMBER_RE),
        (units.ORDINAL_LOWER_RE, units.ORDINAL_RE),
    ):
        assert [m.span() for m in fast.finditer(folded)] == [m.span() for m in plain.finditer(text)]


def test_place_first_words_take_possessives_as_the_word() -> None:
    from storytrace.read.places import _first_words, _unpossessive, gazetteer

    firsts = {name.split()[0] for name in gazetteer(15000)}
    words = ["Oslo", "Oslo's", "Oslo’s", "Osloo", "New", "New's", "St.", "Xyzzy's", "Xyzzy"]
    words += [w + "'s" for w in list(firsts)[:50]] + list(firsts)[:50]
    for word in words:
        assert (word in _first_words(15000)) == (_unpossessive(word) in firsts)


def test_case_folded_drops_ignorecase_and_refuses_upper_case_letters() -> None:
    from storytrace.read.scan import case_folded

    low = case_folded(re.compile(r"\b(?P<rel>last|next)\s+year\b", re.IGNORECASE))
    assert not low.flags & re.IGNORECASE
    assert low.search("see you next  year").group("rel") == "next"
    assert low.search("see you NEXT year") is None  # only for lowercased text
    with pytest.raises(ValueError):
        case_folded(re.compile(r"\bSaid\b", re.IGNORECASE))


@pytest.mark.parametrize("text", TEXTS)
def test_folded_search_and_match_equal_the_case_insensitive_pattern(text: str) -> None:
    from storytrace.read.scan import Folded

    pattern = re.compile(r"\b(?:said|says|the|it)\s+(?:so|it|and)\b|k", re.IGNORECASE)
    folded = Folded(pattern)
    for pos in range(0, len(text), 7):
        for end in (len(text), max(pos, len(text) - 9)):
            slow = pattern.search(text, pos, end)
            fast = folded.search(text, pos, end)
            assert (fast and fast.span()) == (slow and slow.span())
            slow, fast = pattern.match(text, pos, end), folded.match(text, pos, end)
            assert (fast and fast.span()) == (slow and slow.span())


def test_folded_lower_is_none_where_lowercasing_is_not_exact() -> None:
    from storytrace.read.scan import folded_lower

    assert folded_lower("Said SO") == "said so"
    assert folded_lower("x" * 400 + "Y") == "x" * 400 + "y"  # an article's, remembered
    assert folded_lower("\u201cSaid\u201d \u00c9MILE \u2014 \u0416") == (
        "\u201csaid\u201d \u00e9mile \u2014 \u0436"  # curly quotes, accents, Cyrillic
    )
    assert folded_lower("\u212aelvin said") is None  # the Kelvin sign folds to "k"
    assert folded_lower("\u0130stanbul") is None  # two characters once lowercased
    assert folded_lower("sa\u0131d") is None  # "i" matches the dotless i, which stays
    assert folded_lower("a\u017fks") is None  # "s" matches the long s, which stays


def test_foldable_characters_lowercase_to_what_ascii_letters_match() -> None:
    """Every code point but the four of ``_UNFOLDABLE``: one character once lowercased, in
    the same word, digit and space classes, and matched case-insensitively by an ASCII
    letter (or ``[a-z]``) exactly when its lowercase form is that letter."""
    from storytrace.read.scan import foldable

    letters = re.compile("[a-z]", re.IGNORECASE)
    classes = [re.compile(c) for c in (r"\w", r"\d", r"\s")]
    unfoldable = []
    for code in range(0x80, 0x110000):
        if 0xD800 <= code <= 0xDFFF:  # surrogates: no text holds them alone
            continue
        char = chr(code)
        low = char.lower()
        exact = (
            len(low) == 1
            and not low.isascii()
            and not letters.fullmatch(char)
            and all(bool(c.fullmatch(char)) == bool(c.fullmatch(low)) for c in classes)
        )
        if not exact:
            unfoldable.append(char)
        assert foldable(char) == exact, hex(code)
    assert unfoldable == ["\u0130", "\u0131", "\u017f", "\u212a"]


def test_case_folded_refuses_non_ascii_letters() -> None:
    from storytrace.read.scan import case_folded

    with pytest.raises(ValueError):
        case_folded(re.compile("\\bcaf\u00e9\\b", re.IGNORECASE))


@pytest.mark.parametrize("text", TEXTS)
def test_cue_scan_at_openers_equals_the_whole_cue_pattern(text: str) -> None:
    """The two shared ``CUE`` patterns (and the literal verbs before a non-ASCII letter)
    find what the whole pattern finds at each opener."""
    from storytrace.read.attribution import _cue_matches, cue_openers
    from storytrace.read.cues import CUE

    texts = [text, text.replace(" said", " said\u017f").replace("says", "say\u212a")]
    for t in texts:
        openers = cue_openers(t).rule
        expected, last = [], 0
        for at in openers:
            m = CUE.match(t, at) if at >= last else None
            if m:
                expected.append(m.span())
                last = m.end()
        assert [m.span() for m in _cue_matches(t, 0, len(t), openers)] == expected


@pytest.mark.parametrize(
    "text",
    [
        *TEXTS,
        "Mr. Holm met Gen. Falk on Sept. 5. Then A. B. Lund left!\nNo. 5 is Jan. 2? Yes. ",
        "It ended.  Next.\n\nDone?x Sgt. Berg Col. Ilves St. Petersburg  e.g. ok. Sep.",
    ],
)
def test_sentence_ends_equal_the_lookahead_form(text: str) -> None:
    from storytrace.read.date_patterns import SENTENCE_END

    plain = re.compile(  # the pattern before it opened with the character it consumes
        r"(?=[.!?\n])(?<!\b[A-Z])(?<!\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Col|Gen|"
        r"Sgt))(?<!\b(?:Mr|Ms|Dr|St|Lt|No))(?<!Sept)[.!?]\s+|\n"
    )
    for pos in (0, 1, 5):
        assert [m.span() for m in SENTENCE_END.finditer(text, pos)] == [
            m.span() for m in plain.finditer(text, pos)
        ]


def test_evidence_phrases_are_found_only_with_a_head_word() -> None:
    from storytrace.model import Span
    from storytrace.read.people import _evidence

    text = "He works there, according to tax records seen by the paper."
    found = _evidence(text, Span(0, len(text)), 0)
    assert found is not None and found.text == "tax records"
    text = "He works there, according to people who know him."
    assert _evidence(text, Span(0, len(text)), 0) is None


def test_possessive_places_are_found_without_the_s() -> None:
    from storytrace.read.places import find_places

    text = "Oslo's port and Riga’s docks were shut; Oslo reopened."
    places = {p.name: [m.text for m in p.mentions] for p in find_places(text, 15_000, [])}
    assert places["Oslo"] == ["Oslo", "Oslo"]
    assert places["Riga"] == ["Riga"]


def test_future_and_year_phrases_are_read_alike_in_any_case() -> None:
    from storytrace.read.dates import _sentence_cues

    assert _sentence_cues("The ferry WILL sail NEXT YEAR.") == (True, frozenset({"next"}))
    assert _sentence_cues("The ferry sailed last year.") == (False, frozenset({"last"}))
    assert _sentence_cues("The f\u00e9rry is set to sail this year.") == (
        True,
        frozenset({"this"}),
    )  # not ASCII: the case-insensitive patterns


def test_terminal_punctuation_read_from_the_end_equals_the_pattern() -> None:
    from storytrace.read.sentences import _terminal

    pattern = re.compile(r"[.!?…:;][\"”’')\]]*\s*$")  # what it replaces
    pieces = ["a", ".", "!", "…", ":", '"', "”", ")", "]", " ", "\n", "\t", "x.", "(", "’"]
    cases = [a + b + c + d for a in pieces for b in pieces for c in pieces for d in pieces]
    for case in cases:
        assert _terminal(case, 0, len(case)) == bool(pattern.search(case)), repr(case)
        assert _terminal(case, 1, len(case)) == bool(pattern.search(case, 1)), repr(case)


def test_rank_before_equals_a_search_of_the_whole_string() -> None:
    from storytrace.read.people import _RANK_BEFORE, _rank_before

    for before in [
        "said Lieutenant-Colonel ",
        "the col. ",
        "a retired MAJOR\n",
        "Major General  \t",
        "Maj.Gen. ",
        "captain x",
        "",
        "   ",
        "ex-captain ",
        "the Captain's ",
    ]:
        slow, fast = _RANK_BEFORE.search(before), _rank_before(before)
        assert (fast and fast.span(1)) == (slow and slow.span(1)), repr(before)


@pytest.mark.parametrize(
    ("text", "may_hold"),
    [
        ("the first ferry and the 2nd crane", True),
        ("it was the Twentieth time", True),
        ("firstly", True),  # a substring: the scan then decides
        ("no ordinal here, only 25 crates and a 3-day trip", False),
        ("May 5 and 21 st", False),
    ],
)
def test_ordinal_prefilter_never_skips_a_text_with_an_ordinal(text: str, may_hold: bool) -> None:
    from storytrace.read.numbers import _may_hold_ordinals
    from storytrace.read.units import ORDINAL_LOWER_RE

    assert _may_hold_ordinals(text.lower()) is may_hold
    if ORDINAL_LOWER_RE.search(text.lower()):
        assert may_hold


def test_mention_built_through_slots_equals_the_dataclass() -> None:
    from storytrace.model import Span
    from storytrace.read.sheet import Mention, mention

    text = "Petra Holm said on Monday"
    fast, slow = mention(text, 0, 10), Mention(Span(0, 10), "Petra Holm")
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert fast.span < Span(1, 2) and fast.to_dict() == slow.to_dict()
    with pytest.raises(AttributeError):  # still frozen
        fast.text = "x"  # type: ignore[misc]
    # the slot setters skip ``__init__``: nothing may run there besides setting the fields
    assert not hasattr(Span, "__post_init__") and not hasattr(Mention, "__post_init__")


def test_word_initials_read_the_first_characters_after_a_boundary() -> None:
    from storytrace.read.scan import word_initials

    assert word_initials(re.compile(r"\b(?:may|might|could)\b")) == {"m", "c"}
    assert word_initials(re.compile(r"\bsuggest\w*|\b[ij]mpl(?:y|ies)\b")) == {"s", "i", "j"}
    assert word_initials(re.compile(r"\b(?:[a-c]x)")) == {"a", "b", "c"}
    for no_initials in (r"\d", r"may\b", r"\bmay|might", r"\b(?:x)?y", r"\b\w+", r"\b[^a]"):
        assert word_initials(re.compile(no_initials)) is None, no_initials
    assert word_initials(re.compile(r"\bmay", re.IGNORECASE)) is None
    assert word_initials(re.compile(r"\bmay", re.ASCII)) is None
    assert word_initials(re.compile(r"\b-x")) is None  # a boundary before a non-word


@pytest.mark.parametrize("text", TEXTS)
def test_relation_cue_groups_tried_at_word_starts_equal_their_search(text: str) -> None:
    from storytrace.read import relation
    from storytrace.read.scan import folded_lower

    low = folded_lower(text)
    if low is None:  # relation.features searches the case-insensitive patterns there
        return
    words = [m.start() for m in re.finditer(r"\w+", text)]
    for start in (0, *words[1::3]):
        starts = [(at, low[at]) for at in words if at >= start]
        for _, _, pattern, firsts in relation._CUE_SEARCHES_LOW:
            if pattern is None or firsts is None:
                continue
            hit = relation._first_at(pattern, low, len(low), starts, firsts)
            expected = pattern.search(low, start, len(low))
            assert (hit and hit.span()) == (expected and expected.span()), pattern.pattern


def test_place_runs_tried_only_at_name_starts_equal_all_starts() -> None:
    from storytrace.read import places

    text = "Talks in Oslo's harbour, New York City and the Port of Tallinn near Rio de Janeiro."
    names = places.gazetteer(15_000)
    everything = _Everything()
    for run in places._RUN.finditer(text):
        fast = places._sub_runs(text, run.start(), run.end(), names, places._name_starts(15_000))
        assert fast == places._sub_runs(text, run.start(), run.end(), names, everything)


class _Everything:
    """Holds every word: :func:`places._sub_runs` then tries every word of a run."""

    def __contains__(self, word: object) -> bool:
        return True
