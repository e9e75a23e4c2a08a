"""The agenda brief of a consultation and the staff dashboard's figures.

The brief reads the same rows as the proposal export (public proposals only, published copy)
and groups them by topic: counts, supports, the most supported and the most discussed, each
with a short quote and a link. The dashboard's figures are computed in Python from a few
narrow queries over a period, so they mean the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from debate.answers.queries import state_counts
from debate.core.i18n import _
from debate.core.labels import proposal_state_label
from debate.core.models import (
    PUBLIC_STATES,
    Appeal,
    Consultation,
    ModerationDecision,
    ProposalState,
    Submission,
    Topic,
    Visibility,
    utcnow,
)
from debate.core.params import BadParameterError, ident
from debate.reporting.accuracy import Rate, overturns
from debate.reporting.exports import ExportSpec, Filters, proposal_select, shape

QUOTE_LENGTH = 200
HIDING = Visibility.hidden()

# --- The agenda brief ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BriefItem:
    id: int
    title: str
    quote: str
    supports: int
    replies: int
    url: str
    #: The region's handling (``ProposalState`` value).
    state: str = "received"


@dataclass(slots=True)
class BriefTopic:
    name: str
    items: list[BriefItem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def supports(self) -> int:
        return sum(i.supports for i in self.items)

    @property
    def replies(self) -> int:
        return sum(i.replies for i in self.items)

    def most_supported(self, n: int = 3) -> list[BriefItem]:
        return sorted(self.items, key=lambda i: (-i.supports, i.id))[:n]

    def most_discussed(self, n: int = 3) -> list[BriefItem]:
        return sorted(self.items, key=lambda i: (-i.replies, i.id))[:n]


@dataclass(frozen=True, slots=True)
class Brief:
    consultation: Consultation
    topics: list[BriefTopic]
    generated_at: datetime

    @property
    def count(self) -> int:
        return sum(t.count for t in self.topics)

    @property
    def supports(self) -> int:
        return sum(t.supports for t in self.topics)

    @property
    def states(self) -> list[tuple[str, int]]:
        """Proposals per state of the region's handling, every state listed in order."""
        counts = Counter(item.state for topic in self.topics for item in topic.items)
        return [(state.value, counts[state.value]) for state in ProposalState]


def quote(text: str, length: int = QUOTE_LENGTH) -> str:
    """The start of a text, cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + " …"


def agenda_brief(session: Session, *, consultation: Consultation, base_url: str = "") -> Brief:
    spec = ExportSpec(entities=("proposals",), base_url=base_url.rstrip("/"))
    query = proposal_select(Filters(consultation_id=consultation.id)).order_by(sa.text("id"))
    topics: dict[str, BriefTopic] = {}
    no_topic = _("No topic")
    for row in session.execute(query):
        cells = shape(spec, "proposals", row._asdict())
        name = cells["topic"] or no_topic
        topics.setdefault(name, BriefTopic(name)).items.append(
            BriefItem(
                id=cells["id"],
                title=cells["title"],
                quote=quote(cells["body"]),
                supports=cells["supports"],
                replies=cells["replies"],
                url=cells["url"],
                state=cells["answer_state"],
            )
        )
    ordered = sorted(topics.values(), key=lambda t: (-t.count, t.name))
    return Brief(consultation=consultation, topics=ordered, generated_at=utcnow())


#: What a citizen's text may not bring into the Markdown brief: HTML (``<``, ``&``, as entities)
#: and inline syntax of its own (links, images, emphasis, code spans), as backslash escapes.
_MARKDOWN_LITERAL = str.maketrans(
    {"<": "&lt;", ">": "&gt;", "&": "&amp;"} | {c: "\\" + c for c in "\\`*_[]!~"}
)


def md_text(text: str) -> str:
    """Text that renders as itself in any CommonMark renderer: on one line (so it never starts
    a block, HTML blocks included), its HTML and Markdown syntax shown, not obeyed."""
    return " ".join(text.split()).translate(_MARKDOWN_LITERAL)


def brief_markdown(brief: Brief) -> str:
    lines = [
        f"# {md_text(brief.consultation.title)}",
        "",
        _("%(num)d proposals, %(supports)d supports. Made %(date)s.")
        % {
            "num": brief.count,
            "supports": brief.supports,
            "date": brief.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
        },
        "",
        _("The region's handling")
        + ": "
        + ", ".join(f"{proposal_state_label(state)} {n}" for state, n in brief.states),
    ]
    for topic in brief.topics:
        lines += ["", f"## {md_text(topic.name)}", ""]
        lines.append(
            _("%(num)d proposals, %(supports)d supports, %(replies)d replies.")
            % {"num": topic.count, "supports": topic.supports, "replies": topic.replies}
        )
        lines += ["", f"### {_('Most supported')}", ""]
        lines += [_md_item(item, item.supports) for item in topic.most_supported()]
        lines += ["", f"### {_('Most discussed')}", ""]
        lines += [_md_item(item, item.replies) for item in topic.most_discussed()]
    return "\n".join(lines) + "\n"


def _md_item(item: BriefItem, figure: int) -> str:
    return f"- [{md_text(item.title)}]({item.url}) ({figure})\n  > {md_text(item.quote)}"


# --- The dashboard ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dashboard:
    start: datetime
    end: datetime
    per_day: list[tuple[str, int]]
    held: int
    oldest_held: datetime | None
    median_hours: float | None
    p90_hours: float | None
    by_rule: list[tuple[str, int]]
    automated: int
    human: int
    #: Machine decisions a moderator changed, of those a moderator reviewed (accuracy.py).
    overturned: Rate
    published_then_hidden: Rate
    appeals: list[tuple[str, int]]
    #: Published proposals per state of the region's handling (all time).
    proposal_states: dict[str, int] = field(default_factory=dict)


def dashboard(session: Session, *, start: datetime, end: datetime) -> Dashboard:
    decisions = _decisions(session, start, end)
    hours = hours_to_first_human_decision(session, start, end)
    held_count, oldest = _held_queue(session)
    automated = sum(1 for d in decisions if d.automated_decision)
    return Dashboard(
        start=start,
        end=end,
        per_day=_per_day(session, start, end),
        held=held_count,
        oldest_held=oldest,
        median_hours=round(statistics.median(hours), 1) if hours else None,
        p90_hours=round(percentile(hours, 90), 1) if hours else None,
        by_rule=Counter(r for d in decisions for r in d.rule_ids).most_common(),
        automated=automated,
        human=len(decisions) - automated,
        overturned=overturns(session, start=start, end=end),
        published_then_hidden=_published_then_hidden(decisions),
        appeals=_appeals(session, start, end),
        proposal_states=state_counts(session),
    )


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (p90 of ten values is the ninth)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def _decisions(session: Session, start: datetime, end: datetime) -> list[ModerationDecision]:
    query = (
        select(ModerationDecision)
        .where(col(ModerationDecision.created_at) >= start)
        .where(col(ModerationDecision.created_at) < end)
        .order_by(col(ModerationDecision.id))
    )
    return list(session.exec(query))


def _per_day(session: Session, start: datetime, end: datetime) -> list[tuple[str, int]]:
    query = select(Submission.created_at).where(
        col(Submission.created_at) >= start, col(Submission.created_at) < end
    )
    counts = Counter(created.date() for created in session.exec(query))
    days = (end.date() - start.date()).days
    return [
        (d.isoformat(), counts.get(d, 0))
        for d in (start.date() + timedelta(days=n) for n in range(days))
    ]


def _held_queue(session: Session) -> tuple[int, datetime | None]:
    query = select(sa.func.count(), sa.func.min(Submission.created_at)).where(
        col(Submission.visibility) == Visibility.HELD
    )
    count, oldest = session.exec(query).one()
    return int(count), _aware(oldest)


def _aware(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def hours_to_first_human_decision(session: Session, start: datetime, end: datetime) -> list[float]:
    first = sa.func.min(ModerationDecision.created_at)
    query = (
        select(Submission.created_at, first)
        .join(ModerationDecision, col(ModerationDecision.submission_id) == col(Submission.id))
        .where(col(ModerationDecision.automated_decision).is_(False))
        .where(col(Submission.created_at) >= start, col(Submission.created_at) < end)
        .group_by(col(Submission.id), col(Submission.created_at))
    )
    hours = []
    for created, decided in session.exec(query):
        decided_at = _aware(decided)
        assert decided_at is not None
        hours.append((decided_at - created).total_seconds() / 3600)
    return hours


def _published_then_hidden(decisions: list[ModerationDecision]) -> Rate:
    published: set[int] = set()
    hidden: set[int] = set()
    for d in decisions:
        if d.visibility in PUBLIC_STATES:
            published.add(d.submission_id)
        elif d.visibility in HIDING and d.submission_id in published:
            hidden.add(d.submission_id)
    return Rate(len(hidden), len(published))


def _appeals(session: Session, start: datetime, end: datetime) -> list[tuple[str, int]]:
    query = select(Appeal.state, Appeal.outcome).where(
        col(Appeal.created_at) >= start, col(Appeal.created_at) < end
    )
    counts = Counter(outcome or str(state) for state, outcome in session.exec(query))
    return sorted(counts.items())


def default_period(days: int = 30) -> tuple[date, date]:
    today = utcnow().date()
    return today - timedelta(days=days - 1), today


@dataclass(frozen=True, slots=True)
class ExportChoices:
    """The consultations and topics the export and brief forms offer."""

    consultations: list[Consultation]
    topics: list[Topic]


def export_choices(session: Session) -> ExportChoices:
    """The consultations and topics the export and brief forms offer."""
    consultations = list(session.exec(select(Consultation).order_by(col(Consultation.title))))
    topics = list(session.exec(select(Topic).order_by(col(Topic.name))))
    return ExportChoices(consultations, topics)


def consultation_by_param(session: Session, *, value: str) -> Consultation | None:
    try:
        found = ident(value, message="")
    except BadParameterError:
        return None
    return session.get(Consultation, found) if found is not None else None
