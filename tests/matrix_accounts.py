"""Permission-matrix rows for the account routes: verification, passwords, and the admin's
account pages (see tests/test_permissions.py).

Links are sent with a made-up secret, so an allowed request is a 400 (the link does not work);
the POST forms are sent empty, so an allowed request is a 400 (validation) or, for the ones
without fields, a 303. Sign-in through OpenID Connect is off in these settings, so its two
routes are a 404 for everyone (tests/test_oidc.py drives them against a provider)."""

from __future__ import annotations

from typing import Any

from tests.factories import ADMIN, PUBLIC, SIGNED_IN, make_user

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {
    "account.verify": ("GET", "/verify/not-a-real-link", PUBLIC, 400),
    "account.verify.resend": ("POST", "/me/verify", SIGNED_IN, 303),
    "account.oidc": ("GET", "/login/oidc", PUBLIC, 404),
    "account.oidc.callback": ("GET", "/login/oidc/callback?code=x&state=y", PUBLIC, 404),
    "account.password": ("GET", "/me/password", SIGNED_IN, 200),
    "account.password.submit": ("POST", "/me/password", SIGNED_IN, 400),
    "account.password_reset": ("GET", "/password-reset", PUBLIC, 200),
    "account.password_reset.submit": ("POST", "/password-reset", PUBLIC, 400),
    "account.password_reset.confirm": ("GET", "/password-reset/not-a-real-link", PUBLIC, 400),
    "account.password_reset.complete": ("POST", "/password-reset/not-a-real-link", PUBLIC, 400),
    "admin.users": ("GET", "/admin/users", ADMIN, 200),
    "admin.users.show": ("GET", "/admin/users/{accounts_user}", ADMIN, 200),
    "admin.users.role": ("POST", "/admin/users/{accounts_user}/role", ADMIN, 400),
    "admin.users.active": ("POST", "/admin/users/{accounts_user}/active", ADMIN, 400),
    "admin.users.unlock": ("POST", "/admin/users/{accounts_user}/unlock", ADMIN, 303),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """An account for the admin pages to show and change."""
    return {"accounts_user": str(make_user(engine, email="someone@example.se").id)}
