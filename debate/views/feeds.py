"""Atom feeds (feedgen): a consultation's newest proposals at
``/consultations/<slug>/feed.atom``, a proposal's thread at ``/proposals/<id>/feed.atom``."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from feedgen.feed import FeedGenerator
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.core.i18n import _, get_language
from debate.opendata import queries
from debate.web.http import run_db
from debate.web.limits import open_data_retry_after
from debate.web.urls import public_url

MEDIA_TYPE = "application/atom+xml; charset=utf-8"
#: Characters XML 1.0 cannot carry (a post may contain them; lxml would refuse the feed).
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def _feed(request: Request, title: str, page: str, updated: datetime | str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(public_url(request.url.path, request))
    feed.title(_clean(title))
    feed.link(href=public_url(page, request), rel="alternate")
    feed.link(href=public_url(request.url.path, request), rel="self")
    feed.language(get_language())
    feed.rights(_("Published under CC0 1.0: free to reuse."))
    feed.updated(updated)
    return feed


def _entry(feed: FeedGenerator, request: Request, item: dict[str, Any], link: str) -> None:
    entry = feed.add_entry(order="append")
    entry.id(public_url(link, request))
    entry.link(href=public_url(link, request))
    entry.title(_clean(item.get("title") or _("Reply")))
    entry.content(_clean(item["body"]), type="text")
    # Citizens' names stay on the site (docs/opendata.md); an article keeps its byline.
    entry.author({"name": _clean(item.get("author_name")) or "Inspel"})
    entry.published(item["created_at"])
    entry.updated(item["created_at"])


def _answer(feed: FeedGenerator) -> Response:
    return Response(feed.atom_str(pretty=True), media_type=MEDIA_TYPE)


async def _limit(request: Request) -> None:
    retry_after = await open_data_retry_after(request)
    if retry_after is not None:
        message = _("Too many requests. Try again in a while.")
        raise HTTPException(429, message, headers={"Retry-After": str(retry_after)})


async def consultation(request: Request) -> Response:
    await _limit(request)
    slug = request.path_params["slug"]
    found = await run_db(request, queries.consultation, slug=slug)
    consultation_id = await run_db(request, queries.consultation_id, slug=slug)
    if found is None or consultation_id is None:
        raise HTTPException(404, _("There is no such consultation."))
    items = await run_db(request, queries.latest_proposals, consultation_id=consultation_id)
    page = request.url_for("consultations.show", slug=slug).path
    updated = items[0]["created_at"] if items else found["opens_at"]
    feed = _feed(request, found["title"], page, updated)
    for item in items:
        _entry(feed, request, item, request.url_for("proposals.show", proposal_id=item["id"]).path)
    return _answer(feed)


async def proposal(request: Request) -> Response:
    await _limit(request)
    proposal_id = request.path_params["proposal_id"]
    found = await run_db(request, queries.thread_feed, proposal_id=proposal_id)
    if found is None:
        raise HTTPException(404, _("There is no such proposal, or it is not published."))
    head, replies = found
    page = request.url_for("proposals.show", proposal_id=proposal_id).path
    updated = replies[0]["created_at"] if replies else head["created_at"]
    feed = _feed(request, head["title"], page, updated)
    for reply in replies:
        _entry(feed, request, reply, f"{page}#reply-{reply['id']}")
    _entry(feed, request, head, page)
    return _answer(feed)


routes: list[BaseRoute] = [
    Route(
        "/consultations/{slug}/feed.atom", consultation, name="feeds.consultation", methods=["GET"]
    ),
    Route(
        "/proposals/{proposal_id:id}/feed.atom", proposal, name="feeds.proposal", methods=["GET"]
    ),
]
