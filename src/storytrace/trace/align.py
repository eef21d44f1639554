"""Passage alignment between two articles: which parts of ``copy`` come from ``source``.

Two passes. First, verbatim runs: word n-grams shared by both texts are extended to the
longest common run, and runs separated by a few edited words merge into one
near-verbatim passage. Second, the sentences of the copy that the runs left mostly
uncovered are paired with their best source sentence (rapidfuzz ``cdist`` over the two
sentence lists picks candidates; the calibrated paraphrase score decides).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

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

    @property
    def containment(self) -> dict[str, float]:
        return {"copy_in_source": self.reuse_share, "source_in_copy": self.source_share}

    def kind_shares(self) -> dict[str, int]:
        """How many passages of each kind."""
        counts = {kind.value: 0 for kind in PassageKind}
        for p in self.passages:
            counts[p.kind.value] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "copy_id": self.copy_id,
            "reuse_share": round(self.reuse_share, 4),
            "source_share": round(self.source_share, 4),
            "containment": {k: round(v, 4) for k, v in self.containment.items()},
            "passage_kinds": self.kind_shares(),
            "passages": [p.to_dict() for p in self.passages],
        }


@dataclass(frozen=True, slots=True)
class _Words:
    """An article's words (lower-cased) with their character offsets."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Words:
        found = list(WORD.finditer(text.lower()))
        return cls(
            tuple(m.group() for m in found),
            tuple(m.start() for m in found),
            tuple(m.end() for m in found),
        )

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


def align(
    source: Article,
    copy: Article,
    source_sheet: FactSheet | None = None,
    copy_sheet: FactSheet | None = None,
    options: TraceOptions | None = None,
) -> Alignment:
    """The passages of ``copy`` taken from ``source``, verbatim, near-verbatim or paraphrased."""
    opts = options or TraceOptions()
    src_sheet = source_sheet or read_text(source.clean_text)
    cp_sheet = copy_sheet or read_text(copy.clean_text)
    src_words, cp_words = _Words.of(source.clean_text), _Words.of(copy.clean_text)
    runs = _merge(_runs(src_words.words, cp_words.words, opts.seed_words), opts.merge_gap_words)
    passages = [_run_passage(r, src_words, cp_words) for r in runs]
    covered = {i for r in runs for i in range(r.copy, r.copy_stop)}
    passages += _sentence_passages(source, copy, src_sheet, cp_sheet, cp_words, covered, opts)
    passages.sort(key=lambda p: (p.copy_span.start, p.source_span.start))
    return Alignment(
        source.id,
        copy.id,
        tuple(passages),
        _share(cp_words, [p.copy_span for p in passages]),
        _share(src_words, [p.source_span for p in passages]),
    )


# --- verbatim and near-verbatim runs --------------------------------------------------


def _runs(source: tuple[str, ...], copy: tuple[str, ...], n: int) -> list[_Run]:
    """Maximal common word runs of at least ``n`` words, greedily left to right in the copy."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in range(len(source) - n + 1):
        index[source[i : i + n]].append(i)
    runs: list[_Run] = []
    j = 0
    while j <= len(copy) - n:
        starts = index.get(copy[j : j + n])
        if not starts:
            j += 1
            continue
        length, i = max((_common_length(source, copy, i, j), -i) for i in starts)
        runs.append(_Run(-i, j, -i + length, j + length, length))
        j += length
    return runs


def _common_length(source: tuple[str, ...], copy: tuple[str, ...], i: int, j: int) -> int:
    length = 0
    while i + length < len(source) and j + length < len(copy):
        if source[i + length] != copy[j + length]:
            break
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
    source: Article,
    copy: Article,
    source_sheet: FactSheet,
    copy_sheet: FactSheet,
    copy_words: _Words,
    covered: set[int],
    opts: TraceOptions,
) -> list[PassagePair]:
    """Pair each copy sentence the runs left mostly uncovered with its best source sentence."""
    src_spans = _long_sentences(source.clean_text, source_sheet, opts)
    cp_spans = [
        s
        for s in _long_sentences(copy.clean_text, copy_sheet, opts)
        if _covered_share(copy_words.indices(s), covered) < 0.5
    ]
    if not src_spans or not cp_spans:
        return []
    src_tok = [tokens(s.of(source.clean_text)) for s in src_spans]
    cp_tok = [tokens(s.of(copy.clean_text)) for s in cp_spans]
    scores = process.cdist(
        [t.text for t in cp_tok], [t.text for t in src_tok], scorer=fuzz.token_set_ratio
    )
    found = []
    for row, (span, tok) in enumerate(zip(cp_spans, cp_tok, strict=True)):
        best = _best_match(tok, src_tok, scores[row].argsort()[::-1][: opts.candidates], opts)
        if best is not None:
            col, kind, score = best
            found.append(PassagePair(src_spans[col], span, kind, score))
    return found


def _long_sentences(text: str, sheet: FactSheet, opts: TraceOptions) -> list[Span]:
    return [
        s.span
        for s in sheet.sentences
        if len(WORD.findall(s.span.of(text))) >= opts.min_sentence_words
    ]


def _best_match(
    copy: Tokens, sources: list[Tokens], candidates: Any, opts: TraceOptions
) -> tuple[int, PassageKind, float] | None:
    best: tuple[int, PassageKind, float] | None = None
    for col in candidates:
        ratio = fuzz.ratio(copy.text, sources[col].text)
        if ratio >= opts.near_verbatim_ratio:
            match = (int(col), PassageKind.NEAR_VERBATIM, ratio / 100)
        else:
            score = paraphrase_score(copy, sources[col], opts)
            if score < opts.paraphrase_threshold:
                continue
            match = (int(col), PassageKind.PARAPHRASE, score)
        if best is None or _rank(match) > _rank(best):
            best = match
    return best


def _rank(match: tuple[int, PassageKind, float]) -> tuple[bool, float]:
    return match[1] is PassageKind.NEAR_VERBATIM, match[2]


def _covered_share(indices: range, covered: set[int]) -> float:
    return sum(i in covered for i in indices) / len(indices) if indices else 1.0


def _share(words: _Words, spans: list[Span]) -> float:
    """The share of ``words`` inside any of ``spans``."""
    if not words.words:
        return 0.0
    inside: set[int] = set()
    for span in spans:
        inside.update(words.indices(span))
    return len(inside) / len(words.words)
