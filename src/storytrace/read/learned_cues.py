"""Cues the learned tagger (:mod:`.cue_model`) adds to the rule cues of
:mod:`.attribution`, and the sources it gives them.

A word of the tagger's vocabulary that no rule cue covers becomes a cue when its
probability reaches ``ReadOptions.cue_model_threshold``; its source and content are looked
for by the rules of a lexicon cue first, then (``_by_subject``) by the agent of a passive,
the source of the cue before a participle, or the subject of its clause. A cue whose
speaker the text does not name at all ("was accused of", "is expected to", "Asked about
...") is kept with an unnamed source (:func:`unsourced`) when
``ReadOptions.cue_without_source`` is on; so are the rule cues in the passive without an
agent (:func:`unsourced_passives`). With ``ReadOptions.cue_keep_threshold`` above 0 the
tagger's ``keep`` model also drops rule cues it finds unlikely in their context.
"""

from __future__ import annotations

import bisect
import re

from storytrace.model import Span
from storytrace.read import cue_model
from storytrace.read.attribution import (
    _FIRST_PERSON,
    _NOT_A_CUE,
    _PROCESS_VERBS,
    _attribute,
    _Cue,
    _is_noun_phrase,
    _is_passive,
    _subject,
    by_agent,
)
from storytrace.read.chunks import near_subject, span_after
from storytrace.read.cues import REPORTING_VERBS
from storytrace.read.options import ReadOptions
from storytrace.read.sheet import Attribution, Mention, SourceKind, Strength, mention
from storytrace.read.source_kind import DETERMINERS, PERSON_HEADS, classify_source

#: A cue the tagger found, shaped as a ``CUE`` match (the refusal/after groups never match).
_MODEL_CUE = re.compile(
    r"(?P<refusal>(?!x)x)?(?P<after>(?!x)x)?(?P<verb>[\w’'-]+)(?!\s+(?:up|off|down|away|as)\b)"
)


def model_cues(
    text: str, sentence: Span, found: list[Attribution], openers: list[int], opts: ReadOptions
) -> list[Attribution]:
    """Attributions whose cue the learned tagger finds (probability at least
    ``opts.cue_model_threshold``) where the rules found none; the source and content are
    looked for by the same rules as for a lexicon cue. Adjacent words ("made clear") give
    one cue."""
    model = cue_model.shipped()
    lo, hi = bisect.bisect_left(openers, sentence.start), bisect.bisect_left(openers, sentence.end)
    words = cue_model.candidates(text, sentence, openers[lo:hi], taken(found), model.vocabulary)
    if not words:
        return []
    para = text.rfind("\n", max(0, sentence.start - 2000), sentence.start) + 1
    state = cue_model.quote_state(text, para, sentence.start)
    out: list[Attribution] = []
    last = -1
    for word in words:
        names = cue_model.features(text, sentence, word, state, len(found))
        if model.add.probability(names) < opts.cue_model_threshold:
            continue
        if last >= 0 and len(text[last : word.start].split()) <= 1:
            continue
        if _NEGATED.search(text, max(sentence.start, word.start - 12), word.start):
            continue  # "has not confirmed": the source vouches for nothing
        low = text[word.start : word.end].lower()
        verb, strength = REPORTING_VERBS.get(low, (low, Strength.NEUTRAL))
        m = _MODEL_CUE.match(text, word.start)
        if m is None or m.end() != word.end:  # a phrasal verb: "showed up"
            continue
        cue = _Cue(m, verb, strength)
        attribution = _attribute(text, sentence, cue, opts)
        attribution = attribution or _by_subject(text, sentence, cue, opts, found + out)
        if attribution is None and opts.cue_without_source and _speakerless(text, sentence, cue):
            attribution = unsourced(text, sentence, cue)
        if attribution is not None and (attribution.source is None or _speaker_like(attribution)):
            out.append(attribution)
            last = word.end
    return out


def unsourced(text: str, sentence: Span, cue: _Cue) -> Attribution:
    """An attribution to an unnamed source: the cue names nobody ("Mr. Hale was accused
    of ...", "The vote is expected to ..."), so its content is reported, not asserted by
    the outlet. Kind ``UNNAMED``, no source mention."""
    m = cue.match
    content = span_after(text, m.end(), sentence.end)
    cue_mention = mention(text, m.start(), m.end())
    return Attribution(SourceKind.UNNAMED, None, cue_mention, cue.verb, cue.strength, content)


def unsourced_passives(
    text: str, sentence: Span, orphans: list[_Cue], opts: ReadOptions
) -> list[Attribution]:
    """The lexicon cues the rules found no source for that are passives without an agent
    ("he was accused of", "they have been criticized for"): attributions to an unnamed
    source when ``opts.cue_without_source`` is on. Negated, nominal and infinitive uses,
    process verbs ("is being discussed") and "was told" (its subject is the listener, the
    teller unknown) stay out."""
    if not opts.cue_without_source:
        return []
    return [
        unsourced(text, sentence, cue)
        for cue in orphans
        if cue.match.group("verb")
        and cue.verb not in _NOT_UNSOURCED
        and _is_passive(text, sentence.start, cue.match)
        and not _nominal(text, sentence, cue.match)
    ]


#: "was told", "when asked": the subject is the listener, and the content is not a claim
#: of the unnamed teller; "was found" is mostly a place ("found in his car").
_NOT_UNSOURCED = _PROCESS_VERBS | {"tell", "ask", "find"}


def _speakerless(text: str, sentence: Span, cue: _Cue) -> bool:
    """Whether a tagged cue that no rule gives a source names no speaker at all: a passive
    ("is expected to") or the sentence's first word ("Asked about ...", "Citing ...").
    Elsewhere a subject is there that the rules missed ("Holm once described ..."), and an
    unnamed source would be wrong."""
    m = cue.match
    if cue.verb in _NOT_UNSOURCED or _nominal(text, sentence, m):
        return False
    opening = not text[sentence.start : m.start()].strip(" \"“‘'")
    return opening or _is_passive(text, sentence.start, m)


def _nominal(text: str, sentence: Span, m: re.Match[str]) -> bool:
    """A cue word after a determiner, "to" or a negation ("these claims", "unable to
    determine", "not said"): with no speaker named, it reports nothing."""
    return bool(_NOT_A_CUE.search(text, max(sentence.start, m.start() - 30), m.start()))


def taken(found: list[Attribution]) -> list[Span]:
    """Where the tagger adds no cue: the rule cues, and what lies between a source and its
    cue ("X, who requested anonymity, said": an appositive, not a statement)."""
    return [
        Span(min(a.source.span.start, a.cue.span.start), a.cue.span.end) if a.source else a.cue.span
        for a in found
    ]


def keep(
    text: str, sentence: Span, found: list[Attribution], opts: ReadOptions
) -> list[Attribution]:
    """The rule attributions the tagger's ``keep`` model does not score below
    ``opts.cue_keep_threshold``."""
    if not found or opts.cue_keep_threshold <= 0:
        return found
    keep = cue_model.shipped().keep
    para = text.rfind("\n", max(0, sentence.start - 2000), sentence.start) + 1
    state = cue_model.quote_state(text, para, sentence.start)
    return [
        a
        for a in found
        if keep.probability(cue_model.rule_features(text, sentence, a.cue.span, state, len(found)))
        >= opts.cue_keep_threshold
    ]


def _by_subject(
    text: str, sentence: Span, cue: _Cue, opts: ReadOptions, earlier: list[Attribution]
) -> Attribution | None:
    """A tagger cue the rules give no source: the agent of a passive ("was endorsed by
    X"), the source of the cue before a participle ("X said, adding"), else the subject
    of its clause ("and state leaders could call", "X has not mentioned")."""
    m = cue.match
    content = span_after(text, m.end(), sentence.end)
    if _is_passive(text, sentence.start, m):
        agent = by_agent(text, sentence, cue, opts)
        source, content = (agent.source, agent.content) if agent else (None, None)
    elif _participle_of(text, m, earlier):  # "X said, adding ...": X again
        source = _participle_of(text, m, earlier)
    else:
        near = near_subject(text, sentence.start, m.start(), opts.max_source_words)
        source = (
            mention(text, *near)
            if near and _is_noun_phrase(text[near[0] : near[1]], opts)
            else None
        )
        source = source or _subject(text, sentence, m.start(), opts)
    if source is None or source.text.lower() in _FIRST_PERSON or _weak(source.text):
        return None
    cue_mention = mention(text, m.start(), m.end())
    return Attribution(
        classify_source(source.text), source, cue_mention, cue.verb, cue.strength, content
    )


_NEGATED = re.compile(r"(?:\b(?:not|never)|n['’]t)\s+$", re.IGNORECASE)
_PREPOSITIONS = frozenset("despite in on at after before during since under with for".split())
#: Last words that leave a phrase unfinished ("Such", "a press conference to").
_UNFINISHED = (
    frozenset("such to of for in on at with by from".split())
    | (DETERMINERS - frozenset("many most some all both others none several".split()))
    | {"my", "your"}
)


def _speaker_like(attribution: Attribution) -> bool:
    """Whether a tagger cue's source can speak: not a relative pronoun ("who requested
    anonymity" is an appositive), not a weak phrase, and an unnamed source only with a
    person word ("senior officials", not "these visits")."""
    text = attribution.source.text
    if text.lower() in ("who", "which", "that") or _weak(text):
        return False
    return attribution.kind is not SourceKind.ANONYMOUS or bool(PERSON_HEADS.search(text))


def _weak(source: str) -> bool:
    """A subject that cannot be a speaker: a lone determiner, a phrase cut after a
    preposition, or one holding a verb ("They're collaborating")."""
    words = source.lower().split()
    return (
        words[-1] in _UNFINISHED
        or any(c.isdigit() for c in words[-1])  # "... his 88th-minute" goal
        or words[0] in _PREPOSITIONS
        or words[0] in ("my", "our", "your")  # the writer's own: "My ask is simple"
        or any(w.endswith("ing") or "’re" in w or "'re" in w for w in words)
    )


def _participle_of(text: str, m: re.Match[str], earlier: list[Attribution]) -> Mention | None:
    """The source of the attribution before a participle cue after a comma."""
    if not m.group().lower().endswith("ing") or not text[
        max(0, m.start() - 3) : m.start()
    ].rstrip().endswith(","):
        return None
    before = [a for a in earlier if a.cue.span.end <= m.start()]
    return max(before, key=lambda a: a.cue.span.end).source if before else None
