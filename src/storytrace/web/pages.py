"""The web app's pages: server-rendered Jinja2 templates with autoescape, no JavaScript.

Index (stories, upload and paste forms, search) → story (articles, discrepancies) →
dossier, discrepancy → side-by-side view of a copy beside its source; any two articles
side by side at ``/compare``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from ..errors import InputError, NotFoundError, StoreError
from ..ingest.dates import valid_date
from ..model import Metadata
from ..naming import article_names, legend
from ..pipeline import IngestReport, compare_articles
from ..report.graph_svg import GRAPH_LABEL_CHARS, derivation_svg
from ..report.side_by_side import segments
from .sentences import sentence_pair
from .state import WebState, state_of
from .uploads import (
    UploadError,
    pasted_document,
    receive_upload,
    upload_documents,
)

router = APIRouter(include_in_schema=False)

_env = Environment(
    loader=PackageLoader("storytrace.web", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["pct"] = lambda v: "" if v is None else f"{float(v) * 100:.0f}%"
PASTE_FIELDS = ("title", "outlet", "url", "published", "author")


def page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_env.get_template(template).render(**context), status_code=status_code)


def render_error(status: int, message: str) -> HTMLResponse:
    """An error page in a browser's words: command-line hints ("see `storytrace list`")
    become links to the pages that list what there is."""
    message = _CLI_HINT.sub("", message)
    return page("error.html", status, status=status, message=message)


_CLI_HINT = re.compile(r"\s*\(see `storytrace [^`]*`\)")


PAGE_SIZE = 100
"""Stories or articles listed on one page."""
COMPARE_CHOICES = 500
"""Up to this many stored articles, /compare offers them in lists; beyond, ids are typed."""

PageNumber = Annotated[int, Query(alias="page", ge=1, le=1_000_000)]


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page of a long listing sits: page ``number`` of ``last``, holding the
    items after ``offset`` up to ``end`` of ``total``."""

    number: int
    total: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * PAGE_SIZE

    @property
    def last(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def end(self) -> int:
        return min(self.total, self.offset + PAGE_SIZE)


@router.get("/")
def index(request: Request, page_number: PageNumber = 1) -> Response:
    state = state_of(request)
    with state.store() as store:
        pager = Pager(page_number, store.count_stories())
        stories = store.stories(PAGE_SIZE, pager.offset)
        count = store.count_articles()
    return page(
        "index.html", stories=stories, pager=pager, article_count=count, limits=_limits(state)
    )


def _limits(state: WebState) -> dict[str, int]:
    return {"bytes": state.max_upload_bytes, "files": state.max_files}


@router.get("/articles")
def articles(request: Request, page_number: PageNumber = 1) -> Response:
    with state_of(request).store() as store:
        pager = Pager(page_number, store.count_articles())
        found = list(store.articles(PAGE_SIZE, pager.offset))
    return page("articles.html", articles=found, pager=pager)


@router.get("/articles/{article_id}")
def article(request: Request, article_id: str) -> Response:
    with state_of(request).store() as store:
        found = store.article(article_id)
    return page("article.html", article=found)


@router.get("/search")
def search(request: Request, q: Annotated[str, Query(max_length=500)] = "") -> Response:
    hits: list[Any] = []
    if q.strip():
        with state_of(request).store() as store:
            try:
                hits = store.search(q, 50)
            except StoreError as exc:
                return page("search.html", 400, q=q, hits=[], problem=str(exc))
    return page("search.html", q=q, hits=hits, problem=None)


@router.get("/stories/{story_id}")
def story(
    request: Request,
    story_id: str,
    severity: Annotated[str, Query(max_length=20)] = "",
    type: Annotated[str, Query(max_length=40)] = "",  # noqa: A002 (the query parameter)
    article: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """A story: its derivation graph, its articles and its findings, filtered by
    severity, type and article (numbers stay those of the whole list)."""
    with state_of(request).store() as store:
        analysis = store.story(story_id)
    names = article_names(analysis["articles"])
    graph = Markup(derivation_svg(analysis["articles"], names))
    graph_legend = legend(names, GRAPH_LABEL_CHARS)
    chosen = {"severity": severity, "type": type, "article": article}
    shown = [
        (n, d) for n, d in enumerate(analysis["discrepancies"], 1)
        if all(not v or d.get(k) == v for k, v in chosen.items())
    ]  # fmt: skip
    return page(
        "story.html", a=analysis, names=names, graph=graph, graph_legend=graph_legend,
        shown=shown, chosen=chosen,
        **_filters(analysis),
    )  # fmt: skip


def _filters(analysis: dict[str, Any]) -> dict[str, list[str]]:
    """The values the story page's finding filters offer."""
    found = analysis["discrepancies"]
    order = {"high": 0, "medium": 1, "low": 2}
    return {
        "severities": sorted({d["severity"] for d in found}, key=lambda s: order.get(s, 9)),
        "types": sorted({d["type"] for d in found}),
    }


@router.get("/stories/{story_id}/dossier")
def dossier(request: Request, story_id: str) -> Response:
    _, html = state_of(request).dossier(story_id, "html")
    return HTMLResponse(html)


@router.get("/stories/{story_id}/discrepancies/{number}")
def discrepancy(request: Request, story_id: str, number: int) -> Response:
    with state_of(request).store() as store:
        analysis = store.story(story_id)
    found = analysis["discrepancies"]
    chosen = next((d for d in found if d.get("id") == f"d{number}"), None)
    if chosen is None:
        raise NotFoundError(f"story {story_id} has no discrepancy {number} (it has {len(found)})")
    names = article_names(analysis["articles"])
    with state_of(request).store() as store:
        context = sentence_pair(store, chosen)
    return page("discrepancy.html", a=analysis, d=chosen, n=number, names=names, **context)


@router.get("/stories/{story_id}/pair")
def story_pair(request: Request, story_id: str, source: str, copy: str) -> Response:
    """A copy beside its source, as the story's analysis aligned them."""
    state = state_of(request)
    with state.store() as store:
        analysis = store.story(story_id)
        texts = {i: store.article(i).clean_text for i in (source, copy)}
    view = side_by_side(analysis, source, copy, texts)
    return page("pair.html", view=view, story=analysis["story"], title="Side by side")


@router.get("/compare")
def compare(
    request: Request,
    a: Annotated[str, Query(max_length=100)] = "",
    b: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """Any two stored articles compared side by side (or the form to pick them)."""
    state = state_of(request)
    with state.store() as store:
        choices = list(store.articles(COMPARE_CHOICES + 1))
        pair = [store.article(a), store.article(b)] if a and b else []
    if not pair:
        return page("compare.html", choices=choices, typed=len(choices) > COMPARE_CHOICES, a=a, b=b)
    if pair[0].id == pair[1].id:
        raise InputError(a, "compare two different articles")
    analysis = compare_articles(pair, state.config)
    first = analysis["alignments"][0] if analysis["alignments"] else None
    source, copy = (first["source_id"], first["copy_id"]) if first else (pair[0].id, pair[1].id)
    texts = {p.id: p.clean_text for p in pair}
    view = side_by_side(analysis, source, copy, texts)
    return page(
        "pair.html", view=view, story=None, title="Compare", choices=choices,
        typed=len(choices) > COMPARE_CHOICES, a=a, b=b,
    )  # fmt: skip


def finding_number(d: dict[str, Any]) -> int:
    """The number of a finding's id ("d7" -> 7), as the comparison stage assigned it."""
    return int(str(d["id"])[1:])


def side_by_side(
    analysis: dict[str, Any], source: str, copy: str, texts: dict[str, str]
) -> dict[str, Any]:
    """What ``pair.html`` shows: both texts cut into segments shaded by the reused passage
    they lie in, the discrepancies of ``copy`` against ``source`` marked and numbered."""
    names = article_names(analysis["articles"])
    info = {a["id"]: {**a, "name": names[a["id"]]} for a in analysis["articles"]}
    alignment: dict[str, Any] = next(
        (x for x in analysis["alignments"] if x["source_id"] == source and x["copy_id"] == copy),
        {"passages": [], "reuse_share": None, "passage_kinds": {}},
    )
    found = [
        (finding_number(d), d) for d in analysis["discrepancies"]
        if d["article"] == copy and d.get("upstream_article") == source
    ]  # fmt: skip
    passages = alignment["passages"]
    copy_marks = [(d["span"], f"d{n}", f"d{n}") for n, d in found if d.get("span")]
    source_marks = [(d["upstream_span"], f"d{n}", f"d{n}-up") for n, d in found
                    if d.get("upstream_span")]  # fmt: skip
    return {
        # "source_article"/"copy_article": in Jinja, ``view.copy`` would be dict.copy
        "source_article": info.get(source, {"id": source, "name": source}),
        "copy_article": info.get(copy, {"id": copy, "name": copy}),
        "alignment": alignment,
        "discrepancies": found,
        "source_segments": segments(
            texts[source], [(p["source_span"], p["kind"]) for p in passages], source_marks
        ),
        "copy_segments": segments(
            texts[copy], [(p["copy_span"], p["kind"]) for p in passages], copy_marks
        ),
    }


@router.post("/ingest/files")
async def ingest_files(request: Request) -> Response:
    state = state_of(request)
    try:
        upload = await receive_upload(request, state.max_files, state.max_upload_bytes)
    except UploadError as exc:
        return render_error(exc.status, str(exc))
    documents = upload_documents(upload, state.max_upload_bytes)
    report, updated = await run_in_threadpool(state.ingest, documents)
    return _ingested(report, updated)


@router.post("/ingest/paste")
async def ingest_paste(request: Request) -> Response:
    state = state_of(request)
    form = await request.form(max_files=0, max_fields=len(PASTE_FIELDS) + 1)
    values = {k: str(form.get(k, "")).strip() or None for k in PASTE_FIELDS}
    if values["published"] and not valid_date(values["published"]):
        return render_error(400, "published: give an ISO 8601 date such as 2025-09-16")
    published_from = "input" if values["published"] else None
    metadata = Metadata(**values, published_from=published_from)
    document = pasted_document(str(form.get("text", "")), metadata, 1)
    report, updated = await run_in_threadpool(state.ingest, [document])
    return _ingested(report, updated)


def _ingested(report: IngestReport, updated: list[str]) -> Response:
    failed = bool(report.errors) and not report.added and not report.already_stored
    status = 422 if failed else 201 if report.added else 200
    return page("ingested.html", status, report=report, updated=updated)
