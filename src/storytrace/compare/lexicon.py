"""Word lists of the comparison stage: loaded language, and the cues that tell a plan from
an event, a caveat from a claim, and a vouching verb from a plain one.

Loaded language
    :data:`LOADED_TERMS` lists words and phrases that judge, dramatise or insinuate
    rather than report. It was written by hand for storytrace, after the categories of
    biased wording in Recasens, Danescu-Niculescu-Mizil & Jurafsky, "Linguistic Models
    for Analyzing and Detecting Biased Language" (ACL 2013: subjective intensifiers,
    one-sided terms, factive verbs) and of strong subjectivity clues in the MPQA lexicon
    (Wilson, Wiebe & Hoffmann 2005); no list was copied from either. Each group below
    names its category. A word is only reported when the upstream article does not use
    it (see :func:`storytrace.compare.discrepancies.find_discrepancies`), so a word that
    is neutral in one story ("secret ballot") costs nothing when the source has it too.

    To extend it: add a regular expression (case-insensitive, matched on word
    boundaries) to the right group here, or pass ``CompareOptions(extra_loaded_terms=...)``
    for a one-off run. Add a test sentence pair in ``tests/compare/test_discrepancies.py``.

Certainty cues
    :data:`PLAN` (a booking or schedule: "were booked to travel", "listed for the stay"),
    :data:`EVENT` (the same thing as done: "stayed", "flew", "were among the guests"),
    :data:`CAVEAT` (the writer says what it could not establish), :data:`STRONG_VERB`
    (a reporting verb that vouches: "confirmed", "revealed"). They complement the reading
    stage's certainty classes, which look at one claim at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

#: Loaded words and phrases by category (regular expressions, case-insensitive).
LOADED_GROUPS: dict[str, tuple[str, ...]] = {
    "dramatising": (
        r"shock(?:ing|ed|ingly)?",
        r"stunning",
        r"bombshell",
        r"explosive",
        r"dramatic(?:ally)?",
        r"(?:in\s+a\s+)?(?:dramatic|stunning|shocking)\s+(?:turn|twist)",
        r"scandal(?:ous)?",
        r"outrag(?:e|eous)",
        r"devastating",
        r"alarming",
        r"chilling",
        r"sinister",
    ),
    "insinuating secrecy": (
        r"secret(?:ive|ly)?",
        r"covert(?:ly)?",
        r"clandestine",
        r"hidden",
        r"hid",
        r"hide",
        r"cover-?up",
        r"shady",
        r"murky",
        r"unmask(?:ing|ed)?",
        r"wall\s+of\s+secrecy",
        r"come\s+clean",
        r"what\s+really\s+happened",
        r"behind\s+closed\s+doors",
    ),
    "judging": (
        r"damning",
        r"lavish",
        r"cozy|cosy",
        r"partied|partying",
        r"junkets?",
        r"getaways?",
        r"brazen(?:ly)?",
        r"troubling",
        r"disgraceful",
        r"corrupt",
    ),
    "factive and certainty intensifiers": (
        r"(?:documented\s+|undeniable\s+)?proof",
        r"proves?",
        r"clearly",
        r"undeniabl[ey]",
        r"obviously",
        r"it[’']s\s+evident",
        r"naturally",
    ),
    "escalating": (
        r"grill(?:ed|ing)?",
        r"slam(?:med|s)?",
        r"blast(?:ed|s)",
        r"fuels?\s+speculations?",
        r"amplif(?:y|ies)\s+suspicions?",
        r"mounting\s+(?:pressure|hostilities)",
    ),
}

LOADED_GROUPS["labelling and escalating (2026 additions)"] = (
    r"fierce(?:ly)?",
    r"shenanigans",
    r"gaffes?(?:-prone)?",
    r"onslaughts?",
    r"tirades?",
    r"rants?",
    r"thugs?",
    r"regimes?",
    r"so-called",
    r"lash(?:ed|es)?\s+out",
    r"rail(?:ed|s)?\s+against",
    r"bombastic",
    r"draconian",
    r"reckless(?:ly)?",
    r"disastrous",
    r"notorious(?:ly)?",
    r"infamous",
    r"extremists?",
    r"fanatic(?:al|s)?",
    r"hysteri(?:a|cal)",
    r"debacle",
    r"fiasco",
    r"chaos|chaotic",
    r"cruel",
    r"barbaric",
)

LOADED_TERMS: tuple[str, ...] = tuple(t for group in LOADED_GROUPS.values() for t in group)


@lru_cache(maxsize=16)
def loaded_pattern(extra: tuple[str, ...] = ()) -> re.Pattern[str]:
    """One regular expression for every loaded term, longest alternatives first.

    Every built-in term starts with a letter, and before a letter ``\\b`` means the same
    as the look-behind ``(?<!\\w)``, which ``re`` scans a text with in 0.6 of the time.
    Terms in ``extra`` may start otherwise, so with them the pattern starts with ``\\b``."""
    terms = sorted((*LOADED_TERMS, *extra), key=len, reverse=True)
    start = r"\b" if extra else r"(?<!\w)"
    return re.compile(start + r"(?:" + "|".join(terms) + r")\b", re.IGNORECASE)


#: Smallest absolute VADER valence (-4..4) for a word to count as loaded: 2.0 keeps
#: strongly valenced words ("brutal" -3.1, "disastrous" -2.9) and drops mild ones ("good"
#: 1.9, "problem" -1.7). Chosen a priori (no tuning split in NewsWCL50); see
#: ``bench/eval_loaded.py``.
VADER_MIN_VALENCE = 2.0


def vader_words(min_valence: float = VADER_MIN_VALENCE) -> frozenset[str]:
    """Strongly valenced single words of the VADER lexicon (the ``vaderSentiment`` package,
    MIT license, Hutto & Gilbert 2014), or an empty set when it is not installed (install
    ``storytrace[loaded]``)."""
    try:
        from importlib.resources import files

        raw = (files("vaderSentiment") / "vader_lexicon.txt").read_text("utf-8", "replace")
    except (ModuleNotFoundError, FileNotFoundError):
        return frozenset()
    words = set()
    for line in raw.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha() and abs(float(parts[1])) >= min_valence:
            words.add(parts[0].lower())
    return frozenset(words)


_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]|''.*?''")


def loaded_spans(
    text: str, *, with_vader: bool = True, skip_quotes: bool = True, extra: tuple[str, ...] = ()
) -> list[tuple[int, int]]:
    """Spans of loaded words in ``text`` in the outlet's own voice: words inside quotation
    marks are a quoted speaker's, not the outlet's, and are skipped (``skip_quotes``)."""
    quoted = [m.span() for m in _QUOTED.finditer(text)] if skip_quotes else []
    found = [m.span() for m in loaded_pattern(extra).finditer(text)]
    if with_vader:
        strong = vader_words()
        found += [m.span() for m in re.finditer(r"[A-Za-z]+", text) if m.group().lower() in strong]
    spans = sorted(set(found))
    return [(s, e) for s, e in spans if not any(qs <= s < qe for qs, qe in quoted)]


#: A plan or booking, not known to have happened.
PLAN = re.compile(
    r"\b(?:booked|scheduled|listed\s+for|planned|planning|due\s+to|set\s+to|"
    r"expected\s+to|intended\s+to)\b",
    re.IGNORECASE,
)

#: The same thing as done.
EVENT = re.compile(
    r"\b(?:stayed|visited|visits|travel(?:l)?ed|flew|arrived|"
    r"checked\s+in|went|made\s+(?:the\s+)?trips?|toured|guests?|took\s+place|attended|"
    r"picked\s+up\s+the\s+bill|paid\s+for)\b",
    re.IGNORECASE,
)

_NEG = r"(?:not|n['’]t|never)"

#: The writer says what it could not establish.
CAVEAT = re.compile(
    r"\b(?:was|were|is|are)\s+(?:unable|not\s+able)\s+to\s+"
    r"(?:determine|establish|verify|confirm|access|ascertain|learn)"
    r"|\b(?:could|can|did|do|does|has|have)\s*" + _NEG + r"\s+(?:independently\s+)?"
    r"(?:verify|establish|confirm|determine|ascertain|show\s+whether|identify)"
    r"|\b(?:could|can)\s*" + _NEG + r"\s+be\s+(?:independently\s+)?"
    r"(?:verified|confirmed|established)"
    r"|\b(?:remains?|remained)\s+unclear\b|\bunclear\s+(?:whether|what|who|if)\b",
    re.IGNORECASE,
)

#: A reporting verb that vouches for what it reports (not after a negation).
STRONG_VERB = re.compile(
    r"(?<!not\s)(?<!n't\s)(?<!n’t\s)\b(?:confirm(?:ed|s)|reveal(?:ed|s)|corroborat(?:ed|es)|"
    r"establish(?:ed|es)|prov(?:ed|es)|verif(?:ied|ies)|documented|disclosed)\b",
    re.IGNORECASE,
)

#: Words and marks that turn a statement around.
NEGATION = re.compile(r"\b(?:not|no|never|none|neither|nor)\b|n['’]t\b", re.IGNORECASE)

#: Words that place a claim in the past as context rather than in the story.
BACKGROUND = re.compile(
    r"\b(?:in\s+(?:19|20)\d\d|since\s+(?:19|20)\d\d|has\s+long|for\s+years|"
    r"was\s+(?:built|completed|founded|drafted|established)|previously|years?\s+ago|"
    r"histor(?:y|ic|ical|ically))\b",
    re.IGNORECASE,
)

#: Direct quotes of at least a few words.
QUOTE = re.compile(r"[\"“][^\"“”]{12,}[\"”]")


def searched_once(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """Whether ``pattern`` occurs in a text, once per distinct text: the detectors ask it
    of every aligned claim, and wire copies repeat their claims. (Not one cache keyed by
    the pattern: hashing a compiled pattern hashes its whole program.)"""

    @lru_cache(maxsize=16_384)
    def found(text: str) -> bool:
        return pattern.search(text) is not None

    return found


says_event = searched_once(EVENT)
says_plan = searched_once(PLAN)
says_caveat = searched_once(CAVEAT)
