"""What flagged an item for review: its severity, the machine's latest decisions and signals, and
how it was flagged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from debate.core.models import (
    ModerationDecision,
    ModerationSignal,
    Revision,
)
from moderation import RULES


@dataclass(frozen=True, slots=True)
class Severity:
    total: int
    terms: tuple[tuple[str, int], ...]


def severity(
    rule_ids: Iterable[str],
    scores: Mapping[str, float],
    *,
    reports: int = 0,
    report_threshold: int = 3,
) -> Severity:
    """The queue's order for one item, term by term."""
    terms: list[tuple[str, int]] = []
    rules = sorted((RULES[r] for r in set(rule_ids) if r in RULES), key=lambda r: r.priority)
    if any(rule.ground.value == "legal" and rule.id.startswith("LAW-") for rule in rules):
        terms.append(("legal rule", 1000))
    if rules:
        terms.append((f"{rules[0].id} (priority {rules[0].priority})", 1000 - rules[0].priority))
    if scores:
        label, score = max(scores.items(), key=lambda item: item[1])
        terms.append((f"classifier {label} {score:.2f}", round(100 * score)))
    if reports:
        terms.append((f"{reports} report(s)", min(reports, 10) * 50))
        if reports >= report_threshold:
            terms.append((f"reports at the escalation threshold ({report_threshold})", 1000))
    return Severity(sum(points for _, points in terms), tuple(terms))


def flagged_how(
    decision: ModerationDecision | None, signals: Sequence[ModerationSignal], reports: int
) -> list[str]:
    """How the item came to the queue: ``rule``, ``classifier``, ``report``, ``new_account``,
    ``pre_moderation``, ``classifier_unavailable``."""
    how: list[str] = []
    rules = set(decision.rule_ids) if decision else set()
    if any(s.detector != "classifier" and s.rule_id in rules for s in signals):
        how.append("rule")
    if any(s.detector == "classifier" and s.rule_id in rules for s in signals):
        how.append("classifier")
    if decision is not None and decision.policy_reason:
        how.append(
            {"mode": "pre_moderation", "new_account": "new_account"}.get(
                decision.policy_reason, decision.policy_reason
            )
        )
    if reports:
        how.append("report")
    return how


def latest_machine_decisions(
    session: Session, submission_ids: Sequence[int]
) -> dict[int, ModerationDecision]:
    """The newest machine decision per item: what the checks said about its current text."""
    if not submission_ids:
        return {}
    newest = (
        select(func.max(ModerationDecision.id))
        .where(col(ModerationDecision.submission_id).in_(submission_ids))
        .where(col(ModerationDecision.decided_by_id).is_(None))
        .group_by(col(ModerationDecision.submission_id))
    )
    rows = session.exec(select(ModerationDecision).where(col(ModerationDecision.id).in_(newest)))
    return {d.submission_id: d for d in rows}


def latest_signals(
    session: Session, submission_ids: Sequence[int]
) -> dict[int, list[ModerationSignal]]:
    """The signals of each item's latest revision."""
    if not submission_ids:
        return {}
    newest = (
        select(func.max(Revision.id))
        .where(col(Revision.submission_id).in_(submission_ids))
        .group_by(col(Revision.submission_id))
    )
    query = (
        select(Revision.submission_id, ModerationSignal)
        .join(ModerationSignal, col(ModerationSignal.revision_id) == Revision.id)
        .where(col(Revision.id).in_(newest))
        .order_by(col(ModerationSignal.id))
    )
    found: dict[int, list[ModerationSignal]] = {}
    for submission_id, signal in session.exec(query):
        found.setdefault(submission_id, []).append(signal)
    return found
