"""What the relation gate (``relation.states_relation``) keeps and drops, against another
tree's gate.

The gate decides which claims of a fact sheet get a relation reading (the model path's
encoder reads only those). Measured for this tree's gate and ``--base``'s (e.g. main's, from
``git archive main src | tar -x -C /tmp/base``; its ``relation.py`` is loaded beside this
tree's code):

- **sci-exaggeration, train part** (``eval_certainty.is_train``; the test part is not read):
  the gate's recall on sentences labelled with a relation (levels 1-3), each sentence
  taken as one claim; and macro-F1 on the inner split's held part (residue 2, as
  ``fit_relation_model.py --inner`` judges) with the gate in front (a sentence the gate
  drops is read as ``NONE``), for the model-free reading and, when ``storytrace[model]`` is
  installed, the fine-tuned one. Both were fitted on the whole train part, residue 2
  included, so that F1 is not held out: it shows what the gate costs, not the models'
  quality.
- **news**: the claims of the real pages of article-extraction (``--texts``) and of
  ``bench_read_speed.py``'s generated articles: claims per article each gate passes, and
  the fine-tuned model's reading of the claims one gate passes and the other does not
  ("readings changed": a claim the model reads as a relation that the new gate drops loses
  its reading), with examples; and for the default (model-free) path, the claims whose
  ``Claim.relation`` changes (the reading of a claim does not depend on the gate, so
  exactly the claims where the two gates differ).

Usage: ``python bench/check_relation_gate.py --base /tmp/base/src [--n 100] [--name NAME]``.
Writes ``bench/results/NAME.json`` (``relation_gate`` by default).
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import bench_read_speed
import common
from eval_certainty import FILES, load_rows, macro_f1
from fit_relation_model import residue
from storytrace.model import Span
from storytrace.read import read_text
from storytrace.read.relation import relation_cues, relation_of, states_relation
from storytrace.read.relation_model import finetuned_model, missing

Gate = Callable[[str, Span, list[tuple[int, int]] | None], bool]
#: Examples of changed readings written to the result.
EXAMPLES = 25


def base_gate(src: Path) -> Gate:
    """``states_relation`` of another tree's ``storytrace/read/relation.py``."""
    spec = importlib.util.spec_from_file_location(
        "base_relation", src / "storytrace" / "read" / "relation.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module.states_relation


def sci_part(root: Path, gates: dict[str, Gate]) -> dict:
    """Gate recall on the train part and F1 on residue 2 with each gate in front."""
    model = None if missing() else finetuned_model()
    out = {}
    for name, filename in FILES.items():
        rows = load_rows(root / filename)["train"]
        passed = {g: [gate(s, Span(0, len(s)), None) for s, _ in rows] for g, gate in gates.items()}
        related = [i for i, (_, label) in enumerate(rows) if label > 0]
        result: dict = {"sentences": len(rows), "related": len(related)}
        for g, kept in passed.items():
            result[f"recall_{g}"] = round(sum(kept[i] for i in related) / len(related), 3)
            result[f"level0_passed_{g}"] = sum(
                k for k, (_, label) in zip(kept, rows, strict=True) if label == 0
            )
        held = [i for i, (s, _) in enumerate(rows) if residue(s) == 2]
        gold = [rows[i][1] for i in held]
        readers = {"features": lambda ss: [int(relation_of(s)[0]) for s in ss]}
        if model is not None:
            readers["finetuned"] = lambda ss: [
                int(level) for level, _ in model.decide_many([(s, None) for s in ss])
            ]
        for reader, read in readers.items():
            labels = read([rows[i][0] for i in held])
            result[f"residue2_f1_{reader}_no_gate"] = macro_f1(gold, labels)["macro_f1"]
            for g, kept in passed.items():
                gated = [label if kept[i] else 0 for i, label in zip(held, labels, strict=True)]
                result[f"residue2_f1_{reader}_{g}"] = macro_f1(gold, gated)["macro_f1"]
        out[name] = result
    return out


def news_part(kind: str, n: int, shared: Path, gates: dict[str, Gate]) -> dict:
    """Claims per article each gate passes, and what changes between the gates."""
    texts = bench_read_speed.bench_texts(kind, n, shared=shared)
    claims = []  # (text, span, base passes, this passes, article)
    for k, (text, published) in enumerate(texts):
        cues = relation_cues(text)
        for claim in read_text(text, published).claims:
            passed = {g: gate(text, claim.span, cues) for g, gate in gates.items()}
            claims.append((text, claim.span, passed["base"], passed["this"], k))
    result: dict = {"texts": kind, "articles": len(texts), "claims": len(claims)}
    for i, g in enumerate(("base", "this")):
        result[f"passed_per_article_{g}"] = round(sum(c[2 + i] for c in claims) / len(texts), 2)
    changed = [c for c in claims if c[2] != c[3]]
    dropped = [c for c in changed if c[2]]
    added = [c for c in changed if c[3]]
    default = Counter((int(relation_of(t, s)[0]), b) for t, s, b, *_ in changed)
    result["default_path"] = {
        "claims_changed": len(changed),
        "sheets_changed": len({c[4] for c in changed}),
        "dropped_by_level": {k: default[k, True] for k in range(4)},
        "added_by_level": {k: default[k, False] for k in range(4)},
    }
    if not missing():
        model = finetuned_model()
        for name, group in (("dropped", dropped), ("added", added)):
            asked = [(t, s) for t, s, *_ in group]
            levels = [int(r) for r, _ in model.decide_many(asked)] if asked else []
            result[f"model_{name}"] = {
                "claims": len(group),
                "by_level": dict(sorted(Counter(levels).items())),
                "related_examples": [
                    {"level": level, "claim": s.of(t)[:300]}
                    for (t, s, *_), level in zip(group, levels, strict=True)
                    if level > 0
                ][:EXAMPLES],
            }
    return result


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="another tree's src folder")
    parser.add_argument("--n", type=int, default=100, help="generated articles")
    parser.add_argument("--name", default="relation_gate")
    args = parser.parse_args()
    gates = {"base": base_gate(args.base), "this": states_relation}
    root = common.shared_dir(args.shared, "bench", "sci-exaggeration")
    result = {"base": str(args.base), "sci_exaggeration_train": sci_part(root, gates)}
    for name, part in result["sci_exaggeration_train"].items():
        print(name, part)
    for kind, n in (("article-extraction", 10_000), ("generated", args.n)):
        result[kind] = news_part(kind, n, args.shared, gates)
        print(kind, {k: v for k, v in result[kind].items() if not k.startswith("model_")})
        for key in ("model_dropped", "model_added"):
            if key in result[kind]:
                print(
                    f"  {key}: {result[kind][key]['claims']} claims, "
                    f"model levels {result[kind][key]['by_level']}"
                )
    print(f"wrote {common.write_result(args.name, result)}")


if __name__ == "__main__":
    main()
