"""The shadow comparison: what the shadow threshold set decided beside what the live policy
decided, for the same items, counted against moderators' decisions, per rule and language.

Over every item the shadow judged: ``agreement`` (both held it, or neither did), ``would_hold``
(the shadow would have held what was published) and ``would_release`` (the reverse). Over the
items a moderator decided (their latest decision): caught, held clean and missed for each set
(``debate.policy.outcomes.Tally``), and ``would_miss``: items the moderator removed that the
live policy held and the shadow would have let through.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from debate.core.models import ModerationDecision
from debate.core.shadow_models import ShadowVerdict
from debate.policy import shadow
from debate.policy.outcomes import Tally, held, removed
from moderation import PolicySettings

__all__ = ["LIMIT", "Comparison", "Row", "compare"]

#: The latest shadow verdicts a comparison reads.
LIMIT = 5000
#: Languages shown on their own; the rest are counted as "other".
_LANGS = ("sv", "en")


@dataclass(slots=True)
class Row:
    """One group (every item, a language or a rule)."""

    key: str
    items: int = 0
    agree: int = 0
    would_hold: int = 0
    would_release: int = 0
    would_miss: int = 0
    live: Tally = field(default_factory=Tally)
    shadow: Tally = field(default_factory=Tally)

    @property
    def agreement(self) -> float | None:
        return self.agree / self.items if self.items else None

    def add(self, live: bool, shade: bool, moderator: str | None) -> None:
        self.items += 1
        self.agree += live == shade
        self.would_hold += shade and not live
        self.would_release += live and not shade
        if moderator is not None:
            was_removed = removed(moderator)
            self.live.add(live, was_removed)
            self.shadow.add(shade, was_removed)
            self.would_miss += was_removed and live and not shade


@dataclass(frozen=True, slots=True)
class Comparison:
    settings: shadow.ShadowSettings | None
    total: Row
    by_lang: tuple[Row, ...]
    by_rule: tuple[Row, ...]


def compare(session: Session, *, defaults: PolicySettings, limit: int = LIMIT) -> Comparison:
    """The latest started shadow set against the live policy (one query for the verdicts and
    their moderator decisions); empty rows when none was ever started."""
    settings = shadow.latest(session, defaults, started=True)
    total = Row("all")
    langs = {key: Row(key) for key in (*_LANGS, "other")}
    rules: dict[str, Row] = {}
    if settings is None:
        return Comparison(None, total, tuple(langs.values()), ())
    for verdict, moderator, moderator_rules in session.execute(_query(settings.id, limit)):
        live, shade = held(verdict.live_action), held(verdict.action)
        total.add(live, shade, moderator)
        lang = verdict.lang if verdict.lang in _LANGS else "other"
        langs[lang].add(live, shade, moderator)
        cited = {*verdict.live_rule_ids, *verdict.rule_ids, *(moderator_rules or ())}
        for rule_id in sorted(cited):
            rules.setdefault(rule_id, Row(rule_id)).add(live, shade, moderator)
    by_rule = tuple(rules[key] for key in sorted(rules))
    return Comparison(settings, total, tuple(langs.values()), by_rule)


def _query(shadow_id: int, limit: int) -> sa.Select[ShadowVerdict, str, list[str]]:
    latest = (
        select(
            col(ModerationDecision.submission_id).label("submission_id"),
            func.max(ModerationDecision.id).label("decision_id"),
        )
        .where(col(ModerationDecision.decided_by_id).is_not(None))
        .group_by(col(ModerationDecision.submission_id))
        .subquery()
    )
    verdicts = (
        select(ShadowVerdict)
        .where(ShadowVerdict.shadow_id == shadow_id)
        .order_by(col(ShadowVerdict.id).desc())
        .limit(limit)
        .subquery()
    )
    chosen = aliased(ShadowVerdict, verdicts)
    return (
        sa.select(chosen, col(ModerationDecision.action), col(ModerationDecision.rule_ids))
        .select_from(verdicts)
        .outerjoin(latest, latest.c.submission_id == verdicts.c.submission_id)
        .outerjoin(ModerationDecision, col(ModerationDecision.id) == latest.c.decision_id)
    )
