"""Tunables of the comparison stage, in one frozen options object.

Every threshold was set by hand on the bundled demo corpus (``storytrace/demo``), whose
truth lists the discrepancies and the harmless restatements, and then checked, without
retuning, on the real seed articles (``../shared/corpus/seeds``). ``bench/eval_distortion.py``
measures the result on public data; nothing was tuned on it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CompareOptions:
    """Options of :func:`storytrace.compare.align_facts` and
    :func:`storytrace.compare.find_discrepancies`.

    - ``align_threshold``: the lowest claim similarity (0-1, see
      :func:`storytrace.compare.claims.similarity`) at which a copy's claim counts as a
      restatement of an upstream claim. 0.42 kept every demo paraphrase aligned ("were
      scheduled to stay" / "stayed") while the demo's added quotes and background stay
      below it (their best upstream scores were 0.15-0.38).
    - ``slot_threshold`` / ``slot_candidates``: an aligned copy claim has its numbers and
      dates compared with up to 3 source claims scoring at least 0.33 (a dateline or a
      long clause pulls the right counterpart below ``align_threshold``: "eleven
      inspectors" vs the lead's "Nine government inspectors" scored 0.35). A value is
      only reported when every such claim that gives a value of its kind disagrees.
    - ``fact_threshold``: the same, for grouping claims of any two articles into one fact;
      higher (0.5) because there is no derivation to vouch for the pairing.
    - ``number_rel_tol``: relative tolerance of :func:`storytrace.read.numbers.same_quantity`
      (5 %: "32 km" vs "about 20 miles" is 0.6 % apart, "nine" vs "eleven" 22 %).
    - ``role_window``: how many words after a number name what it counts ("nine
      *government inspectors*"); two numbers are about the same thing when these share a
      word stem. 3 covers one adjective and a noun.
    - ``min_addition_words``: an unaligned copy claim shorter than this is not reported as
      an addition (fragments such as "he said" are not claims worth a finding).
    - ``background_year_gap``: an unaligned claim naming an explicit year at least this
      many years before the copy's publication year is background, not news (2: a 2021
      survey or a 2019 evacuation in a 2025 story; last year's events are the story).
    - ``dropped_attribution_min``: how similar (0-1) an own-voice copy claim must be to
      an attributed source claim before the attribution counts as dropped (0.55: looser
      demo matches paired unrelated sentences that merely share names).
    - ``new_words``: an unaligned copy claim about the story's people, organisations or
      places that brings at least this many content words its source never uses is an
      unsupported addition ("the spillway has cracked again this summer": 4).
    - ``caveat_sentence_words``: a caveat ("could not verify") in a source sentence longer
      than this many words is not tied to a claim of it (60: the f3-dev CoAID originals,
      stored without punctuation, are one 80-word "sentence" whose hedge qualifies
      nothing in particular; the seeds' "booked to travel" sentence has 41 words).
    - ``fidelity_weights`` / ``fidelity_bias``: the logistic model of a copy's fidelity
      score (:mod:`storytrace.compare.fidelity`; one weight per signal, in the order of
      ``fidelity.SIGNALS``), fitted on the news pairs of fold 0 of f3-dev (real GPT-3.5
      rewrites, faithful or distorted; ``bench/eval_f3_fidelity.py --fit``).
    - ``altered_at``: the score from which a copy's verdict is ``altered`` (0.5, the
      model's own midpoint; fold 0 chose no better cut).
    - ``fidelity_min_words``: a copy with fewer words of claims than this gets the verdict
      ``unknown`` (8: a headline-length copy says too little to judge).
    - ``extra_loaded_terms``: more loaded words or phrases (regular expressions) on top
      of :data:`storytrace.compare.lexicon.LOADED_TERMS`.
    """

    align_threshold: float = 0.42
    slot_threshold: float = 0.33
    slot_candidates: int = 3
    fact_threshold: float = 0.5
    number_rel_tol: float = 0.05
    role_window: int = 3
    min_addition_words: int = 6
    background_year_gap: int = 2
    dropped_attribution_min: float = 0.55
    new_words: int = 3
    caveat_sentence_words: int = 60
    fidelity_weights: tuple[float, ...] = (2.94, 0.72, 0.84, 0.4, 1.04, 3.38, 0.63, 1.0, 0.25)
    fidelity_bias: float = -3.07
    altered_at: float = 0.5
    fidelity_min_words: int = 8
    extra_loaded_terms: tuple[str, ...] = ()
