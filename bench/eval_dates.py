"""Evaluate storytrace's date reader on TempEval-3 Platinum (the test part), next to dateparser.

Gold: every TIMEX3 of type DATE inside <TEXT> (the document creation time excluded),
with its normalised value. Three measurements in one run, each against the document's
creation time (DCT) as the publication date:

1. ``storytrace (full text)``: ``find_dates`` on the whole text; a gold DATE counts as
   correct when a found mention overlaps it with the same value. Also detection
   precision / recall / F1 (overlap match; a found mention overlapping a non-DATE gold
   timex is neither right nor wrong) and value P/R/F1 in TempEval style (a true positive
   needs the overlap and the value).
2. ``storytrace (gold spans)``: ``find_dates`` on each gold span's text alone.
3. ``dateparser (gold spans)``: ``dateparser.DateDataParser`` on each gold span's text,
   relative to the DCT, preferring past dates; its ``period`` (day/week/month/year) sets
   the precision of the value.

Values are compared as strings after dropping TimeML's time part; value accuracy is
correct / gold. A vague reference is scored by its TimeML class (``DateMention.reference``):
storytrace dates "now" by the publication date, which TimeML writes ``PRESENT_REF``. Usage::

    python bench/eval_dates.py [--shared ../shared] [--out bench/results/dates.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tarfile
import time
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from storytrace.read.dates import DateMention, find_dates

REPO = Path(__file__).resolve().parents[1]
ARCHIVE = "bench/tempeval3/tempeval3_tbaq_platinum.tar.gz"
TEST_PREFIX = "Evaluation/te3-platinum/"
#: Parts of the archive: the test part is reported; the training part is for tuning.
PARTS = {"test": TEST_PREFIX, "train": "Training/TBAQ-cleaned/"}


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class Doc:
    name: str
    dct: dt.date
    text: str
    timexes: tuple[Timex, ...]


def load_docs(shared: Path, part: str = "test") -> list[Doc]:
    docs = []
    prefix = PARTS[part]
    with tarfile.open(shared / ARCHIVE) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            name = member.name
            if name.startswith(prefix) and name.endswith(".tml") and "testpipeline" not in name:
                raw = tar.extractfile(member).read()  # type: ignore[union-attr]
                docs.append(parse_tml(Path(member.name).stem, raw))
    return docs


def parse_tml(name: str, raw: bytes) -> Doc:
    root = ET.fromstring(raw)
    dct_el = root.find("DCT/TIMEX3")
    if dct_el is None:
        raise ValueError(f"{name}: no DCT")
    dct = dt.date.fromisoformat(dct_el.get("value", "")[:10])
    text_el = root.find("TEXT")
    if text_el is None:
        raise ValueError(f"{name}: no TEXT")
    parts: list[str] = []
    timexes: list[Timex] = []
    _walk(text_el, parts, timexes)
    return Doc(name, dct, "".join(parts), tuple(timexes))


def _walk(el: ET.Element, parts: list[str], timexes: list[Timex]) -> None:
    parts.append(el.text or "")
    for child in el:
        start = sum(map(len, parts))
        _walk(child, parts, timexes)
        end = sum(map(len, parts))
        if child.tag == "TIMEX3" and child.get("functionInDocument") != "CREATION_TIME":
            text = "".join(child.itertext())
            timexes.append(Timex(start, end, child.get("type", ""), child.get("value", ""), text))
        parts.append(child.tail or "")


def norm(value: str | None) -> str | None:
    return re.sub(r"^(\d{4}-\d\d-\d\d)T.*$", r"\1", value) if value else value


def timeml_value(m: DateMention) -> str | None:
    """The mention's value as TimeML writes it: a vague reference by its class ("now",
    which storytrace dates by the publication, is ``PRESENT_REF``), else its value."""
    return m.reference or norm(m.value)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def eval_full_text(docs: list[Doc], *, references: bool = False) -> dict[str, object]:
    gold_n = correct = detected = found_n = found_ok = value_tp = 0
    seconds = 0.0
    misses: list[str] = []
    for doc in docs:
        t0 = time.perf_counter()
        mentions = find_dates(doc.text, doc.dct, references=references)
        seconds += time.perf_counter() - t0
        dates = [t for t in doc.timexes if t.type == "DATE"]
        other = [t for t in doc.timexes if t.type != "DATE"]
        gold_n += len(dates)
        correct += sum(_value_hit(g, mentions) for g in dates)
        misses += [_miss(doc, g, mentions) for g in dates if not _value_hit(g, mentions)]
        detected += sum(_overlapped(g, mentions) for g in dates)
        for m in mentions:
            span = (m.span.start, m.span.end)
            hit = [g for g in dates if overlaps(span, (g.start, g.end))]
            if not hit and any(overlaps(span, (g.start, g.end)) for g in other):
                continue
            found_n += 1
            found_ok += bool(hit)
            value_tp += any(timeml_value(m) == g.value for g in hit)
    recall = detected / gold_n
    precision = found_ok / found_n if found_n else 0.0
    value_p = value_tp / found_n if found_n else 0.0
    value_r = correct / gold_n
    return {
        "gold_dates": gold_n,
        "value_accuracy": correct / gold_n,
        "detect_precision": precision,
        "detect_recall": recall,
        "detect_f1": _f1(precision, recall),
        "value_precision": value_p,
        "value_recall": value_r,
        "value_f1": _f1(value_p, value_r),
        "ms_per_doc": 1000 * seconds / len(docs),
        "misses": misses,
    }


def _miss(doc: Doc, gold: Timex, mentions: list[DateMention]) -> str:
    found = [
        f"{m.text!r}={m.value}({m.year_from})"
        for m in mentions
        if overlaps((m.span.start, m.span.end), (gold.start, gold.end))
    ]
    return f"{doc.name} {doc.dct} {gold.text!r} gold={gold.value} found={found or '-'}"


def _value_hit(gold: Timex, mentions: list[DateMention]) -> bool:
    return any(
        overlaps((m.span.start, m.span.end), (gold.start, gold.end))
        and timeml_value(m) == gold.value
        for m in mentions
    )


def _overlapped(gold: Timex, mentions: list[DateMention]) -> bool:
    return any(overlaps((m.span.start, m.span.end), (gold.start, gold.end)) for m in mentions)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def eval_gold_spans(docs: list[Doc], normalise) -> dict[str, float]:  # noqa: ANN001
    gold_n = correct = 0
    seconds = 0.0
    misses: list[str] = []
    for doc in docs:
        for g in (t for t in doc.timexes if t.type == "DATE"):
            t0 = time.perf_counter()
            value = normalise(g.text, doc.dct)
            seconds += time.perf_counter() - t0
            gold_n += 1
            if norm(value) == g.value:
                correct += 1
            else:
                misses.append(f"{g.text!r}: {value} != {g.value}")
    return {
        "gold_dates": gold_n,
        "value_accuracy": correct / gold_n,
        "ms_per_span": 1000 * seconds / gold_n,
        "misses": misses,
    }


def storytrace_on_span(text: str, dct: dt.date) -> str | None:
    mentions = find_dates(text, dct)
    return timeml_value(mentions[0]) if mentions else None


def dateparser_on_span_factory():  # noqa: ANN201
    import dateparser

    def parse(text: str, dct: dt.date) -> str | None:
        base = dt.datetime(dct.year, dct.month, dct.day, 12)
        parser = dateparser.DateDataParser(
            languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = parser.get_date_data(text)
        if data.date_obj is None:
            return None
        return _format(data.date_obj, data.period or "day")

    return parse


def _format(when: dt.datetime, period: str) -> str:
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "week":
        year, week, _ = when.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return when.date().isoformat()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "dates.json")
    parser.add_argument("--misses", action="store_true", help="print every wrong value")
    parser.add_argument(
        "--part", choices=sorted(PARTS), default="test", help="train: TBAQ-cleaned, for tuning"
    )
    args = parser.parse_args(argv)
    if not (args.shared / ARCHIVE).is_file():
        print(
            f"TempEval-3 archive not found at {args.shared / ARCHIVE}; pass --shared DIR "
            "(the folder holding bench/tempeval3).",
            file=sys.stderr,
        )
        return 2
    docs = load_docs(args.shared, args.part)
    full = eval_full_text(docs)
    ours = eval_gold_spans(docs, storytrace_on_span)
    refs = eval_full_text(docs, references=True)
    theirs = eval_gold_spans(docs, dateparser_on_span_factory())
    print_table(len(docs), full, refs, ours, theirs)
    if args.misses:
        print("\nstorytrace misses on full text:")
        print("\n".join("  " + m for m in full["misses"]))
        for label, result in (("storytrace", ours), ("dateparser", theirs)):
            print(f"\n{label} misses on gold spans:")
            print("\n".join("  " + m for m in result["misses"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "dataset": f"TempEval-3 {PARTS[args.part]} ({args.part}), TIMEX3 type=DATE, DCT excluded",
        "documents": len(docs),
        "storytrace_full_text": _public(full),
        "storytrace_full_text_with_references": _public(refs),
        "storytrace_gold_spans": _public(ours),
        "dateparser_gold_spans": _public(theirs),
        "reference": "HeidelTime value F1 ~0.78 over all TIMEX3 types (task paper)",
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {args.out}")
    return 0


def _public(result: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in result.items() if k != "misses"}


def print_table(n_docs: int, full: dict, refs: dict, ours: dict, theirs: dict) -> None:
    print(f"TempEval-3 Platinum: {n_docs} documents, {full['gold_dates']} gold DATE timexes\n")
    print(
        f"{'system':<34}{'value acc':>10}{'det P':>8}{'det R':>8}{'det F1':>8}"
        f"{'value F1':>10}{'ms':>9}"
    )
    for label, r in (
        ("storytrace (full text)", full),
        ("storytrace (full, references=True)", refs),
    ):
        print(
            f"{label:<34}{r['value_accuracy']:>10.3f}"
            f"{r['detect_precision']:>8.3f}{r['detect_recall']:>8.3f}"
            f"{r['detect_f1']:>8.3f}{r['value_f1']:>10.3f}"
            f"{r['ms_per_doc']:>7.2f}/d"
        )
    for label, result in (("storytrace (gold spans)", ours), ("dateparser (gold spans)", theirs)):
        print(
            f"{label:<34}{result['value_accuracy']:>10.3f}{'':>8}{'':>8}{'':>8}{'':>10}"
            f"{result['ms_per_span']:>7.2f}/s"
        )


if __name__ == "__main__":
    raise SystemExit(main())
