"""Escaping for each output format the reports are written in.

Markdown is pasted into newsroom tools that render it as HTML, so article text, titles,
file names and dates go through :func:`md_inline` (no raw HTML, no links, no emphasis:
what the article says is shown as text), code spans through :func:`md_code`, and URLs
through :func:`md_url` (a link only for http and https). HTML files written to disk carry
:data:`FILE_CSP` in a meta tag, as the web app sends it in a header."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

FILE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
"""The Content-Security-Policy of written HTML reports: no script, no remote resource."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]~|])")


def md_inline(value: Any, limit: int = 0) -> str:
    """``value`` as literal text on one Markdown line: whitespace collapsed, ``&<>`` as
    entities (no raw HTML, no autolinks) and every character that could start a link,
    emphasis, code or a table cell backslash-escaped; cut to ``limit`` characters."""
    text = " ".join(str(value if value is not None else "").split())
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_code(value: Any) -> str:
    """``value`` as a Markdown code span on one line, fenced with more backticks than it
    holds in a row so it cannot close the span early."""
    text = " ".join(str(value if value is not None else "").split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def web_url(value: Any) -> str | None:
    """``value`` when it is an http or https URL without spaces or angle brackets."""
    text = str(value or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return None if re.search(r"[\s<>\"'`\\]", text) else text


def md_url(value: Any) -> str:
    """A Markdown autolink for an http(s) URL; any other URL (``javascript:``,
    ``data:``...) as inert code text."""
    url = web_url(value)
    return f"<{url}>" if url else f"{md_code(value)} (not a web link)"


FILTERS = {"md": md_inline, "md_code": md_code, "md_url": md_url, "web_url": web_url}
"""The Jinja filters of the report templates."""
