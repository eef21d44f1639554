"""HTML ingest on one worker against ``trafilatura.extract`` alone, per page, on the real
pages of ``../shared/bench/article-extraction`` (181 news pages).

In one process, alternating per page so load changes hit both alike, CPU time
(``time.process_time``) of:

* baseline: ``trafilatura.extract(html)``, the one-line extraction a user would call;
* storytrace's phases for the same page: ``extract`` (trafilatura with the metadata
  storytrace uses), ``clean``, ``read`` (the fact sheet), ``features`` (grouping) and
  ``store`` (``Store.add_document`` into a store on disk, committed in batches as
  ``ingest`` does).

Start-up (importing storytrace, the first page's lazily loaded word lists) is measured
apart, in a fresh child process, and also reported spread over the 181 pages.

    python bench/bench_html_ingest.py [--repeat 1] [--name html_ingest]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from common import article_extraction_pages, base_parser, shared_dir, write_result

PHASES = ("extract", "clean", "read", "features", "store")


def startup_seconds() -> dict[str, float]:
    """CPU seconds of a fresh process importing storytrace and ingesting one tiny page."""
    code = (
        "import time, resource\n"
        "t = time.process_time()\n"
        "from storytrace.config import Config\n"
        "from storytrace.model import Page, Metadata\n"
        "from storytrace.pipeline import prepare_document\n"
        "imported = time.process_time() - t\n"
        "html = '<html><body><article><p>' + 'The council met on Monday to vote. ' * 20"
        " + '</p></article></body></html>'\n"
        "prepare_document(Page('x.html', 'html', html, Metadata()), Config())\n"
        "print(imported, time.process_time() - t)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    imported, total = map(float, out.stdout.split())
    return {"import_cpu_s": round(imported, 3), "import_and_first_page_cpu_s": round(total, 3)}


def measure(pages: list[tuple[str, str]], db: Path) -> dict[str, Any]:
    import trafilatura

    from storytrace.clean import clean
    from storytrace.config import Config
    from storytrace.group import story_features
    from storytrace.ingest import extract_page
    from storytrace.model import Document, Metadata, Page
    from storytrace.pipeline import read_article, with_publication_date
    from storytrace.store import Store

    config = Config()
    spent: Counter[str] = Counter()
    with Store(db) as store, store.batched():
        for page_id, html in pages:
            t = time.process_time()
            trafilatura.extract(html)
            spent["trafilatura_extract"] += time.process_time() - t
            t = _tick(spent, "start", 0)
            doc = extract_page(Page(page_id, "html", html, Metadata()))
            t = _tick(spent, "extract", t)
            if not isinstance(doc, Document):  # a page with no article
                continue
            articles = [with_publication_date(a) for a in clean(doc, config.clean)]
            t = _tick(spent, "clean", t)
            sheets = {a.id: read_article(a, config) for a in articles}
            t = _tick(spent, "read", t)
            features = {a.id: story_features(a, sheets[a.id], config.group) for a in articles}
            t = _tick(spent, "features", t)
            store.add_document(
                doc,
                articles,
                {i: s.to_dict() for i, s in sheets.items()},
                {i: f.to_dict() for i, f in features.items()},
            )
            _tick(spent, "store", t)
    spent.pop("start", None)
    return dict(spent)


def _tick(spent: Counter[str], phase: str, since: float) -> float:
    now = time.process_time()
    if since:
        spent[phase] += now - since
    return now


def main() -> None:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="passes over the pages")
    parser.add_argument("--name", default="html_ingest")
    args = parser.parse_args()
    root = shared_dir(args.shared, "bench", "article-extraction")
    pages = [
        (pid, html.decode("utf-8", errors="replace"))
        for pid, html, _ in article_extraction_pages(root)
    ]
    startup = startup_seconds()
    spent: Counter[str] = Counter()
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            spent.update(measure(pages, Path(tmp) / "store.db"))
    n = len(pages) * args.repeat
    ms = {k: round(1000 * v / n, 2) for k, v in spent.items()}
    ours = sum(ms[p] for p in PHASES)
    base = ms["trafilatura_extract"]
    result = {
        "pages": len(pages),
        "repeat": args.repeat,
        "cpu_ms_per_page": ms,
        "storytrace_cpu_ms_per_page": round(ours, 2),
        "ratio_to_trafilatura_extract": round(ours / base, 3),
        "ratio_by_phase": {p: round(ms[p] / base, 3) for p in PHASES},
        **startup,
        "ratio_with_startup_over_181_pages": round(
            (ours + 1000 * startup["import_and_first_page_cpu_s"] / len(pages)) / base, 3
        ),
        "baseline": "trafilatura.extract(html) on the same pages, same process, alternating",
    }
    print(result)
    write_result(args.name, result)


if __name__ == "__main__":
    main()
