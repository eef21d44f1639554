"""Hostile and odd inputs (issue cases 1, 3, 4-7, 9, 10, 12, 13): each gets one clear
error (or is read right), the rest of the batch is stored, and the store stays whole."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from storytrace.cli import cli
from storytrace.config import Config, IngestOptions
from storytrace.errors import InputError
from storytrace.ingest import iter_documents, read_bytes
from storytrace.model import Document
from storytrace.pipeline import ingest_paths

from .conftest import FIXTURES, REPO
from .hostile import content_encoding_bomb, gzip_bomb, page, warc_gz_bomb, warc_record

ORCHARD = (FIXTURES / "orchard.txt").read_text()
HARBOUR = (FIXTURES / "harbour.txt").read_text()
SMALL = IngestOptions(max_bytes=1_000_000)


def reasons(source: str, data: bytes, options: IngestOptions = SMALL) -> list[str]:
    return [str(r) for r in read_bytes(source, data, options) if isinstance(r, InputError)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    return tmp_path / "in"


def ingest_with_good_files(folder: Path, store, config: Config = Config()):
    (folder / "good1.txt").write_text(ORCHARD)
    (folder / "good2.txt").write_text(HARBOUR)
    report = ingest_paths([str(folder)], store, config, workers=1)
    assert sorted(Path(a.source).name for a in report.added) == ["good1.txt", "good2.txt"]
    assert store.integrity_check() == "ok"
    return {Path(e.source.split("#")[0]).name: e.reason for e in report.errors}


# --- case 1: decompression bombs ---------------------------------------------------------


def test_a_content_encoded_warc_record_stops_at_the_byte_limit() -> None:
    [reason] = reasons("bomb.warc", content_encoding_bomb(50))
    assert "over the 1,000,000-byte limit once decoded" in reason


def test_a_gzipped_warc_stops_at_the_byte_limit() -> None:
    [reason] = reasons("bomb.warc.gz", warc_gz_bomb(50))
    assert "gzipped WARC" in reason and "over the 1,000,000-byte limit" in reason


def test_a_content_encoded_record_within_the_limit_is_read() -> None:
    import gzip

    words = "The river rose two metres overnight and the bridge was closed to traffic. " * 5
    data = warc_record(gzip.compress(page(words)), encoding="gzip")
    [doc] = read_bytes("ok.warc", data)
    assert isinstance(doc, Document) and "bridge was closed" in doc.text


def test_an_unknown_content_encoding_is_refused() -> None:
    [reason] = reasons("br.warc", warc_record(b"\x0b\x02\x80hello\x03", encoding="br"))
    assert "unsupported Content-Encoding 'br'" in reason


BOMB_SCRIPT = """
import resource, sys
from storytrace.ingest import read_bytes
data = open(sys.argv[1], "rb").read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
found = list(read_bytes(sys.argv[2], data))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((peak - base) // 1024, found[0])
"""


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("record.warc", content_encoding_bomb),
        ("file.warc.gz", warc_gz_bomb),
        ("file.txt.gz", gzip_bomb),
    ],  # fmt: skip
)
def test_bombs_stay_in_bounded_memory(tmp_path: Path, name: str, make) -> None:
    """256 MiB bombs, read at the default 20 MB limit, in a fresh process (the bench
    reads 4 GiB ones: ``bench/bench_hostile.py``)."""
    path = tmp_path / name
    path.write_bytes(make(256))
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    run = subprocess.run(
        [sys.executable, "-c", BOMB_SCRIPT, str(path), name],
        capture_output=True, text=True, env=env, timeout=300, check=True,
    )  # fmt: skip
    grown_mb, message = run.stdout.split(" ", 1)
    assert "20,000,000-byte limit" in message
    assert int(grown_mb) < 100, run.stdout


# --- case 3: invalid dates refused at the edge ------------------------------------------


def test_a_json_record_with_an_impossible_date_is_refused(folder: Path, store) -> None:
    record = {"text": ORCHARD, "title": "Frost", "published": "2025-13-45"}
    (folder / "bad.json").write_text(json.dumps(record))
    errors = ingest_with_good_files(folder, store)
    assert "invalid publication date '2025-13-45'" in errors["bad.json"]


def test_the_cli_refuses_a_sidecar_with_an_impossible_date(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ORCHARD)
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet,published\na.txt,Valley Post,2025-02-30\n")
    db = tmp_path / "s.db"
    result = CliRunner().invoke(
        cli, ["--db", str(db), "ingest", str(tmp_path / "a.txt"), "--meta", str(meta)]
    )
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("error: --meta") and "invalid publication date '2025-02-30'" in line
    assert "a.txt" in line


def test_warc_dates_that_do_not_exist_are_dropped() -> None:
    words = "The ferry returned to service on Monday after a month of repairs to its hull."
    [doc] = read_bytes("d.warc", warc_record(page(words), date="2025-13-45T00:00:00Z"))
    assert isinstance(doc, Document) and doc.metadata.published is None


# --- case 4 and 9: special files, stdin ---------------------------------------------------


def test_a_fifo_is_skipped_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good1.txt").write_text(ORCHARD)
    os.mkfifo(folder / "pipe.txt")
    (folder / "good2.txt").write_text(HARBOUR)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    db = tmp_path / "s.db"
    run = subprocess.run(
        [sys.executable, "-m", "storytrace", "--db", str(db), "ingest", str(folder)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert run.returncode == 1
    assert "pipe.txt: skipped: a FIFO (named pipe), not a regular file" in run.stderr
    assert "2 article(s) added" in run.stderr


def test_a_device_is_skipped() -> None:
    [error] = list(iter_documents(["/dev/zero"], SMALL))
    assert "character device, not a regular file" in error.reason


def test_stdin_stops_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    class HugeStdin:
        buffer = io.BytesIO(b"word " * 300_000)

    monkeypatch.setattr("sys.stdin", HugeStdin)
    [error] = list(iter_documents(["-"], SMALL))
    assert error.source == "<stdin>" and "over the 1,000,000-byte limit" in error.reason


def test_gzipped_stdin_is_expanded_within_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    class GzipStdin:
        buffer = io.BytesIO(gzip_bomb(5))

    monkeypatch.setattr("sys.stdin", GzipStdin)
    [error] = list(iter_documents(["-"], SMALL))
    assert "decompresses to over the 1,000,000-byte limit" in error.reason


# --- cases 5-7: nesting, surrogates, file names -------------------------------------------


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl"])
def test_deep_json_is_reported_and_the_batch_goes_on(folder: Path, store, name: str) -> None:
    (folder / name).write_text("[" * 100_000)
    errors = ingest_with_good_files(folder, store)
    assert "nested too deeply" in errors[name]


def test_a_lone_surrogate_is_reported_and_the_batch_goes_on(folder: Path, store) -> None:
    (folder / "s.json").write_text('{"text": "The mayor \\ud800 said the bridge would reopen."}')
    errors = ingest_with_good_files(folder, store)
    assert "lone surrogate (U+D800)" in errors["s.json"]


def test_a_file_name_that_is_not_utf8_is_reported(folder: Path, store) -> None:
    bad = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    with open(bad, "wb") as file:
        file.write(ORCHARD.encode())
    errors = ingest_with_good_files(folder, store)
    assert errors == {"caf\\xe9.txt": "file name is not valid UTF-8 (shown escaped): rename it"}


# --- case 10: truncated plain WARC -------------------------------------------------------


def test_a_truncated_plain_warc_is_an_error(folder: Path, store) -> None:
    words = "Officials said the new library would open in the spring of next year. " * 20
    (folder / "cut.warc").write_bytes(warc_record(page(words))[:400])
    errors = ingest_with_good_files(folder, store)
    assert "truncated WARC" in errors["cut.warc"]
    assert store.count_articles() == 2


# --- case 12: file names printed safely ---------------------------------------------------


def test_control_characters_in_file_names_are_escaped(tmp_path: Path, folder: Path) -> None:
    (folder / "good.txt").write_text(ORCHARD)
    (folder / "x\x1b[31m\nerror: forged.txt").write_text("")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "ingest", str(folder)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "x\\x1b[31m\\nerror: forged.txt: empty file" in errors[0]
    assert "\x1b" not in result.output


# --- case 13: odd inputs read right ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("space.txt", "\u3000\u00a0\u2003\n\u2028".encode(), "empty file (only whitespace)"),
        ("empty.json", b"[]", "the JSON list holds no articles"),
        ("nav.html", b"<html><body><nav>Home | About</nav><p>Home | About</p></body></html>",
         "only short pieces such as menus"),
    ],
)  # fmt: skip
def test_empty_looking_inputs_are_reported(
    folder: Path, store, name: str, data: bytes, reason: str
) -> None:
    (folder / name).write_bytes(data)
    errors = ingest_with_good_files(folder, store)
    assert reason in errors[name]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("Zürich", "latin-1"), ("Straße in Köln", "latin-1"), ("“Déjà vu” – café", "cp1252"),
     ("Привет, как дела? Всё хорошо, спасибо большое.", "cp1251")],
)  # fmt: skip
def test_short_legacy_encodings_are_decoded_right(text: str, encoding: str) -> None:
    [doc] = read_bytes("short.txt", text.encode(encoding))
    assert isinstance(doc, Document) and doc.text == text


def test_documents_and_pages_past_their_length_limits_are_refused(folder: Path, store) -> None:
    (folder / "long.txt").write_text("The council met again on Tuesday. " * 60)
    (folder / "long.html").write_text("<html><body>" + "<p>The council met.</p>" * 120)
    config = Config(ingest=IngestOptions(max_document_chars=2_000, max_page_chars=2_000))
    errors = ingest_with_good_files(folder, store, config)
    assert "text is 2,040 characters, over the 2,000-character limit" in errors["long.txt"]
    assert "[ingest] max_page_chars" in errors["long.html"]
