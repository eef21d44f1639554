"""The strength of the relation a claim states between two things (a second reading next
to :mod:`.certainty`).

Certainty says how a claim is *put* (asserted, hedged, denied); it cannot tell "coffee is
associated with longer life" from "coffee lengthens life", which are both asserted. This
reading follows the four levels of Yu et al. (2019), "Detecting causal language use in
science findings":

==  ========================  ==========================================================
0   ``NONE``                  no relation stated (a description, a number, an aim)
1   ``CORRELATIONAL``         "associated with", "linked to", "correlated", "predicts"
2   ``CONDITIONAL_CAUSAL``    a causal verb under a hedge: "may reduce", "could lead to"
3   ``CAUSAL``                a causal verb stated plainly: "reduces", "leads to"
==  ========================  ==========================================================

Rules, in order: a correlation phrase gives 1 (also when hedged: "may be associated with"
is still correlational); else a causal verb gives 2 when a hedge (:data:`.certainty.HEDGE`
or a modal) stands before it in the claim, else 3; else 0. The lexicons were written from
the scheme's definitions and checked on the train part of the sci-exaggeration data
(``bench/eval_certainty.py`` designates it); the reported scores are on its test part.
In the :class:`~.sheet.FactSheet` each claim that carries a correlation phrase or a causal
verb (:func:`states_relation`) has its level in ``Claim.relation`` and the deciding words in
``Claim.relation_cue`` (:func:`.relation_model.read_relations`); other claims have None there.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from storytrace.errors import ConfigError
from storytrace.model import Span
from storytrace.read.package_data import shipped_text
from storytrace.read.scan import Prefiltered, case_folded, folded_lower, word_initials
from storytrace.read.sheet import Mention, Relation, mention

#: The fitted weights of :class:`RelationModel` shipped with the package.
WEIGHTS = Path(__file__).with_name("relation_weights.json")


#: Correlation phrases: a relation without a direction of cause.
CORRELATION = re.compile(
    r"\b(?:associat(?:ed|ion|ions)\s+(?:with|between)|correlat\w*|"
    r"(?:linked|tied|related|connected)\s+(?:to|with)|link\s+between|"
    r"relationship\s+(?:between|with)|relation\s+(?:between|to)|"
    r"predict(?:s|ed|ive|or|ors)?|risk\s+factors?\s+for|"
    r"(?:higher|lower|greater|increased|reduced|decreased)\s+(?:\w+\s+){0,3}(?:risk|odds|"
    r"likelihood|rates?|prevalence|incidence)\s+(?:of|for|among|in)|"
    r"(?:more|less)\s+likely\s+to)\b",
    re.IGNORECASE,
)

#: The stems of the causal verbs in :data:`CAUSAL` (each matched with any ending).
CAUSAL_STEMS = (
    "improv|reduc|increas|decreas|lower|rais|prevent|induc|enhanc|promot|inhibit|"
    "protect|boost|trigger|contribut|worsen|alleviat|attenuat|suppress|stimulat|restor|"
    "elevat|diminish|accelerat|delay|revers|mitigat|exacerbat|impair|shorten|lengthen|"
    "extend|block|activat|regulat|modulat|eliminat|minimi[sz]|maximi[sz]|benefit|harm|"
    "damag|kill|cur|treat|reliev|ameliorat|decreas|augment|affect|impact|influenc|"
    "drive|driv|produc|generat|facilitat|hinder|stop|slow|speed|help"
)
#: Adjectives :data:`CAUSAL` names whole: they state a relation as they are.
CAUSAL_ADJECTIVES = "effective|efficacious|beneficial|helpful|harmful|protective"

#: Causal verbs and phrases: one thing changes another.
CAUSAL = re.compile(
    r"\b(?:caus(?:e|es|ed|ing)|lead(?:s|ing)?\s+to|led\s+to|result(?:s|ed|ing)?\s+in|"
    rf"(?:{CAUSAL_STEMS})\w*|"
    rf"{CAUSAL_ADJECTIVES}|"
    r"effects?\s+(?:of|on)|impacts?\s+(?:of|on)|role\s+(?:of|in)|"
    r"respons\w+\s+for|because\s+of|due\s+to|thanks\s+to|"
    r"(?:can|could|may|might|will|would)\s+(?:\w+\s+)?(?:help|make|keep|cut|save|change))\b",
    re.IGNORECASE,
)

#: Hedges that make a causal claim conditional.
_CONDITIONAL = re.compile(
    r"\b(?:may|might|could|can|possibly|potentially|probably|likely|perhaps|suggest\w*|"
    r"appears?\s+to|seems?\s+to|would|if|whether|hypothes\w+|propose\w*|"
    r"indicat\w+|implicat\w+|point\s+to|raise\s+the\s+possibility)\b",
    re.IGNORECASE,
)


def relation_rule(text: str, span: Span | None = None) -> tuple[Relation, Mention | None]:
    """The relation strength by the hand-written rules alone (the module docstring's
    order) and the words that decided it; :func:`relation_of` weighs this with other cues."""
    start, end = (0, len(text)) if span is None else (span.start, span.end)
    return _rule(text, *_rule_matches(text, start, end))


_Match = re.Match[str] | None


def _rule_matches(
    text: str, start: int, end: int, rules: tuple[re.Pattern[str], ...] | None = None
) -> tuple[_Match, _Match, _Match]:
    """The first correlation phrase, the first causal verb, and a hedge before it;
    ``rules`` are ``_RULES`` or, on ``text.lower()`` of ASCII text, ``_RULES_LOW``."""
    correlation, causal, conditional = rules or _RULES
    cause = causal.search(text, start, end)
    hedge = conditional.search(text, start, cause.end()) if cause else None
    return correlation.search(text, start, end), cause, hedge


def _rule(
    text: str, found: _Match, cause: _Match, hedge: _Match
) -> tuple[Relation, Mention | None]:
    if found:
        return Relation.CORRELATIONAL, mention(text, found.start(), found.end())
    if cause is None:
        return Relation.NONE, None
    if hedge:
        return Relation.CONDITIONAL_CAUSAL, mention(text, hedge.start(), cause.end())
    return Relation.CAUSAL, mention(text, cause.start(), cause.end())


# -- the learned layer ---------------------------------------------------------------------

#: Cue groups the learned layer weighs next to the rules: each fires on its first match.
CUE_GROUPS = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "modal": r"\b(?:may|might|could)\b",
        "can": r"\bcan\b",
        "suggest": r"\bsuggest\w*|\bindicat\w+|\bimpl(?:y|ies|ied)\b|\bpoint\s+to\b",
        "appear": r"\b(?:appears?|seems?|seemed|appeared)\s+to\b|\bpossibl\w+|\bpotential\w*"
        r"|\blikely\b|\bprobabl\w+",
        "advice": r"\b(?:should|must|need(?:s|ed)?|recommend\w*|warrant\w*|required?|essential|"
        r"necessary|important|consider\w*|encourag\w+)\b",
        "further_research": r"\b(?:further|future|more)\s+(?:\w+\s+)?(?:research|stud\w+|"
        r"investigation|trials?|work)\b",
        "compare": r"\b(?:than|compared|versus|vs\.?)\b",
        "differ": r"\bdiffer\w*\b",
        "negated_relation": r"\b(?:no|not|nor|neither)\s+(?:\w+\s+){0,3}"
        r"(?:differ\w*|significant\w*|"
        r"associat\w+|effect\w*|impact|change\w*|improv\w+|reduc\w+|increas\w+|benefit\w*|related|"
        r"correlat\w+|link\w*)",
        "negation": r"\b(?:no|not|n't|without|neither|nor|never)\b",
        "question": r"\?",
        "finding": r"\b(?:found|find|finds|show(?:s|ed|n)?|demonstrat\w+|reveal\w*|observ\w+|"
        r"report\w*|confirm\w*)\b",
        "prevalence": r"\b(?:prevalen\w+|incidence|rates?|common|frequen\w+|proportion|"
        r"percent)\b|%",
        "efficacy": r"\b(?:effective\w*|efficac\w+|safe|safety|feasib\w+|well\s+tolerated|"
        r"tolerab\w+|useful|beneficial|superior|inferior|non-?inferior)\b",
        "associated": r"\bassociat\w+",
        "correlated": r"\bcorrelat\w+",
        "linked": r"\b(?:link\w*|tied|connected|related)\b",
        "predicts": r"\bpredict\w*",
        "risk": r"\b(?:risk|odds|hazard|likelihood|chance)\w*\b",
        "more_likely": r"\b(?:more|less)\s+likely\b|\b(?:twice|times)\s+(?:as\s+)?likely\b",
        "comparative": r"\b(?:higher|lower|greater|increased|reduced|decreased|elevated|worse|"
        r"better|more|less|fewer)\b",
        "causal_verb": CAUSAL.pattern,
        "correlation_phrase": CORRELATION.pattern,
        "conditional": _CONDITIONAL.pattern,
        "aim": r"\b(?:aim\w*|purpose|objective|to\s+(?:assess|evaluate|determine|investigate|"
        r"examine|compare|describe))\b",
        "study": r"\b(?:study|studies|trial|analysis|review|cohort|data|evidence|results?|"
        r"findings?)\b",
        "because": r"\b(?:because|due\s+to|thanks\s+to|owing\s+to|as\s+a\s+result)\b",
        "effect_of": r"\beffects?\s+(?:of|on)\b|\bimpacts?\s+(?:of|on)\b|\brole\s+(?:of|in)\b",
        "whether": r"\b(?:whether|if)\b",
        "unknown": r"\b(?:unclear|unknown|remains?\s+to\s+be|not\s+(?:yet\s+)?(?:known|clear|"
        r"understood))\b",
        "number": r"\d",
        "says": r"\b(?:says?|said|according\s+to|researchers?|scientists?|authors?)\b",
    }.items()
}
_CUE_GROUPS_LOW = {name: case_folded(pattern) for name, pattern in CUE_GROUPS.items()}
#: The groups :func:`_rule_matches` searches already (their hit is reused).
_RULE_GROUPS = ("causal_verb", "correlation_phrase")


def _cue_searches(
    groups: dict[str, re.Pattern[str]],
) -> tuple[tuple[str, str, re.Pattern[str] | None, frozenset[str] | None], ...]:
    """Each group's name, feature name, pattern (None for :data:`_RULE_GROUPS`) and
    :func:`word_initials`, in order, so :func:`features` builds no name per claim."""
    return tuple(
        (name, f"cue:{name}", None if name in _RULE_GROUPS else pattern, word_initials(pattern))
        for name, pattern in groups.items()
    )


_CUE_SEARCHES = _cue_searches(CUE_GROUPS)
_CUE_SEARCHES_LOW = _cue_searches(_CUE_GROUPS_LOW)
_RULES = (CORRELATION, CAUSAL, _CONDITIONAL)
_RULES_LOW = tuple(case_folded(pattern) for pattern in _RULES)
_WORD = re.compile(r"\w+|\?")
#: Words are cut to this many characters, so "reduces" and "reduced" share a weight.
STEM_CHARS = 6


def features(text: str, span: Span | None = None) -> dict[str, tuple[int, int]]:
    """The binary features of the claim at ``span``, each with the characters that fired it:
    ``cue:<group>`` (:data:`CUE_GROUPS`), ``rule:<level>`` (:func:`relation_rule`),
    ``hedged_cause``, ``headline`` (no closing full stop), and stemmed words ``w:<stem>``
    and word pairs ``b:<stem> <stem>``."""
    start, end = (0, len(text)) if span is None else (span.start, span.end)
    found: dict[str, tuple[int, int]] = {}
    # foldable text: the case-sensitive patterns on its lowercase form (same offsets, faster)
    low = folded_lower(text)
    searched, searches, rules = (
        (text, _CUE_SEARCHES, None) if low is None else (low, _CUE_SEARCHES_LOW, _RULES_LOW)
    )
    correlation, cause, hedge = _rule_matches(searched, start, end, rules)
    known = {"causal_verb": cause, "correlation_phrase": correlation}  # searched once
    words = list(_WORD.finditer(text, start, end))
    starts = [(w.start(), searched[w.start()]) for w in words]
    for name, feature, pattern, firsts in searches:
        if pattern is None:
            hit = known[name]
        elif firsts is None:
            hit = pattern.search(searched, start, end)
        else:
            hit = _first_at(pattern, searched, end, starts, firsts)
        if hit:
            found[feature] = hit.span()
    level, why = _rule(text, correlation, cause, hedge)
    found[f"rule:{level.name.lower()}"] = (why.span.start, why.span.end) if why else (start, end)
    if cause and hedge:
        found["hedged_cause"] = cause.span()
    if not text[start:end].rstrip().endswith((".", '"', "”", "'")):
        found["headline"] = (start, end)
    previous: tuple[str, int] | None = None
    for word in words:
        stem = word.group().lower()[:STEM_CHARS]
        found.setdefault(f"w:{stem}", word.span())
        if previous is not None:
            found.setdefault(f"b:{previous[0]} {stem}", (previous[1], word.end()))
        previous = (stem, word.start())
    return found


def _first_at(
    pattern: re.Pattern[str],
    searched: str,
    end: int,
    starts: list[tuple[int, str]],
    firsts: frozenset[str],
) -> re.Match[str] | None:
    """``pattern.search(searched, start, end)`` where every match opens at a word start with
    one of ``firsts`` (:func:`word_initials`): tried only at the words of ``starts`` (each
    word's start and first character, from ``start`` on) that open with one of them."""
    for at, first in starts:
        if first in firsts:
            hit = pattern.match(searched, at, end)
            if hit:
                return hit
    return None


@dataclass(frozen=True, slots=True)
class RelationModel:
    """A linear model over :func:`features`: one intercept and one weight per feature for
    each :class:`Relation` level, fitted by ``bench/fit_relation.py`` (see
    ``relation_weights.json`` for the data and settings that chose them)."""

    intercepts: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    @classmethod
    def load(cls, path: Path | None = None) -> RelationModel:
        """The model stored at ``path`` (the shipped weights by default)."""
        data = json.loads(shipped_text(WEIGHTS) if path is None else path.read_text("utf-8"))
        return cls(tuple(data["intercepts"]), {k: tuple(v) for k, v in data["weights"].items()})

    def scores(self, found: dict[str, tuple[int, int]]) -> list[float]:
        """The linear score of each level for the features ``found``."""
        totals = list(self.intercepts)
        for name in found:
            for level, weight in enumerate(self.weights.get(name, ())):
                totals[level] += weight
        return totals

    def decide(self, text: str, span: Span | None = None) -> tuple[Relation, Mention | None]:
        """The best-scoring level and the words of the feature that pushed most for it."""
        found = features(text, span)
        totals = self.scores(found)
        level = Relation(max(range(len(totals)), key=totals.__getitem__))
        return level, explain(self, text, found, level)


def explain(
    model: RelationModel, text: str, found: dict[str, tuple[int, int]], level: Relation
) -> Mention | None:
    """The words of the feature in ``found`` that pushed most for ``level`` (None for
    ``NONE`` or when no feature pushed for it)."""
    support = [(model.weights[n][level], s) for n, s in found.items() if n in model.weights]
    best = max(support, key=lambda pair: pair[0], default=(0.0, None))
    if level == Relation.NONE or best[1] is None or best[0] <= 0:
        return None
    return mention(text, *best[1])


@lru_cache(maxsize=1)
def shipped_model() -> RelationModel:
    """The model shipped with storytrace (loaded once)."""
    return RelationModel.load()


def relation_of(text: str, span: Span | None = None) -> tuple[Relation, Mention | None]:
    """The relation strength of the claim at ``span`` (all of ``text`` by default) by the
    shipped :class:`RelationModel`, and the words that weighed most for it."""
    return shipped_model().decide(text, span)


#: The environment variable naming the relation model when the options leave it unset.
ENV = "STORYTRACE_RELATION_MODEL"
#: ``features``: the model-free :class:`RelationModel` (default); ``finetuned``: the
#: optional :mod:`.relation_model` (``storytrace[model]``), also chosen by ``embedding``,
#: the name of the frozen-embedding model it replaced.
MODEL_CHOICES = ("finetuned", "embedding")
CHOICES = ("features", *MODEL_CHOICES)


def model_choice(option: str | None = None) -> str:
    """The relation model to use: ``option``, else :data:`ENV`, else ``features``."""
    choice = option or os.environ.get(ENV) or "features"
    if choice not in CHOICES:
        raise ConfigError(
            f"relation model {choice!r} (read.relation_model or ${ENV}) is not one of "
            f"{', '.join(CHOICES)}"
        )
    return choice


#: :data:`CORRELATION` and :data:`CAUSAL` with the word prefixes every match opens with.
_RELATION_SCANS = (
    Prefiltered(
        CORRELATION,
        "associat correlat linked tied related connected link relation predict risk higher "
        "lower greater increased reduced decreased more less",
    ),
    Prefiltered(
        CAUSAL,
        "caus lead led result improv reduc increas decreas lower rais prevent induc enhanc "
        "promot inhibit protect boost trigger contribut worsen alleviat attenuat suppress "
        "stimulat restor elevat diminish accelerat delay revers mitigat exacerbat impair "
        "shorten lengthen extend block activat regulat modulat eliminat minimi maximi benef "
        "harm damag kill cur treat reliev ameliorat augment affect impact influenc driv "
        "produc generat facilitat hinder stop slow speed help effect effica respons because "
        "due thanks role can could may might will would",
    ),
)


def relation_cues(text: str) -> list[tuple[int, int]]:
    """The spans of every correlation phrase and causal verb in ``text`` (one scan)."""
    folded = text.lower()
    return sorted(s for scan in _RELATION_SCANS for s in scan.spans(text, folded))


def states_relation(text: str, span: Span, cues: list[tuple[int, int]] | None = None) -> bool:
    """Whether the claim at ``span`` carries a correlation phrase or a causal verb used as a
    relation between two things (:func:`cue_states_relation`; ``cues`` is
    :func:`relation_cues` of ``text`` when the caller has it): only those claims get a
    relation reading in the fact sheet (a claim without one is level ``NONE`` by the rules,
    and skipping it keeps reading fast, the model path above all)."""
    if cues is None:
        cues = relation_cues(text)
    i = bisect.bisect_left(cues, (span.start, -1))
    while i < len(cues) and cues[i][1] <= span.end:
        if cue_states_relation(text, *cues[i]):
            return True
        i += 1
    return False


def cue_states_relation(text: str, start: int, end: int) -> bool:
    """Whether the relation cue at ``start:end`` (one of :func:`relation_cues`) is used as a
    relation between two things. It is not when it is

    - a word of a causal stem that is neither a verb form (:data:`_VERB_FORM`) nor one of
      :data:`CAUSAL_ADJECTIVES`: a noun, adverb or adjective the stems also match
      ("production", "products", "increasingly", "current", "stopgap", "treaty");
    - part of a compound word ("all-wheel-drive", "mission-driven"; not after the verb
      prefixes of :data:`_VERB_PREFIX`: "down-regulates");
    - a noun after a determiner or possessive that takes no argument ("the delay allowed",
      "a block away", "its drive"; "the increase in", "an impact on" take one);
    - a bare state: a participle after "be" with nothing after it, or only a time
      ("had been damaged since August", "may have been damaged by late March");
    - "due to" before a verb of schedule ("due to be held");
    - "lower" as a comparative ("lower taxes"): the verb only after "to", a modal or "do".

    Correlation phrases ("associated with", "a correlation between", "predictors of",
    "higher risk for") always state one. The rules read the words around the cue, since
    the reading has no part-of-speech tagger; ``bench/check_relation_gate.py`` measures
    what they keep and drop. Only the fact sheet uses this gate: the sentence-level
    reading (:func:`relation_of`, the benchmark's) sees every cue."""
    word = text[start:end]
    if not _STEM_WORD.fullmatch(word):  # a phrase: "associated with", "led to", "due to"
        return not (_DUE_TO.fullmatch(word) and _SCHEDULED.match(text, end))
    if _ADJECTIVE.fullmatch(word):  # "helpful", "harmful", "protective" (stems match them)
        return True
    if not _VERB_FORM.fullmatch(word):
        return False
    before, after = text[max(0, start - _LOOK) : start], text[end : end + _LOOK]
    if after[:1] == "-" and after[1:2].isalnum():
        return False
    if before[-1:] == "-" and before[-2:-1].isalnum() and not _VERB_PREFIX.search(before):
        return False
    if word.lower() == "lower" and not _INFINITIVE.search(before):  # "lower taxes"
        return False
    ending = word[-2:].lower()
    if ending not in _PARTICIPLE and _DETERMINER.search(before) and not _ARGUMENT.match(after):
        return False
    return not (ending in _PASSIVE and _BE.search(before) and _STATE.match(after))


#: A word of a causal stem (the rest of :data:`CAUSAL`'s cues are phrases or adjectives).
_STEM_WORD = re.compile(rf"(?:{CAUSAL_STEMS})\w*", re.IGNORECASE)
#: An adjective :data:`CAUSAL` names whole ("helpful" is matched by the stem "help" first).
_ADJECTIVE = re.compile(CAUSAL_ADJECTIVES, re.IGNORECASE)
#: A causal stem with the ending of a verb (with a doubled last consonant: "stopped").
_VERB_FORM = re.compile(
    rf"(?:{CAUSAL_STEMS})(?:e|es|s|ed|d|ing|en|ned|ped|ping|ted|ting|ged|ging)?", re.IGNORECASE
)
#: Characters of context read on each side of a cue.
_LOOK = 40
#: Prefixes a hyphenated verb keeps ("down-regulates", "co-produced", "re-elected").
_VERB_PREFIX = re.compile(r"\b(?:up|down|co|re|over|under|pre|self)-$", re.IGNORECASE)
#: Endings of a participle or gerund: "the increased selection" is no noun use.
_PARTICIPLE = ("ed", "en", "ng")
#: Endings of a past participle: "is damaged" is passive, "is increasing" is not.
_PASSIVE = ("ed", "en")
#: A determiner or possessive right before the cue: the cue is a noun.
_DETERMINER = re.compile(
    r"(?:\b(?:the|a|an|its|his|her|their|our|your|my|this|these|those|no|any|each|every|"
    r"such|whose)|['’]s)\s+$",
    re.IGNORECASE,
)
#: A preposition after a noun cue that brings in what it relates ("the increase in",
#: "an impact on", "the benefit of"): such a noun still states a relation.
_ARGUMENT = re.compile(
    r"\s+(?:of|on|in|to|for|from|against|between|among|with|into)\b", re.IGNORECASE
)
#: A form of "be" (or "get") right before a participle, perhaps with an -ly adverb ("'s"
#: is left out: "he's benefited" is "has").
_BE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|am|get|gets|got|getting)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
#: "to" or a modal or "do" right before "lower", the one stem that is also a comparative:
#: only then is it the verb ("may lower blood pressure", not "lower taxes").
_INFINITIVE = re.compile(
    r"(?:\b(?:to|will|would|can|could|may|might|must|should|shall|do|does|did|not)|n['’]t)\s+"
    r"(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
#: What may follow a participle that is a bare state: the end of the clause or a time.
_STATE = re.compile(
    r"\s*(?:[.,;:!?\"”)]|$)|\s+(?:since|until|till|so\s+far|yet|already|ago)\b|"
    r"\s+by\s+(?:late|early|mid|the\s+(?:end|start|middle|time)|next|this|last|then|now|"
    r"tomorrow|\d|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|"
    r"summer|autumn|fall|winter)",
    re.IGNORECASE,
)
_DUE_TO = re.compile(r"due\s+to", re.IGNORECASE)
#: Verbs after "due to" that make it a schedule ("due to be held"), not a cause.
_SCHEDULED = re.compile(
    r"\s+(?:be|begin|start|take|open|close|end|arrive|return|meet|visit|launch|go|appear|"
    r"hold|face|expire|resume|run|finish|vote|sign|speak|testify|announce|release)\b",
    re.IGNORECASE,
)
