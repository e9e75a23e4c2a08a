"""How often a moderator changed what the machine decided: the overturn rate (the "error rate
of the automated means", DSA Art. 15(1)(e)).

A moderator's decision is compared with the decision it replaced. Only a machine decision that
judged the text counts, and it counts as overturned only when the person's outcome differs
from the machine's:

======================================  =====================================  ================
The machine                             The moderator                          Overturned?
======================================  =====================================  ================
held it for a rule (review or reject)   rejected, escalated or masked it       no: upheld
held it for a rule                      approved it as written                 yes
masked parts and published it           kept it, or masked for the same rules  no: upheld
masked parts and published it           unmasked, hid, or masked other rules   yes
published it                            kept it                                no: upheld
published it                            masked or hid it                       yes
held it with no rule (pre-moderation,   anything                               not counted: the
a new account, classifier unavailable)                                         machine judged
                                                                               nothing
======================================  =====================================  ================

A decision by a person that follows another person's decision (an appeal, a second look) is
not the machine's, so it is not counted either. Correct masking that a moderator keeps is
therefore never an error, and a machine hold is an error only when the person published the
text as it was written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Session, col, select

from debate.core.models import DecisionSource, ModerationDecision, Visibility


class DecisionLike(Protocol):
    """What the rate reads of a decision: a ``ModerationDecision`` or a ``Step``."""

    @property
    def id(self) -> int | None: ...
    @property
    def submission_id(self) -> int: ...
    @property
    def action(self) -> str: ...
    @property
    def visibility(self) -> Visibility: ...
    @property
    def rule_ids(self) -> list[str]: ...
    @property
    def automated_decision(self) -> bool: ...
    @property
    def created_at(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class Step:
    """The columns of a decision the rate needs, read without loading whole rows."""

    id: int | None
    submission_id: int
    action: str
    visibility: Visibility
    rule_ids: list[str]
    automated_decision: bool
    created_at: datetime
    ground: str | None
    source: DecisionSource
    automated_detection: bool


STEP_COLUMNS: tuple[Any, ...] = (
    ModerationDecision.id,
    ModerationDecision.submission_id,
    ModerationDecision.action,
    ModerationDecision.visibility,
    ModerationDecision.rule_ids,
    ModerationDecision.automated_decision,
    ModerationDecision.created_at,
    ModerationDecision.ground,
    ModerationDecision.source,
    ModerationDecision.automated_detection,
)


def steps_in(session: Session, *, start: datetime, end: datetime) -> list[Step]:
    """The decisions made in [start, end), oldest first, as ``Step`` s."""
    query = (
        sa.select(*STEP_COLUMNS)
        .where(col(ModerationDecision.created_at) >= start)
        .where(col(ModerationDecision.created_at) < end)
        .order_by(col(ModerationDecision.id))
    )
    return [Step(*row) for row in session.execute(query)]


@dataclass(frozen=True, slots=True)
class Rate:
    count: int
    of: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.count / self.of, 1) if self.of else None


class Outcome(StrEnum):
    PUBLISH = "publish"
    MASK = "mask"
    RESTRICT = "restrict"


def outcome(decision: DecisionLike) -> Outcome:
    if decision.visibility in Visibility.unmasked():
        return Outcome.PUBLISH
    if decision.visibility is Visibility.PUBLISHED_REDACTED:
        return Outcome.MASK
    return Outcome.RESTRICT


def judged(machine: DecisionLike) -> bool:
    """Whether a machine decision judged the text (a policy hold without a rule did not)."""
    return machine.automated_decision and (
        machine.visibility is not Visibility.HELD or bool(machine.rule_ids)
    )


def overturned(machine: DecisionLike, person: DecisionLike) -> bool:
    """Whether ``person`` changed what ``machine`` (a judging decision) decided."""
    said, done = outcome(machine), outcome(person)
    if machine.visibility is Visibility.HELD:
        return done is Outcome.PUBLISH
    if said is Outcome.MASK and done is Outcome.MASK:
        kept = person.action == "keep" or not person.rule_ids
        return not kept and set(person.rule_ids) != set(machine.rule_ids)
    return said is not done


def overturn_rate(history: Iterable[DecisionLike], *, start: datetime, end: datetime) -> Rate:
    """Of the people's decisions made in [start, end) that followed a judging machine decision,
    how many changed it. ``history`` is every decision of the submissions concerned."""
    previous: dict[int, DecisionLike] = {}
    reviewed = changed = 0
    for decision in sorted(history, key=lambda d: d.id or 0):
        before = previous.get(decision.submission_id)
        previous[decision.submission_id] = decision
        if decision.automated_decision or before is None or not judged(before):
            continue
        if start <= _aware(decision.created_at) < end:
            reviewed += 1
            changed += overturned(before, decision)
    return Rate(changed, reviewed)


def overturns(session: Session, *, start: datetime, end: datetime) -> Rate:
    """The overturn rate of the people's decisions made in the period."""
    decided = (
        select(ModerationDecision.submission_id)
        .where(col(ModerationDecision.automated_decision).is_(False))
        .where(col(ModerationDecision.created_at) >= start)
        .where(col(ModerationDecision.created_at) < end)
    )
    query = sa.select(*STEP_COLUMNS).where(col(ModerationDecision.submission_id).in_(decided))
    steps = [Step(*row) for row in session.execute(query)]
    return overturn_rate(steps, start=start, end=end)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
