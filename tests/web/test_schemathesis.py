"""Property-based requests from the OpenAPI spec: no request makes the server fail (5xx),
and every response matches what the spec says."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
)

from storytrace.web import create_app  # noqa: E402
from tests.web import demo_store  # noqa: E402

# The app is made at collection (schemathesis reads its spec then) over an empty store,
# which the fixture below fills with the demo corpus only when the test runs.
_DB = Path(tempfile.mkdtemp(prefix="storytrace-schemathesis-")) / "demo.db"
app = create_app(_DB, max_upload_bytes=200_000, max_files=5)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module", autouse=True)
def demo_data() -> None:
    demo_store(_DB)


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_fails(case: schemathesis.Case) -> None:
    case.call_and_validate(
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
    )
