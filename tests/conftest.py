from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seed corpus is absent ({SEEDS}); it sits beside the repo in CI")
    return SEEDS


@pytest.fixture
def store(tmp_path):
    from storytrace.store import Store

    with Store(tmp_path / "test.db") as opened:
        yield opened


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """A store holding the bundled demo corpus, grouped and analysed (shared by a module)."""
    from storytrace import demo
    from storytrace.ingest import load_sidecar
    from storytrace.pipeline import ingest_paths, update_stories
    from storytrace.store import Store

    store = Store(tmp_path_factory.mktemp("demo") / "demo.db")
    ingest_paths([str(demo.CORPUS_DIR)], store, sidecar=load_sidecar(str(demo.META_FILE)))
    update_stories(store)
    yield store
    store.close()
