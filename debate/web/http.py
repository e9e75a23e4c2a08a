"""What every view shares: database calls, the form reader, rendering, flashes, access."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Concatenate, ParamSpec, TypeVar
from urllib.parse import parse_qsl, quote

import anyio.lowlevel
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from debate.accounts import queries as account_queries
from debate.accounts import security, sessions
from debate.accounts.security import new_csrf_token, tokens_match
from debate.core.db import WouldBlockError, inline, session_scope
from debate.core.i18n import _, get_language
from debate.core.models import Consultation, TokenPurpose, User, utcnow
from debate.core.permissions import Permission, has_permission
from debate.core.settings import Settings
from debate.web.branding import site_branding
from debate.web.context import Context, context_values
from debate.web.summary import name_fields
from debate.web.urls import public_url

P = ParamSpec("P")
T = TypeVar("T")

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
#: Where ``middleware.RateLimit`` leaves the rate-limit check of a POST for ``read_form``.
RATE_LIMIT_CHECK = "inspel.rate_limit_check"


class LoginRequiredError(Exception):
    """Raised by ``require``; answered with a redirect to the login page."""


def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


async def db_call(app: Any, work: Callable[[Engine], T]) -> T:
    """``work(engine)``, where it costs least. On SQLite (``INSPEL_SQLITE_INLINE``) at once on
    the event loop: its calls take well under a millisecond, and a trip to a worker thread
    costs more than that in thread switches and turns at Python's GIL, which made a busy
    process serve a third fewer requests. Should it have to wait for a lock (another thread or
    process writing), it is rolled back and run again in a thread. Other databases wait on
    the network, so their calls always run in a thread."""
    twin: Engine | None = app.state.inline_engine
    if twin is not None:
        try:
            with inline():
                result = work(twin)
        except WouldBlockError:
            pass
        else:
            # A turn for the other requests: a request's calls would otherwise all run in one
            # go, and under saturation some connections waited so long to be read that their
            # clients gave up (load.py's mixed phase: 20-70 read timeouts in 60 s without it).
            await anyio.lowlevel.checkpoint()
            return result
    return await run_in_threadpool(work, app.state.engine)


async def run_db(
    request: Request, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    """``fn(session, *args, **kwargs)`` inside one transaction (see ``db_call``). Typed with
    ``fn``'s own parameters, so mypy checks every call's arguments against the service."""

    def call(engine: Engine) -> T:
        with session_scope(engine) as session:
            return fn(session, *args, **kwargs)

    return await db_call(request.app, call)


async def read_now(
    request: Request,
    fn: Callable[Concatenate[Connection, P], T],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """``fn(connection, *args, **kwargs)`` on a connection in autocommit mode: for a single
    read statement on every request (the page cache's fingerprint), where a BEGIN and a COMMIT
    around it would triple its round trips to PostgreSQL."""

    def call(engine: Engine) -> T:
        with engine.connect() as connection:
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            return fn(autocommit, *args, **kwargs)

    return await db_call(request.app, call)


async def current_user(request: Request) -> User | None:
    if "user" not in request.state._state:
        user_id = request.session.get("user_id")
        user = None
        if isinstance(user_id, int):
            user = await run_db(request, account_queries.active_user, user_id=user_id)
        if user is not None and request.session.get("sv", 0) != user.session_version:
            # The password changed (or an admin deactivated the account) since this login.
            request.session.pop("user_id", None)
            user = None
        request.state.user = user
    found: User | None = request.state.user
    return found


async def require(request: Request, permission: Permission | None = None) -> User:
    """The signed-in user, if allowed; otherwise a redirect to log in (anonymous) or 403."""
    user = await current_user(request)
    if user is None:
        raise LoginRequiredError()
    if permission is not None and not has_permission(user.role, permission):
        raise HTTPException(403, _("You do not have permission to do that."))
    return user


async def refuse_unverified(request: Request, user: User) -> Response | None:
    """A 403 page with a button to mail the link again, for an account whose address is not
    verified yet (it may not support, appeal as owner or see what is tied to the address)."""
    if user.verified_at is not None:
        return None
    return await render(request, "account/unverified.html", None, status_code=403)


def account_links(request: Request) -> Callable[[TokenPurpose, str], str]:
    """Absolute links for account mail (verify, reset), under the public base URL."""
    names = {
        TokenPurpose.VERIFY: "account.verify",
        TokenPurpose.RESET: "account.password_reset.confirm",
    }

    def link(purpose: TokenPurpose, secret: str) -> str:
        return public_url(request.url_for(names[purpose], token=secret).path, request)

    return link


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = new_csrf_token()
        request.session["csrf"] = token
    return token


@dataclass(frozen=True, slots=True)
class Form:
    """A submitted form, decoded strictly as UTF-8, CSRF already checked."""

    fields: dict[str, str]

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)


async def read_form(request: Request) -> Form:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in FORM_TYPES:
        raise HTTPException(415, _("Send the form as a web form."))
    if content_type == FORM_TYPES[0]:
        fields = _parse_urlencoded(await request.body())
    else:
        fields = await _parse_multipart(request)
    if any("\x00" in value for value in fields.values()):
        raise HTTPException(400, _("The form contains characters that are not allowed."))
    if not tokens_match(request.session.get("csrf"), fields.get("csrf_token")):
        raise HTTPException(
            403, _("The form has expired or did not come from this site. Try again.")
        )
    # Counted only now: a post without the right token must not use up anyone's limit.
    check = request.scope.pop(RATE_LIMIT_CHECK, None)
    if check is not None:
        await check()
    return Form(fields)


def _parse_urlencoded(body: bytes) -> dict[str, str]:
    try:
        pairs = parse_qsl(
            body.decode("ascii"),
            keep_blank_values=True,
            strict_parsing=False,
            encoding="utf-8",
            errors="strict",
            max_num_fields=100,
        )
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(400, _("The form could not be read: it is not valid UTF-8.")) from None
    return dict(pairs)


async def _parse_multipart(request: Request) -> dict[str, str]:
    try:
        data = await request.form(max_files=0, max_fields=100)
    except Exception:  # noqa: BLE001  python-multipart raises several kinds for malformed input
        raise HTTPException(400, _("The form could not be read.")) from None
    fields: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(value, str):
            raise HTTPException(400, _("Files cannot be sent here."))
        if "\ufffd" in value:
            raise HTTPException(400, _("The form could not be read: it is not valid UTF-8."))
        fields[key] = value
    return fields


def flash(request: Request, message: str, category: str = "info") -> None:
    request.session.setdefault("flash", []).append([category, message])


def pop_flashes(request: Request) -> list[list[str]]:
    messages: list[list[str]] = request.session.pop("flash", [])
    return messages


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def redirect_to(request: Request, name: str, **params: Any) -> RedirectResponse:
    return redirect(request.url_for(name, **params).path)


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return redirect(f"{request.url_for('account.login').path}?next={quote(target)}")


async def render(
    request: Request, template: str, context: Context = None, status_code: int = 200
) -> Response:
    """The page ``template`` with the context every page has (see ``render_text``);
    ``context`` is the page's own (``debate.web.context``)."""
    # The 500 handler runs outside the session middleware: render without session data there.
    has_session = "session" in request.scope
    user = await current_user(request) if has_session else None
    token = csrf_token(request) if has_session else ""
    html = await render_text(request, template, context, user=user, csrf=token)
    return HTMLResponse(html, status_code=status_code)


async def render_text(
    request: Request,
    template: str,
    context: Context,
    *,
    user: User | None,
    csrf: str,
) -> str:
    """``template`` rendered for ``user`` with ``csrf`` as the form token (``render``; the
    page cache renders with a marker there instead)."""
    has_session = "session" in request.scope
    values = {
        "request": request,
        "user": user,
        "csrf_token": csrf,
        "lang": get_language(),
        "flashes": pop_flashes(request) if has_session else [],
        "can": partial(_can, user),
        "Permission": Permission,
        "branding": await site_branding(request, run_db),
    }
    values.update(context_values(context))
    compiled = request.app.state.templates.get_template(template)
    if request.app.state.inline_engine is not None:
        # Rendering is Python all through: in a thread it would only take turns at the GIL.
        html: str = compiled.render(values)
    else:
        html = await run_in_threadpool(compiled.render, values)
    return name_fields(html)


def _can(user: User | None, permission: Permission) -> bool:
    return user is not None and has_permission(user.role, permission)


def int_param(value: str | None, default: int, *, minimum: int = 1, maximum: int = 10_000) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return max(minimum, min(number, maximum))


def safe_next(target: str | None, fallback: str = "/") -> str:
    """Only a path on this site: never another host (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


async def may_see(request: Request, consultation: Consultation) -> bool:
    """A consultation that has not opened yet is for the staff preparing it: to anyone else
    it does not exist (its address, title and questions may not be announced yet)."""
    if consultation.opens_at <= utcnow():
        return True
    user = await current_user(request)
    return user is not None and has_permission(user.role, Permission.MANAGE_CONSULTATIONS)


#: Session keys a login keeps: the language, and a support asked for while signed out (set
#: only by a form with this session's CSRF token, see ``debate.views.proposals.support``).
CARRIED_THROUGH_LOGIN = ("lang", "support_intent")


def start_session(request: Request, user: User) -> None:
    """Sign ``user`` in: the password login and the OpenID Connect sign-in alike."""
    # A fresh session on login, so a session fixed before login is worth nothing after it;
    # only the language and an intent the visitor started before logging in are carried over.
    kept = {key: request.session[key] for key in CARRIED_THROUGH_LOGIN if key in request.session}
    request.session.clear()
    request.session.update({"user_id": user.id, **kept})
    request.session["sv"] = user.session_version
    request.session["csrf"] = new_csrf_token()
    request.session["sid"] = sessions.new_sid()


async def reserve_login(request: Request, *, email: str, client: str) -> float:
    """Reserve one password check for the (account, address) pair under the login lock
    (``security.begin_login``): the delay the account's failures have earned, or 429 while
    the pair is locked. The login form and the password change share it."""
    limit = settings(request)
    delay = await run_db(
        request,
        security.begin_login,
        email=email,
        client=client,
        limit=limit.login_max_attempts,
        window_seconds=limit.login_window_seconds,
    )
    if delay is None:
        raise HTTPException(
            429,
            _("Too many failed logins. Wait a while and try again."),
            headers={"Retry-After": str(limit.login_window_seconds)},
        )
    return delay
