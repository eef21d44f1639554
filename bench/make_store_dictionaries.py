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
    CLEAN_TEXT,
    DICTIONARIES_FILE,
    DICTIONARY_OF,
    features_rest,
    in_columns,
    register_functions,
    unpack,
    unpack_features,
)

WINDOW = 32768


def records(db: sqlite3.Connection, kind: str) -> list[bytes]:
    """The records of ``kind`` in ``db`` as packed now (before compression), by size."""
    register_functions(db)
    query = {
        "facts": f"SELECT r.data, {CLEAN_TEXT} FROM facts r JOIN articles a ON a.id = r.article_id",
        "story": "SELECT data, NULL FROM stories",
        "features": f"SELECT r.data, {CLEAN_TEXT} FROM story_features r "
        "JOIN articles a ON a.id = r.article_id",
    }[kind]
    rows = db.execute(query).fetchall()
    found = [
        json.dumps(in_columns(_record(kind, d, t)), ensure_ascii=False, separators=(",", ":"))
        for d, t in rows
    ]
    return sorted((r.encode() for r in found if len(r.encode()) <= WINDOW), key=len)


def _record(kind: str, data: bytes, text: str | None) -> dict[str, Any]:
    if kind == "features":
        return features_rest(unpack_features(data, text), text)
    return unpack(data)


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
