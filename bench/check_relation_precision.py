"""Does bfloat16 change the fine-tuned relation model's readings? Checked on the train part.

The model path runs the encoder in bfloat16 where the CPU computes it natively
(``relation_adapter.fast_bfloat16``). This compares the float32 and the bfloat16 model, both with
the shipped adapters, on the sci-exaggeration *train* part's residue-2 sentences
(crc32 % 5 == 2, the inner split's held part that chose the model's settings): how often
they agree, macro-F1 of each, and sentences per CPU second on one thread. The test part is
not read. The shipped adapters were fitted on the whole train part, residue 2 included, so
the F1 here is not a held-out score: the agreement rate is the figure that matters.

Usage: ``python bench/check_relation_precision.py [--shared DIR]``; writes
``bench/results/relation_precision-h57.json``.
"""

from __future__ import annotations

import time

import torch

import common
from eval_certainty import FILES, load_rows, macro_f1
from fit_relation_model import residue
from storytrace.read.relation_adapter import fast_bfloat16, load
from storytrace.read.relation_model import (
    FinetunedRelationModel,
    checked_adapter,
    encoder_folder,
    shipped_model,
)


def model(bfloat16: bool) -> FinetunedRelationModel:
    tokenizer, classifier = load(encoder_folder(), checked_adapter(), bfloat16=bfloat16)
    return FinetunedRelationModel(tokenizer, classifier, shipped_model())


def read(chosen: FinetunedRelationModel, sentences: list[str]) -> tuple[list[int], float]:
    start = time.process_time()
    levels = [int(level) for level, _ in chosen.decide_many([(s, None) for s in sentences])]
    return levels, round(len(sentences) / (time.process_time() - start), 1)


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    args = parser.parse_args()
    root = common.shared_dir(args.shared, "bench", "sci-exaggeration")
    if not fast_bfloat16():
        raise SystemExit("this CPU has no native bfloat16: the model path stays float32 here")
    models = {"float32": model(False), "bfloat16": model(True)}
    torch.set_num_threads(1)
    result = {}
    for name, filename in FILES.items():
        rows = [(s, y) for s, y in load_rows(root / filename)["train"] if residue(s) == 2]
        sentences, gold = [s for s, _ in rows], [y for _, y in rows]
        out = {"sentences": len(rows)}
        levels = {}
        for kind, chosen in models.items():
            levels[kind], speed = read(chosen, sentences)
            out[kind] = {"macro_f1": macro_f1(gold, levels[kind])["macro_f1"], "sent_per_s": speed}
        same = sum(a == b for a, b in zip(levels["float32"], levels["bfloat16"], strict=True))
        out["agreement"] = round(same / len(rows), 4)
        result[name] = out
        print(
            f"{name}: {len(rows)} sentences, agreement {out['agreement']:.4f}; macro-F1 "
            f"float32 {out['float32']['macro_f1']} bfloat16 {out['bfloat16']['macro_f1']}; "
            f"sentences per CPU s {out['float32']['sent_per_s']} / {out['bfloat16']['sent_per_s']}"
        )
    print(f"wrote {common.write_result('relation_precision-h57', result)}")


if __name__ == "__main__":
    main()
