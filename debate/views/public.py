"""Home, consultation pages, the language switch and the health check."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from debate.answers import results
from debate.consultations import attachments
from debate.consultations import queries as consultation_queries
from debate.core.db import RETRY_SECONDS, is_unavailable, schema_heads, schema_revisions
from debate.core.i18n import LANGUAGES, _
from debate.core.models import RateEvent, table_of, utcnow
from debate.core.params import BadParameterError, ident
from debate.web.http import (
    db_call,
    int_param,
    may_see,
    redirect,
    render,
    run_db,
    safe_next,
    settings,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ConsultationShow:
    """A consultation's page (with ``results.ConsultationResults``)."""

    page: consultation_queries.ConsultationPage
    attachments: list[attachments.AttachmentInfo]
    Sort: type[consultation_queries.Sort] = consultation_queries.Sort


async def home(request: Request) -> Response:
    return await render(request, "home.html", await run_db(request, consultation_queries.home))


async def consultation(request: Request) -> Response:
    params = request.query_params
    try:
        sort = consultation_queries.Sort(params.get("sort", consultation_queries.Sort.NEWEST))
    except ValueError:
        sort = consultation_queries.Sort.NEWEST
    try:
        topic_id = ident(params.get("topic"), message=_("There is no such topic."))
    except BadParameterError as exc:
        raise HTTPException(400, str(exc)) from None
    page = await run_db(
        request,
        consultation_queries.consultation_page,
        slug=request.path_params["slug"],
        sort=sort,
        topic_id=topic_id,
        page=int_param(params.get("page"), 1),
        page_size=settings(request).page_size,
    )
    if page is None or not await may_see(request, page.consultation):
        raise HTTPException(404, _("There is no such consultation."))
    extras = await run_db(request, results.for_page, consultation=page.consultation)
    files = await run_db(request, attachments.listed, consultation_id=page.consultation.id)
    shown = ConsultationShow(page=page, attachments=files)
    return await render(request, "consultations/show.html", (shown, extras))


async def set_language(request: Request) -> Response:
    code = request.path_params["code"]
    if code not in LANGUAGES:
        raise HTTPException(404, _("That language is not available."))
    request.session["lang"] = code
    return redirect(safe_next(request.query_params.get("next")))


async def health(request: Request) -> Response:
    """For load balancers: 200 while the database answers, 503 (same body shape) when not."""
    try:
        ok = await run_db(
            request, lambda session: session.connection().exec_driver_sql("SELECT 1").scalar()
        )
    except DBAPIError as exc:
        if not is_unavailable(exc):
            raise
        body = {"status": "error", "database": "unavailable"}
        return JSONResponse(body, status_code=503, headers={"Retry-After": str(RETRY_SECONDS)})
    return JSONResponse({"status": "ok" if ok == 1 else "error", "database": "ok"})


#: The key of the row ``/readyz`` writes: one row, replaced at every check.
READY_KEY = "readyz:probe"


async def ready(request: Request) -> Response:
    """For orchestrators (readiness, not liveness): 200 only when the schema is at the code's
    migration head and a write commits, 503 naming what failed otherwise. ``/healthz`` stays
    the cheap liveness check."""
    try:
        revisions = await db_call(request.app, _probe)
    except DBAPIError as exc:
        log.error("readiness: the database refused a write: %s", getattr(exc, "orig", exc))
        body = {"status": "error", "database": "unwritable"}
        return JSONResponse(body, status_code=503, headers={"Retry-After": str(RETRY_SECONDS)})
    if revisions != schema_heads():
        body = {"status": "error", "database": "ok", "schema": "not at the migration head"}
        return JSONResponse(body, status_code=503, headers={"Retry-After": str(RETRY_SECONDS)})
    return JSONResponse({"status": "ok", "database": "ok", "schema": "ok"})


def _probe(engine: Engine) -> frozenset[str]:
    """The schema's revisions, after a write has committed (a full disk, a read-only file or
    a missing table fail here, as a submission would)."""
    with engine.begin() as connection:
        revisions = schema_revisions(connection)
        events = table_of(RateEvent)
        connection.execute(events.delete().where(events.c.key == READY_KEY))
        connection.execute(events.insert().values(key=READY_KEY, at=utcnow()))
    return revisions


routes: list[BaseRoute] = [
    Route("/", home, name="home", methods=["GET"]),
    Route("/healthz", health, name="health", methods=["GET"]),
    Route("/readyz", ready, name="ready", methods=["GET"]),
    Route("/lang/{code}", set_language, name="language.set", methods=["GET"]),
    Route("/consultations/{slug}", consultation, name="consultations.show", methods=["GET"]),
]
