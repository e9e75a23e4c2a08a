"""Permission-matrix rows for search and open data (see tests/test_permissions.py)."""

from __future__ import annotations

from typing import Any

from tests.factories import PUBLIC

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {
    "search": ("GET", "/search?q=bussar", PUBLIC, 200),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """Extra URL parts these rows need, created in the test database."""
    return {}
