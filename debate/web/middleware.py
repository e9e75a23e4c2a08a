"""Pure ASGI middleware: request body limit, language selection, security headers and rate
limits."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import partial

from sqlalchemy.engine import Engine
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import PlainTextResponse
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from debate.accounts import sessions
from debate.core import ratelimit
from debate.core.db import session_scope
from debate.core.i18n import LANGUAGES, gettext, ngettext, set_language
from debate.core.settings import Settings
from debate.web.http import RATE_LIMIT_CHECK, db_call


class BodyTooLargeError(Exception):
    pass


#: The routes that take a file (staff's attachments, ``debate.views.attachments``).
UPLOAD_PATH = re.compile(r"^/staff/(?:consultations|articles)/[0-9]+/attachments$")
#: Room for the form's other fields and the multipart framing around the file.
UPLOAD_OVERHEAD = 64 * 1024


class BodySizeLimit:
    """Answer 413 for a body over ``max_bytes``, declared or streamed, before a view reads it.
    An upload route (``UPLOAD_PATH``) takes a file of ``upload_bytes`` and the form around it."""

    def __init__(self, app: ASGIApp, max_bytes: int, upload_bytes: int = 0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_bytes = max(max_bytes, upload_bytes + UPLOAD_OVERHEAD)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope["method"] == "POST" and UPLOAD_PATH.match(scope["path"])
        limit = self.upload_bytes if upload else self.max_bytes
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._too_large(scope, receive, send, upload=bool(upload))
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLargeError()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLargeError:
            if not started:
                await self._too_large(scope, receive, send, upload=bool(upload))

    async def _too_large(
        self, scope: Scope, receive: Receive, send: Send, *, upload: bool = False
    ) -> None:
        text = gettext("The request is too large. Shorten the text and try again.")
        if upload:
            mb = f"{(self.upload_bytes - UPLOAD_OVERHEAD) / 1_000_000:g}"
            text = gettext("The file is too large: at most %(mb)s MB.") % {"mb": mb}
        await PlainTextResponse(text, status_code=413)(scope, receive, send)


class LanguageMiddleware:
    """Pick the language from the session (set by the language switch) or the site default."""

    def __init__(self, app: ASGIApp, default: str) -> None:
        self.app = app
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            chosen = scope.get("session", {}).get("lang")
            set_language(chosen if chosen in LANGUAGES else self.default)
        await self.app(scope, receive, send)


#: No inline script or style anywhere (templates use static/*.js and static/style.css only).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def security_headers(*, https_only: bool) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (
            b"permissions-policy",
            b"camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        ),
    ]
    if https_only:
        headers.append((b"strict-transport-security", b"max-age=63072000; includeSubDomains"))
    return headers


class SecurityHeaders:
    """Security headers on every response this middleware sees (the 500 page adds its own,
    as Starlette answers it outside the middleware stack)."""

    def __init__(self, app: ASGIApp, https_only: bool = False) -> None:
        self.app = app
        self.headers = security_headers(https_only=https_only)
        self.names = {name for name, _value in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # A response's own content-security-policy is kept beside the site's: a browser
                # enforces both, so it can only narrow it (an attachment adds ``sandbox``).
                kept = [
                    h
                    for h in message.get("headers", [])
                    if h[0].lower() not in self.names or h[0].lower() == b"content-security-policy"
                ]
                message["headers"] = kept + self.headers
            await send(message)

        await self.app(scope, receive, with_headers)


class SessionGuard:
    """Empty a signed-in session whose id was logged out (see debate/accounts/sessions.py). Sits
    inside the session middleware and before every view, so a revoked cookie is worth nothing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        data = scope.get("session") if scope["type"] == "http" else None
        sid = data.get("sid") if data and "user_id" in data else None
        if isinstance(sid, str) and await db_call(scope["app"], partial(self._revoked, sid=sid)):
            assert data is not None  # a session id comes from the session
            data.clear()
        await self.app(scope, receive, send)

    @staticmethod
    def _revoked(engine: Engine, sid: str) -> bool:
        with session_scope(engine) as session:
            return sessions.is_revoked(session, sid=sid)


#: Route name -> the rate-limit bucket (a ``rate_<bucket>`` setting) its POSTs count against.
RATE_LIMITED = {
    "proposals.create": "submissions",
    "replies.create_on_proposal": "submissions",
    "replies.create_on_article": "submissions",
    # An edit is a new revision, screened like a new submission: the same limit.
    "submissions.revise": "submissions",
    "account.submission_revise": "submissions",
    "proposals.support": "supports",
    "preview.check": "previews",
    "notices.create": "cases",
    "appeals.create_by_notifier": "cases",
    "appeals.create_by_author": "cases",
    "appeals.create_by_account": "cases",
    "pages.accessibility.report": "cases",
    # Each sends a message to an address: counted like the mail a case sends.
    "follow.address": "cases",
    "follow.send_link": "cases",
    "account.login.submit": "logins",
    "account.register.submit": "logins",
    "account.verify.resend": "logins",
    "account.password.submit": "logins",
    "account.password_reset.submit": "logins",
    "account.password_reset.complete": "logins",
}


class RateLimit:
    """Count the POSTs of the routes in ``RATE_LIMITED`` per address and per signed-in account;
    over the limit, answer 429 with ``Retry-After`` before the view acts. Only a form whose
    CSRF token is right counts: the check is handed to ``read_form`` (``RATE_LIMIT_CHECK`` in
    the scope), which runs it after the token, so forged cross-site posts cannot use up the
    limit of everyone behind an address. Sits inside the session and language middleware, so
    it knows the account and speaks the visitor's language."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        bucket = _bucket(scope) if scope["type"] == "http" and scope["method"] == "POST" else None
        if bucket is not None:
            limit, window = getattr(self.settings, f"rate_{bucket}")
            check = partial(
                self._check,
                keys=_keys(scope, bucket),
                limit=limit,
                window=window,
                login_window=self.settings.login_window_seconds,
            )
            scope[RATE_LIMIT_CHECK] = partial(_enforce, scope["app"], check)
        await self.app(scope, receive, send)

    @staticmethod
    def _check(
        engine: Engine, keys: list[str], limit: int, window: int, login_window: int
    ) -> int | None:
        with engine.begin() as connection:
            return ratelimit.check(
                connection, keys=keys, limit=limit, window=window, login_window=login_window
            )


async def _enforce(app: ASGIApp, check: Callable[[Engine], int | None]) -> None:
    retry_after = await db_call(app, check)
    if retry_after is not None:
        minutes = max(1, math.ceil(retry_after / 60))
        message = ngettext(
            "You have sent too many in a short time. Wait %(num)d minute and try again.",
            "You have sent too many in a short time. Wait %(num)d minutes and try again.",
            minutes,
        ) % {"num": minutes}
        raise HTTPException(429, message, headers={"Retry-After": str(retry_after)})


def _bucket(scope: Scope) -> str | None:
    for route in scope["app"].router.routes:
        match, _child = route.matches(scope)
        if match == Match.FULL:
            return RATE_LIMITED.get(getattr(route, "name", ""))
    return None


def _keys(scope: Scope, bucket: str) -> list[str]:
    client = scope.get("client")
    keys = [f"{bucket}:ip:{client[0] if client else 'unknown'}"]
    user_id = scope.get("session", {}).get("user_id")
    if isinstance(user_id, int):
        keys.append(f"{bucket}:user:{user_id}")
    return keys
