"""The detectors, one module per family of findings; importing this package registers them
(:mod:`storytrace.compare.registry`) in the order of :data:`FAMILIES`, the order they run.

Per aligned claim: certainty (:mod:`.hedges`), attribution, polarity (:mod:`.distortion`),
what the claims say (:mod:`.predicates`), a renamed person (:mod:`.people`), numbers,
dates. Once per pair: caveats (:mod:`.hedges`), people's details, loaded language,
additions.
"""

from __future__ import annotations

import importlib

from storytrace.compare.registry import DETECTORS, Detector, default_severity, finding_types

FAMILIES = (
    "hedges",
    "attribution",
    "distortion",
    "predicates",
    "people",
    "numbers",
    "dates",
    "language",
    "additions",
)
for _family in FAMILIES:
    importlib.import_module(f"{__name__}.{_family}")

__all__ = ["DETECTORS", "FAMILIES", "Detector", "default_severity", "finding_types"]
