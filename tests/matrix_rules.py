"""Permission-matrix rows for the check before sending and the rule pages (see
tests/test_permissions.py)."""

from __future__ import annotations

from typing import Any

from tests.factories import ADMIN, PUBLIC

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {
    # An empty text is refused with a JSON message.
    "preview.check": ("POST", "/preview?consultation=agenda", PUBLIC, 400),
    "rules.show": ("GET", "/rules/debate", PUBLIC, 200),
    "admin.rules": ("GET", "/admin/rules", ADMIN, 200),
    "admin.rules.edit": ("GET", "/admin/rules/privacy/en", ADMIN, 200),
    # An empty form is refused with the form and its errors.
    "admin.rules.save": ("POST", "/admin/rules/privacy/en", ADMIN, 400),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """Extra URL parts these rows need: none (the consultation ``agenda`` is the base's)."""
    return {}
