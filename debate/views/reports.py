"""The public reports: the DSA transparency report (Art. 24) and the statistics page. No login:
both show totals only, never a name, a text or an id. A period that makes no sense is answered
with 400 and a sentence saying what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.core.i18n import _
from debate.reporting import statistics
from debate.web import charts
from debate.web.http import render
from debate.web.reportpages import figures, period, period_values, transparency_response

GET = ["GET"]
#: The statistics page's default period: a quarter, thirteen weeks in its chart.
STATISTICS_DAYS = 91


@dataclass(frozen=True, slots=True)
class StatisticsPage:
    """The public statistics: the figures, their charts and the period."""

    s: statistics.Statistics
    charts: dict[str, Any]
    period: dict[str, str]


async def transparency_page(request: Request) -> Response:
    return await transparency_response(request, staff=False)


async def statistics_page(request: Request) -> Response:
    start, end = period(request, STATISTICS_DAYS)
    found = await figures(request, statistics.public_statistics, start=start, end=end)
    context = StatisticsPage(found, _charts(found), period_values(start, end))
    return await render(request, "reports/statistics.html", context)


def _charts(s: statistics.Statistics) -> dict[str, Any]:
    rules = [(name, n) for name, _id, n in s.by_rule]
    decided = [(label, machine + person) for label, machine, person in s.decisions]
    return {
        "by_week": charts.bar_chart(
            "chart-by-week", _("Texts received per week"), s.by_week, "by-week"
        ),
        "by_topic": charts.hbar_chart(
            "chart-by-topic", _("Texts received by topic"), s.by_topic, "by-topic"
        ),
        "by_municipality": charts.hbar_chart(
            "chart-by-municipality",
            _("Proposals by municipality"),
            s.by_municipality,
            "by-municipality",
        ),
        "decisions": charts.hbar_chart(
            "chart-decisions", _("Moderation decisions"), decided, "decisions"
        ),
        "by_rule": charts.hbar_chart(
            "chart-by-rule", _("Rules behind the decisions"), rules, "by-rule"
        ),
    }


routes: list[BaseRoute] = [
    Route("/transparency", transparency_page, name="transparency.public", methods=GET),
    Route("/statistics", statistics_page, name="statistics.public", methods=GET),
]
