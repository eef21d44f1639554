"""HTML pages: main text and metadata with trafilatura."""

from __future__ import annotations

import contextlib
import re
from copy import deepcopy
from typing import Any

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree
from lxml.etree import XPath
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_metainfo,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import DEFAULT_CONFIG, set_date_params
from trafilatura.utils import is_dubious_html, repair_faulty_html
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS, REGEXP_NS

from ..errors import InputError
from ..model import Document, Metadata, Page


def read_html(source: str, html: str, base: Metadata = Metadata(), fmt: str = "html") -> Document:
    """The article in an HTML page. ``base`` holds metadata known from elsewhere
    (a JSON record, a WARC header); it wins over what the page says."""
    return extract(Page(source, fmt, html, base))


def extract(page: Page) -> Document:
    """The article in ``page``, with its metadata; :class:`InputError` when the page has
    no article text."""
    try:
        tree = load_tree(page.html)
        found = _metadata(tree, page.metadata.url) if tree is not None else Metadata()
        text = main_text(page.html if tree is None else tree, page.metadata.url or found.url)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(page.source, f"malformed HTML: {exc}") from exc
    if not text:
        raise InputError(page.source, "no article text found in the HTML page")
    if not has_prose(text):
        raise InputError(
            page.source,
            f"no article text found in the HTML page, only short pieces such as menus "
            f"({' '.join(text.split())[:60]!r})",
        )
    metadata = page.metadata.merged_over(found).merged_over(page.fallback)
    return Document(source=page.source, format=page.format, text=text, metadata=metadata)


_PARSER = etree.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
    remove_pis=True,
)  # fmt: skip
"""trafilatura's HTML parser (``trafilatura.utils.HTML_PARSER``: the same options), with
lxml.html's element classes looked up in C rather than by ``HtmlElementClassLookup``'s
Python method, which lxml calls each time it hands out an element: 7-18% of an
extraction. The only difference is that ``<form>``, ``<input>``, ``<select>``,
``<textarea>`` and ``<label>`` are plain ``HtmlElement`` objects, whose form methods
trafilatura never calls."""
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction,
        entity=HtmlEntity,
    )
)  # fmt: skip


def load_tree(html: str) -> HtmlElement | None:
    """The tree of a page as ``trafilatura.utils.load_html`` parses a string, by the same
    steps, with :data:`_PARSER`; None when it is not HTML."""
    beginning = html[:50].lower()
    html = repair_faulty_html(html, beginning)
    tree, from_bytes = None, False
    try:
        tree = lxml.html.fromstring(html, parser=_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree, from_bytes = _from_bytes(html), True
    except Exception:  # lxml's own parse errors: trafilatura gives up on the string too
        tree = None
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _from_bytes(html)
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def _from_bytes(html: str) -> HtmlElement | None:
    with contextlib.suppress(Exception):
        return lxml.html.fromstring(html.encode("utf8", "surrogatepass"), parser=_PARSER)
    return None


FAST_MIN_CHARS = 750
"""A page whose text trafilatura's fast extraction finds shorter than this (in characters,
none found counts as 0) is extracted again in full, and the full result is kept.

Fast extraction (``fast=True``) skips trafilatura's comparison with readability and
jusText, 26% of its CPU on the pages of ``../shared/bench``; what it misses is mostly on
pages where its own extractor found only a fragment (a teaser, a first paragraph) and the
comparison would have taken the longer text. Chosen on one half of ``trafilatura-eval``
(990 pages, split by a hash of the URL) as the least value whose text scores at least
the full extraction's F1 there (0.9233 against 0.9224; 250 and 500 give 0.916 and
0.922); on the other half 0.9233 against 0.9234, on ``article-extraction`` 0.962 against
0.958, and 4-5% of pages (8 of 181 there) are extracted twice (``bench/README.md``,
``bench_html_ingest.py``)."""


def main_text(html: str | HtmlElement, url: str | None) -> str:
    """The main text of a page (its tree, which is not changed, or its HTML), stripped;
    "" when there is none. trafilatura's fast extraction, then its full one where that
    found less than :data:`FAST_MIN_CHARS`. Reader comments are left out before
    extraction (``include_comments=False``): storytrace never keeps them, and extracting
    them apart cost 11% of the extraction without making the main text better (F1 on
    both benchmark sets slightly higher without)."""
    text = ""
    for fast in (True, False):
        result = trafilatura.bare_extraction(html, url=url, fast=fast, include_comments=False)
        text = (result.text or "").strip() if result is not None else ""
        if len(text) >= FAST_MIN_CHARS:
            break
    return text


def _metadata(tree: HtmlElement, url: str | None) -> Metadata:
    """What ``trafilatura.extract_metadata`` finds of the metadata storytrace uses (title,
    URL, site name, date, author), by the same steps, on the same tree, before the text is
    extracted from it, as ``bare_extraction(with_metadata=True)`` does. The steps it also
    takes for categories, tags, licence and host name cost ~12% of the extraction
    (``bench/bench_html_ingest.py``) and are left out."""
    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    with contextlib.suppress(Exception):  # trafilatura's JSON-LD reader has bugs
        found = extract_meta_json(tree, found)
    found.title = found.title or extract_title(tree)
    found.author = found.author or _author(tree)
    found.url = found.url or extract_url(tree, url)
    found.date = find_date(tree, **{**_date_params(), "url": found.url})
    found.sitename = _sitename(found.sitename or extract_sitename(tree), found.url)
    found.clean_and_trim()
    return Metadata(
        title=found.title,
        url=found.url,
        outlet=found.sitename,
        published=found.date,
        author=found.author,
        published_from="html" if found.date else None,
    )


def _author(tree: HtmlElement) -> str | None:
    """``trafilatura.metadata.extract_author``, by the same steps, with its XPaths
    :func:`guarded` (14% of ``trafilatura.extract``'s time on the pages that need it,
    a quarter of it saved)."""
    subtree = prune_unwanted_nodes(deepcopy(tree), _AUTHOR_DISCARD_XPATHS)
    author = extract_metainfo(subtree, _AUTHOR_XPATHS, len_limit=120)
    return normalize_authors(None, author) if author else None


_REGEX_TEST = re.compile(r"re:test\((@[\w-]+), '([^']*)'\)")


def guarded(expression: XPath) -> XPath:
    """``expression`` with each ``re:test(@name, 'pattern')`` behind ``@name and``. lxml
    runs ``re:test`` in Python, for every element tested, also those without the
    attribute, where it searches "" and finds nothing; ``@name and`` answers those in C.
    The same elements match, as long as no pattern matches "" (else ``expression`` is
    kept as it is)."""
    tests = _REGEX_TEST.findall(expression.path)
    if any(re.search(pattern, "") for _, pattern in tests):
        return expression
    path = _REGEX_TEST.sub(r"(\1 and re:test(\1, '\2'))", expression.path)
    return XPath(path, namespaces={"re": REGEXP_NS})


_AUTHOR_XPATHS = [guarded(x) for x in AUTHOR_XPATHS]
_AUTHOR_DISCARD_XPATHS = [guarded(x) for x in AUTHOR_DISCARD_XPATHS]


def _sitename(name: str | None, url: str | None) -> str | None:
    """The site name as trafilatura tidies it, else the URL's domain."""
    if name:
        name = name.lstrip("@")
        if name and "." not in name and not name[0].isupper():
            name = name.title()
        return name
    match = META_URL.match(url) if url else None
    return match[1] if match else None


def _date_params() -> dict[str, Any]:
    """htmldate's parameters as ``bare_extraction`` sets them, from trafilatura's default
    configuration as loaded once at import (``use_config()`` reads and parses its settings
    file on every call: 2.5% of an extraction)."""
    return set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head or "<head" in head


PROSE_MIN_WORDS = 5
"""A piece of page text (a line, or the part of it between menu separators such as
``|`` and ``·``) of at least this many words is prose ..."""

SENTENCE_MIN_WORDS = 3
"""... and so is one of at least this many words that ends a sentence. A page with
neither holds no article: "Home | About" is a navigation bar."""

_PIECES = re.compile(r"\n|\s[|·•»]\s")
_WORD = re.compile(r"\w+")


def has_prose(text: str) -> bool:
    """Whether ``text`` (extracted from a page) holds at least one piece of prose."""
    for piece in _PIECES.split(text):
        words = len(_WORD.findall(piece))
        if words >= PROSE_MIN_WORDS:
            return True
        if words >= SENTENCE_MIN_WORDS and piece.rstrip(" \"'”’)").endswith((".", "!", "?")):
            return True
    return False
