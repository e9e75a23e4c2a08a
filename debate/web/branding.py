"""The branding every page shows, read at most every ``TTL`` seconds per web process (a save
in this process is seen at once: ``forget``; other processes see it within ``TTL``)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request

from debate.branding.store import Branding, current

TTL = 10.0


async def site_branding(request: Request, run: Callable[..., Awaitable[Any]]) -> Branding:
    """The cached branding; the default when the database cannot be read (the 503 and 500
    pages still render)."""
    state = request.app.state
    cached: tuple[float, Branding] | None = getattr(state, "branding", None)
    now = time.monotonic()
    if cached is not None and now - cached[0] < TTL:
        return cached[1]
    try:
        found: Branding = await run(request, current)
    except Exception:  # noqa: BLE001  any database trouble: the page renders unbranded
        return cached[1] if cached is not None else Branding()
    state.branding = (now, found)
    return found


def forget(request: Request) -> None:
    request.app.state.branding = None
