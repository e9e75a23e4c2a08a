"""The open-data rate limit (``INSPEL_RATE_API``): GETs of the API, feeds and bulk files,
counted per address in the database like the POST limits (``debate.core.ratelimit``)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from starlette.requests import Request

from debate.core import ratelimit
from debate.web.http import db_call, settings


async def open_data_retry_after(request: Request) -> int | None:
    """``None`` and the request counted, or the seconds to wait when over the limit."""
    limit, window = settings(request).rate_api
    client = request.client.host if request.client else "unknown"

    def check(engine: Engine) -> int | None:
        with engine.begin() as connection:
            keys = [f"api:ip:{client}"]
            return ratelimit.check(connection, keys=keys, limit=limit, window=window)

    return await db_call(request.app, check)
