"""The finding detectors of the comparison stage, each registered with what it reports.

A detector is a function of one family of findings (numbers, dates, people, hedges,
attribution, distortion, loaded language, additions), registered with :func:`register`:

- ``emits`` maps each finding type it may report to that type's default severity (a
  detector may still give a finding another severity, saying why in its docstring);
- ``per_claim`` detectors run on every aligned claim of a pair (``run(pair, aligned)``),
  the others once per pair (``run(pair)``); ``pair`` is the shared
  :class:`storytrace.compare.pair.Pair` context, built once per (copy, source).

Detectors run in the order they were registered (the import order of
:mod:`storytrace.compare.detectors`); :func:`default_severity` and :func:`finding_types`
read what they declared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True, slots=True)
class Detector:
    """One registered detector: its name, the types it emits with their default severity,
    and the function that finds them."""

    name: str
    emits: Mapping[str, str]
    run: Callable[..., Any]
    per_claim: bool


DETECTORS: list[Detector] = []


def register(
    emits: Mapping[str, str], *, per_claim: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as a detector emitting ``emits`` (type -> default
    severity). A type two detectors emit must have one default severity."""

    def wrap(run: Callable[..., Any]) -> Callable[..., Any]:
        for kind, severity in emits.items():
            if severity not in SEVERITIES:
                raise ValueError(f"{run.__name__}: unknown severity {severity!r} for {kind}")
            known = _declared().get(kind, severity)
            if known != severity:
                raise ValueError(f"{run.__name__}: {kind} is {known} elsewhere, not {severity}")
        DETECTORS.append(Detector(run.__name__, MappingProxyType(dict(emits)), run, per_claim))
        return run

    return wrap


def _declared() -> dict[str, str]:
    return {kind: sev for d in DETECTORS for kind, sev in d.emits.items()}


def default_severity(kind: str) -> str:
    """The severity the registered detectors declare for finding type ``kind``."""
    return _declared()[kind]


def finding_types() -> tuple[str, ...]:
    """Every finding type a registered detector may emit, in registration order."""
    return tuple(_declared())
