"""One name for each article, the same in the CLI, the dossier and the web app: its
outlet, else its URL's domain, else the shortest start of its title that tells it from
the others, else its file name. Two articles with the same name get their id prefix."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

TITLE_MIN_WORDS = 3
"""A title is cut to at least this many words ..."""
TITLE_MAX_CHARS = 40
"""... and at most this many characters, where it is cut with an ellipsis."""


def article_names(articles: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Article id -> display name, for articles given as dicts (``id``, ``outlet``,
    ``url``, ``title``, ``file`` or ``source``: any may be missing)."""
    items = list(articles)
    titles = [a.get("title") or "" for a in items]
    names: dict[str, str] = {}
    for a, title in zip(items, titles, strict=True):
        name = (
            a.get("outlet")
            or domain(a.get("url"))
            or short_title(title, [t for t in titles if t != title])
            or Path(a.get("file") or a.get("source") or a["id"]).name
        )
        if name in names.values():
            name = f"{name} ({a['id'][:6]})"
        names[a["id"]] = name
    return names


def article_name(article: Any) -> str:
    """The display name of one :class:`~storytrace.model.Article` on its own."""
    meta = article.metadata
    data = {"id": article.id, "outlet": meta.outlet, "url": meta.url, "title": meta.title,
            "source": article.source}  # fmt: skip
    return article_names([data])[article.id]


def domain(url: str | None) -> str:
    """``https://www.example.org/a/b`` -> ``example.org``; "" when there is none."""
    host = urlparse(url).hostname if url and "//" in url else None
    return (host or "").removeprefix("www.")


def short_title(title: str, others: list[str]) -> str:
    """The start of ``title`` that tells it from ``others``: the words it shares with the
    closest of them (compared without case or possessives) and two more, at least
    :data:`TITLE_MIN_WORDS`, clipped to :data:`TITLE_MAX_CHARS`."""
    words = title.split()
    shared = max((_common_words(words, o.split()) for o in others), default=0)
    n = max(TITLE_MIN_WORDS, shared + 2)
    return clip(" ".join(words[:n]) + ("…" if n < len(words) else ""), TITLE_MAX_CHARS)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def distinct_labels(names: Mapping[str, str], limit: int) -> dict[str, str]:
    """Labels of at most ``limit`` characters for a small drawing: the names clipped, or,
    when clipping makes two alike, each started where it departs from the names it
    shares its first words with (``1 …Flew to Iran``), numbered as in :func:`legend`."""
    clipped = {k: clip(v, limit) for k, v in names.items()}
    if len(set(clipped.values())) == len(clipped):
        return clipped
    words = {k: v.split() for k, v in names.items()}
    labels = {}
    for n, (key, mine) in enumerate(words.items(), 1):
        shared = max((_common_words(mine, w) for k, w in words.items() if k != key), default=0)
        shared = min(shared, len(mine) - 1)
        text = " ".join(mine[shared:])
        labels[key] = clip(f"{n} {'…' if shared else ''}{text}", limit)
    return labels


def legend(names: Mapping[str, str], limit: int) -> list[tuple[str, str]]:
    """``(label, name)`` for each label of :func:`distinct_labels` that is not the name
    itself: what a drawing's legend must spell out (empty when the labels are the names)."""
    labels = distinct_labels(names, limit)
    return [(labels[k], v) for k, v in names.items() if labels[k] != v]


def _common_words(a: list[str], b: list[str]) -> int:
    n = 0
    while n < min(len(a), len(b)) and _word_key(a[n]) == _word_key(b[n]):
        n += 1
    return n


def _word_key(word: str) -> str:
    return word.lower().removesuffix("'s").removesuffix("’s").strip("'’\".,:;!?")


def missing_metadata(articles: Iterable[Mapping[str, Any]]) -> dict[str, Any] | None:
    """What a report should say when articles lack an outlet or a publication date: how
    many, the first lines of a metadata sidecar naming their files, and the command that
    applies it (ingesting the same files again updates them in place). None if none lack."""
    items = list(articles)
    no_outlet = [a for a in items if not a.get("outlet")]
    no_date = [a for a in items if not a.get("published")]
    if not no_outlet and not no_date:
        return None
    lacking = [a for a in items if a in no_outlet or a in no_date]
    files = [Path(a.get("file") or a.get("source") or a["id"]).name for a in lacking]
    return {
        "no_outlet": len(no_outlet),
        "no_date": len(no_date),
        "total": len(items),
        "sidecar": ["file,outlet,published", *(f"{f},," for f in files[:3])],
        "command": "storytrace ingest FOLDER --meta meta.csv",
        "one": "storytrace meta ARTICLE_ID --outlet NAME --published YYYY-MM-DD",
    }
