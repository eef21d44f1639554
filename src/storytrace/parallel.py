"""Kept so that existing imports keep working: the pool is :mod:`storytrace.pool`, the
per-item work (:func:`prepare_document`, :func:`analyse_members`) and
:func:`count_inputs` are in :mod:`storytrace.pipeline`."""

from __future__ import annotations

from .pipeline import Prepared, analyse_members, count_inputs, prepare_document
from .pool import bounded_map, default_workers

__all__ = [
    "Prepared",
    "analyse_members",
    "bounded_map",
    "count_inputs",
    "default_workers",
    "prepare_document",
]
