"""Story dossiers (storytrace.dossier/3) rendered for the demo store and the seeds."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from markupsafe import escape

from storytrace import demo
from storytrace.pipeline import analyse_members, ingest_paths, update_stories
from storytrace.report.dossier import _claim_reading, build_dossier, render_dossier, render_dossiers

TRUTH = demo.truth()
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="module")
def dossier(demo_store) -> dict:
    [main] = [s for s in demo_store.stories() if s["article_count"] > 1]
    return build_dossier(demo_store, main["id"])


@pytest.fixture(scope="module")
def html(dossier) -> str:
    return render_dossier(dossier, "html")


def _file(article: dict) -> str:
    return Path(article["file"].split("#")[0]).name


def test_schema_and_required_fields(dossier) -> None:
    assert dossier["schema"] == "storytrace.dossier/3"
    for key in ("story", "articles", "derivations", "facts", "people", "timeline"):
        assert dossier[key], key
    assert dossier["discrepancies"]
    assert dossier["story"]["article_count"] == len(dossier["articles"]) == 6
    assert dossier["story"]["independent_origins"] == 1
    for a in dossier["articles"]:
        assert {"role", "reuse_share", "credits", "removed", "clean_text"} <= set(a)
    for f in dossier["facts"]:
        assert f["status"] in {"corroborated", "single_source", "contested"}
        assert f["independent_support"] <= f["support"]
    for d in dossier["discrepancies"]:
        assert {"type", "severity", "article", "upstream_article", "span", "explanation"} <= set(d)
    json.loads(render_dossier(dossier, "json"))  # serialisable as is


def test_original_and_roles_match_the_truth(dossier) -> None:
    by_file = {_file(a): a for a in dossier["articles"]}
    assert dossier["story"]["original"] == by_file[TRUTH["original"]]["id"]
    for name, truth in TRUTH["files"].items():
        if name in by_file:
            assert by_file[name]["role"] == truth["role"], name


def test_every_span_resolves_in_the_embedded_clean_text(dossier) -> None:
    texts = {a["id"]: a["clean_text"] for a in dossier["articles"]}
    for d in dossier["discrepancies"]:
        assert texts[d["article"]][slice(*d["span"])] == d["text"]
        if d.get("upstream_span"):
            upstream = texts[d["upstream_article"]][slice(*d["upstream_span"])]
            assert upstream == d["upstream_text"]
    for f in dossier["facts"]:
        for s in f["statements"]:
            assert texts[s["article"]][slice(*s["span"])] == s["text"]
    for e in dossier["timeline"]:
        for s in e["statements"]:
            assert texts[s["article"]][slice(*s["span"])] == s["text"]
    for p in dossier["people"]:
        for m in p["mentions"]:
            assert all(0 <= a < b <= len(texts[m["article"]]) for a, b in m["spans"])


SPAN_KEYS = {"span", "spans", "upstream_span", "source_span", "copy_span"}


def _span_dicts(data, path=""):
    """``(path, dict)`` for every dict in ``data`` holding a span key."""
    if isinstance(data, list):
        for item in data:
            yield from _span_dicts(item, path + "[]")
    elif isinstance(data, dict):
        if SPAN_KEYS & set(data):
            yield path, data
        for key, value in data.items():
            yield from _span_dicts(value, f"{path}.{key}")


def test_every_span_of_the_json_resolves_to_the_right_text(demo_store, dossier) -> None:
    """Read back from the JSON file: each span names its article and gives the text the
    analysis had there (passages: the texts of an analysis made afresh, not stored)."""
    data = json.loads(render_dossier(dossier, "json"))
    texts = {a["id"]: a["clean_text"] for a in data["articles"]}
    raw = {a["id"]: demo_store.article(a["id"]).raw_text for a in data["articles"]}
    ids = [a["id"] for a in data["articles"]]
    stored = [(demo_store.article(i), demo_store.facts(i)) for i in ids]
    analysis = analyse_members((data["story"]["id"], stored))
    passages = {
        (al["source_id"], al["copy_id"], i): p
        for al in analysis["alignments"] for i, p in enumerate(al["passages"])
    }  # fmt: skip
    assert data["passage_fields"] == ["kind", "score", "source_span", "copy_span"]
    shown = {(a["derived_from"], a["id"]) for a in data["articles"] if a["derived_from"]}
    shown |= {(d["upstream_article"], d["article"]) for d in data["discrepancies"]}
    counts = {
        (al["source_id"], al["copy_id"]): len(al["passages"]) for al in analysis["alignments"]
    }
    for al in data["alignments"]:
        pair = (al["source_id"], al["copy_id"])
        assert al["passage_count"] == counts[pair] and "containment" not in al
        assert ("passages" in al) == (pair in shown), pair
        for i, (kind, _, source_span, copy_span) in enumerate(al.get("passages", [])):
            told = passages[al["source_id"], al["copy_id"], i]
            assert kind == told["kind"]
            assert texts[al["source_id"]][slice(*source_span)] == told["source_text"]
            assert texts[al["copy_id"]][slice(*copy_span)] == told["copy_text"]
    assert any("passages" in al for al in data["alignments"])
    assert data["statement_fields"] == ["article", "span", "reading"]
    statements = {f["id"]: f["statements"] for f in analysis["facts"]}
    readings = {f["id"]: f["statements"] for f in dossier["facts"]}
    for f in data["facts"]:
        assert "articles" not in f
        pairs = zip(f["statements"], statements[f["id"]], readings[f["id"]], strict=True)
        for (article, span, reading), told, read in pairs:
            assert texts[article][slice(*span)] == told["text"]
            for key, value in data["readings"][reading].items():
                assert read[key] == value
    roles = {a["id"]: a["derived_from"] for a in data["articles"]}
    assert data["derivations"] and all(
        roles[d["article"]] == d["derived_from"] for d in data["derivations"]
    )
    checked = 0
    for path, d in _span_dicts(data):
        if path.startswith((".alignments", ".facts")):
            continue
        if path.endswith(".removed[]"):
            assert raw[_owner(data, d)][slice(*d["span"])] == d["text"], path
        elif "text" in d and "span" in d:
            assert texts[d["article"]][slice(*d["span"])] == d["text"], path
        elif d.get("span"):
            assert 0 <= d["span"][0] < d["span"][1] <= len(texts[d["article"]]), path
        if d.get("upstream_span"):
            upstream = texts[d["upstream_article"]][slice(*d["upstream_span"])]
            assert upstream == d["upstream_text"], path
        if "spans" in d and "article" in d:
            assert all(0 <= a < b <= len(texts[d["article"]]) for a, b in d["spans"]), path
        checked += 1
    assert checked > 100 and data["alignments"]


def _owner(data: dict, removal: dict) -> str:
    return next(a["id"] for a in data["articles"] if any(r is removal for r in a["removed"]))


def test_derivation_svg_has_a_node_per_article_and_labelled_edges(dossier, html) -> None:
    svg = re.search(r'<svg class="graph".*?</svg>', html, re.S).group(0)
    nodes = re.findall(r'class="node [^"]*" data-article="([^"]+)"', svg)
    assert sorted(nodes) == sorted(a["id"] for a in dossier["articles"])
    edges = re.findall(r'<g class="edge[^"]*" data-from="([^"]+)" data-to="([^"]+)">.*?</g>', svg)
    derived = [a for a in dossier["articles"] if a["derived_from"]]
    assert sorted(to for _, to in edges) == sorted(a["id"] for a in derived)
    for a in derived:
        assert f"{a['reuse_share']:.0%}" in svg
    uncredited = [a for a in derived if a["credits_source"] is False]
    assert uncredited and svg.count("✗ no credit") == len(uncredited)


def test_facts_table_shows_status_and_support(dossier, html) -> None:
    table = html[html.index('<table class="facts">') :]
    table = table[: table.index("</table>")]
    assert table.count('<tr id="fact-') == len(dossier["facts"])
    assert "contested" in table and "single-source" in table
    # every article of the demo story derives from the wire report: one origin, so no fact
    # is corroborated by another
    assert ">corroborated<" not in table


def test_people_table_has_the_named_people_and_ages(dossier, html) -> None:
    table = html[html.index('<table class="people">') :]
    table = table[: table.index("</table>")]
    people = {p["name"]: p for p in dossier["people"]}
    for truth in TRUTH["people"]:
        if truth["name"] not in people:
            continue
        assert truth["name"] in table
        if truth["age"] is not None:
            assert [v["value"] for v in people[truth["name"]]["age"]["values"]] == [truth["age"]]
            assert f"<td>{truth['age']}" in table.replace('<ul class="values"><li>', "<td>")
    named = {t["name"] for t in TRUTH["people"] if t["age"] is not None}
    assert named <= set(people)


def test_discrepancy_passages_are_shown_in_html_and_markdown(dossier, html) -> None:
    md = render_dossier(dossier, "md")
    for d in dossier["discrepancies"]:
        card = html[html.index(f'<div class="disc {d["severity"]}" id="{d["id"]}">') :]
        shown = " ".join(unescape(re.sub(r"<[^>]+>", "", card[: card.index("</details>")])).split())
        assert " ".join(d["text"].split()) in shown
        if d.get("upstream_text"):
            assert " ".join(d["upstream_text"].split()) in shown
            assert f"[{d['upstream_span'][0]}:{d['upstream_span'][1]}]" in md
        assert f"[{d['span'][0]}:{d['span'][1]}]" in md
    highs = sum(d["severity"] == "high" for d in dossier["discrepancies"])
    assert md.count("- **high** · ") == highs


def test_side_by_side_anchors_every_discrepancy_of_a_derivative(dossier, html) -> None:
    for d in dossier["discrepancies"]:
        upstream = next(a for a in dossier["articles"] if a["id"] == d["article"])["derived_from"]
        if d["upstream_article"] == upstream:
            assert f'id="sbs-{d["id"]}"' in html
            assert f'href="#sbs-{d["id"]}"' in html
    assert 'class="seg k-verbatim' in html and 'class="seg k-paraphrase' in html


def test_per_article_section_says_role_date_and_removals(dossier, html) -> None:
    for a in dossier["articles"]:
        section = html[html.index(f'<article class="art" id="article-{a["id"]}">') :]
        section = section[: section.index("</article>")]
        assert a["role"] in section and a["date"] in section
        if a["removed"]:
            assert f"Cleaning removed {len(a['removed'])} piece(s)" in section


def test_script_in_an_article_is_escaped(dossier) -> None:
    evil = json.loads(json.dumps(dossier))
    payload = "<script>alert('x')</script>"
    first = evil["articles"][0]
    first["clean_text"] = payload + first["clean_text"]
    first["title"] = payload
    evil["discrepancies"][0]["text"] = payload
    evil["people"][0]["name"] = payload
    html = render_dossier(evil, "html")
    md = render_dossier(evil, "md")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>" not in md


def test_html_needs_no_network(html) -> None:
    assert "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the shared seed corpus is absent ({SEEDS})")
def test_seed_story_dossier(tmp_path) -> None:
    from storytrace.store import Store

    with Store(tmp_path / "seeds.db") as store:
        ingest_paths([str(SEEDS)], store)
        update_stories(store)
        [main] = [s for s in store.stories() if s["article_count"] > 1]
        dossier = build_dossier(store, main["id"])
    html = render_dossier(dossier, "html")
    people = {p["name"]: p for p in dossier["people"]}
    specialists = {
        "Denis Kalko": 48, "Vadim Malov": 46, "Andrei Gusev": 45, "Alexander Antonov": 43,
        "Marat Khusainov": 54, "Sergei Yurchenko": 46, "Oleg Fedosov": 46,
    }  # fmt: skip
    for name, age in specialists.items():
        assert [v["value"] for v in people[name]["age"]["values"]] == [age], name
        assert name in html
    values = {e.get("resolved") or e["value"] for e in dossier["timeline"]}
    values |= {e["value"] for e in dossier["timeline"]}
    assert {"2024-04-24", "2024-09-17"} <= values or {"--04-24", "--09-17"} <= values
    root = next(a for a in dossier["articles"] if not a["derived_from"])
    assert Path(root["file"]).name.startswith("004_")
    assert dossier["story"]["original"] == root["id"]
    assert all(a["derived_from"] for a in dossier["articles"] if a["id"] != root["id"])
    assert any(d.get("upstream_text") for d in dossier["discrepancies"])
    known = [a for a in dossier["articles"] if a.get("outlet")]
    unknown = dossier["story"]["article_count"] - len(known)
    assert dossier["story"]["outlet_unknown_count"] == unknown > 0
    assert f"({unknown} of unknown outlet)" in html


def test_summary_leads_with_the_verdicts(dossier) -> None:
    verdicts = dossier["story"]["verdicts"]
    copies = [a["id"] for a in dossier["articles"] if a["fidelity"]]
    assert sorted(v["article"] for v in verdicts) == sorted(copies)
    assert list(dossier["story"])[0] == "verdicts"
    ids = {d["id"] for d in dossier["discrepancies"]}
    for v in verdicts:
        assert v["verdict"] in {"faithful", "altered", "unknown"}
        assert set(v["findings"]) <= ids
    md = render_dossier(dossier, "md")
    assert md.index("## Verdicts") < md.index("## Derivation")
    html = render_dossier(dossier, "html")
    assert html.index('class="verdicts"') < html.index('id="graph"')


def test_invalid_stored_publication_date_is_rendered_marked(tmp_path) -> None:
    from storytrace.model import Metadata
    from storytrace.store import Store

    body = (
        "The Marlow harbour board approved a new ferry pier on Thursday after a two-year "
        "review. Board chair Ines Okafor said the pier would open to passengers next summer "
        "and cost about 4 million euros."
    )
    (tmp_path / "a.txt").write_text("Harbour board approves pier\n\n" + body, encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Pier approved\n\n" + body + " Critics called the plan a waste.", encoding="utf-8"
    )
    sidecar = {
        "a.txt": Metadata(outlet="Marlow Post", published="2025-03-06"),
        "b.txt": Metadata(outlet="Coast Daily", published="2025-13-45"),
    }
    with Store(tmp_path / "s.db") as store:
        ingest_paths([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], store, sidecar=sidecar)
        update_stories(store)
        [story] = [s for s in store.stories() if s["article_count"] > 1]
        dossier = build_dossier(store, story["id"])
    bad = next(a for a in dossier["articles"] if a["outlet"] == "Coast Daily")
    assert not bad["published_valid"] and "invalid" in bad["date"]
    assert all(e["start"] is None or e["start"][:4] != "2025-13" for e in dossier["timeline"])
    for fmt in ("html", "md", "json"):
        assert "2025-13-45" in render_dossier(dossier, fmt)


def test_timeline_tells_what_happened_on_each_date(dossier, html) -> None:
    """Each dated row shows the sentence that states the date, not only the date."""
    table = html[html.index("Dates as a table") :]
    table = table[: table.index("</table>")]
    mentions = [e for e in dossier["timeline"] if e["kind"] == "mention"]
    assert mentions
    for e in mentions:
        context = e["statements"][0]["context"]
        assert context and escape(context) in table
    markdown = render_dossier(dossier, "md")
    assert "| Date | Precision | What happened | Articles |" in markdown


def test_dossiers_rendered_together_equal_each_rendered_alone(dossier) -> None:
    """The HTML and Markdown share one template context: the same files either way."""
    together = render_dossiers(dossier, ("html", "md", "json"))
    assert list(together) == ["html", "md", "json"]
    for fmt, text in together.items():
        assert text == render_dossier(dossier, fmt)
    assert render_dossiers(dossier, ("md",)) == {"md": render_dossier(dossier, "md")}


def test_claim_reading_takes_the_first_claim_overlapping_most() -> None:
    def claim(start: int, end: int, certainty: str) -> tuple[int, int, dict]:
        data = {"certainty": certainty, "attribution": {"kind": "own_voice", "source": None}}
        return start, end, {**data, "span": [start, end]}

    claims = [claim(0, 5, "a"), claim(4, 20, "b"), claim(10, 30, "c"), claim(10, 20, "d")]
    assert _claim_reading(claims, [10, 20])["certainty"] == "b"  # first full overlap
    assert _claim_reading(claims, [12, 40])["certainty"] == "c"  # most overlap
    assert _claim_reading(claims, [40, 50]) == {
        "certainty": None,
        "attribution": None,
        "attributed_to": None,
    }


def test_sheet_claims_read_each_span_as_the_scan_does() -> None:
    """The exact-span shortcut of SheetClaims gives what the scan of every claim gives,
    for claims' own spans and for spans covered, overlapped or missed by several."""
    from storytrace.report.dossier import SheetClaims

    def claim(start: int, end: int, certainty: str) -> dict:
        attribution = {"kind": "own_voice", "source": None}
        return {"certainty": certainty, "attribution": attribution, "span": [start, end]}

    bounds = [(0, 5), (4, 20), (10, 30), (10, 20), (10, 20), (25, 26), (31, 40), (31, 35), (7, 7)]
    sheet = {"claims": [claim(s, e, str(k)) for k, (s, e) in enumerate(bounds)]}
    fast = SheetClaims(sheet)
    for first in range(0, 42):
        for last in range(first, 42):
            assert fast.reading([first, last]) == _claim_reading(fast.spans, [first, last])
    assert fast.reading([31, 40])["certainty"] == "6"  # exact span, nothing earlier reaches
    assert fast.reading([10, 20])["certainty"] == "1"  # an earlier claim covers it
    assert SheetClaims({}).reading([1, 2])["certainty"] is None


SEGS_MACRO = (
    "{% macro segs(list) %}{% for s in list %}{% for extra in s.anchors[1:] %}"
    '<span id="{{ extra }}"></span>{% endfor %}{% if s.marks %}<a class="seg k-{{ s.kind'
    ' or \'none\' }} m" href="#{{ s.marks[0] }}"{% if s.anchors %} id="{{ s.anchors[0] }}"'
    "{% endif %} title=\"{{ s.marks|join(', ') }}\">{{ s.text }}</a>{% elif s.kind %}"
    '<span class="seg k-{{ s.kind }}">{{ s.text }}</span>{% else %}{{ s.text }}{% endif %}'
    "{% endfor %}{% endmacro %}{{ segs(list) }}"
)
"""The Jinja macro the side-by-side segments were written with before ``segments_html``."""


def test_segments_html_writes_what_the_jinja_macro_wrote(dossier) -> None:
    from jinja2 import Environment

    from storytrace.report.render import segments_html
    from storytrace.report.side_by_side import side_by_side

    macro = Environment(autoescape=True).from_string(SEGS_MACRO)
    views = side_by_side(dossier)
    assert views
    odd = [{"text": "<b>&'\"", "kind": None, "marks": ["d<1>", "d2"], "anchors": ["a&1", "a2"]}]
    for segments in [odd, *(v[k] for v in views for k in ("copy_segments", "source_segments"))]:
        assert str(segments_html(segments)) == macro.render(list=segments)


def test_templates_look_up_dict_items_as_jinja_does() -> None:
    """The templates' environment takes ``x.name`` on a plain dict from its item first;
    every case must give what Jinja's own look-up gives: an item, a dict method that
    shadows a key of its name, a missing key, and objects that are not plain dicts."""
    from collections import OrderedDict

    from jinja2 import Environment

    from storytrace.report.render import TEMPLATES

    source = "{{ d.title }}|{{ d.items is callable }}|{{ d.missing }}|{{ o.title }}|{{ s.upper() }}"
    for d in ({"title": "<b>", "items": 3}, OrderedDict(title="x", items=4), {}):
        context = {"d": d, "o": {"title": "y"}, "s": "str"}
        ours = TEMPLATES.from_string(source).render(context)
        jinja = Environment().from_string(source).render(context)
        assert ours == jinja
