"""Permission-matrix rows for the admin routes (see tests/test_permissions.py)."""

from __future__ import annotations

from typing import Any

from debate.core.branding_models import SiteBranding
from debate.core.db import session_scope
from tests.factories import ADMIN, MODERATOR, PUBLIC

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {
    "admin.moderation": ("GET", "/admin/moderation", ADMIN, 200),
    # An empty form lacks the version it was built from: refused, nothing saved.
    "admin.moderation.save": ("POST", "/admin/moderation", ADMIN, 400),
    "admin.moderation.shadow": ("GET", "/admin/moderation/shadow", ADMIN, 200),
    "audit.index": ("GET", "/moderation/audit", MODERATOR, 200),
    "admin.branding": ("GET", "/admin/branding", ADMIN, 200),
    # An empty form is a valid one: the defaults (no name, colours or images) are saved.
    "admin.branding.save": ("POST", "/admin/branding", ADMIN, 303),
    "branding.css": ("GET", "/branding.css", PUBLIC, 200),
    "branding.image": ("GET", "/branding/logo", PUBLIC, 200),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """Extra URL parts these rows need, created in the test database: a logo to fetch."""
    with session_scope(engine) as session:
        session.add(SiteBranding(logo=b"\x89PNG\r\n\x1a\n", logo_type="image/png"))
    return {}
