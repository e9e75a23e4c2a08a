"""Permission-matrix rows for the admin routes (see tests/test_permissions.py)."""

from __future__ import annotations

from typing import Any

from tests.factories import ADMIN, MODERATOR

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {
    "admin.moderation": ("GET", "/admin/moderation", ADMIN, 200),
    # An empty form lacks the version it was built from: refused, nothing saved.
    "admin.moderation.save": ("POST", "/admin/moderation", ADMIN, 400),
    "admin.moderation.shadow": ("GET", "/admin/moderation/shadow", ADMIN, 200),
    "audit.index": ("GET", "/moderation/audit", MODERATOR, 200),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """Extra URL parts these rows need, created in the test database."""
    return {}
