"""Attribution extraction on PolNeAR (Newell, Margolin & Ruths, LREC 2018).

Held-out part: the ``test`` compartment (84 articles, the 12th monthly period). The rules
were written on the seed articles and invented sentences; the learned cue tagger
(``read/cue_model.py``) was fitted on ``train`` by ``bench/fit_attribution.py``, its
threshold chosen on ``dev``. The cue verbs were chosen on
PolNeAR ``train`` (verbs annotators mark as cues in at least half their uses, then pruned by
the precision of our own predictions on train) and a few on ``dev``; ``test`` was never
looked at for a choice. Where an article has several annotation files (agreement checks)
the first by annotator id is used.

Scores, per role (source, cue, content):
- **token** P/R/F1: every word token of the text gets at most one gold role and at most one
  predicted role (PolNeAR's own constraint); a token counts when the roles agree.
- **span** P/R/F1 (overlap): a predicted span is a hit when it overlaps a gold span of the
  same role; recall counts gold spans overlapped by a prediction.
Also: credit detection against ``metadata.tsv``'s ``credit``/``wire`` columns
(share of articles naming an outlet there whose text yields a credit to that outlet; the
metadata's short codes such as "AP" are mapped to canonical names first — before that
mapping, "AP" never matched "Associated Press" and recall read 0).

Usage: ``python bench/eval_attribution.py [--shared DIR] [--part test]``
Writes ``bench/results/attribution.json``.
"""

from __future__ import annotations

import csv
import re
import tarfile
import time
from collections import defaultdict

import common
from storytrace.demo import CORPUS_DIR
from storytrace.read import read_text
from storytrace.read.attributions import find_attributions
from storytrace.read.credits import canonical_outlet, find_credits
from storytrace.read.options import ReadOptions
from storytrace.read.sentences import split_sentences

ROLES = ("source", "cue", "content")
#: The reading options ``predict`` uses (``bench/fit_attribution.py`` sets it per threshold).
OPTIONS = ReadOptions()
_TOKEN = re.compile(r"\w+")


def load(archive, part: str) -> list[tuple[str, str, list[tuple[str, int, int]]]]:
    """(stem, text, [(role, start, end)]) for every article of ``part``."""
    texts, anns = {}, defaultdict(list)
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith(f"{part}/"):
                continue
            data = tar.extractfile(member).read().decode("utf-8")
            stem = member.name.rsplit("/", 1)[1].rsplit(".", 1)[0]
            if "/text/" in member.name:
                texts[stem] = data
            elif "/attributions/" in member.name:
                anns[stem.rsplit("_", 1)[0]].append((stem, data))
    out = []
    for stem, text in sorted(texts.items()):
        if anns.get(stem):
            out.append((stem, text, parse_ann(sorted(anns[stem])[0][1])))
    return out


def parse_ann(data: str) -> list[tuple[str, int, int]]:
    spans = []
    for line in data.splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].startswith("T"):
            continue
        label, *offsets = parts[1].replace(";", " ").split()
        if label.lower() in ROLES:
            nums = [int(x) for x in offsets]
            spans += [(label.lower(), nums[i], nums[i + 1]) for i in range(0, len(nums), 2)]
    return spans


def predict(text: str) -> list[tuple[str, int, int]]:
    spans = []
    for sentence in split_sentences(text):
        for a in find_attributions(text, sentence.span, OPTIONS):
            for role, m in zip(ROLES, (a.source, a.cue, a.content), strict=True):
                if m is not None:
                    spans.append((role, m.span.start, m.span.end))
    return spans


def token_roles(text: str, spans: list[tuple[str, int, int]]) -> dict[int, str]:
    starts = [m.start() for m in _TOKEN.finditer(text)]
    roles: dict[int, str] = {}
    for role, s, e in sorted(spans, key=lambda x: ROLES.index(x[0])):  # cue/source win
        for t in starts:
            if s <= t < e:
                roles.setdefault(t, role)
    return roles


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0, 3)}


def evaluate(docs) -> dict:
    tok = {r: [0, 0, 0] for r in ROLES}
    span = {r: [0, 0, 0, 0] for r in ROLES}  # predicted hits, predicted, gold hits, gold
    for _, text, gold in docs:
        pred = predict(text)
        g, p = token_roles(text, gold), token_roles(text, pred)
        for t in set(g) | set(p):
            if g.get(t) == p.get(t):
                tok[g[t]][0] += 1
            else:
                if p.get(t):
                    tok[p[t]][1] += 1
                if g.get(t):
                    tok[g[t]][2] += 1
        for role in ROLES:
            gs = [(s, e) for r, s, e in gold if r == role]
            ps = [(s, e) for r, s, e in pred if r == role]
            span[role][0] += sum(any(s < ge and gs_ < e for gs_, ge in gs) for s, e in ps)
            span[role][1] += len(ps)
            span[role][2] += sum(any(s < pe and ps_ < e for ps_, pe in ps) for s, e in gs)
            span[role][3] += len(gs)
    out = {}
    for role in ROLES:
        hp, np_, hg, ng = span[role]
        p, r = hp / np_ if np_ else 0.0, hg / ng if ng else 0.0
        out[role] = {
            "token": prf(*tok[role]),
            "span_overlap": {
                "p": round(p, 3),
                "r": round(r, 3),
                "f1": round(2 * p * r / (p + r) if p + r else 0, 3),
            },
            "gold_spans": ng,
            "predicted_spans": np_,
        }
    return out


def credit_recall(shared, docs) -> dict:
    meta = {}
    with open(common.shared_dir(shared, "bench", "polnear", "metadata.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            meta[row["filename"]] = row
    expected = found = 0
    for stem, text, _ in docs:
        row = meta.get(stem, {})
        named = {row.get(k) for k in ("credit", "wire")} - {None, "None", "NA", ""}
        # metadata names outlets by short codes ("AP", "UPI", "reuters"): compare canonical
        # names, as find_credits reports them ("Associated Press")
        outlets = {canonical_outlet(o) or o for o in named}
        if not outlets:
            continue
        expected += 1
        credited = {c.outlet or "" for c in find_credits(text, split_sentences(text))}
        if any(
            o.lower() in c.lower() or c.lower() in o.lower() for o in outlets for c in credited if c
        ):
            found += 1
    return {
        "articles_with_credit_or_wire": expected,
        "credited_outlet_found": found,
        "recall": round(found / expected, 3) if expected else None,
    }


_PRONOUNS = frozenset("he she they we i it him her".split())


def _is_name(mention) -> bool:  # noqa: ANN001
    words = mention.text.split() if mention is not None else []
    return bool(words) and words[0].lower() not in _PRONOUNS and words[0][0].isupper()


def named_share(texts: list[str]) -> dict[str, object]:
    """Of the attributed claims to a person, the share whose source is a name: ``source``
    counts the source phrase as written, ``speaker`` the antecedent a pronoun or "the
    official" was linked to (same run, same claims)."""
    n = by_source = by_speaker = pronouns = pronouns_linked = 0
    for text in texts:
        for claim in read_text(text).claims:
            a = claim.attribution
            if a.source is None or a.kind.value not in ("named_person", "anonymous"):
                continue
            n += 1
            by_source += a.kind.value == "named_person" and _is_name(a.source)
            antecedent = getattr(a, "antecedent", None)  # absent before coreference
            speaker = antecedent or a.source
            by_speaker += _is_name(speaker) and (a.kind.value == "named_person" or bool(antecedent))
            if a.source.text.lower() in _PRONOUNS:
                pronouns += 1
                pronouns_linked += antecedent is not None
    return {
        "person_claims": n,
        "named_source_share": round(by_source / n, 3) if n else None,
        "named_speaker_share": round(by_speaker / n, 3) if n else None,
        "pronoun_sources": pronouns,
        "pronouns_linked": pronouns_linked,
    }


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    parser.add_argument("--part", default="test", choices=("train", "dev", "test"))
    args = parser.parse_args()
    archive = common.shared_dir(args.shared, "bench", "polnear", "polnear_text_attributions.tar.gz")
    docs = load(archive, args.part)
    started = time.perf_counter()
    scores = evaluate(docs)
    seconds = time.perf_counter() - started
    credits = credit_recall(args.shared, docs)
    shares = {
        "polnear_" + args.part: named_share([text for _, text, _ in docs]),
        "demo_corpus": named_share(
            [p.read_text("utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))]
        ),
    }
    print(f"named speakers: {shares}")
    print(f"PolNeAR {args.part}: {len(docs)} articles, {seconds:.1f} s")
    heads = ("tok P", "tok R", "tok F1", "span P", "span R", "span F1")
    print(f"{'role':8} " + " ".join(f"{h:>7}" for h in heads))
    for role, s in scores.items():
        t, o = s["token"], s["span_overlap"]
        values = (t["p"], t["r"], t["f1"], o["p"], o["r"], o["f1"])
        print(f"{role:8} " + " ".join(f"{v:7.3f}" for v in values))
    print(f"credits: {credits}")
    out = common.write_result(
        "attribution",
        {
            "dataset": "PolNeAR",
            "part": args.part,
            "articles": len(docs),
            "tuned_on": "seed articles, invented sentences, PolNeAR train (cue verbs, by "
            "their cue rate and our precision; the learned cue tagger's weights) and dev "
            "(the tagger's C, vocabulary size and threshold; the unnamed-source and nested-"
            "report rules); never the test part",
            "scores": scores,
            "credits": credits,
            "named_speakers": shares,
            "seconds": round(seconds, 2),
        },
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
