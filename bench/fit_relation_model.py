"""Fine-tune the model path of the relation reading: LoRA adapters on all-MiniLM-L6-v2.

Trains :class:`storytrace.read.relation_adapter.RelationClassifier` (the frozen encoder of
the ``storytrace[model]`` extra, LoRA adapters on the chosen linear layers, the LayerNorms,
and a head over the mean-pooled tokens and the model-free model's four scores) on the
sci-exaggeration *train* part (crc32 % 5 in 0, 1, 2; ``eval_certainty.is_train``). The test
part (residues 3, 4) is never read here.

The head's four model-free scores are *out-of-fold* during training (the
:class:`~storytrace.read.relation.RelationModel` refitted by 5-fold inside the training
sentences with ``bench/fit_relation.py``'s settings), so the head learns how far to trust
them on sentences they were not fitted on; at reading time the shipped model-free weights
(fitted on the whole train part) give them.

``--inner`` chooses settings: it trains on residues 0-1 and prints macro-F1 per set on
residue 2 after every epoch (no file written). Without it, it trains on the whole train part
with the settings given and writes ``src/storytrace/read/relation_adapter.safetensors``;
put the printed sha256 into ``relation_model.ADAPTER_SHA256``.

CPU only, seeded (``--seed``), ``--threads`` torch threads (2 by default).

Usage: ``python bench/fit_relation_model.py [--shared DIR] [--inner] [--rank 8] [--epochs 4]
[--lr 5e-4] [--layers 0,1,2,3,4,5] [--targets q,k,v,o,up,down] [--no-features]
[--depth 6]``.
"""

from __future__ import annotations

import random
import time
import zlib
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

import common
from eval_certainty import FILES, load_rows
from fit_relation import MIN_COUNT
from storytrace.read.relation import features

#: The model-free model's regularisation (what ``bench/fit_relation.py`` chose by CV).
LINEAR_C = 0.3


def residue(sentence: str) -> int:
    return zlib.crc32(sentence.encode("utf-8")) % 5


def train_rows(root: Path) -> list[tuple[str, int, str]]:
    """(sentence, label, set) of the train part of both sets."""
    rows = []
    for name, filename in FILES.items():
        rows += [(s, label, name) for s, label in load_rows(root / filename)["train"]]
    return rows


def linear_scores(fit: list[str], y: np.ndarray, score: list[str]) -> np.ndarray:
    """The model-free model fitted on ``fit``: its four scores for each of ``score``."""
    counts: dict[str, int] = {}
    for s in fit:
        for n in features(s):
            counts[n] = counts.get(n, 0) + 1
    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform(
        [{n: 1 for n in features(s) if counts[n] >= MIN_COUNT} for s in fit]
    )
    model = LogisticRegression(C=LINEAR_C, max_iter=5000, class_weight="balanced").fit(x, y)
    return model.decision_function(
        vectoriser.transform([dict.fromkeys(features(s), 1) for s in score])
    )


def out_of_fold(sentences: list[str], y: np.ndarray) -> np.ndarray:
    """Each sentence's model-free scores from a model fitted on the other four folds."""
    out = np.zeros((len(sentences), 4))
    for fit, held in StratifiedKFold(5, shuffle=True, random_state=0).split(sentences, y):
        out[held] = linear_scores([sentences[i] for i in fit], y[fit], [sentences[i] for i in held])
    return out


def lower_states(model, tokenizer, texts: list[str]) -> list:  # noqa: ANN001
    """The frozen encoder's token vectors entering the first adapted block, per sentence
    (unpadded): computed once, since training does not change them."""
    from storytrace.read.relation_adapter import batch

    model.eval()
    states = []
    for i in range(0, len(texts), 64):
        ids, mask = batch(tokenizer, texts[i : i + 64], model.settings.max_tokens)
        hidden = model.lower(ids, mask)
        states += [hidden[k, : int(mask[k].sum())].clone() for k in range(len(ids))]
    return states


def padded(states: list, pick: list[int]):  # noqa: ANN201
    """The states of ``pick`` padded to the longest, and their mask."""
    import torch

    longest = max(len(states[j]) for j in pick)
    hidden = torch.zeros(len(pick), longest, states[pick[0]].shape[1])
    mask = torch.zeros(len(pick), longest, dtype=torch.long)
    for row, j in enumerate(pick):
        hidden[row, : len(states[j])] = states[j]
        mask[row, : len(states[j])] = 1
    return hidden, mask


def predict(model, states: list, scores: np.ndarray) -> np.ndarray:  # noqa: ANN001
    import torch

    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(states), 64):
            pick = list(range(i, min(i + 64, len(states))))
            hidden, mask = padded(states, pick)
            cue = torch.tensor(scores[pick], dtype=torch.float32)
            out.append(model.upper(hidden, mask, cue).argmax(1).numpy())
    return np.concatenate(out)


def batches(states: list, size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of sentences of similar length (less padding, same sentences)."""
    order = list(range(len(states)))
    rng.shuffle(order)
    chunks = [order[i : i + size * 16] for i in range(0, len(order), size * 16)]
    out = []
    for chunk in chunks:
        chunk.sort(key=lambda j: len(states[j]))
        out += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def train(args, texts: list[str], y: np.ndarray, scores: np.ndarray, judge=None):  # noqa: ANN001, ANN201
    """Train a classifier; ``judge`` (texts, labels, scores, sets) is scored every epoch."""
    import torch

    from storytrace.read.relation_adapter import AdapterSettings, RelationClassifier, base_encoder
    from storytrace.read.relation_model import encoder_folder

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    settings = AdapterSettings(
        rank=args.rank,
        alpha=2.0 * args.rank,
        targets=tuple(args.targets.split(",")),
        layers=tuple(int(i) for i in args.layers.split(",")),
        max_tokens=args.max_tokens,
        with_features=not args.no_features,
        depth=args.depth,
    )
    tokenizer, encoder = base_encoder(encoder_folder())
    model = RelationClassifier(encoder, settings)
    trainable = [p for p in model.parameters() if p.requires_grad]
    print(f"{settings}: {sum(p.numel() for p in trainable):,} trained numbers", flush=True)
    start = time.process_time()
    states = lower_states(model, tokenizer, texts)
    j_states = lower_states(model, tokenizer, judge[0]) if judge else None
    print(f"frozen blocks below {model.first}: {time.process_time() - start:.0f} CPU s", flush=True)
    optimiser = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math_ceil(len(texts), args.batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, step / (0.1 * steps)) * max(0.0, (steps - step) / steps)
    )
    counts = np.bincount(y, minlength=4)
    loss_fn = torch.nn.CrossEntropyLoss(
        weight=torch.tensor(len(y) / (4 * counts), dtype=torch.float32)  # "balanced"
    )
    history = []
    for epoch in range(args.epochs):
        model.train()
        start, total = time.process_time(), 0.0
        for pick in batches(states, args.batch, rng):
            hidden, mask = padded(states, pick)
            cue = torch.tensor(scores[pick], dtype=torch.float32)
            loss = loss_fn(model.upper(hidden, mask, cue), torch.tensor(y[pick]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item() * len(pick)
        cpu = time.process_time() - start
        line = f"epoch {epoch + 1}: loss {total / len(texts):.4f}, {cpu:.0f} CPU s"
        if judge is not None:
            _, j_y, j_scores, j_sets = judge
            pred = predict(model, j_states, j_scores)
            per = by_set(j_y, pred, j_sets)
            history.append(per)
            line += f"; residue-2 macro-F1 {per} (mean {np.mean(list(per.values())):.3f})"
        print(line, flush=True)
    return model, history


def math_ceil(n: int, k: int) -> int:
    return -(-n // k)


def by_set(y: np.ndarray, pred: np.ndarray, sets: np.ndarray) -> dict[str, float]:
    """Macro-F1 of each set (PubMed, EurekAlert)."""
    return {n: round(f1_score(y[sets == n], pred[sets == n], average="macro"), 3) for n in FILES}


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    parser.add_argument("--inner", action="store_true", help="fit on residues 0-1, judge on 2")
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--max-tokens", type=int, default=96)
    parser.add_argument("--layers", default="0,1,2,3,4,5")
    parser.add_argument("--targets", default="q,k,v,o,up,down")
    parser.add_argument("--no-features", action="store_true")
    parser.add_argument("--depth", type=int, default=6, help="encoder blocks kept (bottom ones)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, help="where to write the adapters")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    root = common.shared_dir(args.shared, "bench", "sci-exaggeration")
    rows = train_rows(root)
    fit = [r for r in rows if residue(r[0]) in ((0, 1) if args.inner else (0, 1, 2))]
    texts = [s for s, _, _ in fit]
    y = np.array([label for _, label, _ in fit])
    start = time.process_time()
    scores = out_of_fold(texts, y)
    print(
        f"{len(texts)} training sentences; out-of-fold model-free scores in "
        f"{time.process_time() - start:.0f} CPU s",
        flush=True,
    )
    judge = None
    if args.inner:
        held = [r for r in rows if residue(r[0]) == 2]
        j_texts = [s for s, _, _ in held]
        j_y = np.array([label for _, label, _ in held])
        judge = (j_texts, j_y, linear_scores(texts, y, j_texts), np.array([n for *_, n in held]))
        per = by_set(j_y, judge[2].argmax(1), judge[3])
        print(f"residue 2 ({len(held)} sentences), model-free alone: {per}", flush=True)
    start = time.time()
    model, _ = train(args, texts, y, scores, judge)
    print(f"trained in {time.time() - start:.0f} s wall", flush=True)
    if not args.inner:
        from storytrace.read import relation_adapter
        from storytrace.read.relation_model import ADAPTER, sha256_of

        target = args.out or ADAPTER
        relation_adapter.save(
            model,
            target,
            {
                "fitted_on": "sci-exaggeration train part (crc32 % 5 in 0, 1, 2): "
                f"{len(texts)} sentences",
                "fitted_by": "bench/fit_relation_model.py "
                f"--rank {args.rank} --epochs {args.epochs} --lr {args.lr} --batch {args.batch} "
                f"--max-tokens {args.max_tokens} --layers {args.layers} --targets {args.targets}"
                f" --depth {args.depth}"
                f"{' --no-features' if args.no_features else ''} --seed {args.seed}",
            },
        )
        print(f"wrote {target} ({target.stat().st_size:,} bytes), sha256 {sha256_of(target)}")


if __name__ == "__main__":
    main()
