"""Plain, queryable tables of what the story analyses say, kept beside their compressed
JSON in the store so that SQL (``datasette storytrace.db``, ``sqlite3``) can read them;
and the export of the store's tables in the Spark backend's layout.

The row functions here are also the Spark backend's (:mod:`storytrace.spark.job` writes
its Parquet tables with them), so a store and a Spark run give the same tables:
``derivations`` (every member's role and source), ``story_facts`` (Spark's ``facts``:
the article fact sheets already own that name here; its ``data`` gives each statement as
``[article, start, end]``, without the text and the columns Spark's repeats) and
``discrepancies``; the ``stories`` table gains the summary columns.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from .compare.facts import FactSlots

PLAIN_TABLES_SQL = """
    ALTER TABLE stories ADD COLUMN original TEXT;
    ALTER TABLE stories ADD COLUMN independent_origins INTEGER;
    ALTER TABLE stories ADD COLUMN discrepancy_counts TEXT;
    CREATE TABLE derivations (
        story_id TEXT NOT NULL, article TEXT NOT NULL, role TEXT NOT NULL,
        derived_from TEXT, reuse_share REAL, credits_source INTEGER, evidence TEXT
    );
    CREATE INDEX derivations_by_story ON derivations(story_id);
    CREATE TABLE story_facts (
        story_id TEXT NOT NULL, fact_id TEXT NOT NULL, status TEXT, support INTEGER,
        independent_support INTEGER, articles TEXT, origins TEXT, data TEXT
    );
    CREATE INDEX story_facts_by_story ON story_facts(story_id);
    CREATE TABLE discrepancies (
        story_id TEXT NOT NULL, type TEXT, severity TEXT, article TEXT, upstream_article TEXT,
        span_start INTEGER, span_end INTEGER, text TEXT, upstream_start INTEGER,
        upstream_end INTEGER, upstream_text TEXT, explanation TEXT, fact TEXT
    );
    CREATE INDEX discrepancies_by_story ON discrepancies(story_id);
    CREATE VIEW article_roles AS
        SELECT d.story_id, d.article, a.title, a.outlet, a.published, d.role,
               d.derived_from, s.outlet AS source_outlet, d.reuse_share, d.credits_source
        FROM derivations d
        LEFT JOIN articles a ON a.id = d.article
        LEFT JOIN articles s ON s.id = d.derived_from;
"""
"""Schema migration 6 of :mod:`storytrace.store`."""

PLAIN_TABLES = ("derivations", "story_facts", "discrepancies")


def story_rows(
    db: sqlite3.Connection,
    story_id: str | None,
    members: list[str],
    analysis: dict[str, Any],
    texts: dict[str, str] | None = None,
) -> None:
    """Replace the plain rows of ``story_id`` by those of ``analysis`` (``texts``: the
    clean text of each member); with None, drop the rows of stories no longer stored."""
    if story_id is None:
        for table in PLAIN_TABLES:
            db.execute(f"DELETE FROM {table} WHERE story_id NOT IN (SELECT id FROM stories)")
        return
    for table in PLAIN_TABLES:
        db.execute(f"DELETE FROM {table} WHERE story_id = ?", (story_id,))
    _insert(db, story_id, members, analysis, texts or {})


def _insert(
    db: sqlite3.Connection,
    story_id: str,
    members: list[str],
    analysis: dict[str, Any],
    texts: dict[str, str],
) -> None:
    item = {"id": story_id, "members": members, "analysis": analysis}
    row = story_columns(item)  # the rows' JSON copies of the analysis are not stored
    seqs = _article_keys(db, [a["id"] for a in analysis["articles"]])
    db.execute(
        "UPDATE stories SET original = ?, independent_origins = ?, discrepancy_counts = ? "
        "WHERE id = ?",
        (row[2], row[4], row[6], story_id),
    )
    inserts = {
        "derivations": derivation_rows(item),
        "story_facts": [
            _plain((*r[:5], _keyed(r[5], seqs), _keyed(r[6], seqs), _fact_data(f, texts, seqs)))
            for r, f in ((fact_columns(story_id, f), f) for f in analysis["facts"])
        ],
        "discrepancies": discrepancy_rows(item),
    }
    for table, rows in inserts.items():
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


FACT_COLUMNS = ("support", "independent_support", "status", "articles", "origins")
"""The columns of ``story_facts`` that give a fact's field of the same name (in the
order an analysis gives them)."""


def _article_keys(db: sqlite3.Connection, ids: list[str]) -> dict[str, int]:
    """Article id -> ``articles.seq``, the key ``story_facts`` names articles by."""
    marks = ", ".join("?" * len(ids))
    return dict(db.execute(f"SELECT id, seq FROM articles WHERE id IN ({marks})", ids))


def _keyed(ids: list[str], seqs: dict[str, int]) -> list[int | str]:
    return [seqs.get(i, i) for i in ids]


def _fact_data(fact: dict[str, Any], texts: dict[str, str], seqs: dict[str, int]) -> str:
    """``story_facts.data``: what the other columns of the row do not give, the fact's
    ``statements`` as ``[article, start, end]`` (the article by its ``articles.seq``, the
    text the article's clean text there; a statement whose text is not gives it fourth)
    and its ``slots``. The whole fact again was 70% of the table; the row is now the only
    copy of the fact. Article ids (18 characters) in place of ``seq`` were half of it."""
    statements = []
    for s in fact["statements"]:
        found = [seqs.get(s["article"], s["article"]), *s["span"]]
        if "text" in s and s["text"] != texts.get(s["article"], "")[slice(*s["span"])]:
            found.append(s["text"])
        statements.append(found)
    rest = {k: v for k, v in fact.items() if k not in ("id", "statements", *FACT_COLUMNS)}
    if "slots" in rest and list(rest["slots"]) == list(SLOT_NAMES):
        rest["slots"] = {k: v for k, v in rest["slots"].items() if v != []}
    data = {"statements": statements, **rest}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


SLOT_NAMES = FactSlots.__slots__
"""A fact's slots, in order: ``story_facts.data`` leaves out those with no values (a
quarter of the column was empty slot lists), and :func:`stored_facts` puts them back."""


def _with_empty_slots(slots: dict[str, Any]) -> dict[str, Any]:
    if not set(slots) <= set(SLOT_NAMES):
        return slots
    return {k: slots.get(k, []) for k in SLOT_NAMES}


def facts_stub(analysis: dict[str, Any]) -> dict[str, str]:
    """What a stored analysis holds in place of its facts: where they are, and a digest
    of them, so that the record changes when they do (``Store.story_digests``)."""
    text = json.dumps(analysis["facts"], sort_keys=True, ensure_ascii=False)
    return {"stored_in": "story_facts", "digest": hashlib.blake2b(text.encode()).hexdigest()[:32]}


def stored_facts(db: sqlite3.Connection, story_id: str, texts: dict[str, str]) -> list[Any]:
    """The facts of a story analysis as saved in ``story_facts`` (the inverse of
    :func:`_fact_data` with the columns), in the analysis's order."""
    rows = db.execute(
        f"SELECT fact_id, data, {', '.join(FACT_COLUMNS)} FROM story_facts "
        "WHERE story_id = ? ORDER BY rowid",
        (story_id,),
    ).fetchall()
    ids = {seq: i for i, seq in _article_keys(db, list(texts)).items()}
    named = lambda keys: [ids.get(k, k) for k in keys]  # noqa: E731 (ids: stores before 10)
    facts = []
    for fact_id, data, *columns in rows:
        found = json.loads(data)
        if "slots" in found:
            found["slots"] = _with_empty_slots(found["slots"])
        statements = [
            {"article": ids.get(a, a), "span": [start, end], "text": text[0] if text else
             texts.get(ids.get(a, a), "")[start:end]}
            for a, start, end, *text in found.pop("statements")
        ]  # fmt: skip
        column = dict(zip(FACT_COLUMNS, columns, strict=True))
        column["articles"] = named(json.loads(column["articles"]))
        column["origins"] = named(json.loads(column["origins"]))
        facts.append({"id": fact_id, "statements": statements, **found, **column})
    return facts


def _plain(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Lists as JSON text: SQLite has no array type."""
    return tuple(json.dumps(v) if isinstance(v, list) else v for v in row)


def story_row(item: dict[str, Any]) -> tuple[Any, ...]:
    """The ``stories`` row of Spark's tables: :func:`story_columns` and the analysis."""
    return (*story_columns(item), json.dumps(item["analysis"], ensure_ascii=False))


def story_columns(item: dict[str, Any]) -> tuple[Any, ...]:
    """A story's summary columns (the store keeps its analysis packed, not as JSON)."""
    analysis = item["analysis"]
    summary = analysis["story"]
    return (
        item["id"], summary["title"], summary["original"], summary["article_count"],
        summary["independent_origins"], len(analysis["discrepancies"]),
        json.dumps(summary["discrepancy_counts"]), item["members"],
    )  # fmt: skip


def derivation_rows(item: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Every member's role, with its source when it has one (originals too)."""
    return [
        (
            item["id"],
            a["id"],
            a["role"],
            a["derived_from"],
            float(a["reuse_share"]),
            a["credits_source"],
            json.dumps(a.get("evidence", [])),
        )  # fmt: skip
        for a in item["analysis"]["articles"]
    ]


def fact_rows(item: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The ``facts`` rows of Spark's tables: :func:`fact_columns` and the fact."""
    return [
        (*fact_columns(item["id"], f), json.dumps(f, ensure_ascii=False))
        for f in item["analysis"]["facts"]
    ]


def fact_columns(story_id: str, f: dict[str, Any]) -> tuple[Any, ...]:
    """A fact's columns (the store keeps the rest as :func:`_fact_data`)."""
    return (
        story_id, f["id"], f["status"], f["support"], f["independent_support"],
        f["articles"], f["origins"],
    )  # fmt: skip


def discrepancy_rows(item: dict[str, Any]) -> list[tuple[Any, ...]]:
    rows = []
    for d in item["analysis"]["discrepancies"]:
        up = d["upstream_span"] or [None, None]
        rows.append(
            (
                item["id"],
                d["type"],
                d["severity"],
                d["article"],
                d["upstream_article"],
                d["span"][0],
                d["span"][1],
                d["text"],
                up[0],
                up[1],
                d["upstream_text"],
                d["explanation"],
                d["fact"],
            )  # fmt: skip
        )
    return rows
