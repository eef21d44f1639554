"""What grouping keeps of an article: :class:`StoryFeatures`, built by :func:`story_features`.

Three kinds of evidence, each cheap to persist:

- a MinHash signature of word 5-shingles, which finds copies;
- blocking keys: normalised distinctive names, places, numbers with their kind and unit,
  dates and rare capitalised words (``person:tomas varga``, ``measure:32000m``), each with
  the span of its first mention in the clean text, which find rewrites;
- the most frequent content words with their counts, for a TF-IDF cosine on candidates;
- a hash, span and content words of each long sentence, so that a sentence the corpus
  repeats in many articles (a publisher's disclaimer) can be left out of the cosine.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash

from storytrace.model import Article
from storytrace.read.sheet import FactSheet

from ..text import CALENDAR_WORDS, STOP_WORDS, WORD, content_stems, is_content, stem, words_of
from .options import DEFAULT_OPTIONS, GroupOptions

SCHEMA = "storytrace.story-features/2"

_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”]\s*|\n\s*)$")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_KEEP_ANY_VALUE = frozenset({"money", "percent", "measure", "duration", "age", "range"})


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence long enough to be recognised when repeated: a hash of its words, its span
    in the clean text and its content words as indices into ``StoryFeatures.terms``."""

    hash: str
    span: tuple[int, int]
    terms: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """Everything the grouping needs of one article; ``to_dict`` / ``from_dict`` persist it.

    ``keys`` are ``kind:value`` strings, sorted; ``key_labels[i]`` is how ``keys[i]`` was
    written and ``key_spans[i]`` its first mention in the clean text. ``terms`` are
    content words with their ``counts``. ``signature`` holds the MinHash values (uint32).
    """

    article_id: str
    published: str | None
    signature: np.ndarray
    keys: tuple[str, ...]
    key_labels: tuple[str, ...]
    key_spans: tuple[tuple[int, int], ...]
    terms: tuple[str, ...]
    counts: tuple[int, ...]
    sentences: tuple[Sentence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "article_id": self.article_id,
            "published": self.published,
            "signature": self.signature.tolist(),
            "keys": [
                {"key": k, "label": label, "span": list(span)}
                for k, label, span in zip(self.keys, self.key_labels, self.key_spans, strict=True)
            ],
            "terms": dict(zip(self.terms, self.counts, strict=True)),
            "sentences": [
                {"hash": x.hash, "span": list(x.span), "terms": list(x.terms)}
                for x in self.sentences
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryFeatures:
        keys = data["keys"]
        return cls(
            article_id=data["article_id"],
            published=data["published"],
            signature=np.asarray(data["signature"], dtype=np.uint32),
            keys=tuple(k["key"] for k in keys),
            key_labels=tuple(k["label"] for k in keys),
            key_spans=tuple((k["span"][0], k["span"][1]) for k in keys),
            terms=tuple(data["terms"]),
            counts=tuple(data["terms"].values()),
            sentences=tuple(
                Sentence(x["hash"], (x["span"][0], x["span"][1]), tuple(x["terms"]))
                for x in data.get("sentences", ())
            ),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StoryFeatures):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class KeyMention:
    """A blocking key found in a text: its normalised key, label and first span."""

    key: str
    label: str
    span: tuple[int, int]


def story_features(
    article: Article, sheet: FactSheet, options: GroupOptions = DEFAULT_OPTIONS
) -> StoryFeatures:
    """The grouping features of ``article``, whose fact sheet is ``sheet``."""
    return features_from_sheet(article.id, article.metadata.published, sheet, options)


def features_from_sheet(
    article_id: str,
    published: str | None,
    sheet: FactSheet,
    options: GroupOptions = DEFAULT_OPTIONS,
) -> StoryFeatures:
    """The grouping features of a text read into ``sheet`` (no :class:`Article` needed)."""
    mentions = [*sheet_keys(sheet, options), *capitalised_keys(sheet.text, options)]
    return features_from_parts(article_id, published, sheet.text, mentions, options)


def features_from_parts(
    article_id: str,
    published: str | None,
    text: str,
    mentions: Iterable[KeyMention],
    options: GroupOptions = DEFAULT_OPTIONS,
) -> StoryFeatures:
    """Features from a text and already found key mentions: the path for callers that have
    entities without a fact sheet (the scale benchmark, other readers)."""
    first: dict[str, KeyMention] = {}
    for m in mentions:
        first.setdefault(m.key, m)
    ordered = [first[k] for k in sorted(first)]
    words = words_of(text)
    terms = Counter(content_stems(words))
    top = sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))[: options.max_terms]
    return StoryFeatures(
        article_id=article_id,
        published=published,
        signature=minhash_signature(words, options),
        keys=tuple(m.key for m in ordered),
        key_labels=tuple(m.label for m in ordered),
        key_spans=tuple(m.span for m in ordered),
        terms=tuple(t for t, _ in top),
        counts=tuple(c for _, c in top),
        sentences=long_sentences(text, [t for t, _ in top], options),
    )


def long_sentences(text: str, terms: list[str], options: GroupOptions) -> tuple[Sentence, ...]:
    """Sentences of at least ``boilerplate_min_words`` words, hashed on their lower-cased
    words (so case and punctuation do not hide a repeat)."""
    position = {t: i for i, t in enumerate(terms)}
    kept: dict[str, int | None] = {}  # word -> the position of its stem in terms, or None
    found = []
    for match in _SENTENCE.finditer(text):
        words = words_of(match.group())
        if len(words) < options.boilerplate_min_words:
            continue
        digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).hexdigest()
        stems = []
        for word in words:  # content_stems(words) kept in terms, each word looked up once
            at = kept.get(word, -1)
            if at == -1:
                at = kept[word] = position.get(stem(word)) if is_content(word) else None
            if at is not None:
                stems.append(at)
        found.append(Sentence(digest, match.span(), tuple(stems)))
    return tuple(found)


def minhash_signature(words: list[str], options: GroupOptions) -> np.ndarray:
    n = options.shingle_words
    shingles = {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}
    permutations, scheme = _permutations(options.num_perm, options.minhash_seed)
    sketch = MinHash(num_perm=options.num_perm, permutations=permutations, scheme=scheme)
    sketch.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    return sketch.hashvalues.astype(np.uint32)


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> Any:
    # Building permutations is most of the cost of a fresh MinHash: build them once.
    template = MinHash(num_perm=num_perm, seed=seed)
    return template.permutations, template.scheme


def normalise(value: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: "Brannick Hydro-Works" ->
    "brannick hydro works"."""
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return " ".join(WORD.findall(plain.lower().replace("-", " ")))


def sheet_keys(sheet: FactSheet, options: GroupOptions) -> Iterable[KeyMention]:
    """Keys for the people, organisations, places, quantities and dates of a fact sheet."""
    for kind, items in (
        ("person", sheet.people),
        ("org", sheet.organisations),
        ("place", sheet.places),
    ):
        for item in items:
            span = item.mentions[0].span if item.mentions else None
            name = normalise(item.name)
            if name and span is not None:
                yield KeyMention(f"{kind}:{name}", item.name, (span.start, span.end))
    yield from (k for k in map(lambda q: quantity_key(q, options), sheet.quantities) if k)
    yield from (k for k in map(date_key, sheet.dates) if k)


def quantity_key(quantity: Any, options: GroupOptions) -> KeyMention | None:
    """``kind:value[unit]`` with the value in SI units rounded to two significant digits, so
    "32 km" and "about 20 miles" give the same key."""
    kind = quantity.kind
    if kind in ("ordinal", "ratio"):
        return None
    if kind not in _KEEP_ANY_VALUE and quantity.value < options.min_count_value:
        return None
    value = quantity.si_value if quantity.si_value is not None else quantity.value
    unit = quantity.si_unit or quantity.currency or ""
    key = f"{kind}:{_two_digits(value)}{unit}"
    return KeyMention(key, quantity.text, (quantity.span.start, quantity.span.end))


def _two_digits(value: float) -> str:
    return f"{float(f'{value:.2g}'):g}"


def date_key(date: Any) -> KeyMention | None:
    """Dates with a known year at day or month precision: ``date:2024-02-11``."""
    value = date.value or ""
    if date.precision not in ("day", "month") or not value[:4].isdigit():
        return None
    return KeyMention(f"date:{value}", date.text, (date.span.start, date.span.end))


def capitalised_keys(text: str, options: GroupOptions) -> list[KeyMention]:
    """Capitalised words never written in lower case in the text and seen at least once
    inside a sentence (so not sentence-initial common words such as "However"): the names
    the reader has no list for ("Halvard", "Krell")."""
    lower = {w for w in set(WORD.findall(text)) if w.islower()}
    found: dict[str, list[re.Match[str]]] = {}
    for match in _CAPITALISED.finditer(text):
        word = match.group().lower()
        if word not in STOP_WORDS and word not in CALENDAR_WORDS and word not in lower:
            found.setdefault(word, []).append(match)
    found = {w: ms for w, ms in found.items() if not all(_starts_sentence(text, m) for m in ms)}
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [
        KeyMention(f"term:{word}", ms[0].group(), ms[0].span())
        for word, ms in ranked[: options.max_capitalised_terms]
    ]


def _starts_sentence(text: str, match: re.Match[str]) -> bool:
    return _SENTENCE_START.search(text, max(0, match.start() - 3), match.start()) is not None
