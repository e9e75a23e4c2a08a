"""Absolute links to this site, for e-mail and exports: built from ``INSPEL_BASE_URL``, never
from the Host header a request claims (which anyone can set: a reset or reference link in an
e-mail would otherwise point wherever the sender of the request chose)."""

from __future__ import annotations

import os

from starlette.requests import Request

from debate.core.settings import Settings, SettingsError


class NoBaseURLError(SettingsError):
    """No ``INSPEL_BASE_URL`` and no request to take the address from."""


def public_url(
    path: str, request: Request | None = None, *, settings: Settings | None = None
) -> str:
    """``path`` (``/notices/abc``) as an absolute URL: ``INSPEL_BASE_URL`` + ``path`` when the
    base URL is set; else (development only: production refuses to start without it) the
    scheme and host of ``request``; else ``NoBaseURLError``. The setting comes from
    ``settings``, else the request's app, else the environment."""
    if not path.startswith("/"):
        path = "/" + path
    base = _configured_base(request, settings)
    if base:
        return base + path
    if request is None:
        raise NoBaseURLError("INSPEL_BASE_URL is not set and there is no request to go by")
    root = str(request.base_url).rstrip("/")
    return root + path


def _configured_base(request: Request | None, settings: Settings | None) -> str:
    app = request.scope.get("app") if request is not None else None
    if settings is None and app is not None:
        settings = getattr(app.state, "settings", None)
    if settings is not None:
        return settings.base_url
    return os.environ.get("INSPEL_BASE_URL", "").strip().rstrip("/")
