"""A learned reporting-cue tagger, next to the cue rules of :mod:`.attribution`.

The rules (``cues.REPORTING_VERBS`` and the patterns around them) find the common forms
with high precision; what they miss is a long tail of words that report speech in some of
their uses only ("support", "expected", "made clear", "spoke"): each is a cue in fewer
than half of its uses, so adding it to the lexicon costs more than it gains. This model
decides per use. It scores only the words of :attr:`CueModel.vocabulary` that no rule cue
of the sentence covers, from binary features of the word and its context
(:func:`features`): the word, its stem (:func:`lemma`, so "planned" and "plans" share
weight) and suffix, the words around it and their classes (the word's slot: after a
subject, an auxiliary or "to", before "that"), capitals, quotation marks and colons
nearby, whether it is in the rule lexicon and whether the rules already found a cue in
the sentence. A logistic regression; the weights are plain numbers in
``cue_weights.json`` (storytrace never imports scikit-learn).

Provenance: fitted by ``bench/fit_attribution.py`` on the *train* part of PolNeAR
(Newell, Margolin & Ruths, LREC 2018; 840 articles, ~22k attributions; an evaluation
data set used as the issue asks, the choices made on its dev part, its test part never
looked at). The file holds feature names and weights only, no text of the corpus.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from storytrace.model import Span
from storytrace.read.cues import REPORTING_VERBS
from storytrace.read.package_data import shipped_text

#: The fitted weights shipped with the package.
WEIGHTS = Path(__file__).with_name("cue_weights.json")

_WORD = re.compile(r"[A-Za-z][\w’'-]*")
_LAST_WORDS = re.compile(r"[\w’'-]+")
#: The lookbehind changes no match (the leftmost match never starts inside a run of word
#: characters) but spares the backtracking from every position inside each word.
_PREV_WORD = re.compile(r"(?<![\w’'-])([\w’'-]+)\W*$")
_PRONOUNS = frozenset("he she they it i we you who which".split())
_QUOTES = '"“”'


@dataclass(frozen=True, slots=True)
class CueModel:
    """Logistic-regression weights over binary feature names."""

    intercept: float
    weights: dict[str, float]

    def probability(self, names: list[str]) -> float:
        """The probability of the positive class for the features ``names``."""
        # map() sums the same floats in the same order as a generator, without its frames
        z = self.intercept + sum(map(self.weights.get, names, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True, slots=True)
class CueTagger:
    """``add``: is a word of ``vocabulary`` that no rule took a cue? ``keep``: is a cue the
    rules found a cue in this use (low scores are rule cues annotators do not mark)?"""

    vocabulary: frozenset[str]
    add: CueModel
    keep: CueModel

    @classmethod
    def load(cls, path: Path | None = None) -> CueTagger:
        """The tagger stored at ``path`` (the shipped weights by default)."""
        data = json.loads(shipped_text(WEIGHTS) if path is None else path.read_text("utf-8"))
        models = [CueModel(data[k]["intercept"], data[k]["weights"]) for k in ("add", "keep")]
        return cls(frozenset(data["vocabulary"]), *models)


@lru_cache(maxsize=1)
def shipped() -> CueTagger:
    """The shipped tagger, loaded once."""
    return CueTagger.load()


def candidates(
    text: str, sentence: Span, openers: list[int], taken: list[Span], vocabulary: frozenset[str]
) -> list[Span]:
    """Words of ``vocabulary`` in the sentence (found among ``openers``, the article's
    word starts the cue scan keeps) that lie in no span of ``taken`` (the rule cues), nor
    after a hyphen (the "minute" of "88th-minute")."""
    found = []
    for at in openers:
        if at < sentence.start or at >= sentence.end or (at and text[at - 1] in "-‐"):
            continue
        word = _WORD.match(text, at)
        if word is None or word.group().lower() not in vocabulary:
            continue
        if not any(t.start <= at < t.end for t in taken):
            found.append(Span(at, word.end()))
    return found


def quote_state(text: str, para: int, at: int) -> tuple[int, int]:
    """Open curly quotes and straight quotes between ``para`` (a paragraph start) and
    ``at`` (looking back at most 2,000 characters), for :func:`features`."""
    before = text[max(para, at - 2000) : at]
    return before.count("“") - before.count("”"), before.count('"')


def features(
    text: str, sentence: Span, word: Span, state: tuple[int, int], rule_cues: int
) -> list[str]:
    """Binary features of the candidate ``word`` (``state`` is :func:`quote_state` at the
    sentence start, ``rule_cues`` how many cues the rules found in the sentence)."""
    w = text[word.start : word.end]
    low = w.lower()
    before = _LAST_WORDS.findall(text, max(sentence.start, word.start - 60), word.start)[-2:]
    after = _LAST_WORDS.findall(text, word.end, min(sentence.end, word.end + 60))[:2]
    before = [""] * (2 - len(before)) + [b.lower() for b in before]
    after = [a.lower() for a in after] + [""] * (2 - len(after))
    gap_before = text[max(sentence.start, word.start - 3) : word.start]
    gap_after = text[word.end : min(sentence.end, word.end + 3)]
    head = text[sentence.start : word.start]
    tail = text[word.end : sentence.end]
    names = [
        "w:" + low,
        "s3:" + low[-3:],
        "p1:" + before[1],
        "p2:" + before[0],
        "n1:" + after[0],
        "n2:" + after[1],
        "w_n1:" + low + "_" + after[0],
        "p1_w:" + before[1] + "_" + low,
    ]
    if w[0].isupper():
        names.append("cap")
    if low in REPORTING_VERBS:
        names.append("lexicon")
    if before[1] in _PRONOUNS:
        names.append("p1:pronoun")
    prev_word = _PREV_WORD.search(head[-40:])
    if prev_word and prev_word.group(1)[0].isupper():
        names.append("p1:capital")
    curly = state[0] + head.count("“") - head.count("”")
    if curly > 0 or (state[1] + head.count('"')) % 2 == 1:
        names.append("in_quote")
    if '"' in head or "“" in head or "”" in head:  # any of _QUOTES
        names.append("quote_before")
    if '"' in tail or "“" in tail or "”" in tail:
        names.append("quote_after")
    if ":" in gap_after or ":" in tail[:40]:
        names.append("colon_after")
    if "," in gap_before:
        names.append("comma_before")
    if "," in gap_after:
        names.append("comma_after")
    names.append(_RULE_CUES[min(rule_cues, 2)])
    names.append(_POSITION[min(len(head.split()) // 4, 4)])
    return names + _slot_features(low, before, after)


#: The names of the ``rule_cues`` and ``position`` features, by value.
_RULE_CUES = tuple(f"rule_cues:{n}" for n in range(3))
_POSITION = tuple(f"position:{n}" for n in range(5))


def lemma(word: str) -> str:
    """A crude stem shared by a word's inflections ("planned", "plans" -> "plan")."""
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + repl
            if repl == "" and len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "ls":
                stem = stem[:-1]  # "planned" -> "plan", not "call" -> "cal"
            return stem
    return word


_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
#: Word classes of the neighbours, for the word's slot in its clause.
_CLASSES = {
    **dict.fromkeys("has have had is are was were be been being am".split(), "aux"),
    **dict.fromkeys("will would could can may might should must did does do".split(), "modal"),
    **dict.fromkeys("not never".split(), "neg"),
    **dict.fromkeys(["to"], "to"),
    **dict.fromkeys("a an the this that these those".split(), "det"),
    **dict.fromkeys("his her their its our my your".split(), "poss"),
    **dict.fromkeys("he she they we i you it".split(), "pron"),
    **dict.fromkeys("who which".split(), "rel"),
    **dict.fromkeys("of on in at for with about by from over against into".split(), "prep"),
    **dict.fromkeys("and but or".split(), "conj"),
}


def _word_class(word: str) -> str:
    if not word:
        return "none"
    if word in _CLASSES:
        return _CLASSES[word]
    if word.endswith("ly"):
        return "adv"
    return "ed" if word.endswith("ed") else "ing" if word.endswith("ing") else "word"


def _slot_features(low: str, before: list[str], after: list[str]) -> list[str]:
    """The word's stem and form, and the classes of the words around it: the slot of a
    verb after a subject ("he pitched"), after an auxiliary ("has vowed"), before "that"
    or "to", or of a noun after a determiner ("the plan")."""
    stem = lemma(low)
    form = (
        "ing"
        if low.endswith("ing")
        else "ed"
        if low.endswith("ed")
        else "s"
        if low.endswith("s")
        else "0"
    )
    p1, p2, n1 = _word_class(before[1]), _word_class(before[0]), _word_class(after[0])
    return [
        "l:" + stem,
        "s2:" + low[-2:],
        "form:" + form,
        "pc:" + p1,
        "pc2:" + p2 + "_" + p1,
        "nc:" + n1,
        "pc_form:" + p1 + "_" + form,
        "form_nc:" + form + "_" + n1,
        "l_pc:" + stem + "_" + p1,
        "l_nc:" + stem + "_" + n1,
    ]


def rule_features(
    text: str, sentence: Span, cue: Span, state: tuple[int, int], rule_cues: int
) -> list[str]:
    """:func:`features` of a rule cue's first word, plus the cue's whole wording."""
    word = _WORD.match(text, cue.start)
    first = Span(cue.start, word.end() if word else cue.end)
    wording = " ".join(text[cue.start : cue.end].lower().split()[:3])
    return [*features(text, sentence, first, state, rule_cues), "cue:" + wording]
