"""How ``inspel serve`` runs uvicorn: timeouts and a concurrency limit from the settings, a
timeout for a request's headers (uvicorn has none of its own), no proxy headers believed by
uvicorn itself (``guards.TrustedProxies`` decides), and web processes that stop when the
``--workers`` parent that supervises them is gone."""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from debate.core.settings import Settings

#: Set by ``inspel serve --workers N`` for its web processes: the parent's process id.
PARENT_ENV = "INSPEL_SERVE_PARENT"
#: How ``HeaderTimeoutProtocol`` learns its timeout in every web process.
HEADER_TIMEOUT_ENV = "INSPEL_HEADER_TIMEOUT"


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run`` besides the app and the process count."""
    os.environ[HEADER_TIMEOUT_ENV] = str(settings.header_timeout)
    return {
        "host": settings.host,
        "port": settings.port,
        "log_level": "info",
        "http": "debate.web.server:HeaderTimeoutProtocol",
        "timeout_keep_alive": settings.keep_alive_timeout,
        "limit_concurrency": settings.max_connections,
        # uvicorn believes X-Forwarded-For from 127.0.0.1 by default; the app does it only for
        # INSPEL_TRUSTED_PROXIES (debate/web/guards.py).
        "proxy_headers": False,
        "server_header": False,
    }


class HeaderTimeoutProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol that closes a connection whose request headers have not
    all arrived ``INSPEL_HEADER_TIMEOUT`` seconds after the connection was opened or the
    request began (a client trickling headers would otherwise hold the connection for ever;
    the body has ``guards.BodyTimeout``)."""

    _header_timer: Any = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._start_header_timer()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._start_header_timer()

    def on_headers_complete(self) -> None:
        self._stop_header_timer()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_header_timer()
        super().connection_lost(exc)

    def _start_header_timer(self) -> None:
        self._stop_header_timer()
        seconds = float(os.environ.get(HEADER_TIMEOUT_ENV, "10"))
        self._header_timer = self.loop.call_later(seconds, self._headers_too_slow)

    def _stop_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.cycle is None or self.cycle.response_complete:
            self.transport.close()


def watch_parent() -> None:
    """In a web process of ``inspel serve --workers N``: stop (SIGTERM to itself, a graceful
    shutdown) when the supervising parent is gone, so a killed parent leaves no web process
    serving unsupervised. Elsewhere nothing."""
    parent = os.environ.get(PARENT_ENV)
    if not parent or not parent.isdigit() or int(parent) == os.getpid():
        return
    thread = threading.Thread(
        target=_watch, args=(int(parent),), name="inspel-parent-watch", daemon=True
    )
    thread.start()


def _watch(parent: int, interval: float = 1.0) -> None:
    while os.getppid() == parent:
        time.sleep(interval)
    os.kill(os.getpid(), signal.SIGTERM)
