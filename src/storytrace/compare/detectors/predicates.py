"""What aligned claims say, beyond their slots:

- where: a place the source never names put where the source has another
  (``entity_changed``);

- the scope of a denial: the source reports a denial of several things, any of them
  ("denied the trip, the job *or both*"), and the copy has the same people deny only one
  of them, or all of them at once;
- a qualifier moved to another thing: the copy puts a two-word qualifier of the source
  ("official state business") on another thing the source names ("official state
  flights") and leaves the source's thing out; medium: on f3-dev news it fires on 1 of
  301 faithful and 2 of 545 distorted rewrites, too few to call it checkable;
- a number's thing recharacterised: the aligned claims give the same compound number
  ("20-year") of a thing the copy describes in words the source never uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from storytrace.compare.claims import NUMBER_WORDS, STOPWORDS, ClaimView, role, same_number, stem
from storytrace.compare.pair import Aligned, Discrepancy, Pair, short
from storytrace.compare.registry import register
from storytrace.model import Span
from storytrace.read.certainty import DENIAL
from storytrace.read.sheet import Certainty, FactSheet, Place

#: Words that join a denial's alternatives, or close them ("... or both").
_ALTERNATIVES = re.compile(
    r",|;|\bor\b|\bnor\b|\band\b|\bboth\b|\beither\b|\bneither\b|\bdeni\w*|\bdeny\b",
    re.IGNORECASE,
)
_EITHER = re.compile(r"\bor\s+both\b|\beither\b|\bone\s+or\s+(?:the\s+)?other\b", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|[^\sA-Za-z]+")


@register({"distorted": "high", "entity_changed": "high"}, per_claim=True)
def predicates(pair: Pair, aligned: Aligned) -> Iterator[Discrepancy]:
    yield from _moved_place(pair, aligned)
    yield from _denial_scope(pair, aligned.copy, aligned.source)
    yield from _moved_qualifier(pair, aligned.copy, aligned.source)
    yield from _recharacterised(pair, aligned.copy, aligned.source)


# -- where ------------------------------------------------------------------------------


def _moved_place(pair: Pair, aligned: Aligned) -> Iterator[Discrepancy]:
    """A place the source never names, in the copy's claim, where the counterpart names
    another place of the same kind that the copy's claim leaves out (``entity_changed``:
    "in Lyon" for "in Nantes"; "in Tehran" for "in Iran" is more precise, not moved)."""
    c, u = aligned.copy, aligned.source
    if "place_names" not in pair.memo:  # the same for every claim of the pair
        pair.memo["place_names"] = _place_names(pair.source_sheet)
        pair.memo["name_words"] = _name_words(pair.sheet) | _name_words(pair.source_sheet)
    known, names = pair.memo["place_names"], pair.memo["name_words"]
    near = {name for j, _ in aligned.candidates for name in pair.source_views[j].places}
    new = [
        p
        for p in _places(pair.sheet, c)
        if p.name not in known | near | names and p.name not in pair.source_sheet.text
    ]
    old = [p for p in _places(pair.source_sheet, u) if p.name not in c.places | names]
    for mine in new:
        theirs = next((p for p in old if p.kind == mine.kind), None)
        if theirs is None:
            continue
        yield pair.finding(
            "entity_changed",
            _mention_in(mine, c.span),
            _mention_in(theirs, u.span),
            f"{pair.name} places “{short(c.claim.text, 60)}” in {mine.name} where its "
            f"source {pair.source_name} has {theirs.name}, and never names {mine.name}.",
        )
        return


def _name_words(sheet: FactSheet) -> set[str]:
    """Every word of a person's name: "Davis" or "Obama" is a person's, not a town."""
    return {w for p in sheet.people for m in p.mentions for w in m.text.split()}


def _place_names(sheet: FactSheet) -> set[str]:
    return {p.name for p in sheet.places}


def _places(sheet: FactSheet, view: ClaimView) -> list[Place]:
    return [p for p in sheet.places if p.name in view.places]


def _mention_in(place: Place, span: Span) -> Span:
    inside = [m.span for m in place.mentions if span.start <= m.span.start < span.end]
    return inside[0] if inside else span


# -- the scope of a denial -------------------------------------------------------------


def _denial_scope(pair: Pair, c: ClaimView, u: ClaimView) -> Iterator[Discrepancy]:
    """The source's denial of any of several things against the copy's denial of one, or
    of all at once ("denied X and Y")."""
    if Certainty.DENIED not in (c.claim.certainty, u.claim.certainty):
        return
    if c.claim.certainty != Certainty.DENIED or not _EITHER.search(u.claim.text):
        return
    options = _alternatives(u.claim.text)
    if len(options) < 2:
        return
    covered = [bool(o & c.stems) for o in options]
    joined = re.search(r"\band\b", _denied_part(c.claim.text)) and not re.search(
        r"\bor\b", c.claim.text
    )
    if sum(covered) == 1 or all(covered) and joined:
        said = "only one of them" if sum(covered) == 1 else "all of them at once"
        yield pair.finding(
            "distorted",
            c.span,
            u.span,
            f"{pair.name} has them deny {said} (“{short(c.claim.text, 60)}”) where its "
            f"source {pair.source_name} reports denials of any of several things "
            f"(“{short(u.claim.text, 70)}”).",
        )


def _denied_part(text: str) -> str:
    match = DENIAL.search(text)
    return text[match.start() :] if match else text


def _alternatives(text: str) -> list[frozenset[str]]:
    """The content stems of each thing a denial covers: the pieces after its verb between
    commas, "or", "and" and repeated denial verbs."""
    pieces = _ALTERNATIVES.split(_denied_part(text))
    found = [_stems(p) for p in pieces]
    return [s for s in found if s]


def _stems(text: str) -> frozenset[str]:
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    return frozenset(
        stem(w) for w in words if w.lower() not in STOPWORDS and w.lower() not in NUMBER_WORDS
    )


# -- a qualifier moved to another thing ------------------------------------------------

#: Words apart by at most this many positions count as used together ("passport used for
#: official state business": "official" and "passport" are 3 apart).
_NEAR = 4


def _moved_qualifier(pair: Pair, c: ClaimView, u: ClaimView) -> Iterator[Discrepancy]:
    """A two-word qualifier the source puts on one thing ("official state *business*")
    that the copy puts on another thing the source names ("official state *flights*"),
    never within ``_NEAR`` words of that qualifier, while leaving out the source's thing.
    Found once per source and claim text in a story (wire copies repeat claims)."""
    key = ("moved_qualifier", pair.source.id, c.claim.text)
    if key not in pair.story_memo:
        pair.story_memo[key] = _qualifier_moved(pair, c)
    found = pair.story_memo[key]
    if found is None:
        return
    start, end, used, (w1, w2, head) = found
    yield pair.finding(
        "distorted",
        _span(c, start, end),
        (u if used is None else pair.source_views[used]).span,
        f"{pair.name} writes “{w1} {w2} {head}”: its source {pair.source_name} says "
        f"“{w1} {w2}” of other things, never of {head}.",
        "medium",
    )


def _qualifier_moved(
    pair: Pair, c: ClaimView
) -> tuple[int, int, int | None, tuple[str, str, str]] | None:
    """What :func:`_moved_qualifier` finds of claim ``c``: where the words are in its
    text, the source claim that has the qualifier (None: the counterpart) and the words."""
    if "qualifiers" not in pair.memo:  # the same for every claim of the pair
        sheet = pair.source_sheet
        pair.memo["qualifiers"] = tuple(s.span.of(sheet.text) for s in sheet.sentences)
    sentences = pair.memo["qualifiers"]
    heads = _qualified_heads(sentences)
    words = [(m.group(), m.start()) for m in _TOKEN.finditer(c.claim.text)]
    if any(w in ('"', "“") for w, _ in words):
        return None
    content = [_content(w) for w, _ in words]
    for k, ((w1, s1), (w2, _), (head, s3)) in enumerate(
        zip(words, words[1:], words[2:], strict=False)
    ):
        if not (content[k] and content[k + 1] and content[k + 2]):
            continue
        a, b, h = stem(w1), stem(w2), stem(head)
        theirs = heads.get((a, b), frozenset())
        if not theirs or theirs & c.stems or h not in pair.source_stems:
            continue
        near = _near_stems(sentences)
        if (a, h) in near or (b, h) in near:
            continue
        used = next((j for j, v in enumerate(pair.source_views) if _says(v, w1, w2)), None)
        return s1, s3 + len(head), used, (w1, w2, head)
    return None


def _says(view: ClaimView, first: str, second: str) -> bool:
    """Whether the claim has the two words side by side."""
    pattern = rf"\b{re.escape(first[:-1])}\w*\s+{re.escape(second[:-1])}\w*"
    return bool(re.search(pattern, view.claim.text, re.IGNORECASE))


#: Verbs and quantifiers a claim often puts after a noun phrase: not the thing itself.
_NOT_THINGS = frozenset(
    "made make makes took take takes went go goes held hold holds gave give gives got get "
    "came come comes began begin knew know show shows several many multiple few other "
    "more most".split()
)


@lru_cache(maxsize=65_536)
def _content(word: str) -> bool:
    """A lower-case word naming a thing or a quality: no function word, number word,
    verb form in -ed/-ing, adverb in -ly or common verb (cached: every aligned claim's
    words are checked)."""
    w = word.lower()
    return (
        word[0].islower()
        and len(w) > 2
        and w not in STOPWORDS
        and w not in NUMBER_WORDS
        and w not in _NOT_THINGS
        and not w.endswith(("ed", "ing", "ly"))
    )


@lru_cache(maxsize=64)
def _sentence_words(sentences: tuple[str, ...]) -> tuple[tuple[list[str], list[str]], ...]:
    """Each source sentence's words and their stems."""
    found = []
    for sentence in sentences:
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*", sentence)
        found.append((words, [stem(w) for w in words]))
    return tuple(found)


@lru_cache(maxsize=64)
def _qualified_heads(sentences: tuple[str, ...]) -> dict[tuple[str, str], frozenset[str]]:
    """For each two adjacent content words of the source, the things they qualify (the
    content word right after them)."""
    heads: dict[tuple[str, str], set[str]] = {}
    for words, _ in _sentence_words(sentences):
        for w1, w2, w3 in zip(words, words[1:], words[2:], strict=False):
            if _content(w1) and _content(w2) and w3[0].islower() and _content(w3):
                heads.setdefault((stem(w1), stem(w2)), set()).add(stem(w3))
    return {k: frozenset(v) for k, v in heads.items()}


@lru_cache(maxsize=64)
def _near_stems(sentences: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    """Stem pairs the source uses within ``_NEAR`` words of each other in one sentence
    (both orders): built only for a source where a qualifier may have moved."""
    near: set[tuple[str, str]] = set()
    for _, stems in _sentence_words(sentences):
        for gap in range(1, _NEAR + 1):  # each stem with the next ``_NEAR``, both orders
            near.update(zip(stems, stems[gap:], strict=False))
            near.update(zip(stems[gap:], stems, strict=False))
    return frozenset(near)


def _span(c: ClaimView, start: int, end: int) -> Span:
    return Span(c.span.start + start, c.span.start + end)


# -- a number's thing recharacterised --------------------------------------------------


def _recharacterised(pair: Pair, c: ClaimView, u: ClaimView) -> Iterator[Discrepancy]:
    """The same number in both claims counting things the copy names in words its source
    never uses ("a 20-year partnership treaty" for "a 20-year military pact")."""
    window = pair.options.role_window
    for qc in c.quantities:
        for qu in u.quantities:
            if not (_compound(qc.text) and _compound(qu.text)):
                continue
            if not same_number(qc, qu, pair.options.number_rel_tol):
                continue
            mine = _things(role(pair.sheet.text, qc, window))
            theirs = _things(role(pair.source_sheet.text, qu, window))
            if not mine or not theirs or mine & theirs:
                continue
            if len(mine - pair.source_stems) < 2:
                continue
            yield pair.finding(
                "distorted",
                c.span,
                u.span,
                f"{pair.name} calls the {qc.text} thing otherwise (“{short(c.claim.text, 60)}”) "
                f"than its source {pair.source_name} (“{short(u.claim.text, 60)}”).",
            )
            return


def _compound(text: str) -> bool:
    """ "20-year", "three-day": a number joined to its unit, qualifying what follows."""
    return bool(re.fullmatch(r"\S+-[A-Za-z]+", text.strip()))


def _things(role_words: frozenset[str]) -> frozenset[str]:
    """The words of a number's role, without its unit."""
    return frozenset(w for w in role_words if not w.startswith("unit:"))
