"""Add the store's preset zlib dictionaries of a new record form to
``src/storytrace/store_dictionaries.json``, from a store of the bundled demo corpus (the
project's own text, never a benchmark corpus).

Each dictionary is one record of its kind as the store now packs it (in columns:
``store_codec.in_columns``; grouping features without the parts stored as binary): the
median record by size among those that fit zlib's 32 KB window, the rule the first
dictionaries were made by. A name already in the file is never changed (stores name
their dictionary by checksum), so a new form takes new names (``store_codec.DICTIONARY_OF``).

    storytrace demo -o /tmp/demo
    python bench/make_store_dictionaries.py --db /tmp/demo/storytrace.db
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path
from typing import Any

from common import REPO

from storytrace.store_codec import (
    DICTIONARIES_FILE,
    DICTIONARY_OF,
    in_columns,
    unpack,
    unpack_features,
)

WINDOW = 32768
TABLES = {"facts": "facts", "story": "stories", "features": "story_features"}


def features_rest(data: dict[str, Any]) -> dict[str, Any]:
    """What ``store_codec.pack_features`` packs as JSON: all but the signature and the
    sentence hashes, keys and sentences as lists."""
    rest = dict.fromkeys(data)
    rest |= {k: v for k, v in data.items() if k not in ("signature", "keys", "sentences")}
    rest["keys"] = [[k["key"], k["label"], *k["span"]] for k in data["keys"]]
    ends = [0, *(x["span"][1] for x in data["sentences"])]
    rest["sentences"] = [
        [x["span"][0] - end, x["span"][1] - x["span"][0], x["terms"]]
        for x, end in zip(data["sentences"], ends, strict=False)
    ]
    return rest


def records(db: sqlite3.Connection, kind: str) -> list[bytes]:
    rows = [d for (d,) in db.execute(f"SELECT data FROM {TABLES[kind]}")]  # noqa: S608
    read = (lambda d: features_rest(unpack_features(d))) if kind == "features" else unpack
    found = [
        json.dumps(in_columns(read(d)), ensure_ascii=False, separators=(",", ":")).encode()
        for d in rows
    ]
    return sorted((r for r in found if len(r) <= WINDOW), key=len)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a store of the demo corpus")
    args = parser.parse_args()
    path = REPO / "src" / "storytrace" / DICTIONARIES_FILE
    stored = json.loads(path.read_text())
    db = sqlite3.connect(args.db)
    for kind, name in DICTIONARY_OF.items():
        if name in stored["dictionaries"]:
            print(f"{name}: kept (a dictionary is never changed)")
            continue
        found = records(db, kind)
        stored["dictionaries"][name] = found[len(found) // 2].decode()
        print(f"{name}: {len(found[len(found) // 2])} bytes, median of {len(found)} records")
    path.write_text(json.dumps(stored, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
