"""What the staff and public report pages share: the period read from the query string
(``from``/``to``, YYYY-MM-DD, at most a year), the transparency report as a page, CSV or
JSON with labels in the reader's language (``debate/reporting/labels.py``), and a short-lived
cache of the figures.

The public reports read a year of decisions (about a second for 20,000 texts on SQLite), and
anyone may ask for them: each web process keeps the figures of the last few (report, period,
language) for ``FIGURES_TTL`` seconds, so a burst of readers costs one computation. Totals a
minute old are fine for a report of months."""

from __future__ import annotations

import csv
import io
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from debate.core.i18n import _, get_language
from debate.reporting import labels, reports, transparency
from debate.reporting.exports import ExportError, parse_date, period_bounds
from debate.web.http import render, run_db

#: The longest period a dashboard or report covers, in days.
MAX_DAYS = 366
#: How long a process reuses a report's figures, in seconds, and how many it keeps.
FIGURES_TTL, FIGURES_KEPT = 60.0, 32
T = TypeVar("T")


async def figures(
    request: Request, compute: Callable[..., T], *, start: datetime, end: datetime
) -> T:
    """``compute(session, start=, end=)`` through ``run_db``, reused for ``FIGURES_TTL``."""
    cache: OrderedDict[Hashable, tuple[float, Any]] = _figure_cache(request)
    key = (compute.__module__, compute.__qualname__, start, end, get_language())
    now = time.monotonic()
    hit = cache.get(key)
    if hit is not None and now - hit[0] < FIGURES_TTL:
        value: T = hit[1]
        return value
    value = await run_db(request, compute, start=start, end=end)
    cache[key] = (now, value)
    cache.move_to_end(key)
    while len(cache) > FIGURES_KEPT:
        cache.popitem(last=False)
    return value


def _figure_cache(request: Request) -> OrderedDict[Hashable, tuple[float, Any]]:
    state = request.app.state
    if not hasattr(state, "report_figures"):
        state.report_figures = OrderedDict()
    found: OrderedDict[Hashable, tuple[float, Any]] = state.report_figures
    return found


CSV_HEADER = ("section", "section_label", "figure", "figure_label", "value")


def period(request: Request, default_days: int) -> tuple[datetime, datetime]:
    """[start, end) from ``from`` and ``to``; 400 with a sentence when they make no sense."""
    try:
        first = parse_date(request.query_params.get("from", ""))
        last = parse_date(request.query_params.get("to", ""))
    except ExportError as exc:
        raise HTTPException(400, str(exc)) from None
    default_first, default_last = reports.default_period(default_days)
    first, last = first or default_first, last or default_last
    if last < first:
        raise HTTPException(400, _("The end date must not come before the start date."))
    if (last - first).days >= MAX_DAYS or first < date(2000, 1, 1):
        raise HTTPException(400, _("Choose a period of at most a year, from 2000 on."))
    return period_bounds(first, last)


def period_values(start: datetime, end: datetime) -> dict[str, str]:
    return {"from": start.date().isoformat(), "to": (end - timedelta(days=1)).date().isoformat()}


@dataclass(frozen=True, slots=True)
class TransparencyPage:
    """The transparency report as a page, for the public or for staff."""

    sections: list[labels.Section]
    period: dict[str, str]
    staff: bool


async def transparency_response(request: Request, *, staff: bool) -> Response:
    """The report for the asked period, as ``format`` says (html, csv or json)."""
    start, end = period(request, 365)
    fmt = request.query_params.get("format", "html")
    if fmt not in ("html", "csv", "json"):
        raise HTTPException(400, _("Choose a format: HTML, CSV or JSON."))
    data = await figures(request, transparency.report, start=start, end=end)
    if fmt == "json":
        return JSONResponse(labels.labelled_json(data), headers=_attachment("json", data))
    if fmt == "csv":
        return _csv(data)
    context = TransparencyPage(labels.sections(data), period_values(start, end), staff)
    return await render(request, "reports/transparency.html", context)


def _attachment(ext: str, data: dict[str, Any]) -> dict[str, str]:
    name = f"transparency-{data['period']['start']}-{data['period']['end']}.{ext}"
    return {"Content-Disposition": f'attachment; filename="{name}"'}


def _csv(data: dict[str, Any]) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(labels.csv_rows(data))
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers=_attachment("csv", data),
    )
