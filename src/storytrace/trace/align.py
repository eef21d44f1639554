"""Passage alignment between two articles: which parts of ``copy`` come from ``source``.

Two passes. First, verbatim runs: word n-grams shared by both texts are extended to the
longest common run, and runs separated by a few edited words merge into one
near-verbatim passage. Second, the sentences of the copy that the runs left mostly
uncovered are paired with their best source sentence (rapidfuzz's token-set ratio over the
two sentence lists picks candidates; the calibrated paraphrase score decides). Within a
story (:func:`align_story`) each sentence pair is scored once, however many article pairs
it recurs in (``StoryMemo``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import repeat
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from storytrace.model import Article, Span
from storytrace.read import FactSheet, read_text
from storytrace.trace.options import TraceOptions
from storytrace.trace.similarity import WORD, Tokens, paraphrase_score, tokens


class PassageKind(StrEnum):
    VERBATIM = "verbatim"
    NEAR_VERBATIM = "near_verbatim"
    PARAPHRASE = "paraphrase"


@dataclass(frozen=True, slots=True)
class PassagePair:
    """A passage of the copy and the passage of the source it was taken from.

    ``score`` is 1.0 for verbatim runs, the share of matching words for near-verbatim runs,
    ``ratio / 100`` for near-verbatim sentences and the paraphrase score for paraphrases.
    """

    source_span: Span
    copy_span: Span
    kind: PassageKind
    score: float

    def to_dict(self, source_text: str | None = None, copy_text: str | None = None) -> dict:
        out: dict[str, Any] = {
            "kind": self.kind.value,
            "score": round(self.score, 3),
            "source_span": [self.source_span.start, self.source_span.end],
            "copy_span": [self.copy_span.start, self.copy_span.end],
        }
        if source_text is not None and copy_text is not None:
            out["source_text"] = self.source_span.of(source_text)
            out["copy_text"] = self.copy_span.of(copy_text)
        return out


@dataclass(frozen=True, slots=True)
class Alignment:
    """What ``copy`` reuses from ``source``.

    Containment both ways: ``reuse_share`` is the share of the copy's words covered by
    passages (copy in source), ``source_share`` the share of the source's words they cover
    (source in copy). A copy that keeps all of a longer source has a high ``reuse_share``
    and a lower ``source_share``.
    """

    source_id: str
    copy_id: str
    passages: tuple[PassagePair, ...]
    reuse_share: float
    source_share: float
    # the copy's passages out of the source's order once each sentence is placed where its
    # neighbours put it (:func:`_placed_in_order`): a reordering the copy passed on
    out_of_order: int = 0

    @property
    def containment(self) -> dict[str, float]:
        return {"copy_in_source": self.reuse_share, "source_in_copy": self.source_share}

    def kind_shares(self) -> dict[str, int]:
        """How many passages of each kind."""
        counts = {kind.value: 0 for kind in PassageKind}
        for p in self.passages:
            counts[p.kind.value] += 1
        return counts

    def to_dict(
        self, source_text: str | None = None, copy_text: str | None = None
    ) -> dict[str, Any]:
        """With both texts, each passage gives its text in each (:meth:`PassagePair.to_dict`)."""
        return {
            "source_id": self.source_id,
            "copy_id": self.copy_id,
            "reuse_share": round(self.reuse_share, 4),
            "source_share": round(self.source_share, 4),
            "containment": {k: round(v, 4) for k, v in self.containment.items()},
            "passage_kinds": self.kind_shares(),
            "passages": [p.to_dict(source_text, copy_text) for p in self.passages],
        }


@dataclass(frozen=True, slots=True)
class _Words:
    """An article's words (lower-cased) with their character offsets."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Words:
        lowered = text.lower()
        spans = [m.span() for m in WORD.finditer(lowered)]
        starts, ends = zip(*spans, strict=True) if spans else ((), ())
        return cls(tuple(WORD.findall(lowered)), starts, ends)

    def span(self, first: int, stop: int) -> Span:
        """The character span of words ``first .. stop-1``."""
        return Span(self.starts[first], self.ends[stop - 1])

    def indices(self, span: Span) -> range:
        """The words inside ``span``."""
        return range(
            bisect.bisect_left(self.starts, span.start), bisect.bisect_left(self.starts, span.end)
        )


@dataclass(frozen=True, slots=True)
class _Run:
    source: int  # first word in the source
    copy: int  # first word in the copy
    source_stop: int
    copy_stop: int
    matched: int  # words matched verbatim inside the run


#: Entries a story's memo table holds before it starts over (~100 MB each at most).
MEMO_ENTRIES = 500_000

#: Two sentence numbers in one memo key: ``first << _KEY_BITS | second``.
_KEY_BITS = 32


@dataclass(slots=True)
class StoryMemo:
    """Sentence-pair scores already computed within one story: the same sentence is in
    many articles of a story (wire copies), so most pairs recur from one article pair to
    the next (on the generated corpus, about three in four ``_best_match`` evaluations).
    Each distinct sentence of the story is numbered once (equal :class:`Tokens`, equal
    number; for the token-set ratio, equal texts); the tables are keyed by a pair of
    numbers in one int, so a whole block of ratios is looked up in one C-level pass."""

    # copy << 32 | source (numbers by Tokens) -> (kind, score) of the pair, or None
    matches: dict[int, tuple[PassageKind, float] | None] = field(default_factory=dict)
    # row << 32 | column (numbers by text) -> rapidfuzz token-set ratio
    set_ratios: dict[int, float] = field(default_factory=dict)
    token_numbers: dict[Tokens, int] = field(default_factory=dict)
    text_numbers: dict[str, int] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)  # by number
    # an article's sentences' numbers (by Tokens, by text), by article id
    numbered: dict[str, tuple[list[int], np.ndarray]] = field(default_factory=dict)
    word_numbers: dict[str, int] = field(default_factory=dict)
    # an article's word n-grams' numbers, by (article id, n), and the texts numbered
    grams_of: dict[tuple[str, int], np.ndarray] = field(default_factory=dict)
    gram_texts: dict[int, dict[str, AlignText]] = field(default_factory=dict)

    def keep(self, table: dict[Any, Any], key: Any, value: Any) -> Any:
        """Store ``value`` under ``key`` in one of the tables and return it; a table that
        reaches :data:`MEMO_ENTRIES` starts over, so a huge story's memory stays bounded
        (a score dropped is only computed again: the alignments do not change)."""
        if len(table) >= MEMO_ENTRIES:
            table.clear()
        table[key] = value
        return value

    def text_number(self, text: str) -> int:
        number = self.text_numbers.get(text)
        if number is None:
            number = self.text_numbers[text] = len(self.texts)
            self.texts.append(text)
        return number

    def grams(self, source: AlignText, copy: AlignText, n: int) -> tuple[np.ndarray, ...]:
        """The number of the word ``n``-gram starting at each word of ``source`` and of
        ``copy`` (equal n-grams, equal numbers, within the story)."""
        self.number_grams((source, copy), n)
        return self.grams_of[(source.id, n)], self.grams_of[(copy.id, n)]

    def number_grams(self, texts: Iterable[AlignText], n: int) -> None:
        """Number the word ``n``-grams of ``texts`` together (:func:`align_story` numbers
        a story's texts at once; a text added later numbers them all again, so equal
        n-grams keep equal numbers)."""
        numbered = self.gram_texts.setdefault(n, {})
        new = {t.id: t for t in texts if (t.id, n) not in self.grams_of}
        if not new:
            return
        numbered.update(new)
        words = self.word_numbers
        firsts = [
            np.array([words.setdefault(w, len(words)) for w in t.words.words], np.int64)
            for t in numbered.values()
        ]
        for t, grams in zip(numbered.values(), _gram_numbers(firsts, n, {}), strict=True):
            self.grams_of[(t.id, n)] = grams

    def numbers(self, text: AlignText) -> tuple[list[int], np.ndarray]:
        """The numbers of ``text``'s sentences: by :class:`Tokens` and by text."""
        found = self.numbered.get(text.id)
        if found is None:
            numbers = self.token_numbers
            by_tokens = [numbers.setdefault(t, len(numbers)) for t in text.tokens]
            by_text = np.array([self.text_number(t.text) for t in text.tokens], dtype=np.int64)
            found = self.numbered[text.id] = (by_tokens, by_text)
        return found


@dataclass(frozen=True, slots=True)
class AlignText:
    """One article as alignment reads it, built once per story however many pairs it is
    in: its words with their offsets, its long sentences with their words and tokens."""

    article: Article
    words: _Words
    sentences: tuple[Span, ...]  # sentences of at least ``min_sentence_words`` words
    sentence_words: tuple[range, ...]  # the words inside each
    tokens: tuple[Tokens, ...]  # each sentence prepared for comparison

    @property
    def id(self) -> str:
        return self.article.id


def prepare(
    article: Article, sheet: FactSheet | None = None, options: TraceOptions | None = None
) -> AlignText:
    """What :func:`align` reads of ``article`` (the sheet gives its sentences)."""
    opts = options or TraceOptions()
    text = article.clean_text
    words = _Words.of(text)
    spans = _long_sentences(text, sheet or read_text(text), opts)
    return AlignText(
        article,
        words,
        tuple(spans),
        tuple(words.indices(s) for s in spans),
        tuple(tokens(s.of(text)) for s in spans),
    )


def align(
    source: Article,
    copy: Article,
    source_sheet: FactSheet | None = None,
    copy_sheet: FactSheet | None = None,
    options: TraceOptions | None = None,
) -> Alignment:
    """The passages of ``copy`` taken from ``source``, verbatim, near-verbatim or paraphrased."""
    opts = options or TraceOptions()
    src, cp = prepare(source, source_sheet, opts), prepare(copy, copy_sheet, opts)
    memo = StoryMemo()
    runs, open_ = _runs_of(src, cp, opts, memo)
    scores = _set_ratios([cp.tokens[k] for k in open_], src.tokens)
    return _alignment(src, cp, runs, open_, scores, opts, memo)


def align_pair(
    a: AlignText, b: AlignText, opts: TraceOptions, memo: StoryMemo | None = None
) -> tuple[Alignment, Alignment]:
    """``b`` aligned on ``a`` (``a`` the source) and ``a`` on ``b``: both directions at once,
    so each sentence pair's token-set ratio (symmetric) is computed once (``memo``: the
    story's sentence-pair scores so far)."""
    memo = memo if memo is not None else StoryMemo()
    runs_b, open_b = _runs_of(a, b, opts, memo)
    runs_a, open_a = _runs_of(b, a, opts, memo)
    for_b, for_a = _shared_set_ratios(a, b, open_a, open_b, memo)
    return (
        _alignment(a, b, runs_b, open_b, for_b, opts, memo),
        _alignment(b, a, runs_a, open_a, for_a, opts, memo),
    )


def align_story(
    texts: Mapping[str, AlignText],
    pairs: Iterable[tuple[str, str]],
    opts: TraceOptions,
    memo: StoryMemo | None = None,
) -> dict[tuple[str, str], Alignment]:
    """The alignment of every ordered ``(source, copy)`` id pair of ``pairs``; a pair
    wanted both ways is aligned both ways at once (:func:`align_pair`). ``memo``: the
    story's scores so far, when the story aligns more pairs later (a new one if None)."""
    wanted = set(pairs)
    memo = StoryMemo() if memo is None else memo
    memo.number_grams([texts[i] for pair in wanted for i in pair], opts.seed_words)
    found: dict[tuple[str, str], Alignment] = {}
    for src, cp in sorted(wanted):
        if (src, cp) in found:
            continue
        if (cp, src) in wanted:
            found[(src, cp)], found[(cp, src)] = align_pair(texts[src], texts[cp], opts, memo)
            continue
        runs, open_ = _runs_of(texts[src], texts[cp], opts, memo)
        scores = _ratio_block(memo.numbers(texts[cp])[1][open_], memo.numbers(texts[src])[1], memo)
        found[(src, cp)] = _alignment(texts[src], texts[cp], runs, open_, scores, opts, memo)
    return found


def _gram_numbers(
    words: list[np.ndarray], n: int, done: dict[int, list[np.ndarray]]
) -> list[np.ndarray]:
    """For texts given as word numbers, the numbers of their word ``n``-grams (``done``:
    the shorter n-grams' so far): an n-gram is the pair of its first ``n // 2`` words and
    the rest, each numbered the same way, and pairs are numbered by ``np.unique`` over
    all the texts at once (equal pairs, equal numbers)."""
    if n == 1:
        return words
    if n not in done:
        half = n // 2
        firsts, rests = _gram_numbers(words, half, done), _gram_numbers(words, n - half, done)
        counts = [max(0, len(w) - n + 1) for w in words]
        keys = [
            (first[:count] << _KEY_BITS) | rest[half : half + count]
            for first, rest, count in zip(firsts, rests, counts, strict=True)
        ]
        _, numbers = np.unique(np.concatenate(keys), return_inverse=True)
        done[n] = np.split(numbers.astype(np.int64), np.cumsum(counts)[:-1])
    return done[n]


def _runs_of(
    source: AlignText, copy: AlignText, opts: TraceOptions, memo: StoryMemo
) -> tuple[list[_Run], list[int]]:
    """The copy's runs taken from the source, and its long sentences they leave mostly
    uncovered (to be paired sentence by sentence)."""
    runs = _merge(_runs(source, copy, opts.seed_words, memo), opts.merge_gap_words)
    covered = {i for r in runs for i in range(r.copy, r.copy_stop)}
    open_ = [k for k, ws in enumerate(copy.sentence_words) if _covered_share(ws, covered) < 0.5]
    return runs, open_


def _alignment(
    source: AlignText,
    copy: AlignText,
    runs: list[_Run],
    open_: list[int],
    scores: np.ndarray,
    opts: TraceOptions,
    memo: StoryMemo,
) -> Alignment:
    passages = [_run_passage(r, source.words, copy.words) for r in runs]
    passages += _sentence_passages(source, copy, open_, scores, opts, memo)
    passages.sort(key=lambda p: (p.copy_span.start, p.source_span.start))
    return Alignment(
        source.id,
        copy.id,
        tuple(passages),
        _share(copy.words, [p.copy_span for p in passages]),
        _share(source.words, [p.source_span for p in passages]),
        out_of_order(_placed_in_order(source, copy, passages, opts, memo)),
    )


def out_of_order(passages: Sequence[PassagePair]) -> int:
    """How many passages (in copy order) start before the previous one in the source."""
    starts = [p.source_span.start for p in passages]
    return sum(1 for a, b in zip(starts, starts[1:], strict=False) if b < a)


# --- verbatim and near-verbatim runs --------------------------------------------------


def _runs(source: AlignText, copy: AlignText, n: int, memo: StoryMemo) -> list[_Run]:
    """Maximal common word runs of at least ``n`` words, greedily left to right in the copy
    (the n-grams of both numbered once per story, by ``memo``: only the copy's words
    starting an n-gram of the source are visited)."""
    src_words, cp_words = source.words.words, copy.words.words
    src_grams, cp_grams = memo.grams(source, copy, n)
    runs: list[_Run] = []
    if not len(src_grams) or not len(cp_grams):
        return runs
    j = 0
    for at in np.flatnonzero(np.isin(cp_grams, src_grams)).tolist():
        if at < j:
            continue
        starts = np.flatnonzero(src_grams == cp_grams[at]).tolist()
        length, i = max((_common_length(src_words, cp_words, i, at, n), -i) for i in starts)
        runs.append(_Run(-i, at, -i + length, at + length, length))
        j = at + length
    return runs


def _common_length(
    source: tuple[str, ...], copy: tuple[str, ...], i: int, j: int, known: int = 0
) -> int:
    """How many words from ``source[i]`` and ``copy[j]`` on are equal, the first
    ``known`` being equal already (the n-gram both start with)."""
    length, most = known, min(len(source) - i, len(copy) - j)
    while length < most and source[i + length] == copy[j + length]:
        length += 1
    return length


def _merge(runs: list[_Run], gap: int) -> list[_Run]:
    """Join runs that follow each other in both texts with at most ``gap`` words between."""
    merged: list[_Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if (
            last is not None
            and 0 <= run.copy - last.copy_stop <= gap
            and 0 <= run.source - last.source_stop <= gap
        ):
            merged[-1] = _Run(
                last.source, last.copy, run.source_stop, run.copy_stop, last.matched + run.matched
            )
        else:
            merged.append(run)
    return merged


def _run_passage(run: _Run, source: _Words, copy: _Words) -> PassagePair:
    width = max(run.source_stop - run.source, run.copy_stop - run.copy)
    kind = PassageKind.VERBATIM if run.matched == width else PassageKind.NEAR_VERBATIM
    return PassagePair(
        source.span(run.source, run.source_stop),
        copy.span(run.copy, run.copy_stop),
        kind,
        run.matched / width,
    )


# --- sentence pairs --------------------------------------------------------------------


def _sentence_passages(
    source: AlignText,
    copy: AlignText,
    open_: list[int],
    scores: np.ndarray,
    opts: TraceOptions,
    memo: StoryMemo,
) -> list[PassagePair]:
    """Pair each copy sentence the runs left mostly uncovered (``open_``) with its best
    source sentence; ``scores`` holds their token-set ratios to every source sentence."""
    if not source.sentences or not open_:
        return []
    found = []
    copy_numbers, source_numbers = memo.numbers(copy)[0], memo.numbers(source)[0]
    # candidates ranked at rapidfuzz's float32 precision, as ``cdist`` gives by default
    ranked = scores.astype(np.float32).argsort(axis=1)[:, ::-1][:, : opts.candidates].tolist()
    for row, k in enumerate(open_):
        best = _best_match(
            (copy.tokens[k], copy_numbers[k]),
            (source.tokens, source_numbers),
            ranked[row],
            scores[row],
            opts,
            memo,
        )
        if best is not None:
            col, kind, score = best
            found.append(PassagePair(source.sentences[col], copy.sentences[k], kind, score))
    return found


def _placed_in_order(
    source: AlignText,
    copy: AlignText,
    passages: list[PassagePair],
    opts: TraceOptions,
    memo: StoryMemo,
) -> list[PassagePair]:
    """The passages as the order count reads them, each copy sentence placed where its
    neighbours put it.

    A copy sentence whose passages stand out of the source's order against the passages
    around it (the last one placed before it, the first one after it) is paired instead
    with the best source sentence between those two, when one pairs with it
    (near-verbatim, or a paraphrase reaching ``paraphrase_threshold``): a stock phrase
    repeated across sentences ("the red barn by the old chapel is known locally as")
    matches a run in the wrong sentence, while the copy's own sentence stands in its
    place, reworded. A real reordering keeps its passages: no source sentence between the
    neighbours pairs with the moved one. Passages mostly outside one sentence are kept.
    Only :attr:`Alignment.out_of_order` reads the result: the alignment's passages, shares
    and edits stay the runs and sentence pairs as found (on the generated corpus, seed 1,
    using the placed passages for them too lowered decided-edge precision 0.812 -> 0.797:
    a sentence pair is coarser than the runs inside it)."""
    if len(passages) < 2 or not source.sentences or not copy.sentences:
        return passages
    groups = _by_copy_sentence(copy, passages)
    kept: list[PassagePair] = []
    for n, (k, group) in enumerate(groups):
        low = kept[-1].source_span.end if kept else 0
        high = groups[n + 1][1][0].source_span.start if n + 1 < len(groups) else 1 << 62
        placed = None
        if k is not None and any(not low <= p.source_span.start <= high for p in group):
            placed = _sentence_between(source, copy, k, low, high, opts, memo)
        kept.extend(group if placed is None else [placed])
    return kept


def _by_copy_sentence(
    copy: AlignText, passages: list[PassagePair]
) -> list[tuple[int | None, list[PassagePair]]]:
    """The passages (in copy order) grouped by the long copy sentence holding most of
    each (a run may start on the previous sentence's last words or run on into the next
    one's first); ``None`` for a passage not mostly inside one sentence."""
    starts = [s.start for s in copy.sentences]
    groups: list[tuple[int | None, list[PassagePair]]] = []
    for p in passages:
        k = _holding(copy.sentences, bisect.bisect_right(starts, p.copy_span.start) - 1, p)
        if k is not None and groups and groups[-1][0] == k:
            groups[-1][1].append(p)
        else:
            groups.append((k, [p]))
    return groups


def _holding(sentences: tuple[Span, ...], first: int, p: PassagePair) -> int | None:
    """Which of sentence ``first`` (holding the passage's start, -1 for none) and the next
    one holds more than half of the passage ``p``'s copy span."""
    span = p.copy_span
    for k in (first, first + 1):
        if 0 <= k < len(sentences) and 2 * _inside(span, sentences[k]) > span.end - span.start:
            return k
    return None


def _inside(span: Span, within: Span) -> int:
    return max(0, min(span.end, within.end) - max(span.start, within.start))


def _sentence_between(
    source: AlignText,
    copy: AlignText,
    k: int,
    low: int,
    high: int,
    opts: TraceOptions,
    memo: StoryMemo,
) -> PassagePair | None:
    """Copy sentence ``k`` paired with its best source sentence inside ``low .. high``."""
    inside = [col for col, s in enumerate(source.sentences) if low <= s.start and s.end <= high]
    if not inside:
        return None
    ratios = np.zeros(len(source.sentences))
    (copy_numbers, copy_texts), (source_numbers, source_texts) = (
        memo.numbers(copy),
        memo.numbers(source),
    )
    ratios[inside] = _ratio_block(copy_texts[k : k + 1], source_texts[inside], memo)[0]
    best = _best_match(
        (copy.tokens[k], copy_numbers[k]),
        (source.tokens, source_numbers),
        inside,
        ratios,
        opts,
        memo,
    )
    if best is None:
        return None
    col, kind, score = best
    return PassagePair(source.sentences[col], copy.sentences[k], kind, score)


def _set_ratios(
    rows: Sequence[Tokens], columns: Sequence[Tokens], memo: StoryMemo | None = None
) -> np.ndarray:
    """Token-set ratios (0-100) of every row sentence to every column sentence (with a
    ``memo``, only the text pairs not scored earlier in the story are computed)."""
    if not rows or not columns:
        return np.zeros((len(rows), len(columns)))
    if memo is not None:
        numbered = [np.array([memo.text_number(t.text) for t in ts]) for ts in (rows, columns)]
        return _ratio_block(numbered[0], numbered[1], memo)
    return process.cdist(
        [t.text for t in rows],
        [t.text for t in columns],
        scorer=fuzz.token_set_ratio,
        dtype=np.float64,
    )


_LOW = (1 << _KEY_BITS) - 1


def _ratio_block(rows: np.ndarray, columns: np.ndarray, memo: StoryMemo) -> np.ndarray:
    """Token-set ratios (0-100) of the texts numbered ``rows`` to those numbered
    ``columns``: the whole block is looked up in the story's memo at once, and only the
    text pairs not scored earlier in the story are computed. The ratio is symmetric (it
    compares the two texts' token sets and sorted words), so a pair is keyed by its
    smaller number first and scored once for both orders."""
    if not len(rows) or not len(columns):
        return np.zeros((len(rows), len(columns)))
    rows, columns = rows[:, None], columns[None, :]
    low, high = np.minimum(rows, columns), np.maximum(rows, columns)
    keys = ((low << _KEY_BITS) | high).ravel().tolist()
    table = memo.set_ratios
    flat = np.fromiter(map(table.get, keys, repeat(np.nan)), np.float64, len(keys))
    texts = memo.texts
    for at in np.flatnonzero(np.isnan(flat)).tolist():
        key = keys[at]
        ratio = table.get(key)
        if ratio is None:
            ratio = fuzz.token_set_ratio(texts[key >> _KEY_BITS], texts[key & _LOW])
            memo.keep(table, key, ratio)
        flat[at] = ratio
    return flat.reshape(rows.shape[0], columns.shape[1])


def _shared_set_ratios(
    a: AlignText, b: AlignText, open_a: list[int], open_b: list[int], memo: StoryMemo
) -> tuple[np.ndarray, np.ndarray]:
    """The ratios both directions of a pair need: ``b``'s open sentences against all of
    ``a``'s, and ``a``'s open ones against all of ``b``'s (a sentence pair in both is
    scored once: see :func:`_ratio_block`)."""
    texts_a, texts_b = memo.numbers(a)[1], memo.numbers(b)[1]
    return (
        _ratio_block(texts_b[open_b], texts_a, memo),
        _ratio_block(texts_a[open_a], texts_b, memo),
    )


def _long_sentences(text: str, sheet: FactSheet, opts: TraceOptions) -> list[Span]:
    return [
        s.span
        for s in sheet.sentences
        if len(WORD.findall(s.span.of(text))) >= opts.min_sentence_words
    ]


_UNSEEN = object()


def _best_match(
    copy: tuple[Tokens, int],
    sources: tuple[Sequence[Tokens], Sequence[int]],
    candidates: Iterable[int],
    set_ratios: np.ndarray,
    opts: TraceOptions,
    memo: StoryMemo,
) -> tuple[int, PassageKind, float] | None:
    """The best of the ``candidates`` columns for the copy sentence ``copy`` (its tokens
    and number in the story), of the source sentences ``sources`` (their tokens and
    numbers); ``memo``: pairs scored earlier in the story."""
    best: tuple[int, PassageKind, float] | None = None
    (tokens_, number), (source_tokens, source_numbers) = copy, sources
    matches, high = memo.matches, number << _KEY_BITS
    for col in candidates:
        key = high | source_numbers[col]
        pairing = matches.get(key, _UNSEEN)
        if pairing is _UNSEEN:
            pairing = _pairing(tokens_, source_tokens[col], set_ratios[col], opts)
            memo.keep(matches, key, pairing)
        if pairing is None:
            continue
        match = (int(col), *pairing)
        if best is None or _rank(match) > _rank(best):
            best = match
    return best


def _pairing(
    copy: Tokens, source: Tokens, set_ratio: float, opts: TraceOptions
) -> tuple[PassageKind, float] | None:
    """How a copy sentence pairs with a source sentence (``set_ratio``: their token-set
    ratio): near-verbatim, a paraphrase, or not at all (None)."""
    ratio = fuzz.ratio(copy.text, source.text)
    if ratio >= opts.near_verbatim_ratio:
        return PassageKind.NEAR_VERBATIM, ratio / 100
    score = paraphrase_score(copy, source, opts, float(set_ratio))
    if score < opts.paraphrase_threshold:
        return None
    return PassageKind.PARAPHRASE, score


def _rank(match: tuple[int, PassageKind, float]) -> tuple[bool, float]:
    return match[1] is PassageKind.NEAR_VERBATIM, match[2]


def _covered_share(indices: range, covered: set[int]) -> float:
    return len(covered.intersection(indices)) / len(indices) if indices else 1.0


def _share(words: _Words, spans: list[Span]) -> float:
    """The share of ``words`` inside any of ``spans``."""
    if not words.words:
        return 0.0
    inside: set[int] = set()
    for span in spans:
        inside.update(words.indices(span))
    return len(inside) / len(words.words)
