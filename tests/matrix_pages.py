"""Permission-matrix rows for the pages routes (see tests/test_permissions.py)."""

from __future__ import annotations

from typing import Any

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """Extra URL parts these rows need, created in the test database."""
    return {}
