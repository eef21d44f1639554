"""Requests per second of the web server for a cached dossier, over loopback.

Builds a store from the bundled demo corpus, starts ``storytrace.web.serve`` (uvicorn,
one process) on a free 127.0.0.1 port, requests the demo story's HTML dossier once to
fill the cache (that first latency is reported as ``cold_ms``), then a second process
sends ``GET /api/stories/{id}/dossier?format=html`` from ``--concurrency`` concurrent
keep-alive httpx clients for ``--seconds`` seconds (and at most ``--max-requests``).
Reports requests/s and p50/p90/p99 latency. The load generator shares the machine's
cores with the server, so this is a floor for what the server alone could do.

Usage: ``python bench/bench_server.py [--seconds 30] [--concurrency 8]``
Writes ``bench/results/server.json``. Loopback only; it stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

import common

REPO = common.REPO


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=2_000_000)
    parser.add_argument("--load", metavar="URL", help=argparse.SUPPRESS)  # the load process
    args = parser.parse_args()
    if args.load:
        result = asyncio.run(load(args.load, args.seconds, args.concurrency, args.max_requests))
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="storytrace-bench-server-") as tmp:
        result = run(Path(tmp), args)
    out = common.write_result("server", result)
    print(json.dumps({k: v for k, v in result.items() if k != "latency_ms"}, indent=2))
    print(f"latency ms: {result['latency_ms']}\nwrote {out}")


def run(tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(REPO))
    from tests.web import demo_store, running_server

    started = time.perf_counter()
    db = demo_store(tmp / "demo.db")
    build_s = time.perf_counter() - started
    with running_server(db) as base:
        stories = httpx.get(f"{base}/api/stories").json()
        story = max(stories, key=lambda s: s["article_count"])
        url = f"{base}/api/stories/{story['id']}/dossier?format=html"
        t0 = time.perf_counter()
        first = httpx.get(url, timeout=120)
        cold_ms = (time.perf_counter() - t0) * 1000
        first.raise_for_status()
        loadavg = os.getloadavg()
        cmd = [
            sys.executable,
            __file__,
            "--load",
            url,
            "--seconds",
            str(args.seconds),
            "--concurrency",
            str(args.concurrency),
            "--max-requests",
            str(args.max_requests),
        ]
        done = subprocess.run(
            cmd, capture_output=True, text=True, check=True, timeout=args.seconds + 120
        )
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "story": story["id"],
        "articles_in_story": story["article_count"],
        "dossier_bytes": len(first.content),
        "store_build_s": round(build_s, 2),
        "cold_ms": round(cold_ms, 1),
        "cpu_count": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in loadavg],
        "server": "uvicorn, 1 process, 127.0.0.1",
        **measured,
    }


async def load(url: str, seconds: float, concurrency: int, max_requests: int) -> dict[str, Any]:
    """``concurrency`` clients requesting ``url`` until ``seconds`` pass or
    ``max_requests`` were sent; each keeps its connection alive."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def client(http: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline and len(latencies) < max_requests:
            t0 = time.perf_counter()
            try:
                reply = await http.get(url)
                await reply.aread()
                ok = reply.status_code == 200
                key = str(reply.status_code)
            except httpx.HTTPError as exc:
                ok, key = False, type(exc).__name__
            if ok:
                latencies.append(time.perf_counter() - t0)
            else:
                errors[key] = errors.get(key, 0) + 1

    start = time.perf_counter()
    async with httpx.AsyncClient(limits=limits, timeout=30) as http:
        await asyncio.gather(*(client(http) for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)

    return {
        "seconds": round(elapsed, 2),
        "concurrency": concurrency,
        "requests": len(latencies),
        "errors": errors,
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": pct(0.50) if ordered else None,
        "p99_ms": pct(0.99) if ordered else None,
        "latency_ms": {
            "mean": round(statistics.fmean(ordered) * 1000, 2) if ordered else None,
            "p90": pct(0.90) if ordered else None,
            "max": round(ordered[-1] * 1000, 2) if ordered else None,
        },
    }


if __name__ == "__main__":
    main()
