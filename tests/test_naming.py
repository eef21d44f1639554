"""One display name per article, the same in CLI, dossier and web; distinct graph
labels; and the report's note about missing metadata."""

from __future__ import annotations

from storytrace.naming import article_names, distinct_labels, legend, missing_metadata


def test_outlet_then_domain_then_short_unique_title_then_file() -> None:
    names = article_names(
        [
            {"id": "a1", "outlet": "Quay Courier", "title": "Ferry Strike Ends"},
            {"id": "b2", "url": "https://www.tidewater.example/news/1", "title": "Ferry"},
            {"id": "c3", "title": "Ferry Strike Ends After Talks in Port Vell at Dawn"},
            {"id": "d4", "title": "Ferry strike ends as unions accept offer"},
            {"id": "e5", "file": "/data/in/007_untitled.txt"},
        ]
    )
    assert names["a1"] == "Quay Courier"
    assert names["b2"] == "tidewater.example"
    assert names["c3"] == "Ferry Strike Ends After Talks…"
    assert names["d4"] == "Ferry strike ends as unions…"
    assert names["e5"] == "007_untitled.txt"
    assert len(set(names.values())) == len(names)


def test_same_outlet_twice_gets_the_id_prefix() -> None:
    names = article_names([{"id": "aaaaaa1", "outlet": "X"}, {"id": "bbbbbb2", "outlet": "X"}])
    assert names == {"aaaaaa1": "X", "bbbbbb2": "X (bbbbbb)"}


def test_graph_labels_are_distinct_and_the_legend_spells_them_out() -> None:
    names = {
        "a": "Harbour Crane Operators Stop Work…",
        "b": "Harbour Crane Operators Return…",
        "c": "Quay Courier",
    }
    labels = distinct_labels(names, 24)
    assert len(set(labels.values())) == 3 and all(len(v) <= 24 for v in labels.values())
    assert labels["a"] == "1 …Stop Work…" and labels["b"] == "2 …Return…"
    assert ("1 …Stop Work…", names["a"]) in legend(names, 24)
    assert distinct_labels({"a": "Quay Courier"}, 24) == {"a": "Quay Courier"}
    assert legend({"a": "Quay Courier"}, 24) == []


def test_missing_metadata_note_names_the_fix() -> None:
    assert missing_metadata([{"id": "a", "outlet": "X", "published": "2024-01-01"}]) is None
    note = missing_metadata([{"id": "a", "file": "in/one.txt"}, {"id": "b", "outlet": "Y"}])
    assert note is not None and (note["no_outlet"], note["no_date"]) == (1, 2)
    assert note["sidecar"][1] == "one.txt,," and "--meta" in note["command"]
