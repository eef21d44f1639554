"""The fine-tuned relation model in float32, bfloat16 and int8: agreement and reading speed.

The model path runs its encoder in bfloat16 where the CPU computes it natively
(``relation_adapter.fast_bfloat16``). This compares, with the shipped adapters:

- agreement and macro-F1 of each precision against float32 on the sci-exaggeration *train*
  part's residue-2 sentences (crc32 % 5 == 2, the inner split's held part that chose the
  model's settings). The test part is not read. The shipped adapters were fitted on the
  whole train part, residue 2 included, so that F1 is not a held-out score: the agreement
  is the figure that matters;
- reading speed: ``read_text`` articles per CPU second on one thread over the generated
  articles of ``bench_read_speed.py``, each article read in turn by the model-free default
  and by the model path in each precision, in this one process (same load for all).

int8 is torch's dynamic quantisation of the linear layers (per-channel weights): measured
here as the alternative the model path does not take.

Usage: ``python bench/check_relation_precision.py [--shared DIR] [--n 150]``; writes
``bench/results/relation_precision-h57.json``.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import warnings

import torch

import common
import storytrace.read.relation_model as rm
from bench_read_speed import article
from eval_certainty import FILES, load_rows, macro_f1
from fit_relation_model import residue
from storytrace.read import ReadOptions, read_text
from storytrace.read.relation_adapter import fast_bfloat16, load


def model(precision: str) -> rm.FinetunedRelationModel:
    tokenizer, classifier = load(rm.encoder_folder(), rm.checked_adapter(), precision == "bf16")
    if precision == "int8":
        from torch.ao.quantization import per_channel_dynamic_qconfig

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            classifier.encoder = torch.ao.quantization.quantize_dynamic(
                classifier.encoder, {torch.nn.Linear: per_channel_dynamic_qconfig}, torch.qint8
            )
    return rm.FinetunedRelationModel(tokenizer, classifier, rm.shipped_model())


def agreement(models: dict, root) -> dict:  # noqa: ANN001
    result = {}
    for name, filename in FILES.items():
        rows = [(s, y) for s, y in load_rows(root / filename)["train"] if residue(s) == 2]
        gold = [y for _, y in rows]
        levels = {
            kind: [int(level) for level, _ in m.decide_many([(s, None) for s, _ in rows])]
            for kind, m in models.items()
        }
        out = {"sentences": len(rows)}
        for kind, got in levels.items():
            same = sum(a == b for a, b in zip(levels["fp32"], got, strict=True))
            out[kind] = {
                "agreement_with_fp32": round(same / len(rows), 4),
                "macro_f1": macro_f1(gold, got)["macro_f1"],
            }
        result[name] = out
        print(name, out)
    return result


def reading_speed(models: dict, n: int) -> dict:
    """Articles per CPU second of each reading, the articles interleaved."""
    rng = random.Random(11)
    articles = [article(rng) for _ in range(n)]
    published = dt.date(2024, 6, 1)
    read_text(articles[0], published)
    cpu = dict.fromkeys(["features", *models], 0.0)
    for text in articles:
        for kind in cpu:
            if kind == "features":
                options = ReadOptions()
            else:
                rm.finetuned_model = lambda kind=kind: models[kind]  # this precision's model
                options = ReadOptions(relation_model="finetuned")
            start = time.process_time()
            read_text(text, published, options=options)
            cpu[kind] += time.process_time() - start
    speed = {kind: round(n / seconds, 1) for kind, seconds in cpu.items()}
    print("articles per CPU second", speed)
    return speed


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=150)
    args = parser.parse_args()
    root = common.shared_dir(args.shared, "bench", "sci-exaggeration")
    if not fast_bfloat16():
        raise SystemExit("this CPU has no native bfloat16: the model path stays float32 here")
    models = {kind: model(kind) for kind in ("fp32", "bf16", "int8")}
    torch.set_num_threads(1)
    result = {
        "train_residue_2": agreement(models, root),
        "read_articles_per_cpu_s": reading_speed(models, args.n),
        "articles": args.n,
        "threads": 1,
    }
    print(f"wrote {common.write_result('relation_precision-h57', result)}")


if __name__ == "__main__":
    main()
