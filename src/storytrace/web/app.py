"""The web app and HTTP API: a thin shell over the pipeline, the store and the reports.

:func:`create_app` builds the FastAPI app (HTML pages at ``/``, the API under ``/api``,
its OpenAPI spec at ``/openapi.json``); :func:`serve` runs it with uvicorn. Every request
opens its own :class:`~storytrace.store.Store` (SQLite connections belong to one thread);
writes (ingest, then story updates) take one lock. Rendered dossiers are cached, keyed by
story id and the stored analysis's ``updated_at`` and counts.

Guard rails, all in :class:`Guard`: an optional access token (``Authorization: Bearer``
or the ``token`` cookie that the ``/login`` form sets; tokens never travel in URLs, and
:class:`RedactTokens` keeps one sent in a URL anyway out of the access log), a request
body limit, a Host check against DNS rebinding when serving loopback without a token, a
same-origin check on POSTs, and headers that forbid scripts (``Content-Security-Policy``)
on every page.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..config import Config
from ..errors import ConfigError, InputError, NotFoundError, StorytraceError
from ..store import default_db_path
from .errors import error_response
from .state import WebState, state_of

log = logging.getLogger("storytrace.web")

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" makes form POSTs send Origin: null
    (b"x-frame-options", b"DENY"),
]


def create_app(
    db_path: str | Path | None,
    *,
    token: str | None = None,
    max_upload_bytes: int = 5_000_000,
    max_files: int = 50,
    config: Config | None = None,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The storytrace web app and HTTP API over the store at ``db_path`` (None: the
    default store, ``$STORYTRACE_DB`` or the user data directory's).

    ``token``: if set, every request but ``/login`` must carry it. ``max_upload_bytes``
    bounds any request body, ``max_files`` the files in one upload. ``allowed_hosts``:
    Host header names accepted (None: any)."""
    from . import api, pages

    path = Path(db_path) if db_path else default_db_path()
    state = WebState(path, config or Config(), token or None, max_upload_bytes, max_files)
    state.update_stories()  # stories for articles ingested by the CLI without `stories`
    app = FastAPI(
        title="storytrace",
        version=__version__,
        description="Trace one news story across outlets: ingest articles, list and search "
        "them, list stories, get a story's dossier, compare two articles. Errors are JSON "
        '`{"error": message, "status": code}`.',
        docs_url=None,  # the Swagger page loads scripts from a CDN; /openapi.json is enough
        redoc_url=None,
    )
    app.state.web = state
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_api_route("/login", login_form, methods=["GET"], include_in_schema=False)
    app.add_api_route("/login", login, methods=["POST"], include_in_schema=False)
    _add_error_handlers(app)
    app.add_middleware(Guard, state=state, allowed_hosts=allowed_hosts)
    return app


def login_form(request: Request) -> Response:
    """The sign-in form. A token in the URL (the old ``/login?token=``) is not used: URLs
    end up in logs, histories and Referer headers."""
    from .pages import page

    if state_of(request).token is None:
        return RedirectResponse("/", status_code=303)
    if "token" in request.query_params:
        message = "send the token with this form, not in the URL"
        return page("login.html", 400, message=message)
    return page("login.html", message=None)


async def login(request: Request) -> Response:
    """Check the token posted by the sign-in form and keep it in a cookie, then go to the
    index."""
    from .pages import page

    expected = state_of(request).token
    if expected is None:
        return RedirectResponse("/", status_code=303)
    form = await request.form(max_files=0, max_fields=2)
    token = str(form.get("token", ""))
    if not _same(token, expected):
        return page("login.html", 401, message="wrong or missing token")
    response = RedirectResponse("/", status_code=303)
    response.set_cookie("token", token, httponly=True, samesite="strict")
    return response


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


# --- errors -------------------------------------------------------------------------


def _add_error_handlers(app: FastAPI) -> None:
    statuses: dict[type[StorytraceError], int] = {NotFoundError: 404, InputError: 400}

    async def storytrace_error(request: Request, exc: Exception) -> Response:
        status = next((s for t, s in statuses.items() if isinstance(exc, t)), 500)
        return error_response(request.url.path, status, str(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        response = error_response(request.url.path, exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = exc.errors()
        where = ".".join(str(p) for p in errors[0]["loc"]) if errors else "request"
        message = f"invalid {where}: {errors[0]['msg']}" if errors else "invalid request"
        detail = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in errors]
        return error_response(request.url.path, 422, message, detail=detail)

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request.url.path, 500, f"internal error: {type(exc).__name__}")

    app.add_exception_handler(StorytraceError, storytrace_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected)


# --- the guard ----------------------------------------------------------------------


class Guard:
    """Pure ASGI middleware: token, Host and Origin checks, body limit, security headers."""

    def __init__(self, app: ASGIApp, state: WebState, allowed_hosts: Sequence[str] | None) -> None:
        self.app = app
        self.state = state
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal:
            response = error_response(scope["path"], *refusal)
            await _with_headers(response, scope, receive, send)
            return
        limit = self.state.max_upload_bytes
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(413, _too_large(limit))
            return message

        async def secure_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, limited_receive, secure_send)

    def _refusal(self, scope: Scope, headers: Headers) -> tuple[int, str] | None:
        host = _hostname(headers.get("host", ""))
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            return 400, f"unexpected Host {host!r}: this server answers only on loopback"
        origin = headers.get("origin")
        if scope["method"] == "POST" and origin and urlsplit(origin).netloc != headers.get("host"):
            return 403, "cross-origin POST refused"
        token = self.state.token
        if token and scope["path"] != "/login" and not _authorised(headers, token):
            return 401, (
                "this server needs its access token: sign in at /login first, "
                "or send 'Authorization: Bearer <token>'"
            )
        length, limit = headers.get("content-length"), self.state.max_upload_bytes
        if length is not None and (not length.isdigit() or int(length) > limit):
            return 413, _too_large(limit)
        return None


async def _with_headers(response: Response, scope: Scope, receive: Receive, send: Send) -> None:
    response.raw_headers.extend(SECURITY_HEADERS)
    await response(scope, receive, send)


def _too_large(limit: int) -> str:
    return f"request body too large: at most {limit:,} bytes per request"


def _hostname(host: str) -> str:
    host = host.lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _authorised(headers: Headers, token: str) -> bool:
    auth = headers.get("authorization", "")
    if auth[:7].lower() == "bearer " and _same(auth[7:].strip(), token):
        return True
    cookies = headers.get("cookie", "")
    for item in cookies.split(";"):
        name, _, value = item.strip().partition("=")
        if name == "token" and _same(value, token):
            return True
    return False


# --- running ------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    db: str | Path | None,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    *,
    config: Config | None = None,
) -> None:
    """Run the web app with uvicorn. A host other than loopback needs a token."""
    if not is_loopback(host) and not token:
        raise ConfigError(
            f"refusing to listen on {host} without an access token: anyone who can reach it "
            "could read and add articles. Pass --token (or STORYTRACE_TOKEN), or use 127.0.0.1"
        )
    import uvicorn

    hosts = None if token else [*LOOPBACK_NAMES, host.lower()]
    app = create_app(db, token=token, config=config, allowed_hosts=hosts)
    logging.getLogger("uvicorn.access").addFilter(RedactTokens())
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)


class RedactTokens(logging.Filter):
    """Hides the value of any ``token`` query parameter in access-log lines."""

    _TOKEN = re.compile(r"(?i)([?&](?:access_)?token=)[^&\s\"]*")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                self._TOKEN.sub(r"\1[redacted]", a) if isinstance(a, str) else a
                for a in record.args
            )
        record.msg = self._TOKEN.sub(r"\1[redacted]", str(record.msg))
        return True
