"""The web app and HTTP API (the optional part ``storytrace[web]``): :func:`create_app`
builds the FastAPI app over a store, :func:`serve` runs it with uvicorn."""

from __future__ import annotations

from ..errors import MissingExtraError

try:
    import fastapi  # noqa: F401
    import python_multipart  # noqa: F401
    import uvicorn  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise MissingExtraError("web", exc.name or "fastapi") from exc

from .app import create_app, serve

__all__ = ["create_app", "serve"]
