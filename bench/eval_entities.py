"""People and organisation precision on the demo corpus and a PolNeAR sample.

- **demo corpus** (invented, with ``truth.json``): a person found is right when the truth
  lists that name (``people``, ``people_elsewhere`` or a file's ``author``); the
  false-people rate is the rest. An organisation is right when it is a file's outlet, a
  truth employer, or one of ``DEMO_ORGANISATIONS`` (the organisations the corpus names,
  listed by hand from the invented text).
- **PolNeAR sample**: 25 dev articles (seeded shuffle). There is no entity gold, so the
  names found are judged by hand: ``JUDGED_NOT_PEOPLE`` / ``JUDGED_NOT_ORGANISATIONS`` are
  the names judged wrong when this sample was read on 2026-12-01 (a name not in the lists
  was judged right). Judge again when the output lists new names.

Run it on the earlier code for the same-run baseline:
``PYTHONPATH=<old>/src python bench/eval_entities.py --label before``.
Writes ``bench/results/entities.json`` (one entry per label).
"""

from __future__ import annotations

import json
import random

import common
import eval_attribution
from storytrace.demo import CORPUS_DIR
from storytrace.read import read_text

DEMO_ORGANISATIONS = frozenset(
    "National Dam Safety Inspectorate|Brannick Hydro Works|Sorne Valley Power Authority|"
    "Brannick Leisure Holdings|Coastal Waterworks Board|Aldwyn Geomatics|Kesten Rovers|"
    "Sorne Basin Dam Safety Compact|Northline Wire|Riverbend Courier|Kesten Valley Herald|"
    "Eastern Post|TrendPulse Daily|The Civic Ledger|Sorne Watch".split("|")
)
JUDGED_NOT_PEOPLE = frozenset(
    "Steve Harvey Morning Show|Jim Crow|Trump Is Merely|Derelict Obama|Everything Trump|"
    "Donald Trump Is Right".split("|")
)
JUDGED_NOT_ORGANISATIONS = frozenset(
    "After Latest Police Shooting|Republicans on the House Financial Services Committee|"
    "Senate Majority Leader Mitch McConnell|Hofstra University on Monday|"
    "FBI and Justice Department|Brussels-based Egmont Foundation|"
    "European Council President Donald Tusk|Urban Institute and Brookings Institution|"
    "Senate Minority Leader Harry Reid|American Progress".split("|")
)


def demo_scores() -> dict[str, object]:
    truth = json.loads((CORPUS_DIR.parent / "truth.json").read_text("utf-8"))
    people = {p["name"] for p in truth["people"] + truth["people_elsewhere"]}
    people |= {f["author"] for f in truth["files"].values() if f.get("author")}
    orgs = set(DEMO_ORGANISATIONS) | {f["outlet"] for f in truth["files"].values()}
    orgs |= {p["employer"] for p in truth["people"] + truth["people_elsewhere"] if p["employer"]}
    found_people, found_orgs = [], []
    for path in sorted(CORPUS_DIR.glob("*.txt")):
        sheet = read_text(path.read_text("utf-8"))
        found_people += [p.name for p in sheet.people]
        found_orgs += [o.name for o in sheet.organisations]
    return _scores(found_people, found_orgs, lambda n: n not in people, lambda n: n not in orgs)


def polnear_scores(shared) -> dict[str, object]:  # noqa: ANN001
    archive = common.shared_dir(shared, "bench", "polnear", "polnear_text_attributions.tar.gz")
    docs = eval_attribution.load(archive, "dev")
    random.Random(3).shuffle(docs)
    found_people, found_orgs = [], []
    for _, text, _ in docs[:25]:
        sheet = read_text(text)
        found_people += [p.name for p in sheet.people]
        found_orgs += [o.name for o in sheet.organisations]
    return _scores(
        found_people,
        found_orgs,
        lambda n: n in JUDGED_NOT_PEOPLE,
        lambda n: n in JUDGED_NOT_ORGANISATIONS,
    )


def _scores(people, orgs, wrong_person, wrong_org) -> dict[str, object]:  # noqa: ANN001
    false_people = [n for n in people if wrong_person(n)]
    false_orgs = [n for n in orgs if wrong_org(n)]
    return {
        "people": len(people),
        "false_people": false_people,
        "people_precision": round(1 - len(false_people) / len(people), 3) if people else None,
        "organisations": len(orgs),
        "false_organisations": false_orgs,
        "organisation_precision": round(1 - len(false_orgs) / len(orgs), 3) if orgs else None,
        "all_people": people,
        "all_organisations": orgs,
    }


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    parser.add_argument("--label", default="after", help="key of this run in the result")
    args = parser.parse_args()
    run = {"demo_corpus": demo_scores(), "polnear_dev_sample_25": polnear_scores(args.shared)}
    for name, r in run.items():
        print(
            f"{args.label:7} {name:22} people P {r['people_precision']} ({r['people']}, false "
            f"{r['false_people']}); organisations P {r['organisation_precision']} "
            f"({r['organisations']}, false {r['false_organisations']})"
        )
    previous = common.RESULTS / "entities.json"
    runs = json.loads(previous.read_text("utf-8")).get("runs", {}) if previous.exists() else {}
    runs[args.label] = run
    print(f"wrote {common.write_result('entities', {'runs': runs})}")


if __name__ == "__main__":
    main()
