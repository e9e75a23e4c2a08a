"""The "Open data" page and its bulk files: ``/open-data/<kind>.<csv|json>`` of published
content (``debate.opendata.files``), under CC0 1.0."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.core.i18n import _
from debate.opendata import files
from debate.web.http import render, run_db
from debate.web.limits import open_data_retry_after

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@dataclass(frozen=True, slots=True)
class OpenDataPage:
    """The open data page: the files there are, their formats and the licence."""

    kinds: list[str]
    formats: list[str]
    licence: dict[str, str]


async def index(request: Request) -> Response:
    context = OpenDataPage(list(files.COLUMNS), list(MEDIA_TYPES), files.LICENCE)
    return await render(request, "opendata/index.html", context)


async def download(request: Request) -> Response:
    kind, _dot, fmt = request.path_params["name"].partition(".")
    if kind not in files.COLUMNS or fmt not in MEDIA_TYPES:
        raise HTTPException(404, _("There is no such file."))
    retry_after = await open_data_retry_after(request)
    if retry_after is not None:
        message = _("Too many requests. Try again in a while.")
        raise HTTPException(429, message, headers={"Retry-After": str(retry_after)})
    found = await run_db(request, files.rows, kind=kind)
    body = files.as_json(kind, found) if fmt == "json" else files.as_csv(kind, found)
    headers = {
        "Content-Disposition": f'attachment; filename="inspel-{kind}.{fmt}"',
        "Link": f'<{files.LICENCE["url"]}>; rel="license"',
        "Access-Control-Allow-Origin": "*",
    }
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)


routes: list[BaseRoute] = [
    Route("/open-data", index, name="opendata.index", methods=["GET"]),
    Route("/open-data/{name}", download, name="opendata.download", methods=["GET"]),
]
