"""The walls a newcomer meets first: which store a command uses, documents whose
metadata is corrected, articles removed, search that forgives, data that gets out."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from storytrace import demo
from storytrace.cli import cli
from storytrace.ingest import load_sidecar
from storytrace.pipeline import ingest_paths, remove_article, set_metadata, update_stories
from storytrace.store import Store, fts_query

from .conftest import FIXTURES
from .old_store import as_version_7

READ_ONLY = (["list"], ["stories"], ["show", "x"], ["trace", "x"], ["search", "x"], ["serve"])


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("STORYTRACE_DB", str(tmp_path / "default.db"))
    return CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("harbour.txt", "orchard.txt"):
        shutil.copy(FIXTURES / name, inputs / name)
    return inputs


@pytest.mark.parametrize("command", READ_ONLY)
def test_read_only_commands_refuse_a_missing_store(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "typo.db"
    for args in (["--db", str(missing), *command], [*command, "--db", str(missing)]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert f"no store at {missing}" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not missing.exists()


def test_run_output_folder_is_the_store_for_every_command(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["run", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    db = out / "storytrace.db"
    assert f"storytrace --db {db} stories" in result.stderr
    assert f"storytrace --db {db} serve" in result.stderr
    listed = runner.invoke(cli, ["stories", str(out), "--json"])
    assert len(json.loads(listed.stdout)) == 2
    after = runner.invoke(cli, ["list", "--json", "--db", str(out)])
    assert len(json.loads(after.stdout)) == 2
    before = runner.invoke(cli, ["--db", str(db), "list", "--json"])
    assert before.stdout == after.stdout
    assert not (tmp_path / "default.db").exists()


def test_run_and_ingest_speak_json(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ran = json.loads(runner.invoke(cli, ["run", str(folder), "-o", str(out), "--json"]).stdout)
    assert ran["added"] == 2 and len(ran["stories"]) == 2 and ran["errors"] == []
    assert ran["next"][0].endswith("stories")
    again = runner.invoke(cli, ["ingest", str(folder), "--json", "--db", str(out)])
    assert json.loads(again.stdout)["already_stored"] and json.loads(again.stdout)["added"] == 0


def test_demo_keeps_its_own_store(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["demo", "-o", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo" / "storytrace.db").exists()
    assert not (tmp_path / "default.db").exists()


def test_ingesting_again_with_metadata_updates_instead_of_duplicating(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "s.db")
    assert runner.invoke(cli, ["--db", db, "ingest", str(folder)]).exit_code == 0
    first = json.loads(runner.invoke(cli, ["--db", db, "list", "--json"]).stdout)
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet,published\nharbour.txt,Quay Courier,2024-03-02\n")
    result = runner.invoke(cli, ["ingest", str(folder), "--meta", str(meta), "--db", db])
    assert "1 updated with new metadata" in result.stderr
    listed = json.loads(runner.invoke(cli, ["--db", db, "list", "--json"]).stdout)
    assert sorted(a["id"] for a in listed) == sorted(a["id"] for a in first)
    harbour = next(a for a in listed if a["source"].endswith("harbour.txt"))
    assert (harbour["outlet"], harbour["published"]) == ("Quay Courier", "2024-03-02")
    stories = json.loads(runner.invoke(cli, ["--db", db, "stories", "--json"]).stdout)
    assert sum(s["article_count"] for s in stories) == 2


def test_meta_and_rm_reanalyse_the_story(tmp_path: Path) -> None:
    with Store(tmp_path / "demo.db") as store:
        ingest_paths([str(demo.CORPUS_DIR)], store, sidecar=load_sidecar(str(demo.META_FILE)))
        update_stories(store, workers=1)
        story = store.stories()[0]
        members = store.story_members()[story["id"]]
        changed = set_metadata(store, members[1], outlet="Renamed Herald", published="2025-09-20")
        assert changed.metadata.published_from == "input"
        assert story["id"] in update_stories(store, workers=1)
        analysis = store.story(story["id"])
        assert changed.id in {a["id"] for a in analysis["articles"]}
        roles = store.db.execute(
            "SELECT outlet FROM article_roles WHERE article = ?", (changed.id,)
        ).fetchone()
        assert roles == ("Renamed Herald",)
        remove_article(store, members[0])
        assert story["id"] in update_stories(store, workers=1)
        after = store.story(story["id"])
        assert after["story"]["article_count"] == len(members) - 1
        assert members[0] not in json.dumps(after["articles"])
        assert not store.search("Halvard") or all(
            h.article_id != members[0] for h in store.search("Halvard")
        )


def test_rm_of_a_story_s_only_article_drops_the_story(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    runner.invoke(cli, ["run", str(folder), "-o", str(out)])
    [first, _] = json.loads(runner.invoke(cli, ["--db", str(out), "list", "--json"]).stdout)
    result = runner.invoke(cli, ["rm", first["id"][:8], "--db", str(out)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(runner.invoke(cli, ["stories", str(out), "--json"]).stdout)) == 1
    rows = sqlite3.connect(out / "storytrace.db").execute("SELECT count(*) FROM derivations")
    assert rows.fetchone() == (1,)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Iran's", '"Iran\'s"'), ("crane shift", '"crane" "shift"'), ("crane OR frost", None)],
)
def test_plain_words_are_quoted_unless_operators_are_used(query: str, expected: str) -> None:
    assert fts_query(query) == (expected or query)


def test_search_forgives_apostrophes_and_plurals(store: Store, tmp_path: Path) -> None:
    text = tmp_path / "p.txt"
    text.write_text(
        "Border Officers Seize Forged Passports\n\nOfficers at the Tarn crossing seized "
        "forty forged passports on Monday, Iran's consulate said in a statement to reporters. "
        "The documents had been printed in a rented garage, the officers said.\n"
    )
    ingest_paths([str(text)], store, workers=1)
    assert store.search("passport") and store.search("Iran's") and store.search("Irán")


def test_cli_search_with_an_apostrophe_exits_0(runner: CliRunner, folder: Path) -> None:
    runner.invoke(cli, ["ingest", str(folder)])
    assert runner.invoke(cli, ["search", "port's"]).exit_code in (0, 1)
    assert runner.invoke(cli, ["search", "cranes"]).exit_code == 0


def test_plain_tables_for_datasette(demo_store: Store) -> None:
    db = demo_store.db
    [story] = [s for s in demo_store.stories() if s["article_count"] > 1]
    roles = db.execute(
        "SELECT role, count(*) FROM derivations WHERE story_id = ? GROUP BY role", (story["id"],)
    ).fetchall()
    assert sum(n for _, n in roles) == story["article_count"]
    found = db.execute(
        "SELECT count(*) FROM discrepancies WHERE story_id = ?", (story["id"],)
    ).fetchone()[0]
    assert found == story["discrepancy_count"] > 0
    assert db.execute("SELECT count(*) FROM story_facts").fetchone()[0] > 0
    assert db.execute("SELECT original FROM stories WHERE id = ?", (story["id"],)).fetchone()[0]


def test_an_older_store_gets_its_plain_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as store:
        ingest_paths([str(FIXTURES / "harbour.txt")], store, workers=1)
        update_stories(store, workers=1)
        as_version_7(store.db)
        store.db.executescript(
            "DROP VIEW article_roles; DROP TABLE derivations; DROP TABLE story_facts; "
            "DROP TABLE discrepancies; ALTER TABLE stories DROP COLUMN original; "
            "ALTER TABLE stories DROP COLUMN independent_origins; "
            "ALTER TABLE stories DROP COLUMN discrepancy_counts; "
            "ALTER TABLE articles DROP COLUMN outlet_from; PRAGMA user_version = 5;"
        )
    with Store(path) as store:
        assert store.db.execute("SELECT count(*) FROM derivations").fetchone() == (1,)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_writes_the_spark_tables(
    runner: CliRunner, folder: Path, tmp_path: Path, fmt: str
) -> None:
    from storytrace.spark.job import SCHEMAS

    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / "out"
    runner.invoke(cli, ["run", str(folder), "-o", str(out)])
    target = tmp_path / "export"
    result = runner.invoke(cli, ["export", "--db", str(out), "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    for table in ("articles", "stories", "derivations", "facts", "discrepancies"):
        columns = [c.split()[0] for c in SCHEMAS[table].split(", ")]
        path = target / f"{table}.{fmt}"
        if fmt == "csv":
            with path.open(encoding="utf-8") as f:
                assert next(csv.reader(f)) == columns
        elif fmt == "jsonl":
            rows = [json.loads(line) for line in path.read_text().splitlines()]
            assert all(list(r) == columns for r in rows)
        else:
            import pyarrow.parquet as pq

            assert pq.read_table(str(path)).column_names == columns
    one = runner.invoke(
        cli, ["export", "--db", str(out), "--table", "stories", "-o", str(tmp_path / "one")]
    )
    assert one.exit_code == 0 and [p.name for p in (tmp_path / "one").iterdir()] == ["stories.csv"]


def test_non_english_input_is_stored_with_a_warning(runner: CliRunner, tmp_path: Path) -> None:
    text = tmp_path / "nachricht.txt"
    text.write_text(
        "Hafenkräne stehen still\n\nDie Betreiber des Hafens haben am Montag alle Kräne "
        "abgeschaltet, nachdem ein Sturm die Schienen beschädigt hatte. Nach Angaben der "
        "Gewerkschaft müssen die Arbeiter der Nachtschicht zu Hause bleiben, bis Prüfer die "
        "Anlagen freigeben. Die Reederei rechnet mit Verspätungen von drei Tagen für alle "
        "Schiffe, die in dieser Woche erwartet werden.\n"
    )
    result = runner.invoke(cli, ["ingest", str(text), "--json"])
    assert result.exit_code == 0, result.output
    [warning] = json.loads(result.stdout)["warnings"]
    assert "nachricht.txt" in warning and "English" in warning
    assert "warning:" in result.stderr


def test_trafilatura_json_gives_the_site_as_outlet_and_the_url(tmp_path: Path) -> None:
    from storytrace.ingest import iter_documents

    record = {
        "title": "Cranes Idle at Port Vell", "source": "https://quay.example/cranes",
        "sitename": "Quay Courier", "hostname": "quay.example",
        "text": "Harbour cranes stood idle on Monday after a storm damaged their rails.",
    }  # fmt: skip
    path = tmp_path / "t.json"
    path.write_text(json.dumps(record))
    [doc] = list(iter_documents([str(path)]))
    assert doc.metadata.outlet == "Quay Courier"
    assert doc.metadata.url == "https://quay.example/cranes"
