"""Hostile inputs against the size bound: peak memory and time of ``storytrace ingest``
(and of the web server taking an upload) on decompression bombs, special files, an
endless standard input, and the largest text and HTML inputs the limit allows.

"Largest" is the longest document text (``max_document_chars``) and HTML page
(``max_page_chars``) the options allow. Each case runs the CLI in a fresh process; its
process tree's summed RSS is sampled from /proc. The baseline, in the same run, is the
same command on one small text file.
Writes ``bench/results/hostile_inputs.json``.

    python bench/bench_hostile.py [--bomb-mib 1024] [--timeout 300]
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import common

sys.path.insert(0, str(common.REPO))
from tests.hostile import content_encoding_bomb, gzip_bomb, warc_gz_bomb  # noqa: E402

from storytrace.config import IngestOptions  # noqa: E402

LIMIT = 20_000_000  # the default --max-bytes
WORDS = "the mayor said on monday that forty people had left the harbour town".split()


def prose(size: int) -> str:
    rng = random.Random(1)
    out, total = [], 0
    while total < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + ". "
        out.append(sentence)
        total += len(sentence)
    return "".join(out)[:size]


def run_cli(args: list[str], stdin_bytes: int = 0, timeout: float = 300) -> dict[str, Any]:
    """Run ``storytrace ARGS``; its peak tree RSS, seconds, exit code (None: stopped after
    ``timeout`` seconds) and last error."""
    env = {**os.environ, "PYTHONPATH": str(common.REPO / "src")}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "storytrace", *args], env=env, stderr=subprocess.PIPE,
        stdin=subprocess.PIPE if stdin_bytes else subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    peak = 0
    if stdin_bytes:
        peak = _feed(proc, stdin_bytes)
    while proc.poll() is None and time.perf_counter() - start < timeout:
        peak = max(peak, common.tree_rss(proc.pid))
        time.sleep(0.05)
    if proc.poll() is None:  # stopped, with its workers: the case is reported as timed out
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    seconds = time.perf_counter() - start
    errors = [ln for ln in proc.stderr.read().decode().splitlines() if ln.startswith("error")]
    return {
        "exit": proc.returncode if proc.returncode >= 0 else None, "seconds": round(seconds, 2),
        "peak_rss_tree_mb": round(peak / 2**20, 1), "error": errors[-1] if errors else None,
    }  # fmt: skip


def _feed(proc: subprocess.Popen, size: int) -> int:
    """Write ``size`` bytes of text to the child's stdin until it stops reading."""
    peak, chunk = 0, b"word " * 200_000
    try:
        for _ in range(size // len(chunk)):
            proc.stdin.write(chunk)  # type: ignore[union-attr]
            peak = max(peak, common.tree_rss(proc.pid))
        proc.stdin.close()  # type: ignore[union-attr]
    except BrokenPipeError:
        pass
    return peak


def server_upload(db: Path, name: str, data: bytes) -> dict[str, Any]:
    """The web server's RSS before and at its peak while it takes one upload."""
    import httpx
    from tests.web import running_server

    result: dict[str, Any] = {}

    def post(url: str) -> None:
        with httpx.Client(timeout=600) as client:
            files = [("files", (name, data, "application/octet-stream"))]
            result["reply"] = client.post(f"{url}/api/ingest", files=files)

    with running_server(db) as url:
        pid = _server_pid(db)
        before = peak = common.tree_rss(pid)
        start = time.perf_counter()
        thread = threading.Thread(target=post, args=(url,))
        thread.start()
        while thread.is_alive():
            peak = max(peak, common.tree_rss(pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - start
    reply = result["reply"]
    return {"status": reply.status_code, "seconds": round(seconds, 2),
            "rss_before_mb": round(before / 2**20, 1), "rss_peak_mb": round(peak / 2**20, 1),
            "error": (reply.json().get("errors") or [{}])[0].get("reason")}  # fmt: skip


def _server_pid(db: Path) -> int:
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                cmd = Path(f"/proc/{name}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if str(db).encode() in cmd and b"-c" in cmd:
                return int(name)
    raise RuntimeError("server process not found")


def main() -> None:
    parser = common.base_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--bomb-mib", type=int, default=1024, help="expanded size of the bombs")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per case")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="storytrace-hostile-"))
    small = work / "small.txt"
    small.write_text(prose(5_000))
    cases: dict[str, Any] = {}
    files = {
        "warc_content_encoding_bomb": ("record.warc", content_encoding_bomb),
        "warc_gz_bomb": ("crawl.warc.gz", warc_gz_bomb),
        "gzip_bomb": ("text.txt.gz", gzip_bomb),
    }
    for name, make in files.values():
        (work / name).write_bytes(make(args.bomb_mib))
    options = IngestOptions()
    (work / "text_20mb.txt").write_text(prose(LIMIT - 1_000))
    (work / "largest.txt").write_text(prose(options.max_document_chars))
    paragraphs = "".join(f"<p>{p}.</p>" for p in prose(options.max_page_chars).split(". "))
    head, tail = "<html><head><title>Long</title></head><body><article>", "</article></body></html>"
    (work / "largest.html").write_text(
        head + paragraphs[: options.max_page_chars - len(head) - len(tail)] + tail
    )
    os.mkfifo(work / "pipe.txt")
    db = lambda: str(work / f"s{time.monotonic_ns()}.db")  # noqa: E731 - a fresh store each
    cases["baseline_small_text"] = run_cli(["--db", db(), "ingest", str(small)])
    for case, (name, _) in files.items():
        cases[case] = run_cli(["--db", db(), "ingest", str(work / name)])
        cases[case]["input_bytes"] = (work / name).stat().st_size
        cases[case]["expands_to_mib"] = args.bomb_mib
    cases["dev_zero"] = run_cli(["--db", db(), "ingest", "/dev/zero"])
    cases["fifo"] = run_cli(["--db", db(), "ingest", str(work / "pipe.txt")])
    cases["stdin_1gb"] = run_cli(["--db", db(), "ingest", "-"], stdin_bytes=1_000_000_000)
    cases["text_20mb"] = run_cli(["--db", db(), "ingest", str(work / "text_20mb.txt")])
    for case, name in (("largest_text", "largest.txt"), ("largest_html", "largest.html")):
        cases[case] = run_cli(["--db", db(), "ingest", str(work / name)], timeout=args.timeout)
    upload = content_encoding_bomb(args.bomb_mib)
    cases["server_upload_warc_bomb"] = server_upload(Path(db()), "record.warc", upload)
    base = cases["baseline_small_text"]["peak_rss_tree_mb"]
    for case in cases.values():
        if "peak_rss_tree_mb" in case:
            case["above_baseline_mb"] = round(case["peak_rss_tree_mb"] - base, 1)
        print(case, flush=True)
    print("wrote", common.write_result("hostile_inputs", {"limit_bytes": LIMIT, "cases": cases}))


if __name__ == "__main__":
    main()
