"""Search at ``/search?q=…`` over what the public may see (``debate.search.queries``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.core.i18n import _
from debate.core.params import BadParameterError, day, ident, whole
from debate.search import queries
from debate.search.queries import MAX_QUERY, Filters, Kind
from debate.web.http import render, run_db, settings

#: The last page anyone may ask for (the count past it is not worth a query).
MAX_PAGE = 1000
_KNOWN = frozenset({"q", "consultation", "topic", "municipality", "from", "to", "kind", "page"})


@dataclass(frozen=True, slots=True)
class Asked:
    text: str
    consultation: str
    filters: Filters
    page: int


def _read(params: QueryParams) -> Asked:
    """The query string, or ``BadParameterError`` with a message for the visitor."""
    if any(len(params.getlist(name)) > 1 for name in _KNOWN):
        raise BadParameterError(_("Give each search parameter at most once."))
    text = params.get("q", "").strip()
    if len(text) > MAX_QUERY:
        message = _("Search for at most %(num)d characters.") % {"num": MAX_QUERY}
        raise BadParameterError(message)
    if "\x00" in text:
        raise BadParameterError(_("The search contains characters that are not allowed."))
    municipality = params.get("municipality", "").strip() or None
    if municipality is not None and len(municipality) > 80:
        raise BadParameterError(_("There is no such municipality."))
    since = day(params.get("from"))
    until = day(params.get("to"))
    if since and until and since > until:
        raise BadParameterError(_("The first date must not be after the last."))
    try:
        kind = Kind(params["kind"]) if params.get("kind") else None
    except ValueError:
        raise BadParameterError(_("Choose proposals, replies or articles.")) from None
    filters = Filters(
        topic_id=ident(params.get("topic"), message=_("There is no such topic.")),
        municipality=municipality,
        since=since,
        until=until,
        kind=kind,
    )
    page = whole(params.get("page"), message=_("There is no such page."), minimum=1)
    if page is not None and page > MAX_PAGE:
        raise BadParameterError(_("There is no such page."))
    return Asked(text, params.get("consultation", "").strip(), filters, page or 1)


@dataclass(frozen=True, slots=True)
class SearchPage:
    """The search page: what was asked, the filters in force and to choose, the results."""

    asked: Asked
    filters: Filters
    choices: queries.Choices
    results: queries.Results | None
    page_link: str
    Kind: type[Kind] = Kind


async def search(request: Request) -> Response:
    try:
        asked = _read(request.query_params)
    except BadParameterError as exc:
        raise HTTPException(400, str(exc)) from None
    choices = await run_db(request, queries.choices, consultation_id=None)
    consultation_id = None
    if asked.consultation:
        by_slug = {slug: i for i, slug, _title in choices.consultations}
        if asked.consultation not in by_slug:
            raise HTTPException(400, _("There is no such consultation."))
        consultation_id = by_slug[asked.consultation]
        choices = await run_db(request, queries.choices, consultation_id=consultation_id)
    filters = asked.filters
    if consultation_id is not None:
        _check_in(filters, choices)
    filters = replace(filters, consultation_id=consultation_id)
    results = None
    if asked.text:
        results = await run_db(
            request,
            queries.search,
            text=asked.text,
            filters=filters,
            page=asked.page,
            page_size=settings(request).page_size,
        )
    context = SearchPage(asked, filters, choices, results, _page_link(request.query_params))
    return await render(request, "search/index.html", context)


def _check_in(filters: Filters, choices: queries.Choices) -> None:
    """A topic and a municipality must be the chosen consultation's."""
    if filters.topic_id is not None and filters.topic_id not in {i for i, _n in choices.topics}:
        raise HTTPException(400, _("There is no such topic."))
    if filters.municipality is not None and filters.municipality not in choices.municipalities:
        raise HTTPException(400, _("There is no such municipality."))


def _page_link(params: QueryParams) -> str:
    """The query string of every parameter but ``page`` (the pager adds it)."""
    kept = [(k, v) for k, v in params.multi_items() if k in _KNOWN and k != "page" and v]
    return "?" + urlencode(kept)


routes: list[BaseRoute] = [
    Route("/search", search, name="search", methods=["GET"]),
]
