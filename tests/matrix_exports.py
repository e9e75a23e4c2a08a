"""Permission-matrix rows for the exports and reports routes (see tests/test_permissions.py)."""

from __future__ import annotations

from typing import Any

from tests.factories import PUBLIC, STAFF

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {
    "exports.index": ("GET", "/staff/exports", STAFF, 200),
    # An empty form asks for the default: public proposals as CSV.
    "exports.download": ("POST", "/staff/exports", STAFF, 200),
    "brief.show": ("GET", "/staff/brief?consultation={consultation}", STAFF, 200),
    "dashboard.show": ("GET", "/staff/dashboard", STAFF, 200),
    "transparency.show": ("GET", "/staff/transparency", STAFF, 200),
    "transparency.statements": ("GET", "/staff/transparency/statements", STAFF, 200),
    # The public reports (issue 20): totals only, no login.
    "transparency.public": ("GET", "/transparency", PUBLIC, 200),
    "statistics.public": ("GET", "/statistics", PUBLIC, 200),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """Extra URL parts these rows need: none beyond the shared world."""
    return {}
