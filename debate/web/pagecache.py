"""Rendered public pages for readers who are not signed in, reused while their data is unchanged.

A thread page with hundreds of replies takes tens of milliseconds to render and is read far
more often than it changes. ``PageCache`` keeps, per web process, the rendered bytes of such a
page per (page, language) together with the page's *fingerprint*: a few values read from the
database on every request (``queries.proposal_fingerprint``) that change whenever anything the
page shows changes. A page is served again only while its fingerprint is equal, so a change is
seen by every process as soon as it is committed: nothing is stale, and no process has to tell
the others. The cache decides nothing; with it off (``INSPEL_PAGE_CACHE_MB=0``) every page is
rendered.

What differs between readers is the session's CSRF token and the messages left for them ("thank
you, your reply was received"): pages are rendered with random per-process markers in their
place, and each response puts the reader's token and messages in. Signed-in users (their name,
their suspension), forms shown again with errors and addresses with a query string are never
served from the cache.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

from markupsafe import Markup
from starlette.requests import Request

V = TypeVar("V")


class _LRU(Generic[V]):
    """Values under keys, each with a size: past ``max_size`` in all, the least recently used
    go first. Safe across threads."""

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self.size = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: V, size: int) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self._items[key] = (value, size)
            self.size += size
            while self.size > self.max_size:
                _key, (_value, dropped) = self._items.popitem(last=False)
                self.size -= dropped

    def __len__(self) -> int:
        return len(self._items)


class PageCache:
    """A bounded LRU of rendered pages, each kept with the fingerprint it was rendered at."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        #: Rendered where the CSRF token goes; unguessable, so no text can contain it.
        self.marker = f"csrf-{secrets.token_hex(16)}"
        self._marker = self.marker.encode("ascii")
        #: Where the page's messages go (``flash_slot`` in base.html); each response fills it.
        self.flash_marker = f"flash-{secrets.token_hex(16)}"
        self._flash_marker = self.flash_marker.encode("ascii")
        #: key -> (fingerprint, the page cut at each marker), sized by the page's bytes
        self._pages: _LRU[tuple[Hashable, list[bytes]]] = _LRU(max_bytes)
        self.hits = 0
        self.misses = 0
        #: Rendered replies, for the next render of a thread that gained one (``Fragments``).
        self.fragments = Fragments(max_bytes // 4)

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def get(
        self, key: Hashable, fingerprint: Hashable, csrf_token: str, flashes: bytes = b""
    ) -> bytes | None:
        """The page stored under ``key``, with ``csrf_token`` in its forms and the reader's
        messages (``flashes``, rendered) in their place, if it was rendered at
        ``fingerprint``."""
        found = self._pages.get(key)
        if found is None or found[0] != fingerprint:
            self.misses += 1
            return None
        self.hits += 1
        return self._fill(found[1], csrf_token, flashes)

    def put(self, key: Hashable, fingerprint: Hashable, body: bytes) -> None:
        """Keep ``body`` (rendered with ``marker`` as the CSRF token); the least recently used
        pages go first when the cache is full. A page over a quarter of it is not kept."""
        if len(body) > self.max_bytes // 4:
            return
        parts = body.split(self._marker)  # joining is faster than replacing, every time
        self._pages.put(key, (fingerprint, parts), len(body))

    def personalise(self, body: bytes, csrf_token: str, flashes: bytes = b"") -> bytes:
        """``body`` (just rendered) with this reader's CSRF token and messages in place."""
        return self._fill(body.split(self._marker), csrf_token, flashes)

    def _fill(self, parts: list[bytes], csrf_token: str, flashes: bytes) -> bytes:
        """A page cut at its token markers, joined again with ``csrf_token`` in their place
        (joining is faster than replacing), and ``flashes`` where its messages go."""
        page = csrf_token.encode("ascii").join(parts)
        return page.replace(self._flash_marker, flashes, 1)

    @property
    def size(self) -> int:
        return self._pages.size

    def __len__(self) -> int:
        return len(self._pages)


def for_request(request: Request) -> PageCache | None:
    """The app's page cache if this request may be served from it: a GET or HEAD without a
    query string from a session that is not signed in."""
    cache: PageCache | None = getattr(request.app.state, "page_cache", None)
    if cache is None or not cache.enabled:
        return None
    if request.method not in ("GET", "HEAD") or request.url.query:
        return None
    session = request.session
    if "user_id" in session:
        return None
    return cache


class Fragments:
    """A bounded LRU of rendered pieces of kept pages: a thread's replies, each under its
    submission's id and ``version`` (so a masked text or an erased name is a new piece) and the
    language. A new reply changes the thread's fingerprint and the page is rendered again; its
    older replies come from here instead of being rendered one by one (``fragment`` in the
    templates, ``debate.app``). Only pages rendered to be kept use it: there the CSRF token is
    the cache's marker and nobody is signed in, so a piece is the same for every reader."""

    def __init__(self, max_chars: int) -> None:
        self._pieces: _LRU[Markup] = _LRU(max_chars)
        self.hits = 0

    def get(self, key: Hashable) -> Markup | None:
        found = self._pieces.get(key)
        if found is not None:
            self.hits += 1
        return found

    def put(self, key: Hashable, piece: Markup) -> None:
        self._pieces.put(key, piece, len(piece))
