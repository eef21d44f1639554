"""Turning a dossier (``storytrace.dossier/3``) into HTML and Markdown: the template
context (names, SVG drawings, grouped discrepancies, highlighted passages) and the
Jinja environment. All article text goes through autoescaping (HTML) or the filters of
:mod:`.escaping` (Markdown); the SVG drawings escape their own text."""

from __future__ import annotations

import difflib
import functools
import re
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..naming import article_names, legend, missing_metadata
from .escaping import FILE_CSP, FILTERS
from .graph_svg import GRAPH_LABEL_CHARS, derivation_svg
from .rows import row_writers
from .side_by_side import side_by_side
from .timeline import label as date_label
from .timeline import timeline_svg

STATUS_LABELS = {
    "corroborated": "corroborated",
    "single_source": "single-source",
    "contested": "contested",
}
STATUS_ORDER = {"contested": 0, "corroborated": 1, "single_source": 2}
KIND_LABELS = {"verbatim": "verbatim", "near_verbatim": "near-verbatim", "paraphrase": "paraphrase"}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


class _Environment(Environment):
    """Jinja's environment, with ``x.name`` on a plain dict (most of a dossier's context)
    looked up as ``x["name"]`` straight away. Jinja tries ``getattr`` first and takes the
    item on its ``AttributeError``: the same value (a plain dict has no attributes but
    its type's, ``_DICT_NAMES``, which still win), without raising an exception for each
    of the million look-ups of a 1,000-article corpus's dossiers."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


_DICT_NAMES = frozenset(dir(dict))


TEMPLATES = _Environment(
    loader=PackageLoader("storytrace.report", "templates"),
    autoescape=select_autoescape(["html"], default_for_string=False),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def _pct(value: Any) -> str:
    return f"{value or 0:.0%}"


TEMPLATES.filters["pct"] = _pct
TEMPLATES.filters["kind_label"] = lambda k: KIND_LABELS.get(k, k or "")
TEMPLATES.filters["status_label"] = lambda s: STATUS_LABELS.get(s, s)
TEMPLATES.filters["type_label"] = lambda t: str(t).replace("_", " ")
TEMPLATES.filters["date_label"] = date_label
TEMPLATES.filters.update(FILTERS)  # md, md_code, md_url, web_url
TEMPLATES.globals["file_csp"] = FILE_CSP


def segments_html(segments: list[dict[str, Any]]) -> Markup:
    """A side-by-side text's segments (:func:`.side_by_side.segments`) as HTML: an
    anchor for each further discrepancy starting there, then the text, as a link to the
    first discrepancy covering it (titled with all of them), shaded by its passage kind,
    or plain; every value escaped. The template's ``segs``: a Jinja macro wrote the same
    bytes at a tenth of the speed (a side-by-side view has thousands of segments)."""
    out = []
    for s in segments:
        anchors, marks, kind, text = s["anchors"], s["marks"], s["kind"], escape(s["text"])
        if len(anchors) > 1:
            out.extend(f'<span id="{escape(extra)}"></span>' for extra in anchors[1:])
        if marks:
            own = f' id="{escape(anchors[0])}"' if anchors else ""
            title = ", ".join(map(escape, marks))
            out.append(
                f'<a class="seg k-{escape(kind or "none")} m" href="#{escape(marks[0])}"{own}'
                f' title="{title}">{text}</a>'
            )
        elif kind:
            out.append(f"{_kind_span(kind)}{text}</span>")
        else:
            out.append(text)
    return Markup("".join(out))


@functools.cache
def _kind_span(kind: str) -> str:
    return f'<span class="seg k-{escape(kind)}">'


TEMPLATES.globals["segs"] = segments_html


def context(dossier: dict[str, Any]) -> dict[str, Any]:
    articles = dossier["articles"]
    names = article_names(articles)
    by_id = {a["id"]: a for a in articles}
    discrepancies = dossier["discrepancies"]
    by_disc = {d["id"]: d for d in discrepancies}
    marked = {
        d["id"]: highlight(d.get("text") or "", d.get("upstream_text") or "") for d in discrepancies
    }
    views = side_by_side(dossier)
    return {
        "d": dossier,
        "story": dossier["story"],
        "names": names,
        "by_id": by_id,
        "graph": Markup(derivation_svg(articles, names)),
        "missing": missing_metadata(articles),
        "graph_legend": legend(names, GRAPH_LABEL_CHARS),
        "timeline_chart": Markup(timeline_svg(dossier["timeline"], names)),
        "marked": marked,
        "views": views,
        "has_view": {v["article"] for v in views},
        "top": [by_disc[i] for i in dossier["story"]["top_discrepancies"] if i in by_disc],
        "groups": group_discrepancies(discrepancies, articles),
        "facts": sorted(
            dossier["facts"], key=lambda f: (STATUS_ORDER.get(f["status"], 3), -f["support"])
        ),
        "dated": [e for e in dossier["timeline"] if e["start"]],
        "undated": [e for e in dossier["timeline"] if not e["start"]],
        "people": dossier["people"],
        "children": _children(articles),
        **row_writers(names),
    }


def group_discrepancies(
    discrepancies: list[dict[str, Any]], articles: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Discrepancies by article (story order), then by type (most severe first)."""
    by_article: dict[str, list[dict[str, Any]]] = {}
    for d in discrepancies:  # one pass, not one per article: a story has hundreds of each
        by_article.setdefault(d["article"], []).append(d)
    groups = []
    for a in articles:
        mine = by_article.get(a["id"], [])
        if not mine:
            continue
        types: dict[str, list[dict[str, Any]]] = {}
        for d in mine:
            types.setdefault(d["type"], []).append(d)
        ordered = sorted(
            types.items(),
            key=lambda kv: (min(SEVERITY_ORDER.get(d["severity"], 3) for d in kv[1]), kv[0]),
        )
        groups.append({"article": a["id"], "count": len(mine), "types": ordered})
    return groups


def highlight(copy: str, upstream: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both passages as (text, changed) runs: words of one the other does not have."""
    a, b = _tokens(copy), _tokens(upstream)
    if not b:
        return [(copy, False)], []
    runs_a: list[tuple[str, bool]] = []
    runs_b: list[tuple[str, bool]] = []
    matcher = difflib.SequenceMatcher(
        None, [t.lower() for t in a], [t.lower() for t in b], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = op != "equal"
        _append(runs_a, "".join(a[i1:i2]), changed)
        _append(runs_b, "".join(b[j1:j2]), changed)
    return runs_a, runs_b


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+\s*|[^\w\s]+\s*|\s+", text)


def _append(runs: list[tuple[str, bool]], text: str, changed: bool) -> None:
    if not text:
        return
    if changed and not text.strip():
        changed = False
    if runs and runs[-1][1] == changed:
        runs[-1] = (runs[-1][0] + text, changed)
    else:
        runs.append((text, changed))


def _children(articles: list[dict[str, Any]]) -> dict[str | None, list[dict[str, Any]]]:
    ids = {a["id"] for a in articles}
    tree: dict[str | None, list[dict[str, Any]]] = {}
    for a in articles:
        parent = a.get("derived_from") if a.get("derived_from") in ids else None
        tree.setdefault(parent, []).append(a)
    return tree


def dossier_html(dossier: dict[str, Any], prepared: dict[str, Any] | None = None) -> str:
    """``prepared``: the dossier's :func:`context` when already built (templates only
    read it, so the HTML and the Markdown of one dossier can share it)."""
    return TEMPLATES.get_template("dossier.html").render(**(prepared or context(dossier)))


def dossier_markdown(dossier: dict[str, Any], prepared: dict[str, Any] | None = None) -> str:
    return TEMPLATES.get_template("dossier.md").render(**(prepared or context(dossier)))


def index_html(stories: list[dict[str, Any]], articles_report: str | None) -> str:
    ordered = sorted(stories, key=lambda s: (-s["article_count"], s["id"]))
    return TEMPLATES.get_template("index.html").render(
        stories=ordered, articles_report=articles_report
    )
