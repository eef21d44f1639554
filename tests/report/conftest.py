"""Fixtures shared by the report tests."""

from __future__ import annotations

import pytest

from storytrace import demo
from storytrace.ingest import load_sidecar
from storytrace.pipeline import ingest_paths, update_stories


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from storytrace.store import Store

    store = Store(tmp_path_factory.mktemp("dossier") / "demo.db")
    ingest_paths([str(demo.CORPUS_DIR)], store, sidecar=load_sidecar(str(demo.META_FILE)))
    update_stories(store)
    yield store
    store.close()
