"""Attribution: who a claim rests on, the reporting verb, and the attributed content.

For each sentence every reporting cue (``REPORTING_VERBS``, "according to", refusals to
comment) is found by one precompiled regex. Its source is then looked for, in order:

1. after the cue: "according to X", "reported by X", or an inverted "..., said X";
2. the comma-delimited chunk right before the cue: "..., the records showed";
3. the sentence's first noun phrase, when only appositives stand between it and the cue:
   "A Western defense official, who ..., said".

A chunk counts as a noun phrase when it is short (``ReadOptions.max_source_words``), opens
with a determiner, number, pronoun or capital, and holds no finite verb. The source is then
classified by ``classify_source`` into a :class:`SourceKind`.

These are the rules. :func:`.attributions.find_attributions` runs them, then the learned
cue tagger (:mod:`.cue_model`, :mod:`.learned_cues`), which adds the cues of the long tail
the lexicon leaves out ("made clear", "spoke out"), gated by
``ReadOptions.cue_model_threshold``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from storytrace.model import Span
from storytrace.read import cue_model
from storytrace.read.appositives import appositives_only, lead_name, name_past_appositives
from storytrace.read.chunks import (
    CHUNK_END,
    chunk_start,
    clean_chunk,
    quoted,
    span_after,
    span_before,
    split_chunks,
    trim,
)
from storytrace.read.cues import CUE, REFUSAL, REPORTING_VERBS
from storytrace.read.options import ReadOptions
from storytrace.read.scan import Folded, word_trie
from storytrace.read.sheet import Attribution, Mention, SourceKind, Strength, mention
from storytrace.read.source_kind import (
    DESCRIBED_NAME,
    DETERMINERS,
    DOCUMENT_WORDS,
    NOT_AN_OPENER,
    ORGANISATION_WORDS,
    PERSON_HEADS,
    PRONOUNS,
    TIME_WORDS,
    classify_source,
)

_AFTER_COMMA = re.compile(r"(?:[,\"”]|'')\s*$")
_PHRASE_END = re.compile(r"\s*(?:[,.;:!?()]|$)")

__all__ = [
    "CUE",
    "REFUSAL",
    "REPORTING_VERBS",
    "classify_source",
    "quoted",
]

_WORD_ONLY = re.compile(r"[A-Za-z]+")
_FIRST_PERSON = frozenset("i we you".split())
#: First words of every cue: the only places ``CUE`` is tried.
_CUE_OPENERS = frozenset(REPORTING_VERBS) | frozenset(
    "according reported in declined refused declines refuses did does has have had "
    "didn doesn hasn haven hadn".split()
)
#: Finite verbs and auxiliaries that keep a chunk from being a noun phrase.
FINITE = frozenset(
    "is are was were has have had did does do will would can could should may might "
    "be been being made make visited traveled travelled came went took".split()
)
#: Chunks that only open a sentence ("However,"), never a source.
DISCOURSE = frozenset(
    "however meanwhile moreover still now also instead indeed yet thus therefore "
    "furthermore separately earlier later ultimately naturally notably".split()
)

_CAPWORD = re.compile(r"[A-Z][\w’'-]*")
_WORD = re.compile(r"[\w’'-]+")
#: Words before a cue that make it a noun ("the claims"), an infinitive ("unable to
#: determine") or a negation ("couldn't establish"): then it reports nothing.
_NOT_A_CUE = Folded(
    re.compile(
        r"(?:\b(?:the|a|an|these|those|this|his|her|their|its|such|of|to|not|never|no)|n['’]t)\s+$",
        re.IGNORECASE,
    )
)
#: The longest word ``_NOT_A_CUE`` can match (its words are literals).
_LONGEST_NOT_A_CUE_WORD = max(len(w) for w in re.findall(r"[A-Za-z]+", _NOT_A_CUE.pattern.pattern))


def _not_a_cue(text: str, lo: int, at: int) -> bool:
    """``_NOT_A_CUE.search(text, lo, at)``, started where a match can start: its word
    ends where the white space before ``at`` begins."""
    space = at
    while space > lo and text[space - 1].isspace():
        space -= 1
    return _NOT_A_CUE.search(text, max(lo, space - _LONGEST_NOT_A_CUE_WORD), at) is not None


#: A passive cue ("he was asked", "it is being discussed", "when asked"): its subject is
#: not the source.
_PASSIVE = Folded(
    re.compile(
        r"\b(?:is|are|was|were|be|been|being|get|gets|got|when|if|once|until|unless)\s+$",
        re.IGNORECASE,
    )
)
_PARTICIPLE_FORMS = frozenset("told said found thought shown sought known written".split())
#: "-ed" words allowed inside a source phrase (adjectives, not verbs).
_PARTICIPLES = frozenset("seen shown given written known taken held kept sent made".split())
_ED_OK = frozenset("unnamed retired senior informed concerned unidentified armed united".split())


@dataclass(frozen=True, slots=True)
class _Cue:
    match: re.Match[str]
    verb: str
    strength: Strength


def rule_attributions(
    text: str,
    sentence: Span,
    opts: ReadOptions,
    openers: list[int],
    orphans: list[_Cue] | None = None,
) -> list[Attribution]:
    """The attributions of the lexicon cues (``CUE``) in the sentence, nested ones included;
    the cues the rules find no source for are appended to ``orphans`` when it is given."""
    found: list[Attribution] = []
    for m in _cue_matches(text, sentence.start, sentence.end, openers):
        if _in_name(text, sentence.start, m):
            continue
        cue = _cue(m)
        attribution = _attribute(text, sentence, cue, opts, found[-1] if found else None)
        if attribution is not None:
            found.append(attribution)
        elif orphans is not None:
            orphans.append(cue)
    return found


_NAME_BEFORE = re.compile(r"[A-Z][\w’'.-]*\s+$")
_LOWER_AFTER = re.compile(r"\s*(?:[,;:)]|[a-z])")


def _in_name(text: str, start: int, m: re.Match[str]) -> bool:
    """A capitalised cue word inside a name, not a title-case headline: "The Morning Show
    on Tuesday", "Stevie Wonder, who"."""
    return (
        m.group()[0].isupper()
        and m.start() > start
        and bool(_NAME_BEFORE.search(text, max(start, m.start() - 40), m.start()))
        and bool(_LOWER_AFTER.match(text, m.end()))
    )


@dataclass(frozen=True, slots=True)
class Openers:
    """Where cues may start in an article: ``rule`` the words that can open a ``CUE``
    match, ``tagged`` the words of the learned tagger's vocabulary."""

    rule: list[int]
    tagged: list[int]


def cue_openers(text: str) -> Openers:
    """The :class:`Openers` of ``text``, in one scan of the article: the words (runs of
    ASCII letters) whose lowercase form is a cue opener or in the tagger's vocabulary."""
    keep, vocabulary = _openers(), cue_model.shipped().vocabulary
    folded = text.lower()
    if len(folded) == len(text) and "\u212a" not in text:  # the letters line up: one scan
        words = [(m.start(), m.group()) for m in _kept_words().finditer(folded)]
    else:
        words = [
            (w.start(), low)
            for w in _WORD_ONLY.finditer(text)
            if (low := w.group().lower()) in keep
        ]
    return Openers(
        [at for at, low in words if low in _CUE_OPENERS],
        [at for at, low in words if low in vocabulary],
    )


@lru_cache(maxsize=1)
def _kept_words() -> re.Pattern[str]:
    """The words of :func:`_openers` on lowercased text, as a trie regex; only the Kelvin
    sign lowercases to an ASCII letter, so elsewhere ``[a-z]`` there is ``[A-Za-z]`` here."""
    words = {w for w in _openers() if w.isascii() and w.isalpha() and w.islower()}
    return re.compile(rf"(?<![a-z]){word_trie(words)}(?![a-z])")


@lru_cache(maxsize=1)
def _openers() -> frozenset[str]:
    """Words the cue scan keeps: rule cue openers and the learned tagger's candidates."""
    return _CUE_OPENERS | cue_model.shipped().vocabulary


def _cue_matches(text: str, start: int, end: int, openers: list[int]) -> list[re.Match[str]]:
    """``CUE`` matches in ``text[start:end]``, tried only at ``openers``, the few words that
    can open a cue (much faster than scanning with the alternation)."""
    found: list[re.Match[str]] = []
    last = start
    for at in openers[bisect.bisect_left(openers, start) : bisect.bisect_left(openers, end)]:
        if at >= last:
            m = _cue_pattern(text, at, end).match(text, at, end)
            if m:
                found.append(m)
                last = m.end()
    return found


_VERBS_BY_LENGTH = sorted(REPORTING_VERBS, key=len, reverse=True)
_VERB_GROUP = "(?P<verb>" + "|".join(_VERBS_BY_LENGTH) + ")"
#: Whether ``CUE`` holds that alternation (else it is tried whole).
_SPLIT_VERBS = _VERB_GROUP in CUE.pattern


def _with_verbs(verbs: str) -> re.Pattern[str]:
    """``CUE`` with ``verbs`` (a regex) in place of its alternation of reporting verbs."""
    return re.compile(CUE.pattern.replace(_VERB_GROUP, f"(?P<verb>{verbs})"), CUE.flags)


#: ``CUE`` where the word found is a reporting verb: the verb group takes the whole word
#: (ASCII letters, matched case-sensitively, as the word was found).
_CUE_VERB = _with_verbs("(?-i:[A-Za-z]+)")
#: ``CUE`` where the word found is no reporting verb: only a refusal or an "according to".
_CUE_NO_VERB = _with_verbs("(?!x)x")


def _cue_pattern(text: str, at: int, end: int) -> re.Pattern[str]:
    """The pattern that finds the ``CUE`` match at ``at`` (in ``text[:end]``) with the fewest
    alternatives. Every reporting verb is a word of ASCII letters, so at a word of ASCII
    letters followed by no letter of any kind only the word itself can be the verb: one of
    two patterns compiled once serves every such word. Before a non-ASCII character (which
    may fold to an ASCII letter under ``IGNORECASE``: "ſ", the Kelvin sign), the verbs that
    begin with the word stay literal (:func:`_cue_at`)."""
    word = _WORD_ONLY.match(text, at, end)
    if word is None or not _SPLIT_VERBS:
        return CUE
    after = word.end()
    if after < end and not text[after].isascii():
        return _cue_at(word.group().lower())
    return _CUE_VERB if word.group().lower() in REPORTING_VERBS else _CUE_NO_VERB


@lru_cache(maxsize=2048)
def _cue_at(word: str) -> re.Pattern[str]:
    """``CUE`` for a cue opening with ``word`` (lowercase letters): only the reporting verbs
    that begin with it can match there, so the others are left out of the alternation
    (the same matches, without trying some 400 verbs at every opener)."""
    if not _SPLIT_VERBS:
        return CUE
    return _with_verbs("|".join(v for v in _VERBS_BY_LENGTH if v.startswith(word)) or "(?!x)x")


def _cue(m: re.Match[str]) -> _Cue:
    if m.group("refusal"):
        return _Cue(m, "decline to comment", Strength.NO_STATEMENT)
    if m.group("after"):
        return _Cue(m, " ".join(m.group().lower().split()), Strength.NEUTRAL)
    verb, strength = REPORTING_VERBS[m.group().lower()]
    return _Cue(m, verb, strength)


def _attribute(
    text: str, sentence: Span, cue: _Cue, opts: ReadOptions, previous: Attribution | None = None
) -> Attribution | None:
    """The attribution of one cue; ``previous`` is the sentence's attribution before it,
    whose source a participle cue shares ("X said, adding")."""
    m = cue.match
    window = max(sentence.start, m.start() - opts.max_cue_window)
    if window > sentence.start:  # a run-on sentence: look back a bounded window only
        cut = text.find(" ", window, m.start())
        sentence = Span(cut + 1 if cut >= 0 else m.start(), sentence.end)
    if not m.group("refusal") and _not_a_cue(text, max(sentence.start, m.start() - 30), m.start()):
        return None
    if m.group("verb") and _is_passive(text, sentence.start, m):
        return by_agent(text, sentence, cue, opts)  # "was endorsed by X": X, else none
    if m.group("after"):
        source = _phrase_after(text, m.end(), sentence.end, opts)
        content = _content_around(text, sentence, m.start(), source)
    else:
        source = _named_before(text, sentence, m.start())
        source = None if source else _inverted_source(text, sentence, m, opts)
        if source is not None:
            content = span_before(
                text, sentence.start, chunk_start(text, sentence.start, m.start())
            )
        else:
            source = _source_before(text, sentence, m.start(), opts)
            content = _content_of(text, sentence, m, source) if source else None
    if source is None and _PARTICIPLE_CUE.search(text, max(sentence.start, m.start() - 5), m.end()):
        # "X said, adding ...": X; "X mocked it, saying ...": the sentence's subject
        source = previous.source if previous else _subject(text, sentence, m.start(), opts)
        content = span_after(text, m.end(), sentence.end) if source else None
    relative = _RELATIVE.search(text, max(sentence.start, m.start() - 40), m.start())
    if relative and not m.group("after"):  # "X, who told reporters ...": "who" is the source
        who = mention(text, relative.start(1), relative.end(1))
        named = _before_relative(text, sentence.start, who.span.start)
        named = named or (source if source and source.span.end <= who.span.start else None)
        content = span_after(text, m.end(), sentence.end)
        kind = classify_source(named.text) if named else SourceKind.ANONYMOUS
        cue_mention = mention(text, m.start(), m.end())
        return Attribution(kind, who, cue_mention, cue.verb, cue.strength, content, named)
    if source is None or source.text.lower() in _FIRST_PERSON:
        return None
    kind = classify_source(source.text)
    cue_mention = mention(text, m.start(), m.end())
    return Attribution(kind, source, cue_mention, cue.verb, cue.strength, content)


#: A relative pronoun that is the subject of the cue right after it ("who has said").
_RELATIVE = Folded(
    re.compile(
        r"\b(who|which)(?:['’]s)?\s+(?:(?:in|on|last|this|earlier)\s+\w+\s+)?(?:(?:also|has|have|had|later|previously|then|once|recently|"
        r"repeatedly|publicly|first|never|not|often)\s+){0,2}$",
        re.IGNORECASE,
    )
)
#: The noun phrase a relative pronoun stands for: a name, else a description.
_ANTECEDENTS = (
    re.compile(
        r"(?<![\w.’'-])(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w’'-]*(?:\s*\([^()]{1,12}\))?\s*,?\s*$"
    ),
    re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+(?:[\w’'-]+\s+){0,3}[\w’'-]+\s*,?\s*$"),
)


def _before_relative(text: str, start: int, at: int) -> Mention | None:
    for pattern in _ANTECEDENTS:
        found = pattern.search(text, max(start, at - 80), at)
        if found is not None:
            s, e = trim(text, found.start(), found.end())
            if e > s and _is_noun_phrase(text[s:e], ReadOptions()):
                return mention(text, s, e)
    return None


def _is_passive(text: str, start: int, m: re.Match[str]) -> bool:
    word = m.group().lower()
    participle = word.endswith("ed") or word in _PARTICIPLE_FORMS
    return participle and bool(_PASSIVE.search(text, max(start, m.start() - 12), m.start()))


def by_agent(text: str, sentence: Span, cue: _Cue, opts: ReadOptions) -> Attribution | None:
    """A passive cue's attribution to its agent ("The plan was endorsed by X": X, with the
    subject before the cue as content); None without a "by" phrase."""
    m = cue.match
    if cue.verb in _PROCESS_VERBS:  # "is being discussed by the board" states nothing
        return None
    by = _BY.match(text, m.end(), sentence.end)
    source = _phrase_after(text, by.end(), sentence.end, opts) if by else None
    if source is None or source.text.split()[0].lower() in NOT_AN_OPENER:
        return None
    subject = clean_chunk(text, sentence.start, m.start())  # without "was"
    content = span_before(text, *subject) if subject else None
    cue_mention = mention(text, m.start(), m.end())
    kind = classify_source(source.text)
    return Attribution(kind, source, cue_mention, cue.verb, cue.strength, content)


_BY = re.compile(r"\s+by\s+", re.IGNORECASE)
#: Cue verbs whose passive agent holds no position on the subject.
_PROCESS_VERBS = frozenset("discuss debate consider review examine study".split())


def _content_of(text: str, sentence: Span, m: re.Match[str], source: Mention) -> Mention | None:
    """After the cue ("X said that ..."), or before the source when the cue ends the
    sentence ("..., the records showed", "..., Reuters reported on Friday")."""
    tail = text[m.end() : sentence.end]
    before = text[sentence.start : source.span.start].rstrip()
    if before.endswith((",", "”", '"')) and "that" not in tail.split() and len(tail.split()) <= 5:
        return span_before(text, sentence.start, len(before) + sentence.start)
    return span_after(text, m.end(), sentence.end)


# --- finding the source -------------------------------------------------------------

#: A participle cue after a comma, or a cue joined to an earlier verb ("..., saying",
#: "and said"): its source is the subject of the sentence.
_PARTICIPLE_CUE = re.compile(r"(?:,\s*\w+ing|\b(?:and|but)\s+\w+)$", re.IGNORECASE)


def _subject(text: str, sentence: Span, cue_start: int, opts: ReadOptions) -> Mention | None:
    """The noun phrase opening the sentence, up to its first verb ("Rival Petra Holm had
    mocked it, saying ..." -> "Rival Petra Holm")."""
    start = sentence.start
    intro = _INTRO.match(text, start, cue_start)  # "On Monday, Clinton ..."
    start = intro.end() if intro else start
    while start < cue_start and text[start] in " \"“”‘’'":
        start += 1
    words = list(_WORD.finditer(text, start, cue_start))
    end = start
    for word in words[: opts.max_source_words]:
        low = word.group().lower()
        if low in FINITE or low in REPORTING_VERBS or _is_verb_ed(low):
            break
        end = word.end()
        if text[end : end + 1] in ",;:":
            break
    if end <= start:
        return None
    phrase = text[start:end]
    return mention(text, start, end) if _is_noun_phrase(phrase, opts) else None


#: An opening phrase before the subject: "On Monday,", "Interestingly,", "In a speech,".
_INTRO = re.compile(
    r"\s*(?:(?:In|On|At|During|After|Before|Since|Last|This|Earlier|Later)\b[^,]{0,60}|"
    r"[A-Z][a-z]+ly|However|Meanwhile|Still|Now|Yet|Instead|Indeed|Also|But|And|So)\s*,\s*"
)


def _is_verb_ed(word: str) -> bool:
    """An "-ed" word that is a verb, not an adjective ("retired", "self-described")."""
    return word.endswith("ed") and word not in _ED_OK and "-" not in word


def _phrase_after(text: str, start: int, end: int, opts: ReadOptions) -> Mention | None:
    """The noun phrase after ``start`` up to the next comma, clause or sentence end."""
    stop = CHUNK_END.search(text, start, end)
    stop_at = stop.start() if stop else end
    s, e = trim(text, start, stop_at)
    words = _WORD.finditer(text, s, e)
    next(words, None)  # the first word may be anything
    for word in words:
        low = word.group().lower()
        if low in FINITE or low in _PARTICIPLES or _is_verb_ed(low):
            e = trim(text, s, word.start())[1]
            break
    while e > s and text[e - 1] in ".!?":
        e -= 1
    if e <= s or len(_WORD.findall(text, s, e)) > 2 * opts.max_source_words:
        return None
    return mention(text, s, e)


def _inverted_source(
    text: str, sentence: Span, m: re.Match[str], opts: ReadOptions
) -> Mention | None:
    """ "..., said X" / "...," said X": the source follows a cue that follows a comma or quote."""
    before = text[max(sentence.start, m.start() - 3) : m.start()]
    if not _AFTER_COMMA.search(before):
        return None
    phrase = _phrase_after(text, m.end(), sentence.end, opts)
    if phrase is None or phrase.text.startswith("that"):
        return None
    described = DESCRIBED_NAME.fullmatch(phrase.text)  # "said 9/11 widow Ana Ruiz"
    if not described and not _is_noun_phrase(phrase.text, opts):
        return None
    if not _PHRASE_END.match(text, phrase.span.end, sentence.end):
        return None  # cut short by a verb: "said the crane collapsed" is not inverted
    first = phrase.text.split()[0]
    if first.lower() in TIME_WORDS:  # "said Tuesday", "said this week"
        return None
    return phrase if described or first[0].isupper() or first.lower() in DETERMINERS else None


def _source_before(text: str, sentence: Span, cue_start: int, opts: ReadOptions) -> Mention | None:
    """The chunk right before the cue, or the sentence's first noun phrase past appositives."""
    chunks = split_chunks(text, sentence.start, cue_start)
    if not chunks:
        return None
    last = clean_chunk(text, *chunks[-1])
    lead = lead_name(text, chunks)
    if lead is not None:
        return lead
    if last and _is_noun_phrase(text[last[0] : last[1]], opts):
        return mention(text, *last)
    named = name_past_appositives(text, chunks)  # "The chairman, Phil Lovas, said"
    if named is not None:
        return named
    tail = _TAIL_SOURCE.search(text, last[0], last[1]) if last else None
    if tail and tail.group().split()[0] not in _NOT_NAME_START:
        return mention(text, tail.start(), tail.end())  # "... the third time AROS said"
    tail = _TAIL_PHRASE.search(text, last[0], last[1]) if last else None
    if tail and _is_noun_phrase(tail.group(1), opts):
        return mention(text, tail.start(1), tail.end(1))  # "..., though most voters said"
    for i, (s, e) in enumerate(chunks[:-1]):
        cleaned = clean_chunk(text, s, e)
        chunk = text[cleaned[0] : cleaned[1]].lower() if cleaned else ""
        if not chunk or chunk in DISCOURSE or chunk.split()[0] in NOT_AN_OPENER:
            continue  # "However,", "In a statement on Friday,": the subject comes later
        if _is_noun_phrase(text[cleaned[0] : cleaned[1]], opts) and appositives_only(
            text, chunks[i + 1 :]
        ):
            return mention(text, *cleaned)
        return None
    return None


def _named_before(text: str, sentence: Span, cue_start: int) -> Mention | None:
    """A name in apposition right before a cue: "Petra Holm, a pilot, said" — then the
    words after the cue are content, not an inverted source."""
    chunks = split_chunks(text, sentence.start, cue_start)
    if len(chunks) < 2 or text[chunks[-1][0] : chunks[-1][1]].strip():
        return None
    return name_past_appositives(text, chunks) or lead_name(text, chunks)


def _is_noun_phrase(chunk: str, opts: ReadOptions) -> bool:
    return _noun_phrase(chunk, opts.max_source_words)


@lru_cache(maxsize=8192)  # the same chunks are looked at for every cue of a sentence
def _noun_phrase(chunk: str, max_words: int) -> bool:
    words = chunk.split()
    if not words or len(words) > max_words:
        return False
    first = words[0].lower().strip("\"“‘'")
    if first in NOT_AN_OPENER:  # "During the speech", "Once in my 20s", "Likely"
        return False
    opener = (
        words[0][0].isupper() or first in DETERMINERS or first in PRONOUNS or first[:1].isdigit()
    )
    heads = (DOCUMENT_WORDS, PERSON_HEADS, ORGANISATION_WORDS)
    if not opener and not any(h.search(chunk) for h in heads):
        return False  # bare plurals are sources: "tax records show", "officials said", "police"
    lowered = [w.lower().strip(".,") for w in words]
    if any(_is_verb_ed(w) for w in lowered[1:]):
        return False
    return not any(w in FINITE for w in lowered) and not _has_cue(chunk)


def _has_cue(chunk: str) -> bool:
    """``CUE.search(chunk)``, skipped when no word of the chunk can open a cue."""
    words = _WORD_ONLY.findall(chunk)
    return any(w.lower() in _CUE_OPENERS for w in words) and CUE.search(chunk) is not None


# --- content ------------------------------------------------------------------------


def _content_around(
    text: str, sentence: Span, cue_start: int, source: Mention | None
) -> Mention | None:
    """Content of "according to X": the rest of the sentence on the other side of X."""
    if source is None:
        return None
    if text[sentence.start : cue_start].strip():
        return span_before(text, sentence.start, cue_start)
    return span_after(text, source.span.end, sentence.end)


#: A name or subject pronoun ending a chunk that is not itself a noun phrase.
_TAIL_SOURCE = re.compile(
    r"(?<=[a-z,] )(?:(?:Mr|Mrs|Ms|Dr)\.\s+)?[A-Z][a-z][\w’'-]*(?:\s+[A-Z][a-z][\w’'-]*){0,2}$"
    r"|(?<= )(?:he|she|they|we)$"
)
#: A noun phrase after a conjunction, ending a chunk that is not itself a noun phrase.
_TAIL_PHRASE = re.compile(
    r"\b(?:that|though|because|while|when|after|before|since|and|but|as|if|where|so|what)\s+"
    r"((?:the|a|an|some|many|most|several|few|both|all|other|\d+)\s+(?:[\w’'-]+\s+){0,4}"
    r"[\w’'-]+)$"
)
_NOT_NAME_START = frozenset(
    "The A An This That These Those It He She They We I But And Then When If As".split()
)
