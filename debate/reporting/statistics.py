"""The public statistics page's figures for a period: participation (texts received by topic,
municipality and ISO week), moderation decisions and the rules behind them, and the time a
person took to decide. Counts only: no names, no texts, no ids.

Participation counts every text received in the period, whatever became of it (a held or
hidden text was still sent). A reply counts under its proposal's topic; a reply to an article
under "Debate articles". Only proposals name a municipality, and only the names on a
consultation's fixed list are shown.
"""

from __future__ import annotations

import statistics as stats
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from debate.core.i18n import _
from debate.core.models import (
    Consultation,
    Proposal,
    Reply,
    Submission,
    Topic,
    Visibility,
)
from debate.reporting.accuracy import Outcome, Rate, Step, outcome, overturns, steps_in
from debate.reporting.labels import rule_name
from debate.reporting.reports import hours_to_first_human_decision, percentile

Rows = list[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class Statistics:
    start: datetime
    end: datetime
    received: int
    by_topic: Rows
    by_municipality: Rows
    by_week: Rows
    #: (outcome label, by the machine, by a person)
    decisions: list[tuple[str, int, int]]
    #: (rule name in the reader's language, rule id, decisions that relied on it)
    by_rule: list[tuple[str, str, int]]
    decided_by_people: int
    median_hours: float | None
    p90_hours: float | None
    overturned: Rate


def public_statistics(session: Session, *, start: datetime, end: datetime) -> Statistics:
    weeks, received = _weeks(session, start, end)
    decisions = steps_in(session, start=start, end=end)
    hours = hours_to_first_human_decision(session, start, end)
    return Statistics(
        start=start,
        end=end,
        received=received,
        by_topic=_by_topic(session, start, end),
        by_municipality=_by_municipality(session, start, end),
        by_week=weeks,
        decisions=_decisions(decisions),
        by_rule=_by_rule(decisions),
        decided_by_people=len(hours),
        median_hours=round(stats.median(hours), 1) if hours else None,
        p90_hours=round(percentile(hours, 90), 1) if hours else None,
        overturned=overturns(session, start=start, end=end),
    )


def _in_period(start: datetime, end: datetime) -> tuple[Any, Any]:
    return col(Submission.created_at) >= start, col(Submission.created_at) < end


def iso_week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _weeks(session: Session, start: datetime, end: datetime) -> tuple[Rows, int]:
    """Texts received per ISO week, every week of the period listed (empty ones too)."""
    counts = Counter(
        iso_week(created.date())
        for created in session.exec(select(Submission.created_at).where(*_in_period(start, end)))
    )
    weeks: dict[str, int] = {}
    day = start.date()
    while day < end.date():
        weeks.setdefault(iso_week(day), 0)
        day += timedelta(days=1)
    weeks |= counts
    return sorted(weeks.items()), sum(counts.values())


def _by_topic(session: Session, start: datetime, end: datetime) -> Rows:
    topic_of = (
        select(Proposal.id, Topic.name, Consultation.title)
        .join(Consultation, col(Consultation.id) == col(Proposal.consultation_id))
        .outerjoin(Topic, col(Topic.id) == col(Proposal.topic_id))
    )
    names: dict[int | None, str] = {None: _("Debate articles")}
    titles = set()
    for proposal_id, topic, title in session.exec(topic_of):
        names[proposal_id] = f"{topic or _('No topic')} ({title})"
        titles.add(title)
    if len(titles) == 1:  # one consultation: its name would only repeat
        names = {key: name.removesuffix(f" ({title})") for key, name in names.items()}
    proposals = select(Proposal.id).join(
        Submission, col(Submission.id) == col(Proposal.submission_id)
    )
    replies = select(Reply.proposal_id).join(
        Submission, col(Submission.id) == col(Reply.submission_id)
    )
    counts: Counter[str] = Counter()
    for query in (proposals, replies):
        for proposal_id in session.exec(query.where(*_in_period(start, end))):
            counts[names[proposal_id]] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _by_municipality(session: Session, start: datetime, end: datetime) -> Rows:
    """Proposals per municipality. Only names from a consultation's fixed list are shown: a
    free-text answer could be anything a person typed, so it counts as "Other"."""
    known = {name for names in session.exec(select(Consultation.municipalities)) for name in names}
    query = (
        select(Proposal.municipality)
        .join(Submission, col(Submission.id) == col(Proposal.submission_id))
        .where(*_in_period(start, end))
    )
    counts: Counter[str] = Counter()
    for value in session.exec(query):
        name = (value or "").strip()
        counts[name if name in known else _("Other") if name else _("Not given")] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def outcome_labels() -> dict[str, str]:
    return {
        Outcome.PUBLISH: _("Published"),
        Outcome.MASK: _("Published with parts masked"),
        "held": _("Held for a person"),
        Outcome.RESTRICT: _("Not published"),
    }


def _decisions(decisions: list[Step]) -> list[tuple[str, int, int]]:
    machine: Counter[str] = Counter()
    person: Counter[str] = Counter()
    for d in decisions:
        key = "held" if d.visibility is Visibility.HELD else outcome(d).value
        (machine if d.automated_decision else person)[key] += 1
    return [(label, machine[key], person[key]) for key, label in outcome_labels().items()]


def _by_rule(decisions: list[Step]) -> list[tuple[str, str, int]]:
    counts = Counter(
        rule_id
        for d in decisions
        if d.visibility not in Visibility.unmasked()
        for rule_id in dict.fromkeys(d.rule_ids)
    )
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(rule_name(rule_id), rule_id, n) for rule_id, n in ordered]
