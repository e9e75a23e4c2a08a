"""Permission-matrix rows for the pages routes (see tests/test_permissions.py)."""

from __future__ import annotations

from typing import Any

from tests.factories import PUBLIC

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {
    "pages.accessibility": ("GET", "/accessibility", PUBLIC, 200),
    # An empty report is refused with the form and its errors.
    "pages.accessibility.report": ("POST", "/accessibility/report", PUBLIC, 400),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """Extra URL parts these rows need, created in the test database."""
    return {}
