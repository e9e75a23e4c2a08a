"""What a threshold change would have done: the last decided items judged again, in memory,
from their stored signals, under the thresholds in force and under the proposed ones, and
counted against what the moderator decided (the settings page's "Preview the effect").

One query reads the items (each one's latest moderator decision, its language and its
revision's signals); ``moderation.policy.decide`` does the rest. Only the signals decide here,
in both columns alike: a consultation's mode, an author's standing and word-list changes
(which need the text read again) are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from debate.core.models import ModerationDecision, ModerationSignal, Submission
from debate.policy import store
from debate.policy.outcomes import Tally, held, removed
from moderation import RULES, PolicyContext, PolicySettings, RuleHit
from moderation.language import normalize_language
from moderation.policy import decide
from moderation.types import Detector

__all__ = ["LIMIT", "Change", "Preview", "preview", "preview_change"]

#: How many of the latest decided items a preview judges again.
LIMIT = 500
#: How many changed decisions the page lists.
SHOWN = 20
_DETECTORS = frozenset(d.value for d in Detector)


@dataclass(frozen=True, slots=True)
class Change:
    """An item the proposed thresholds would have treated otherwise."""

    submission_id: int
    lang: str
    in_force: str
    proposed: str
    moderator: str


@dataclass(slots=True)
class _Item:
    submission_id: int
    lang: str | None
    moderator: str
    hits: list[RuleHit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Preview:
    items: int
    in_force: Tally
    proposed: Tally
    #: Held under the proposed thresholds, published under those in force; and the reverse.
    newly_held: int
    newly_published: int
    #: Items whose machine action differs (held or not, or another action), up to ``SHOWN``.
    changes: tuple[Change, ...]
    changed: int


def preview(
    session: Session, *, in_force: PolicySettings, proposed: PolicySettings, limit: int = LIMIT
) -> Preview:
    """The last ``limit`` items a moderator decided, judged under both settings."""
    items = _items(session, limit)
    now, then = Tally(), Tally()
    changes: list[Change] = []
    newly_held = newly_published = changed = 0
    for item in items:
        before = _action(item, in_force)
        after = _action(item, proposed)
        was_removed = removed(item.moderator)
        now.add(held(before), was_removed)
        then.add(held(after), was_removed)
        newly_held += held(after) and not held(before)
        newly_published += held(before) and not held(after)
        if before != after:
            changed += 1
            if len(changes) < SHOWN:
                lang = item.lang or ""
                changes.append(Change(item.submission_id, lang, before, after, item.moderator))
    return Preview(len(items), now, then, newly_held, newly_published, tuple(changes), changed)


def _action(item: _Item, settings: PolicySettings) -> str:
    return decide(item.hits, PolicyContext(settings=settings), lang=item.lang).action.value


def _items(session: Session, limit: int) -> list[_Item]:
    latest = (
        select(
            col(ModerationDecision.submission_id).label("submission_id"),
            func.max(ModerationDecision.id).label("decision_id"),
        )
        .where(col(ModerationDecision.decided_by_id).is_not(None))
        .group_by(col(ModerationDecision.submission_id))
        .order_by(func.max(ModerationDecision.id).desc())
        .limit(limit)
        .subquery()
    )
    query = (
        sa.select(
            latest.c.submission_id,
            col(ModerationDecision.action),
            col(Submission.lang),
            col(ModerationSignal.rule_id),
            col(ModerationSignal.detector),
            col(ModerationSignal.detector_version),
            col(ModerationSignal.score),
            col(ModerationSignal.label),
        )
        .select_from(latest)
        .join(ModerationDecision, col(ModerationDecision.id) == latest.c.decision_id)
        .join(Submission, col(Submission.id) == latest.c.submission_id)
        .outerjoin(
            ModerationSignal,
            col(ModerationSignal.revision_id) == col(ModerationDecision.revision_id),
        )
        .order_by(latest.c.decision_id.desc(), col(ModerationSignal.id))
    )
    items: dict[int, _Item] = {}
    for row in session.execute(query):
        submission_id, action, lang, rule_id, detector, version, score, label = row
        item = items.get(submission_id)
        if item is None:
            item = items[submission_id] = _Item(submission_id, normalize_language(lang), action)
        if rule_id in RULES and detector in _DETECTORS:
            hit = RuleHit(rule_id, Detector(detector), version, score=score, label=label)
            item.hits.append(hit)
    return list(items.values())


def preview_change(
    session: Session, *, data: Mapping[str, Any], defaults: PolicySettings, limit: int = LIMIT
) -> Preview:
    """The settings page's preview: checked policy ``data`` (``store.check``) against the
    version in force, both over ``defaults``."""
    in_force = store.current_over(session, defaults).policy
    return preview(session, in_force=in_force, proposed=store.build(data, defaults), limit=limit)
