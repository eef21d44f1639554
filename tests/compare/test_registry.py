"""The detector registry: each detector declares its finding types and their default
severity, the declared types are the documented ones, and detectors keep to them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storytrace.compare import SEVERITY, TYPES, CompareOptions
from storytrace.compare.detectors import DETECTORS, FAMILIES
from storytrace.compare.pair import Pair
from storytrace.compare.registry import SEVERITIES, register

from . import demo_story, pair
from .test_discrepancies import PAIRS

DOC = Path(__file__).resolve().parents[2] / "docs" / "trace-json.md"


def documented_types() -> set[str]:
    """The finding types docs/trace-json.md lists in its discrepancies[] table."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## `discrepancies[]`") :]
    row = next(line for line in section.splitlines() if line.startswith("| `type` |"))
    return set(re.findall(r"`([a-z_]+)`", row.split("|")[2]))


def test_every_detector_declares_types_with_a_default_severity() -> None:
    assert len(DETECTORS) >= len(FAMILIES)
    for detector in DETECTORS:
        assert detector.emits, detector.name
        for kind, severity in detector.emits.items():
            assert severity in SEVERITIES, (detector.name, kind)
            assert SEVERITY[kind] == severity, (detector.name, kind)


def test_every_family_registers_a_detector() -> None:
    modules = {d.run.__module__.rsplit(".", 1)[-1] for d in DETECTORS}
    assert modules == set(FAMILIES)


def test_declared_types_are_the_documented_types() -> None:
    assert set(TYPES) == documented_types()
    assert len(TYPES) == len(set(TYPES))


def test_a_type_keeps_one_default_severity() -> None:
    with pytest.raises(ValueError, match="number_changed"):
        register({"number_changed": "low"})(lambda pair: iter(()))
    with pytest.raises(ValueError, match="unknown severity"):
        register({"brand_new_type": "severe"})(lambda pair: iter(()))
    assert len({d.name for d in DETECTORS}) == len(DETECTORS)  # nothing was registered


def _pairs() -> list[Pair]:
    found = []
    for _, source, copy in PAIRS:
        members, _ = pair(source, copy)
        found.append(Pair(members[1], members[0], CompareOptions()))
    members, upstream, _, _ = demo_story()
    by_id = {a.id: (a, s) for a, s in members}
    for article, sheet in members:
        parent = upstream.get(article.id)
        if parent is not None:
            found.append(Pair((article, sheet), by_id[parent], CompareOptions()))
    return found


def test_detectors_emit_only_what_they_declare() -> None:
    emitted = set()
    for p in _pairs():
        for aligned in p.aligned_claims():
            for detector in (d for d in DETECTORS if d.per_claim):
                for d in detector.run(p, aligned):
                    assert d.type in detector.emits, (detector.name, d.type)
                    emitted.add(d.type)
        for detector in (d for d in DETECTORS if not d.per_claim):
            for d in detector.run(p):
                assert d.type in detector.emits, (detector.name, d.type)
                emitted.add(d.type)
    assert emitted == set(TYPES)
