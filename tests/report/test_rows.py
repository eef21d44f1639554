"""The dossier rows written in Python (report/rows.py) against the template loops they
replace, and the article report's passes over the store."""

from __future__ import annotations

from jinja2 import Environment

from storytrace.report.articles import write_report
from storytrace.report.dossier import build_dossier
from storytrace.report.escaping import md_inline
from storytrace.report.rows import row_writers

HTML_LOOPS = {
    "stated_by_html": '{% for s in x %}<div><b>{{ names.get(s.article, s.article) }}</b> · {{ s.certainty or "?" }} · {{ (s.attribution or "?")|replace("_", " ") }}{% if s.attributed_to %}: {{ s.attributed_to }}{% endif %}</div>{% endfor %}',  # noqa: E501
    "wordings_html": "{% for s in x %}<li><b>{{ names.get(s.article, s.article) }}</b>: {{ s.text }}</li>{% endfor %}",  # noqa: E501
    "names_html": '{% for id in x %}{{ names.get(id, id) }}{{ ", " if not loop.last }}{% endfor %}',
    "links_html": '{% for id in x %}<a href="#article-{{ id }}">{{ names.get(id, id) }}</a>{{ ", " if not loop.last }}{% endfor %}',  # noqa: E501
}
MD_LOOPS = {
    "stated_by_md": '{% for s in x %}{{ names.get(s.article, s.article)|md }} · {{ s.certainty or "?" }} · {{ (s.attribution or "?")|replace("_", " ") }}{% if s.attributed_to %}: {{ s.attributed_to|md }}{% endif %}{{ "; " if not loop.last }}{% endfor %}',  # noqa: E501
    "names_md": '{% for id in x %}{{ names.get(id, id)|md }}{{ ", " if not loop.last }}{% endfor %}',  # noqa: E501
}
"""The template loops the row writers replaced, as they were."""

ODD = [
    {"article": "a<1>", "text": "<b>x & 'y'</b>", "certainty": None, "attribution": None,
     "attributed_to": None},
    {"article": "a2", "text": "", "certainty": "hedged", "attribution": "named_source",
     "attributed_to": "*Ann* [B] `C` <d>"},
    {"article": "a2", "text": "same", "certainty": "hedged", "attribution": "named_source",
     "attributed_to": "*Ann* [B] `C` <d>"},
]  # fmt: skip
ODD_NAMES = {"a2": "Outlet & <Co> | *two*"}


def _loops_equal_writers(names: dict[str, str], statements: list[dict], ids: list[str]) -> None:
    writers = row_writers(names)
    html = Environment(autoescape=True)
    md = Environment()
    md.filters["md"] = md_inline
    for name, loop in HTML_LOOPS.items():
        x = ids if name in ("names_html", "links_html") else statements
        assert str(writers[name](x)) == html.from_string(loop).render(x=x, names=names)
    for name, loop in MD_LOOPS.items():
        x = ids if name == "names_md" else statements
        assert writers[name](x) == md.from_string(loop).render(x=x, names=names)


def test_row_writers_write_what_the_template_loops_wrote(demo_store) -> None:
    _loops_equal_writers(ODD_NAMES, ODD, ["a<1>", "a2", "a2"])
    for story in demo_store.stories():
        dossier = build_dossier(demo_store, story["id"])
        names = {a["id"]: a["title"] or a["id"] for a in dossier["articles"]}
        statements = [s for f in dossier["facts"] for s in f["statements"]]
        ids = [a["id"] for a in dossier["articles"]] + ["not-an-article"]
        _loops_equal_writers(names, statements, ids)


def test_article_report_reads_each_article_once_per_pass(demo_store, tmp_path) -> None:
    """The HTML and the Markdown each go over the articles twice (the table, then each
    article); written side by side, the store is read twice in all, not four times."""
    reads = []
    articles = demo_store.articles

    class Counting:
        def __getattr__(self, name: str):
            return getattr(demo_store, name)

        def articles(self, *args):
            reads.append(args)
            return articles(*args)

    html, md = write_report(tmp_path, Counting())  # type: ignore[arg-type]
    assert len(reads) == 2
    count = demo_store.count_articles()
    assert html.read_text().count('<article id="a-') == count
    assert md.read_text().count("\n## ") >= count
