"""The check before sending, inline: the proposal and reply forms' script (static/preview.js)
posts the form here and shows the findings under it. Without JavaScript the forms' own
"Preview" button does the same (``debate.views.proposals.create``, ``debate.views.threads``).

``POST /preview?consultation=SLUG`` (a proposal), ``?proposal=ID`` or ``?article=SLUG`` (a
reply), with the form's fields and its CSRF token; it answers JSON, errors included
(``{"error": ..., "errors": {field: message}}``), and writes nothing."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from debate.consultations import queries as consultation_queries
from debate.core.i18n import _
from debate.core.models import utcnow
from debate.core.params import MAX_ID, digits
from debate.submissions import queries
from debate.web import fields as forms
from debate.web.http import may_see, read_form, run_db
from debate.web.posting import preview_post

#: The address of a thread: (consultation id, (proposal id, article id) or None for a proposal).
Target = tuple[int | None, tuple[int | None, int | None] | None]


async def check(request: Request) -> Response:
    try:
        target = await _target(request)
        form = await read_form(request)
    except HTTPException as exc:
        return _error(exc.detail, exc.status_code, headers=dict(exc.headers or {}))
    errors = forms.Errors()
    consultation_id, thread = target
    title = None
    if thread is None:
        title = forms.text(form, "title", errors, max_length=forms.TITLE_MAX, required=False)
    body = forms.text(form, "body", errors, max_length=forms.BODY_MAX)
    if errors:
        return _error(_("Check the text and try again."), 400, errors=errors)
    found = await preview_post(
        request, consultation_id=consultation_id, thread=thread, title=title or None, body=body
    )
    return JSONResponse(found.as_json(), headers={"Cache-Control": "no-store"})


async def _target(request: Request) -> Target:
    """Where the text would go, from the query; a 404 (or 403 for a closed consultation) as
    the forms themselves answer."""
    query = request.query_params
    if len(query) != 1 or next(iter(query)) not in {"consultation", "proposal", "article"}:
        raise HTTPException(
            400, _("Say where the text would go: a consultation, a proposal or an article.")
        )
    if "consultation" in query:
        return await _consultation(request, query["consultation"]), None
    if "proposal" in query:
        value = query["proposal"]
        found = None
        if digits(value) and int(value) <= MAX_ID:
            found = await run_db(request, queries.published_proposal, proposal_id=int(value))
        if found is None:
            raise HTTPException(404, _("There is no such proposal, or it is not published."))
        return found.consultation_id, (found.id, None)
    article = await run_db(request, queries.public_article, slug=query["article"])
    if article is None:
        raise HTTPException(404, _("There is no such article."))
    consultation = article.consultation
    return (consultation.id if consultation else None), (None, article.article.id)


async def _consultation(request: Request, slug: str) -> int | None:
    consultation = await run_db(request, consultation_queries.consultation_by_slug, slug=slug)
    if consultation is None or not await may_see(request, consultation):
        raise HTTPException(404, _("There is no such consultation."))
    if not consultation.is_open(utcnow()):
        raise HTTPException(403, _("This consultation is closed: it no longer takes proposals."))
    return consultation.id


def _error(
    message: str,
    status_code: int,
    *,
    errors: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, object] = {"error": message}
    if errors:
        body["errors"] = dict(errors)
    return JSONResponse(body, status_code=status_code, headers=headers)


routes: list[BaseRoute] = [
    Route("/preview", check, name="preview.check", methods=["POST"]),
]
