"""People: full names found by capitalisation, kept only with evidence they name a person,
surname-only mentions linked back, and the age, rank, title, role, employer and evidence
the text states about each.

A run of 2–4 capitalised words is a *candidate* name. It is kept when the text shows it is
a person (``_is_person``): an apposed age ("Name, 48," / "48-year-old Name"), a title or
rank before it, an apposition after it (", a professor at", ", director of", ", who"), a
reporting verb after it, or a later single-word mention of its first or last word.
Details are read from the text between a mention and the next person's mention in the
same sentence; a sentence that names nobody but says "his"/"her" belongs to the last
person named.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from storytrace.model import Span
from storytrace.read.given_names import GIVEN_NAMES
from storytrace.read.options import ReadOptions
from storytrace.read.organisations import ORG_WORDS
from storytrace.read.places import gazetteer
from storytrace.read.scan import Folded
from storytrace.read.sheet import Mention, Person, Sentence, mention

_NONSPACE = re.compile(r"\S+")


#: Ranks as written -> normalised rank.
RANKS: dict[str, str] = {
    "lieutenant-colonel": "lieutenant-colonel",
    "lieutenant colonel": "lieutenant-colonel",
    "lt. col.": "lieutenant-colonel",
    "lt col": "lieutenant-colonel",
    "colonel": "colonel",
    "col.": "colonel",
    "major general": "major-general",
    "major-general": "major-general",
    "maj. gen.": "major-general",
    "lieutenant general": "lieutenant-general",
    "lieutenant-general": "lieutenant-general",
    "lt. gen.": "lieutenant-general",
    "brigadier general": "brigadier-general",
    "brig. gen.": "brigadier-general",
    "general": "general",
    "gen.": "general",
    "major": "major",
    "maj.": "major",
    "captain": "captain",
    "capt.": "captain",
    "lieutenant": "lieutenant",
    "lt.": "lieutenant",
    "sergeant": "sergeant",
    "sgt.": "sergeant",
    "admiral": "admiral",
    "adm.": "admiral",
    "vice admiral": "vice-admiral",
    "rear admiral": "rear-admiral",
    "commander": "commander",
    "cmdr.": "commander",
}
_RANK_ALT = "|".join(re.escape(r) for r in sorted(RANKS, key=len, reverse=True))

#: Words that make the words before a name a title ("Labor Minister", "acting President").
TITLE_WORDS = frozenset(
    "president minister mayor governor senator sen. rep. representative leader lawmaker "
    "chairman chairwoman chair chief director spokesman spokeswoman spokesperson secretary "
    "ambassador premier chancellor king queen prince princess sheikh emir judge justice "
    "prosecutor attorney commissioner envoy adviser advisor analyst professor prof. dr. "
    "mr. mrs. ms. pope cardinal bishop ayatollah candidate nominee speaker official "
    "officer executive lawyer engineer inspector manager".split()
)
#: Words that may stand before a title word inside the title ("former party leader").
_TITLE_MODIFIERS = frozenset(
    "acting former deputy senior vice first party opposition foreign defense defence "
    "interior finance prime supreme top chief state retired then press managing technical "
    "legal police".split()
)
_TITLE_STOP = frozenset("The A An And Of In On At He She They It".split())
#: Capitalised words that are never part of a person's name.
NOT_NAME = frozenset(
    "The A An In On At By For But And As To From Of If When While After Before This That "
    "These Those It He She They We I You His Her Their Its Our Some Many Most Several "
    "According Despite Although Though However Meanwhile Moreover Now Still Yet "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "June July August September October November December God Reuters Bloomberg "
    "Russian Iranian American Israeli Ukrainian Chinese Korean Western Eastern Islamic "
    "North South East West New Republic Democratic Democrats Republican Republicans "
    "Popular Comments Topics Related Read More Photo Credit Image Video News Defense Defence "
    "Military Security Research Projects Rockets Artillery Munitions Engineering Special "
    "Advanced General Main National Affairs Foreign Health Energy Human Rights".split()
)

#: Title-case words of headlines that never stand in a name ("Donald Trump Is Right",
#: "Morning Show", "Northline Wire").
_HEADLINE_WORDS = frozenset(
    "Is Are Was Were Has Have Had Will Would Can Could Should Does Did Not Just Merely "
    "Everything Nothing Show Right Wrong Wire Post Times Herald Courier Gazette Tribune "
    "Journal Daily Weekly".split()
)
_NAME_WORD = r"[A-Z][a-z][\w-]*(?:['’][A-Z][\w-]*)?"
#: Both open with the capital they consume, then look behind it (``re`` skips to capitals).
_CANDIDATE = re.compile(
    rf"[A-Z](?<![\w’'-][A-Z])[a-z][\w-]*(?:['’][A-Z][\w-]*)?(?:[ ]{_NAME_WORD}){{1,5}}"
)
_SINGLE = re.compile(r"[A-Z](?<![\w’'.-][A-Z])[a-z][\w'-]+(?![\w'-]| [A-Z][a-z])")
_AGE_AFTER = re.compile(
    r"(?:['’]s)?,\s*(?:also\s+|aged\s+)?(\d{1,3})(?=\s*(?:,|\.|\)|and\b|who\b))"
)
_AGE_PAREN = re.compile(r"\s*\((\d{1,3})\)")
_AGE_BEFORE = re.compile(r"(\d{1,3})-year-old\s+(?:[a-z]+\s+){0,3}$")
_RANK_BEFORE = re.compile(rf"(?i:(?<![\w.])({_RANK_ALT}))\s*$")
_RANK_AFTER = re.compile(
    rf"^(?:['’]s)?(?:,\s*|\s+(?:is|was|has\s+been|became)\s+)(?:a|an|the)?\s*"
    rf"(?:retired\s+|former\s+|senior\s+|serving\s+)?(?i:({_RANK_ALT}))(?![\w-])"
)
_APPOSITION = re.compile(
    r"^(?:,\s*\d{1,3})?,\s*(?:(?:a|an|the)\s+)?"
    r"(?!who\b|which\b|whose\b)(?P<role>(?:[a-z][\w-]*\s+){0,4}?[a-z][\w-]*)\s+"
    r"(?:at|of|for|with|from)\s+(?P<org>(?:the\s+)?[A-Z][^,.;()]+|the\s+[^,.;()]+)"
)
# "Oskar Feld, 36, a field inspector based in ...": a role without an employer
_ROLE_ONLY = re.compile(
    r"^(?:,\s*\d{1,3})?,\s*(?:a|an)\s+(?P<role>(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)"
    r"(?=\s+(?:based|who|in|on|since)\b|\s*[,.;])"
)
# "..., noted Oskar Feld, the company's press officer.": a role ending in a title word
_ROLE_THE = re.compile(
    r"^,\s*(?:the\s+)?(?:the\s+|[a-z]+['’]s\s+)(?P<role>(?:[a-z][\w-]*\s+){0,3}?[a-z][\w.-]*?)"
    r"(?=\s*[,.;])"
)
_WORKS_AS = re.compile(
    r"\b(?:works?|worked|working|serves?|served|serving)\s+as\s+(?:a\s+|an\s+|the\s+)?"
    r"(?P<role>[^,;]+?)\s+(?:at|of|in|for)\s+(?P<org>the\s+[^,.;]+|[A-Z][^,.;]+)"
)
_WORKS_AT = re.compile(
    r"\b(?:works?|worked|working|employed|serves?|served|address\s+as)\s+"
    r"(?:at|for|in|with|by|the\s+office\s+of)\s+(?P<org>(?:the\s+|a\s+|an\s+)?[^,.;]+)"
)
_EVIDENCE = re.compile(
    r"(?<![\w-])((?:(?:[A-Za-z][a-z-]*|\d{4})\s+){0,3}"
    r"(?:records|data|documents?|manifest|news\s+item|databases?|filings?|registry|website))\b"
)
_EVIDENCE_LEAD = re.compile(r"^(?:(?:according|to|the|a|an|shows?|showed|and|while|by)\s+)+", re.I)
_ORG_CUT = re.compile(r",|\s+(?:according|while|since|until|in\s+\d|from\s+\d|who|which|tax)\b")
_REPORTING_AFTER = re.compile(
    r"^(?:['’]s)?(?:,[^,]{0,80},)?\s+(?:also\s+|has\s+|had\s+|previously\s+)*(?:said|says|told|"
    r"stated|added|noted|wrote|argued|warned|explained|believes|thinks|denied|confirmed|"
    r"insisted|worked|works|served|serves|is\s+a|was\s+a|used\s+(?:his|her)|faces|led)\b"
)
#: Text before a run that makes it part of a longer name ("the Kapustin Yar range",
#: "Academy for Military Defense").
_INSIDE_NAME = re.compile(r"(?:\bthe|[A-Z][\w-]*\s+(?:of|for|and|de))\s+$")
_AFFILIATION = re.compile(
    r"^\s+(?:from|of|at|with)\s+"
    r"(?P<org>(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|and|the|a))*)"
)
_WHO_AFTER = re.compile(r"^,\s*(?:who|whose)\b")
_GROUP_HEAD = re.compile(
    r"^,\s*(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}(?:group|company|unit|branch|body|organi[sz]ation|agency|network|party)\b(?!['’]s)"
)
_PRONOUN = Folded(re.compile(r"\b(?:his|her|he|she)\b", re.IGNORECASE))
_SAID_BEFORE = re.compile(r"\b(?:said|says|noted|stated|added|explained|told|warned)\s+$")
_WORD_RUN = re.compile(r"[\w.-]+")
_BY_BEFORE = re.compile(r"(?:^|\n)\s*By\s+$")


@dataclass(slots=True)
class _Draft:
    name: str
    mentions: list[Mention]
    linked: list[Mention] = field(default_factory=list)
    facts: dict[str, Mention] = field(default_factory=dict)
    rank: str | None = None


def find_people(
    text: str, sentences: list[Sentence], options: ReadOptions | None = None
) -> list[Person]:
    """People named in ``text`` with their linked mentions and stated details."""
    opts = options or ReadOptions()
    headings = [s.span for s in sentences if s.heading and not _BYLINE.match(text, s.span.start)]
    drafts = _candidates(text, headings, opts)
    if opts.link_surnames:
        _link(text, drafts)
    drafts = {k: d for k, d in drafts.items() if _is_person(text, d, opts)}
    _read_details(text, sentences, list(drafts.values()), opts)
    return [_person(d) for d in sorted(drafts.values(), key=lambda d: d.mentions[0].span)]


_BYLINE = re.compile(r"By\s+[A-Z]")


def _candidates(text: str, headings: list[Span], opts: ReadOptions) -> dict[str, _Draft]:
    drafts: dict[str, _Draft] = {}
    places = gazetteer(opts.min_city_population)
    for m in _CANDIDATE.finditer(text):
        span = _name_span(text, m.start(), m.end(), places)
        if span is None or any(h.start <= span[0] < h.end for h in headings):
            continue
        name = text[span[0] : span[1]]
        drafts.setdefault(name, _Draft(name, [])).mentions.append(mention(text, *span))
    return drafts


def _name_span(text: str, start: int, end: int, places: dict) -> tuple[int, int] | None:
    words = [(m.start(), m.end()) for m in _NONSPACE.finditer(text, start, end)]
    while words and text[slice(*words[0])] in NOT_NAME:
        words.pop(0)
    titles = [i for i, w in enumerate(words) if text[slice(*w)].lower() in TITLE_WORDS]
    words = words[titles[-1] + 1 :] if titles else words
    if not words:
        return None
    tokens = [text[s:e] for s, e in words]
    if not 2 <= len(tokens) <= 4 or any(
        t in ORG_WORDS or t in NOT_NAME or t in _HEADLINE_WORDS for t in tokens
    ):
        return None
    if " ".join(tokens) in places or any(places.get(t, ("", "city"))[1] != "city" for t in tokens):
        return None
    if _INSIDE_NAME.search(text, max(0, words[0][0] - 30), words[0][0]):
        return None
    return words[0][0], words[-1][1]


def _link(text: str, drafts: dict[str, _Draft]) -> None:
    """Attach single-word mentions to the one full name they are the first or last word of."""
    owners: dict[str, list[_Draft]] = {}
    for d in drafts.values():
        parts = d.name.split()
        for key in {parts[0], parts[-1]}:
            owners.setdefault(key, []).append(d)
    full = sorted(m.span for d in drafts.values() for m in d.mentions)
    starts = [s.start for s in full]
    for m in _SINGLE.finditer(text):
        word = m.group()
        if len(owners.get(word, ())) != 1 or word in NOT_NAME:
            continue  # most capitalised words: no bisect
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and full[i].start <= m.start() < full[i].end:
            continue
        owners[word][0].linked.append(mention(text, m.start(), m.end()))


def _is_person(text: str, d: _Draft, opts: ReadOptions) -> bool:
    if d.name.split()[-1] in ORG_WORDS:
        return False
    if d.name.split()[0] in GIVEN_NAMES:
        return True
    for m in (*d.mentions, *d.linked):
        after, before = (
            text[m.span.end : m.span.end + 120],
            text[max(0, m.span.start - 60) : m.span.start],
        )
        if _GROUP_HEAD.match(after):
            return False
        if (
            _age_at(text, m, opts)
            or _rank_before(before)
            or _title_before(text, m)
            or _APPOSITION.match(after)
            or _WHO_AFTER.match(after)
            or _REPORTING_AFTER.match(after)
            or _SAID_BEFORE.search(before)
            or _role_the(after)
            or _BY_BEFORE.search(before)  # a byline
        ):
            return True
    return False


def _age_at(text: str, m: Mention, opts: ReadOptions) -> Mention | None:
    after = _AGE_AFTER.match(text, m.span.end) or _AGE_PAREN.match(text, m.span.end)
    before = _AGE_BEFORE.search(text, max(0, m.span.start - 40), m.span.start)
    for found in (after, before):
        if found and opts.min_age <= int(found.group(1)) <= opts.max_age:
            return mention(text, found.start(1), found.end(1))
    return None


def _title_before(text: str, m: Mention) -> Mention | None:
    words = list(_WORD_RUN.finditer(text, max(0, m.span.start - 50), m.span.start))
    if not words or words[-1].end() < m.span.start - 1:
        return None
    if words[-1].group().lower() not in TITLE_WORDS:
        return None
    first = len(words) - 1
    while first > 0 and len(words) - first < 3:
        prev = words[first - 1].group()
        if not (
            prev.lower() in _TITLE_MODIFIERS or (prev[0].isupper() and prev not in _TITLE_STOP)
        ):
            break
        first -= 1
    return mention(text, words[first].start(), words[-1].end())


def _role_the(after: str) -> re.Match[str] | None:
    """A "the ..." or "the company's ..." apposition whose last word is a title word."""
    found = _ROLE_THE.match(after)
    if found and found.group("role").split()[-1] in TITLE_WORDS:
        return found
    return None


def _read_details(
    text: str, sentences: list[Sentence], drafts: list[_Draft], opts: ReadOptions
) -> None:
    spans = sorted((m.span, d) for d in drafts for m in (*d.mentions, *d.linked))
    starts = [s.span.start for s in sentences]
    for i, (span, d) in enumerate(spans):
        sent = sentences[max(0, bisect.bisect_right(starts, span.start) - 1)].span
        nxt = spans[i + 1][0].start if i + 1 < len(spans) else len(text)
        scope = Span(span.end, min(sent.end, max(nxt, span.end)))
        _details(text, mention(text, span.start, span.end), scope, sent, d, opts)
    _pronoun_details(text, sentences, spans, opts)


def _details(text: str, m: Mention, scope: Span, sent: Span, d: _Draft, opts: ReadOptions) -> None:
    # Each detail is looked for only while the person lacks it: the first one found stays.
    if "age" not in d.facts:
        _put(d, "age", _age_at(text, m, opts))
    if d.rank is None:
        before = text[max(sent.start, m.span.start - 40) : m.span.start]
        rank = _rank_before(before) or _RANK_AFTER.search(text[scope.start : scope.end])
        if rank:
            offset = max(sent.start, m.span.start - 40) if rank.re is _RANK_BEFORE else scope.start
            d.rank = RANKS[rank.group(1).lower()]
            _put(d, "rank", mention(text, offset + rank.start(1), offset + rank.end(1)))
    if "title" not in d.facts:
        _put(d, "title", _title_before(text, m))
    if "role" not in d.facts or "employer" not in d.facts:  # else _work changes nothing
        _work(text, scope, sent, d)


def _work(text: str, scope: Span, sent: Span, d: _Draft) -> None:
    after = text[scope.start : scope.end]
    for pattern in (_WORKS_AS, _APPOSITION, _AFFILIATION, _WORKS_AT):
        anchored = pattern is _APPOSITION or pattern is _AFFILIATION
        found = pattern.match(after) if anchored else pattern.search(after)
        if not found or ("role" in found.groupdict() and not is_role(found.group("role"))):
            continue
        if "role" in found.groupdict():
            _put(
                d,
                "role",
                mention(text, scope.start + found.start("role"), scope.start + found.end("role")),
            )
        org_start = scope.start + found.start("org")
        cut = _ORG_CUT.search(text, org_start, scope.start + found.end("org"))
        org_end = cut.start() if cut else scope.start + found.end("org")
        if org_end > org_start and "employer" not in d.facts:
            d.facts["employer"] = mention(text, org_start, org_end)
            _put(d, "evidence", _evidence(text, sent, org_start))
        return
    role = _ROLE_ONLY.match(after) or _role_the(after)
    if role and is_role(role.group("role")):
        _put(
            d,
            "role",
            mention(text, scope.start + role.start("role"), scope.start + role.end("role")),
        )


#: Words that make a would-be role a verb phrase ("works", "were among those booked").
_VERB_WORDS = frozenset(
    "is are was were be been being has have had do does did works worked work serves served "
    "serve heads headed leads led joined joins said says told was among those also who which "
    "will would can could may might".split()
)
#: "-ed" words that are adjectives in a role ("retired colonel").
_ROLE_ED = frozenset("retired unnamed appointed elected designated indicted".split())


def _rank_before(before: str) -> re.Match[str] | None:
    """``_RANK_BEFORE.search(before)``, started where a match can start: its rank ends
    where the final white space begins, so it starts at most the longest rank before."""
    return _RANK_BEFORE.search(before, max(0, len(before.rstrip()) - _LONGEST_RANK))


_LONGEST_RANK = max(map(len, RANKS))


def is_role(role: str) -> bool:
    """Whether ``role`` reads as a noun phrase ("deputy head", "senior inspector"), not a
    verb phrase ("works", "were among those booked")."""
    words = role.lower().split()
    return bool(words) and not any(
        w in _VERB_WORDS or (w.endswith("ed") and w not in _ROLE_ED) for w in words
    )


#: A literal every ``_EVIDENCE`` match holds (the head word, or "item" of "news item").
_EVIDENCE_HEADS = ("records", "data", "document", "manifest", "item", "database", "filing",
                   "registry", "website")  # fmt: skip


def _evidence(text: str, sent: Span, near: int) -> Mention | None:
    best: tuple[int, int, int] | None = None
    body = text[sent.start : sent.end]
    if not any(head in body for head in _EVIDENCE_HEADS):
        return None  # the pattern backtracks over up to three words at every position
    for m in _EVIDENCE.finditer(text, sent.start, sent.end):
        lead = _EVIDENCE_LEAD.match(m.group(1))
        start = m.start(1) + (lead.end() if lead else 0)
        distance = abs(start - near)
        if best is None or distance < best[0]:
            best = (distance, start, m.end(1))
    return mention(text, best[1], best[2]) if best else None


def _pronoun_details(text: str, sentences: list[Sentence], spans: list, opts: ReadOptions) -> None:
    """A sentence naming nobody that says "his"/"her" tells about the last person named."""
    i = 0
    last: _Draft | None = None
    for sentence in sentences:
        named = False
        while i < len(spans) and spans[i][0].start < sentence.span.end:
            last, named, i = spans[i][1], True, i + 1
        if (
            not named
            and last is not None
            and "employer" not in last.facts
            and _PRONOUN.search(text, sentence.span.start, sentence.span.end)
        ):
            _work(text, sentence.span, sentence.span, last)


def _put(d: _Draft, key: str, value: Mention | None) -> None:
    if value is not None and key not in d.facts:
        d.facts[key] = value


def _person(d: _Draft) -> Person:
    f = d.facts
    return Person(
        d.name,
        tuple(d.mentions),
        tuple(d.linked),
        f.get("age"),
        d.rank,
        f.get("rank"),
        f.get("title"),
        f.get("role"),
        f.get("employer"),
        f.get("evidence"),
    )
