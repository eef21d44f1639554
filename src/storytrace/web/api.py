"""The HTTP API under ``/api``: each route calls one library function. Response models
make the OpenAPI spec (``/openapi.json``) say what comes back."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import InputError, StoreError
from ..ingest.dates import DATE_PATTERN, date_problem, valid_date
from ..model import Article, Metadata
from ..pipeline import IngestReport, compare_articles
from ..report import article_dict
from .errors import error_response
from .state import WebState, state_of
from .uploads import (
    UploadError,
    pasted_document,
    receive_upload,
    upload_documents,
)

MAX_TEXT = 1_000_000
ArticleId = Annotated[str, Path(max_length=100, description="An article id or unique prefix")]
StoryId = Annotated[str, Path(max_length=100, description="A story id")]
MAX_OFFSET = 2**53
"""Offsets past this are refused (422): SQLite integers end at 2**63, JSON's exact ones
at 2**53, and no store holds that many rows."""
MEDIA = {"json": "application/json", "html": "text/html; charset=utf-8",
         "md": "text/markdown; charset=utf-8"}  # fmt: skip


class ProblemOut(BaseModel):
    loc: list[str | int] = Field(description="Where in the request: query, path or body")
    msg: str


class ErrorOut(BaseModel):
    error: str = Field(description="What went wrong, and how to fix it")
    status: int = Field(description="The HTTP status code")
    detail: list[ProblemOut] | None = Field(None, description="Each invalid field (422)")


class ArticleOut(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    published_from: str | None
    author: str | None
    words: int
    source: str = Field(description="The file name or label the article came from")
    removed: int = Field(description="How many pieces cleaning cut from the raw text")


class ArticleText(ArticleOut):
    clean_text: str


class HitOut(BaseModel):
    id: str
    title: str | None
    snippet: str = Field(description="Matching words are [bracketed]")
    rank: float


class StoryOut(BaseModel):
    id: str
    title: str | None
    article_count: int
    discrepancy_count: int
    updated_at: str


class IngestErrorOut(BaseModel):
    source: str
    reason: str


class IngestOut(BaseModel):
    added: list[ArticleOut]
    already_stored: list[str]
    errors: list[IngestErrorOut]
    stories_updated: list[str] = Field(description="Ids of the stories analysed anew")


class PastedArticle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_TEXT, description="The article's text")
    title: str | None = Field(None, max_length=500)
    outlet: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, pattern=DATE_PATTERN, description="ISO 8601 date")
    author: str | None = Field(None, max_length=500)

    @field_validator("published")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        if value is not None and not valid_date(value):
            raise ValueError(date_problem(value))
        return value


class PasteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    articles: list[PastedArticle] = Field(min_length=1, max_length=50)


class TraceOut(BaseModel):
    """A story's analysis (schema ``storytrace.trace/3``): articles with their roles,
    derivations, aligned passages, facts and discrepancies."""

    model_config = ConfigDict(extra="allow")
    schema_: str = Field(alias="schema", examples=["storytrace.trace/3"])
    story: dict[str, Any]
    articles: list[dict[str, Any]]
    derivations: list[dict[str, Any]]
    alignments: list[dict[str, Any]]
    facts: list[dict[str, Any]]
    discrepancies: list[dict[str, Any]]


ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": ErrorOut} for s in (400, 401, 403, 404, 413, 415, 422)
}
router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Article files: .txt .md .html .json .jsonl .warc "
                            ".rss .atom .xml, optionally gzipped",
                        },
                        "meta": {
                            "type": "string",
                            "format": "binary",
                            "description": "Metadata sidecar (CSV with a 'file' column, or "
                            "JSON if its name ends in .json): outlet, url, published...",
                        },
                    },
                }
            }
        },
    }
}


def article_out(article: Article) -> dict[str, Any]:
    data = article_dict(article)
    keys = ArticleOut.model_fields
    return {**{k: data[k] for k in keys if k in data}, "removed": len(article.removals)}


def ingest_out(report: IngestReport, updated: list[str]) -> JSONResponse:
    body = {
        "added": [article_out(a) for a in report.added],
        "already_stored": report.already_stored,
        "errors": [{"source": e.source, "reason": e.reason} for e in report.errors],
        "stories_updated": updated,
    }
    if report.errors and not report.added and not report.already_stored:
        reasons = "; ".join(str(e) for e in report.errors[:5])
        return JSONResponse({"error": f"nothing could be read: {reasons}", "status": 422, **body},
                            status_code=422)  # fmt: skip
    return JSONResponse(body, status_code=201 if report.added else 200)


@router.post(
    "/ingest",
    response_model=IngestOut,
    status_code=201,
    openapi_extra=UPLOAD_BODY,
    summary="Upload article files (multipart), with an optional metadata sidecar",
)
async def ingest_upload(request: Request) -> Response:
    state = state_of(request)
    try:
        upload = await receive_upload(request, state.max_files, state.max_upload_bytes)
    except UploadError as exc:
        return error_response(request.url.path, exc.status, str(exc))
    report, updated = await run_in_threadpool(
        state.ingest, upload_documents(upload, state.max_upload_bytes)
    )
    return ingest_out(report, updated)


@router.post(
    "/articles",
    response_model=IngestOut,
    status_code=201,
    summary="Add pasted articles (JSON)",
)
def ingest_pasted(request: Request, body: PasteIn) -> Response:
    state = state_of(request)
    if len(body.articles) > state.max_files:
        return error_response(request.url.path, 400, f"at most {state.max_files} articles")
    documents = [pasted_document(a.text, pasted_metadata(a), i)
                 for i, a in enumerate(body.articles, 1)]  # fmt: skip
    report, updated = state.ingest(documents)
    return ingest_out(report, updated)


def pasted_metadata(a: PastedArticle) -> Metadata:
    published_from = "input" if a.published else None
    return Metadata(a.title, a.url, a.outlet, a.published, a.author, published_from)


@router.get("/articles", response_model=list[ArticleOut], summary="List the stored articles")
def list_articles(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> list[dict[str, Any]]:
    with state_of(request).store() as store:
        return [article_out(a) for a in store.articles(limit, offset)]


@router.get(
    "/articles/{article_id}",
    response_model=ArticleText,
    summary="One article with its clean text (the id may be a unique prefix)",
)
def get_article(request: Request, article_id: ArticleId) -> dict[str, Any]:
    with state_of(request).store() as store:
        article = store.article(article_id)
    return {**article_out(article), "clean_text": article.clean_text}


@router.get(
    "/search",
    response_model=list[HitOut],
    summary="Full-text search over titles and texts (SQLite FTS5 syntax)",
)
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Any:
    with state_of(request).store() as store:
        try:
            hits = store.search(q, limit)
        except StoreError as exc:
            return error_response(request.url.path, 400, str(exc))
    return [{"id": h.article_id, "title": h.title, "snippet": h.snippet, "rank": h.rank}
            for h in hits]  # fmt: skip


@router.get("/stories", response_model=list[StoryOut], summary="List the stories, largest first")
def list_stories(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> list[dict[str, Any]]:
    with state_of(request).store() as store:
        return store.stories(limit, offset)


@router.get(
    "/stories/{story_id}",
    response_model=TraceOut,
    summary="A story's stored analysis (storytrace.trace/3)",
)
def get_story(request: Request, story_id: StoryId) -> Response:
    with state_of(request).store() as store:
        return JSONResponse(store.story(story_id))


@router.get(
    "/stories/{story_id}/dossier",
    responses={
        200: {
            "description": "The dossier (schema storytrace.dossier/3 as JSON, or HTML or Markdown)",
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/html": {"schema": {"type": "string"}},
                "text/markdown": {"schema": {"type": "string"}},
            },
        },
    },
    summary="A story's dossier as JSON, HTML or Markdown (cached until the story changes)",
)
def get_dossier(
    request: Request, story_id: StoryId, format: Literal["json", "html", "md"] = "json"
) -> Response:
    _, text = state_of(request).dossier(story_id, format)
    return Response(text, media_type=MEDIA[format])


@router.get(
    "/compare",
    response_model=TraceOut,
    summary="Compare two stored articles: shared passages, facts, discrepancies",
)
def compare(
    request: Request,
    a: Annotated[str, Query(min_length=1, max_length=100, description="First article id")],
    b: Annotated[str, Query(min_length=1, max_length=100, description="Second article id")],
) -> Response:
    state = state_of(request)
    pair = load_pair(state, a, b)
    return JSONResponse(compare_articles(pair, state.config))


def load_pair(state: WebState, a: str, b: str) -> list[Article]:
    with state.store() as store:
        pair = [store.article(a), store.article(b)]
    if pair[0].id == pair[1].id:
        raise InputError(a, "compare two different articles")
    return pair
