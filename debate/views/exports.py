"""Staff exports, the agenda brief, the dashboard and the transparency report.

Exports are posted (they write to the audit log and may carry personal data) and stream their
rows; the reports are read with GET and a period (``from``/``to``, YYYY-MM-DD). A value that
makes no sense is answered with 400 and a sentence saying what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from debate.core.i18n import _
from debate.core.models import utcnow
from debate.core.permissions import Permission
from debate.reporting import documents, labels, reports, transparency, writers
from debate.reporting.exports import FORMATS, STATUSES, ExportError, parse_spec
from debate.web import charts
from debate.web.http import read_form, render, require, run_db
from debate.web.reportpages import period, period_values, transparency_response
from debate.web.urls import public_url

GET, POST = ["GET"], ["POST"]
#: The brief's downloads: format -> (maker, media type).
BRIEF_FILES: dict[str, tuple[Callable[[reports.Brief], str | bytes], str]] = {
    "md": (reports.brief_markdown, "text/markdown; charset=utf-8"),
    "docx": (
        documents.brief_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": (documents.brief_pdf, "application/pdf"),
}


@dataclass(frozen=True, slots=True)
class ExportForm:
    """The export form (with ``reports.ExportChoices``): the values sent and what was wrong."""

    values: dict[str, str]
    error: str
    formats: tuple[str, ...] = FORMATS
    statuses: tuple[str, ...] = STATUSES


@dataclass(frozen=True, slots=True)
class BriefPage:
    """The agenda brief as a page."""

    brief: reports.Brief


@dataclass(frozen=True, slots=True)
class DashboardPage:
    """The staff dashboard: the figures, their charts, the period and the labelled tables."""

    d: reports.Dashboard
    charts: dict[str, Any]
    period: dict[str, str]
    rules: list[tuple[str, str, int]]
    appeals: list[tuple[str, int]]


async def index(request: Request) -> Response:
    await require(request, Permission.EXPORT_DATA)
    return await _form(request, {}, "")


async def _form(
    request: Request, values: dict[str, str], error: str, status: int = 200
) -> Response:
    choices = await run_db(request, reports.export_choices)
    context = (choices, ExportForm(values, error))
    return await render(request, "exports/index.html", context, status_code=status)


async def download(request: Request) -> Response:
    user = await require(request, Permission.EXPORT_DATA)
    form = await read_form(request)
    base_url = public_url("/", request)
    try:
        spec = await run_db(request, parse_spec, values=form.fields, base_url=base_url)
    except ExportError as exc:
        return await _form(request, form.fields, str(exc), 400)
    await run_db(request, writers.start_export, actor=user, spec=spec, via="web")
    name = writers.filename(spec, utcnow().strftime("%Y%m%d-%H%M%S"))
    return StreamingResponse(
        writers.stream(request.app.state.engine, spec),
        media_type=writers.MEDIA_TYPES[spec.format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def brief(request: Request) -> Response:
    await require(request, Permission.EXPORT_DATA)
    value = request.query_params.get("consultation", "")
    if not value:
        choices = await run_db(request, reports.export_choices)
        return await render(request, "reports/brief_choose.html", choices)
    consultation = await run_db(request, reports.consultation_by_param, value=value)
    if consultation is None:
        raise HTTPException(400, _("No such consultation."))
    fmt = request.query_params.get("format", "html")
    if fmt not in ("html", *BRIEF_FILES):
        raise HTTPException(400, _("Choose a format: HTML, Markdown, Word (DOCX) or PDF."))
    made = await run_db(
        request, reports.agenda_brief, consultation=consultation, base_url=public_url("/", request)
    )
    if fmt in BRIEF_FILES:
        make, media_type = BRIEF_FILES[fmt]
        # A PDF embeds a font subset (tenths of a second): off the event loop.
        return Response(
            await run_in_threadpool(make, made),
            media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="{consultation.slug}.{fmt}"'},
        )
    return await render(request, "reports/brief.html", BriefPage(made))


async def dashboard(request: Request) -> Response:
    await require(request, Permission.VIEW_REPORTS)
    start, end = period(request, 30)
    figures = await run_db(request, reports.dashboard, start=start, end=end)
    context = DashboardPage(
        d=figures,
        charts=_charts(figures),
        period=period_values(start, end),
        rules=[(labels.rule_name(rule), rule, n) for rule, n in figures.by_rule],
        appeals=_appeals(figures),
    )
    return await render(request, "reports/dashboard.html", context)


def _charts(d: reports.Dashboard) -> dict[str, Any]:
    """The charts' labels are words (rule names, outcomes); the tables keep the keys too."""
    named = [(labels.rule_name(rule), n) for rule, n in d.by_rule]
    return {
        "per_day": charts.bar_chart(
            "chart-per-day", _("Submissions per day"), d.per_day, "per-day"
        ),
        "by_rule": charts.hbar_chart("chart-by-rule", _("Decisions by rule"), named, "by-rule"),
        "appeals": charts.hbar_chart(
            "chart-appeals", _("Appeals and outcomes"), _appeals(d), "appeals"
        ),
    }


def _appeals(d: reports.Dashboard) -> list[tuple[str, int]]:
    outcomes = labels.key_labels()
    return [(outcomes.get(key, key), n) for key, n in d.appeals]


async def transparency_report(request: Request) -> Response:
    await require(request, Permission.VIEW_REPORTS)
    return await transparency_response(request, staff=True)


async def statements(request: Request) -> Response:
    await require(request, Permission.VIEW_REPORTS)
    start, end = period(request, 365)
    found = await run_db(request, _statement_list, start=start, end=end)
    return Response(
        json.dumps(found, ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="statements-of-reasons.json"'},
    )


def _statement_list(session: Session, *, start: datetime, end: datetime) -> list[dict[str, Any]]:
    return list(transparency.statements(session, start=start, end=end))


routes: list[BaseRoute] = [
    Route("/staff/exports", index, name="exports.index", methods=GET),
    Route("/staff/exports", download, name="exports.download", methods=POST),
    Route("/staff/brief", brief, name="brief.show", methods=GET),
    Route("/staff/dashboard", dashboard, name="dashboard.show", methods=GET),
    Route("/staff/transparency", transparency_report, name="transparency.show", methods=GET),
    Route(
        "/staff/transparency/statements",
        statements,
        name="transparency.statements",
        methods=GET,
    ),
]
