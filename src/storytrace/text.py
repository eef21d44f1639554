"""One text vocabulary for grouping and tracing: words, stopwords, stems, shingles.

Grouping (:mod:`storytrace.group`) and tracing (:mod:`storytrace.trace`) tokenise the
same way, drop the same function words and stem alike, so "the same word" means one thing
across the stages. :class:`TextView` holds what they need of one article, computed once
per article however many pairs it takes part in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
"""A word: letters and digits, with one inner apostrophe ("don't", "Reuters’")."""

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing done down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its it's itself just me more most my myself no nor not now of off on
    once onto only or other our ours ourselves out over own same shall she should so some
    such than that the their theirs them themselves then there these they this those through
    to too under until up very was we were what when where which while who whom whose why
    will with without would you your yours yourself said says say told according new one two
    three four five six seven eight nine ten last year years week month day monday tuesday
    wednesday thursday friday saturday sunday mr mrs ms people time first since still may
    might must s t""".split()
)
"""Function words and words every news story uses (reporting verbs, weekdays, small
numbers): they say nothing about which story a text tells."""

CALENDAR_WORDS = frozenset(
    """january february march april june july august september october november december
    sept""".split()
)

STEM_LENGTH = 6
"""Words are compared by their first six letters after one common suffix is cut: a crude
stem that joins "inspector" and "inspectors" or "reported" and "reporting" without a
stemmer dependency."""

_SUFFIXES = ("'s", "’s", "ing", "ed", "es", "s", "ly")


def words_of(text: str) -> list[str]:
    """The lower-cased words of ``text``, in order."""
    return WORD.findall(text.lower())


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A crude stem: lower case, one common suffix off, at most ``STEM_LENGTH`` letters
    ("stayed" -> "stay", "inspectors" -> "inspec")."""
    w = word.lower()
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    return w[:STEM_LENGTH]


def is_content(word: str) -> bool:
    """A lower-cased word that carries content: no stopword, no number, 3+ characters."""
    return len(word) > 2 and word not in STOP_WORDS and not word.isdigit()


def content_stems(tokens: list[str]) -> list[str]:
    """Stems of the content words of lower-cased ``tokens``, in order, repeats kept (each
    distinct word is checked and stemmed once: an article repeats most of its words)."""
    stems = {w: stem(w) for w in set(tokens) if is_content(w)}
    return [stems[w] for w in tokens if w in stems]


def shingles(tokens: list[str], n: int) -> set[str]:
    """The ``n``-word shingles of ``tokens`` (one shingle when the text is shorter)."""
    if n == 2 and len(tokens) >= 2:  # word bigrams, the common case, without slicing
        return {f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)}
    return {" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))}


PAIR_WINDOW = 4
"""A content stem and each of the next three make stem pairs: "vaccine ... trial" stays a
pair when a rewrite changes the function words or adds an adjective between them, where
the word bigram is lost. Three rather than one or four: on f3-dev fold 0 (rewrites vs
their original and vs another original) the pairs of neighbours only, or up to four
apart, separated them slightly less (ROC AUC within 0.001)."""


def stem_pairs(stems: list[str], window: int) -> set[tuple[str, str]]:
    """Ordered pairs of content stems fewer than ``window`` content words apart."""
    return {pair for gap in range(1, window) for pair in zip(stems, stems[gap:], strict=False)}


NAME_PRIOR = 2
"""Unmatched names added to a text's names when their share found in another text is
taken: one shared name out of one says little ("COVID" in any two notes on the pandemic),
eight of ten a lot. On f3-dev fold 0 (rewrites vs their own and another original, whole
traces simulated, five-fold refits of the retelling score, thresholds 0.25-0.60 by 0.05)
no threshold kept link precision and recall both at least 0.97 with the plain share; with
priors of 2, 3 or 5, four did (1 or 8: three); 2 is the least of those (bench/README.md,
``eval_f3.py``, fourth round of missed links)."""

_SENTENCE_START = re.compile(r"(?:^|[.!?:\n])[\s\"'“‘(\[-]*$")
"""What ends the text before a word that starts a sentence, a line or a quotation."""


def names_of(text: str) -> set[str]:
    """The lower-cased content words written with a capital inside a sentence ("Cuomo",
    "CDC", "Wuhan"): names, mostly. A capital at the start of a sentence, a line or a
    quotation says nothing, so those words are left out."""
    found = set()
    for m in WORD.finditer(text):
        word = m.group()
        if not word[0].isupper():
            continue
        lowered = word.lower()
        if lowered in found or not is_content(lowered):  # a name is looked at until found
            continue
        if not _SENTENCE_START.search(text, max(0, m.start() - 4), m.start()):
            found.add(lowered)
    return found


@dataclass(frozen=True, slots=True)
class TextView:
    """One article's words, content stems, word bigrams, stem pairs and names (see
    :func:`names_of`), computed once."""

    tokens: tuple[str, ...]
    stems: frozenset[str]
    bigrams: frozenset[str]
    stem_pairs: frozenset[tuple[str, str]]
    names: frozenset[str]
    words: frozenset[str]  # the distinct lower-cased words

    @classmethod
    def of(cls, text: str) -> TextView:
        tokens = words_of(text)
        stems = content_stems(tokens)
        return cls(
            tuple(tokens),
            frozenset(stems),
            frozenset(shingles(tokens, 2)),
            frozenset(stem_pairs(stems, PAIR_WINDOW)),
            frozenset(names_of(text)),
            frozenset(tokens),
        )

    def stem_overlap(self, other: TextView) -> float:
        """Shared content stems over the smaller article's (overlap coefficient)."""
        smaller = min(len(self.stems), len(other.stems))
        return len(self.stems & other.stems) / smaller if smaller else 0.0

    def bigram_containment(self, other: TextView) -> float:
        """Share of this text's word bigrams the other also has."""
        return len(self.bigrams & other.bigrams) / len(self.bigrams) if self.bigrams else 0.0

    def name_containment(self, other: TextView) -> float:
        """Share of this text's names found among the other's words, whatever their case
        ("Cuomo" in a text written all in lower case, "andrew cuomo said", counts), with
        ``NAME_PRIOR`` unmatched names added to the count (see there)."""
        return len(self.names & other.words) / (len(self.names) + NAME_PRIOR)

    def pair_containment(self, other: TextView) -> float:
        """Share of this text's stem pairs (see :func:`stem_pairs`) the other also has."""
        found = self.stem_pairs
        return len(found & other.stem_pairs) / len(found) if found else 0.0
