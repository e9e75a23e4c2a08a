"""Request guards that sit at the edge of the app: the trusted-host check, the addresses of
trusted reverse proxies, the body-read timeout, ``Cache-Control: no-store`` on private pages
and an access log that does not record secret links."""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Sequence

import anyio
from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from debate.core.i18n import gettext

#: Load balancers and container health checks ask by address or ``localhost``; these answers
#: carry no links, so they are served whatever host the request names.
HOST_EXEMPT = ("/healthz", "/readyz")


class TrustedHosts:
    """Answer 400 to a request whose Host header is not one of ``allowed`` (``*.example.se``
    matches subdomains; ``*`` anything), before any view builds a link from it."""

    def __init__(self, app: ASGIApp, allowed: Sequence[str]) -> None:
        self.app = app
        self.any = "*" in allowed
        self.exact = {h for h in allowed if not h.startswith("*.")}
        self.suffixes = tuple(h[1:] for h in allowed if h.startswith("*."))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.any or scope["type"] != "http" or scope["path"] in HOST_EXEMPT:
            await self.app(scope, receive, send)
            return
        if self.allows(Headers(scope=scope).get("host", "")):
            await self.app(scope, receive, send)
            return
        text = gettext("This site does not answer to that host name.")
        await PlainTextResponse(text, status_code=400)(scope, receive, send)

    def allows(self, host_header: str) -> bool:
        host = host_header.strip().lower()
        host = host[1 : host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
        return host in self.exact or (bool(host) and host.endswith(self.suffixes))


class TrustedProxies:
    """Take the client's address from ``X-Forwarded-For`` (and the scheme from
    ``X-Forwarded-Proto``) only when the connection comes from one of ``proxies``; the
    address is the right-most one that is not itself a trusted proxy. Rate limits and login
    lockouts count by this address."""

    def __init__(self, app: ASGIApp, proxies: Sequence[str]) -> None:
        self.app = app
        self.networks = [ipaddress.ip_network(p, strict=False) for p in proxies]

    def trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.strip())
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] == "http" and client and self.trusted(client[0]):
            headers = Headers(scope=scope)
            forwarded = [a.strip() for a in headers.get("x-forwarded-for", "").split(",")]
            for address in reversed([a for a in forwarded if a]):
                if not self.trusted(address):
                    scope["client"] = (address, 0)
                    break
            proto = headers.get("x-forwarded-proto", "").strip().lower()
            if proto in ("http", "https"):
                scope["scheme"] = proto
        await self.app(scope, receive, send)


class BodyReadTimeoutError(Exception):
    pass


class BodyTimeout:
    """A request body that takes longer than ``seconds`` to arrive (time spent waiting for
    it, not time the view works) is answered 408, so a client that sends a byte a minute
    cannot hold a connection and a worker for ever."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        budget = self.seconds
        done = False
        started = False

        async def timed_receive() -> Message:
            nonlocal budget, done
            if done:
                return await receive()
            began = anyio.current_time()
            with anyio.move_on_after(max(budget, 0)) as waiting:
                message = await receive()
            if waiting.cancelled_caught:
                raise BodyReadTimeoutError()
            budget -= anyio.current_time() - began
            done = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, timed_receive, tracking_send)
        except BodyReadTimeoutError:
            if not started:
                text = gettext("The request took too long to arrive. Try again.")
                headers = {"Connection": "close"}
                await PlainTextResponse(text, status_code=408, headers=headers)(
                    scope, receive, send
                )


#: Paths whose pages hold a secret link or personal data: never kept by a browser or proxy.
PRIVATE_PREFIXES = ("/status/", "/notices/", "/me/")


class NoStore:
    """``Cache-Control: no-store`` on the pages under ``PRIVATE_PREFIXES``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PRIVATE_PREFIXES):
            await self.app(scope, receive, send)
            return

        async def no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [h for h in message.get("headers", []) if h[0].lower() != b"cache-control"]
                message["headers"] = [*kept, (b"cache-control", b"no-store")]
            await send(message)

        await self.app(scope, receive, no_store)


_SECRET_PATH = re.compile(r"^(/(?:status|notices)/)[^/?#]+")


def mask_secret_path(path: str) -> str:
    """``/status/<token>/data?x`` -> ``/status/…/data?x``: the token is the key to the page."""
    return _SECRET_PATH.sub(r"\1…", path)


class MaskSecretLinks(logging.Filter):
    """For uvicorn's access log, whose record args are (client, method, path, version,
    status): the secret of a status or notice link is not written to the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], mask_secret_path(args[2]), *args[3:])
        return True


def mask_access_log() -> None:
    """Install ``MaskSecretLinks`` on uvicorn's access logger, once per process."""
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, MaskSecretLinks) for f in logger.filters):
        logger.addFilter(MaskSecretLinks())
