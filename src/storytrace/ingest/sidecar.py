"""The metadata sidecar: a CSV or JSON file keyed by file name that gives outlet, URL,
publication date, title or author to the files that lack them.

CSV: a header row with ``file`` and any of ``outlet,url,published,title,author``.
JSON: ``{"name.txt": {"outlet": ..., ...}}`` or a list of objects with a ``file`` key.
Keys match the input's file name, or its path as given.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from ..errors import InputError
from ..model import Document, Metadata, Page
from .dates import date_problem, valid_date

D = TypeVar("D", Document, Page)

FIELDS = ("outlet", "url", "published", "title", "author")


def load_sidecar(path: str) -> dict[str, Metadata]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read metadata file: {exc}") from exc
    return parse_sidecar(path, text)


def parse_sidecar(name: str, text: str) -> dict[str, Metadata]:
    """A sidecar's text: JSON when ``name`` ends in ``.json``, else CSV."""
    rows = _json_rows(name, text) if name.lower().endswith(".json") else _csv_rows(name, text)
    return {str(row["file"]): _metadata(name, row) for row in rows}


def apply_sidecar(doc: D, sidecar: dict[str, Metadata]) -> D:
    """``doc`` with the sidecar's fields filled in where the document has none (for a
    page: where neither the page nor what came with it has one)."""
    path = doc.source.split("#", 1)[0]
    extra = sidecar.get(path) or sidecar.get(Path(path).name)
    if extra is None:
        return doc
    if isinstance(doc, Page):
        return replace(doc, fallback=doc.fallback.merged_over(extra))
    return replace(doc, metadata=doc.metadata.merged_over(extra))


def _csv_rows(path: str, text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise InputError(path, "metadata CSV needs a header row with a 'file' column")
    return list(reader)


def _json_rows(path: str, text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed metadata JSON: {exc.msg} at line {exc.lineno}") from exc
    except RecursionError as exc:
        raise InputError(path, "malformed metadata JSON: nested too deeply") from exc
    if isinstance(data, dict):
        data = [{"file": name, **values} for name, values in data.items()]
    if not isinstance(data, list) or not all(isinstance(r, dict) and "file" in r for r in data):
        raise InputError(
            path, "metadata JSON must map file names to objects, or list objects with 'file'"
        )
    return data


def _metadata(name: str, row: dict[str, Any]) -> Metadata:
    values = {key: (str(row[key]).strip() or None) if row.get(key) else None for key in FIELDS}
    if values["published"] and not valid_date(values["published"]):
        raise InputError(name, f"entry for {str(row['file'])[:80]!r}: "
                         f"{date_problem(values['published'])}")  # fmt: skip
    return Metadata(**values, published_from="sidecar" if values["published"] else None)
