"""Pages about the site itself: the accessibility statement (tillgänglighetsredogörelse, Swedish
law 2018:1937, laid out after DIGG's model) and its form for reporting accessibility problems."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.cases.accessibility import report_problem
from debate.core.i18n import _, get_language
from debate.web import fields as forms
from debate.web.context import FormState
from debate.web.http import Form, current_user, flash, read_form, redirect, render, run_db

#: When the statement was last reviewed against the site (and the automated checks rerun).
REVIEWED = date(2026, 11, 27)


@dataclass(frozen=True, slots=True)
class AccessibilityPage:
    """The accessibility statement (with ``FormState`` for its report form)."""

    reviewed: date = REVIEWED


#: A report goes into the append-only audit log: what one request may write there is small
#: (and the form is rate limited with notices, ``INSPEL_RATE_CASES``).
DESCRIPTION_MIN, DESCRIPTION_MAX, ADDRESS_MAX = 10, 2_000, 300


def _clean(form: Form) -> tuple[dict[str, str], forms.Errors]:
    errors = forms.Errors()
    description = forms.text(form, "description", errors, max_length=DESCRIPTION_MAX)
    if description and "description" not in errors and len(description) < DESCRIPTION_MIN:
        errors["description"] = _("Write at least {min} characters (you wrote {n}).").format(
            min=DESCRIPTION_MIN, n=len(description)
        )
    page = forms.text(form, "page", errors, max_length=ADDRESS_MAX, required=False)
    email = forms.email(form, "email", errors) if form.get("email").strip() else ""
    return {"description": description, "page": page, "email": email}, errors


async def accessibility(
    request: Request,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    if values is None:
        values = {"page": request.query_params.get("page", "")[:ADDRESS_MAX]}
    context = (AccessibilityPage(), FormState(errors or {}, values))
    return await render(request, "pages/accessibility.html", context, status_code=status_code)


async def report(request: Request) -> Response:
    form = await read_form(request)
    cleaned, errors = _clean(form)
    if errors:
        return await accessibility(request, errors, form.fields, status_code=400)
    actor = await current_user(request)
    await run_db(request, report_problem, actor=actor, lang=get_language(), **cleaned)
    flash(request, _("Thank you. We have received your report about accessibility."), "success")
    return redirect(request.url_for("pages.accessibility").path)


routes: list[BaseRoute] = [
    Route("/accessibility", accessibility, name="pages.accessibility", methods=["GET"]),
    Route("/accessibility/report", report, name="pages.accessibility.report", methods=["POST"]),
]
