"""The read-only open-data API under ``/api/v1/`` (docs/opendata.md): JSON of published
content, paged by key, with ETags (``If-None-Match`` → 304), CORS for GET and a rate limit
per address (``INSPEL_RATE_API``); its OpenAPI document at ``/api/v1/openapi.json``."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from debate.core.i18n import _
from debate.core.params import BadParameterError, ident, whole
from debate.opendata import openapi, queries
from debate.web.http import run_db
from debate.web.limits import open_data_retry_after

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Retry-After",
}
View = Callable[[Request], Awaitable[Any]]


class NotFoundError(Exception):
    """Nothing public at this address; the message is for the caller."""


def api(view: View) -> Callable[[Request], Awaitable[Response]]:
    """``view`` returns the body; this checks the rate limit, answers errors as JSON, and adds
    the ETag (304 when it matches ``If-None-Match``) and CORS headers."""

    @functools.wraps(view)
    async def wrapped(request: Request) -> Response:
        retry_after = await open_data_retry_after(request)
        if retry_after is not None:
            message = _("Too many requests. Try again in a while.")
            headers = {**CORS, "Retry-After": str(retry_after)}
            return JSONResponse({"error": message}, status_code=429, headers=headers)
        try:
            body = await view(request)
        except BadParameterError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400, headers=CORS)
        except NotFoundError as exc:
            return JSONResponse({"error": str(exc)}, status_code=404, headers=CORS)
        return answer(request, body)

    return wrapped


def answer(request: Request, body: Any) -> Response:
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    etag = f'"{hashlib.sha256(data).hexdigest()[:32]}"'
    headers = {**CORS, "ETag": etag, "Cache-Control": "no-cache"}
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type="application/json", headers=headers)


def _matches(header: str | None, etag: str) -> bool:
    """``If-None-Match`` names this ETag (weakly compared, as RFC 9110 asks for GET) or ``*``."""
    if not header:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


def _paging(request: Request) -> tuple[int, int]:
    params = request.query_params
    message = _("There is no such page.")
    after = whole(params.get("after"), message=message) or 0
    limit = whole(
        params.get("limit"),
        message=_("Ask for 1 to %(num)d rows.") % {"num": openapi.MAX_LIMIT},
        minimum=1,
        maximum=openapi.MAX_LIMIT,
    )
    return after, limit or openapi.DEFAULT_LIMIT


def _listing(request: Request, page: queries.Page) -> dict[str, Any]:
    following = None
    if page.next_after is not None:
        kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("after",)]
        query = urlencode([*kept, ("after", str(page.next_after))])
        following = f"{request.url.path}?{query}"
    return {"data": page.items, "next": following}


async def openapi_document(request: Request) -> Any:
    return openapi.document()


async def consultations(request: Request) -> Any:
    return {"data": await run_db(request, queries.consultations)}


async def consultation(request: Request) -> Any:
    found = await run_db(request, queries.consultation, slug=request.path_params["slug"])
    if found is None:
        raise NotFoundError(_("There is no such consultation."))
    return found


async def proposals(request: Request) -> Any:
    after, limit = _paging(request)
    params = request.query_params
    consultation_id = None
    if params.get("consultation"):
        consultation_id = await run_db(
            request, queries.consultation_id, slug=params["consultation"]
        )
        if consultation_id is None:
            # A well-formed slug of no consultation: a filter on what is not there.
            raise NotFoundError(_("There is no such consultation."))
    topic_id = ident(params.get("topic"), message=_("There is no such topic."))
    page = await run_db(
        request,
        queries.proposals,
        after=after,
        limit=limit,
        consultation_id=consultation_id,
        topic_id=topic_id,
    )
    return _listing(request, page)


async def proposal(request: Request) -> Any:
    found = await run_db(request, queries.proposal, proposal_id=request.path_params["proposal_id"])
    if found is None:
        raise NotFoundError(_("There is no such proposal, or it is not published."))
    return found


async def proposal_replies(request: Request) -> Any:
    after, limit = _paging(request)
    proposal_id = request.path_params["proposal_id"]
    if await run_db(request, queries.proposal, proposal_id=proposal_id) is None:
        raise NotFoundError(_("There is no such proposal, or it is not published."))
    page = await run_db(request, queries.replies, after=after, limit=limit, proposal_id=proposal_id)
    return _listing(request, page)


async def articles(request: Request) -> Any:
    after, limit = _paging(request)
    page = await run_db(request, queries.articles, after=after, limit=limit)
    return _listing(request, page)


async def article(request: Request) -> Any:
    found = await run_db(request, queries.article, slug=request.path_params["slug"])
    if found is None:
        raise NotFoundError(_("There is no such article."))
    return found


async def article_replies(request: Request) -> Any:
    after, limit = _paging(request)
    found = await run_db(request, queries.article, slug=request.path_params["slug"])
    if found is None:
        raise NotFoundError(_("There is no such article."))
    page = await run_db(request, queries.replies, after=after, limit=limit, article_id=found["id"])
    return _listing(request, page)


async def preflight(request: Request) -> Response:
    """CORS preflight: any origin may GET, sending ``If-None-Match``."""
    headers = {
        **CORS,
        "Access-Control-Allow-Methods": "GET, HEAD",
        "Access-Control-Allow-Headers": "If-None-Match",
        "Access-Control-Max-Age": "86400",
    }
    return Response(status_code=204, headers=headers)


GET = ["GET"]
routes = [
    Route("/api/v1/openapi.json", api(openapi_document), name="api.openapi", methods=GET),
    Route("/api/v1/consultations", api(consultations), name="api.consultations", methods=GET),
    Route("/api/v1/consultations/{slug}", api(consultation), name="api.consultation", methods=GET),
    Route("/api/v1/proposals", api(proposals), name="api.proposals", methods=GET),
    Route("/api/v1/proposals/{proposal_id:id}", api(proposal), name="api.proposal", methods=GET),
    Route(
        "/api/v1/proposals/{proposal_id:id}/replies",
        api(proposal_replies),
        name="api.proposal_replies",
        methods=GET,
    ),
    Route("/api/v1/articles", api(articles), name="api.articles", methods=GET),
    Route("/api/v1/articles/{slug}", api(article), name="api.article", methods=GET),
    Route(
        "/api/v1/articles/{slug}/replies",
        api(article_replies),
        name="api.article_replies",
        methods=GET,
    ),
    Route("/api/v1/{path:path}", preflight, name="api.preflight", methods=["OPTIONS"]),
]
