"""Errors as the client wants them: JSON for the API, an HTML page for the web app."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse, Response

from .pages import render_error


def wants_json(path: str) -> bool:
    return path.startswith("/api") or path == "/openapi.json"


def error_response(path: str, status: int, message: str, **extra: Any) -> Response:
    """JSON ``{"error", "status"}`` for the API, an HTML page for the web app."""
    if wants_json(path):
        return JSONResponse({"error": message, "status": status, **extra}, status_code=status)
    return render_error(status, message)
