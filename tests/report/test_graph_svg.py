"""The derivation graph drawing: an unknown-order link has no arrowhead and says why."""

from __future__ import annotations

from storytrace.report.graph_svg import UNKNOWN_ORDER, derivation_svg


def _articles(direction: str) -> list[dict]:
    return [
        {"id": "a", "title": "Quay closed", "role": "linked", "derived_from": None},
        {
            "id": "b",
            "title": "Quay shut",
            "role": "partial",
            "derived_from": "a",
            "direction": direction,
            "reuse_share": 0.2,
            "credits_source": None,
        },
    ]


def test_unknown_order_edge_has_no_arrowhead_and_a_reason() -> None:
    drawn = derivation_svg(_articles("unknown"), {})
    edge = drawn[drawn.index('<g class="edge') :]
    edge = edge[: edge.index("</g>")]
    assert "marker-end" not in edge and "unknown" in edge
    assert UNKNOWN_ORDER.split(":")[0] in edge and "order unknown" in edge


def test_decided_edge_keeps_its_arrowhead() -> None:
    drawn = derivation_svg(_articles("dated"), {})
    edge = drawn[drawn.index('<g class="edge') :]
    assert 'marker-end="url(#arrow)"' in edge[: edge.index("</g>")]
