"""Helpers for the web tests: the demo corpus as upload parts, a demo store, and a real
uvicorn server in a subprocess on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from storytrace.demo import CORPUS_DIR, META_FILE

SCRIPT_TEXT = (
    'Harbour officials said on Monday that <script>window.__pwned = 1; document.title = "pwned"'
    '</script> the ferry "Marla" would resume service after repairs to its hull. '
    "The operator, Westbay Lines, said 40 crew members had been retrained. "
    "<img src=x onerror=\"document.title='pwned'\"> Inspectors approved the work on Friday."
)
SCRIPT_TITLE = "<script>alert('title')</script> Ferry returns"


def demo_files() -> list[tuple[str, tuple[str, bytes, str]]]:
    """The demo corpus and its metadata sidecar as httpx multipart ``files``."""
    files = [
        ("files", (path.name, path.read_bytes(), "application/octet-stream"))
        for path in sorted(CORPUS_DIR.iterdir())
        if path.is_file()
    ]
    return [*files, ("meta", (META_FILE.name, META_FILE.read_bytes(), "text/csv"))]


def script_article() -> dict[str, str]:
    return {"title": SCRIPT_TITLE, "outlet": "<b>Evil</b> Outlet", "text": SCRIPT_TEXT}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_server(db: Path, *, token: str | None = None, timeout: float = 90) -> Iterator[str]:
    """Run ``storytrace.web.serve`` on a free loopback port; yield its base URL; stop it."""
    port = free_port()
    code = "import sys; from storytrace.web import serve; serve(sys.argv[1], '127.0.0.1', " \
        "int(sys.argv[2]), sys.argv[3] or None)"  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(db), str(port), token or ""],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(proc, base, token, timeout)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def _wait_until_up(
    proc: subprocess.Popen[bytes], base: str, token: str | None, timeout: float
) -> None:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise RuntimeError(f"the server exited with {proc.returncode}:\n{err[-3000:]}")
        try:
            if httpx.get(f"{base}/api/stories", headers=headers, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server at {base} did not answer within {timeout} s")


def demo_store(db: Path) -> Path:
    """A store at ``db`` holding the demo corpus (with its sidecar), stories analysed."""
    from storytrace.ingest import load_sidecar
    from storytrace.pipeline import ingest_paths, update_stories
    from storytrace.store import Store

    with Store(db) as store:
        ingest_paths([str(CORPUS_DIR)], store, sidecar=load_sidecar(str(META_FILE)))
        update_stories(store)
    return db
