"""Absolute links to this site, for e-mail: built from ``INSPEL_BASE_URL``, never from the
Host header a request names (anyone can send any host; a link in a mail would then point to
their site). Only in development, with no base URL set, the request's own address is used."""

from __future__ import annotations

from starlette.requests import Request

from debate.settings import Settings, SettingsError


def public_url(path: str, request: Request | None = None) -> str:
    """``path`` (``/verify/abc``) as an absolute address under the public base URL."""
    config: Settings = request.app.state.settings if request is not None else Settings.from_env()
    base = config.base_url
    if not base:
        if request is None or config.env == "production":
            raise SettingsError("INSPEL_BASE_URL must be set to build links for e-mail")
        base = str(request.base_url).rstrip("/")
    return base + "/" + path.lstrip("/")
