"""``create_app(settings)``: the Starlette app with its middleware, templates and lifespan."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
import jinja2
from jinja2.runtime import Context, Macro
from markupsafe import Markup
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from debate.accounts import sessions
from debate.core import i18n
from debate.core.db import RETRY_SECONDS, create_db_engine, inline_twin, is_unavailable, migrate
from debate.core.errors import DomainError
from debate.core.i18n import _
from debate.core.labels import (
    mode_label,
    mode_options,
    proposal_state_label,
    stance_label,
    stance_options,
    state_label,
)
from debate.core.paths import TEMPLATES
from debate.core.settings import Settings
from debate.follow import dispatch as follow_dispatch
from debate.outbox import mail
from debate.submissions import local_model
from debate.submissions.worker import Worker
from debate.web import markup
from debate.web.dates import datetime_attribute, local_date, local_time
from debate.web.errors import as_http
from debate.web.guards import BodyTimeout, NoStore, TrustedHosts, TrustedProxies, mask_access_log
from debate.web.http import LoginRequiredError, login_redirect, render
from debate.web.middleware import (
    BodySizeLimit,
    LanguageMiddleware,
    RateLimit,
    SecurityHeaders,
    SessionGuard,
    security_headers,
)
from debate.web.pagecache import Fragments, PageCache
from debate.web.server import watch_parent

log = logging.getLogger(__name__)


class IdConvertor(Convertor[int]):
    """Database ids: at most nine digits, so a huge number is a 404, not an overflow."""

    regex = "[0-9]{1,9}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", IdConvertor())


def create_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["url_for"] = _url_for
    env.globals["fragment"] = _fragment
    env.filters["date"] = local_time
    env.filters["day"] = local_date
    env.filters["datetime_attr"] = datetime_attribute
    env.filters["options"] = _options
    env.filters["zip_same"] = lambda items: [(item, item) for item in items]
    env.filters["markdown"] = markup.markdown
    env.filters["plain"] = markup.plain
    env.filters["filesize"] = markup.filesize
    env.filters["rule_links"] = markup.rule_links
    env.globals.update(
        state_label=state_label,
        mode_label=mode_label,
        stance_options=stance_options,
        stance_label=stance_label,
        mode_options=mode_options,
        proposal_state_label=proposal_state_label,
    )
    return Jinja2Templates(env=env)


@jinja2.pass_context
def _fragment(context: Context, macro: Macro, node: Any) -> Markup:
    """``macro(node)`` for a reply of a thread: from the page cache's fragments when the page
    is rendered to be kept (``fragments`` in the context, ``debate.web.pagecache.Fragments``),
    else rendered."""
    fragments: Fragments | None = context.get("fragments")
    if fragments is None or node.submission is None:
        return _rendered(macro, node)
    key = (macro.name, node.submission.id, node.submission.version, context.get("lang"))
    found = fragments.get(key)
    if found is not None:
        return found
    piece = _rendered(macro, node)
    fragments.put(key, piece)
    return piece


def _rendered(macro: Macro, node: Any) -> Markup:
    piece = macro(node)
    assert isinstance(piece, Markup)  # autoescape is on: a macro's output is escaped Markup
    return piece


@jinja2.pass_context
def _url_for(context: dict[str, Any], name: str, /, **params: Any) -> str:
    """Site-relative URLs, so links stay right behind any proxy or host name. A page of 200
    replies asks for hundreds of them, and finding a route walks the route table, so each
    (prefix, name, parameters) is looked up once per app and remembered (at most
    ``_ROUTE_PATHS`` of them; then the memory starts again)."""
    request: Request = context["request"]
    paths: dict[Any, str] = request.app.state.route_paths
    try:
        key = (request.scope.get("root_path", ""), name, tuple(sorted(params.items())))
        found = paths.get(key)
    except TypeError:  # an unhashable parameter: look it up every time
        return request.url_for(name, **params).path
    if found is None:
        found = request.url_for(name, **params).path
        if len(paths) >= _ROUTE_PATHS:
            paths.clear()
        paths[key] = found
    return found


_ROUTE_PATHS = 65_536


def _options(items: Iterable[Any], attribute: str = "name") -> list[tuple[str, str]]:
    return [(str(item.id), str(getattr(item, attribute))) for item in items]


def create_app(settings: Settings | None = None) -> Starlette:
    # Without settings (``uvicorn --factory debate.app:create_app``, or each process of
    # ``inspel serve --workers N``) they come from the environment.
    settings = settings or Settings.from_env()
    # A local model that is configured but unusable stops the start, not the first post.
    local_model.live_phases(settings)
    local_model.shadow_phases(settings)
    engine = create_db_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        timeout=settings.db_timeout,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        migrate(engine)
        watch_parent()
        # Database work and rendering run in worker threads (on SQLite only when they would
        # wait: web.db_call); past a few, more threads only take turns at Python's GIL
        # (benchmarks/README.md, load.py).
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.web_threads
        worker = _in_process_worker(settings, engine)
        app.state.worker = worker
        if worker is not None:
            worker.start()
        # Only with INSPEL_SMTP_HOST set; otherwise e-mail waits in the outbox.
        # Before each round it turns followers' news into mail (debate.follow.dispatch).
        app.state.mail_sender = mail_sender = mail.background_sender(
            engine, settings, prepare=follow_dispatch.dispatcher(engine, settings)
        )
        if mail_sender is not None:
            mail_sender.start()
        # What start-up made (modules, templates, the route table …) lives as long as the
        # process: out of the collector's sight, a full collection no longer walks it, which
        # made the longest of them stop every request for ~60-90 ms under load.
        gc.collect()
        gc.freeze()
        yield
        if mail_sender is not None:
            mail_sender.stop()
        if worker is not None:
            worker.stop()
        engine.dispose()
        if app.state.inline_engine is not None:
            app.state.inline_engine.dispose()

    from debate.routes import routes

    app = Starlette(
        routes=routes,
        middleware=[
            # The real client address first: everything after counts by it.
            Middleware(TrustedProxies, proxies=settings.trusted_proxies),
            Middleware(SecurityHeaders, https_only=settings.https_only),
            # Before any view can build a link from the Host header.
            Middleware(TrustedHosts, allowed=settings.allowed_hosts),
            Middleware(NoStore),
            Middleware(
                SessionMiddleware,
                secret_key=settings.secret_key,
                session_cookie="inspel_session",
                same_site="lax",
                https_only=settings.https_only,
                max_age=sessions.MAX_AGE,
            ),
            Middleware(LanguageMiddleware, default=settings.default_language),
            # Outside everything that reads the database, rate limits included.
            Middleware(DatabaseUnavailable),
            Middleware(SessionGuard),
            Middleware(RateLimit, settings=settings),
            # Inside the language middleware, so that its 413 message is in the visitor's language.
            Middleware(
                BodySizeLimit,
                max_bytes=settings.max_body_bytes,
                upload_bytes=settings.max_upload_bytes,
            ),
            Middleware(BodyTimeout, seconds=settings.body_timeout),
        ],
        exception_handlers={
            HTTPException: http_error,
            DomainError: domain_error,
            LoginRequiredError: needs_login,
            IntegrityError: conflict,
            Exception: server_error,
        },
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    mask_access_log()
    app.state.inline_engine = inline_twin(engine) if settings.sqlite_inline else None
    app.state.templates = create_templates()
    app.state.page_cache = PageCache(settings.page_cache_mb * 2**20)
    app.state.route_paths = {}
    return app


def _in_process_worker(settings: Settings, engine: Engine) -> Worker | None:
    """With the classifier on, ``inspel serve`` runs one worker thread (SQLite needs no
    more); at scale, ``inspel worker`` processes take the queue instead."""
    if settings.classifier == "off" or not settings.worker_in_process:
        return None
    return Worker.from_settings(engine, settings)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = (
        exc.detail
        if exc.status_code != 404 or exc.detail != "Not Found"
        else _("There is no page at this address.")
    )
    if exc.status_code == 405:
        message = _("This address does not accept that kind of request.")
    context = {"status_code": exc.status_code, "message": message}
    response = await render(request, "error.html", context, status_code=exc.status_code)
    response.headers.update(exc.headers or {})  # Retry-After on a 429, for one
    return response


async def domain_error(request: Request, exc: Exception) -> Response:
    """A use case's refusal, as the response its kind maps to (``debate.web.errors``)."""
    assert isinstance(exc, DomainError)
    return await http_error(request, as_http(exc))


async def needs_login(request: Request, exc: Exception) -> Response:
    return login_redirect(request)


async def conflict(request: Request, exc: Exception) -> Response:
    log.warning("integrity error on %s: %s", request.url.path, exc)
    message = _("Someone changed the same thing at the same moment. Reload the page and try again.")
    return await render(request, "error.html", {"status_code": 409, "message": message}, 409)


class DatabaseUnavailable:
    """The database is down, locked, read-only or full: a friendly 503 that says to try again,
    not a traceback. The pool checks connections before use, so the site recovers by itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except DBAPIError as exc:
            if started or not is_unavailable(exc):
                raise
            response = await unavailable(Request(scope, receive), exc)
            await response(scope, receive, send)


async def unavailable(request: Request, exc: Exception) -> Response:
    # The driver's message only: the statement's parameters may hold what a citizen wrote.
    reason = getattr(exc, "orig", None) or exc
    log.error("database unavailable on %s %s: %s", request.method, request.url.path, reason)
    # The user's account cannot be read either: render the page as for a visitor.
    request.state.user = None
    response = await render(request, "errors/503.html", {"status_code": 503}, 503)
    response.headers["Retry-After"] = str(RETRY_SECONDS)
    return response


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    message = _("Something went wrong on our side. Nothing you sent has been lost; try again.")
    response = await render(request, "error.html", {"status_code": 500, "message": message}, 500)
    # Starlette sends the 500 page outside the middleware stack, past SecurityHeaders.
    https_only = request.app.state.settings.https_only
    response.raw_headers.extend(security_headers(https_only=https_only))
    return response
