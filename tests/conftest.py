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
