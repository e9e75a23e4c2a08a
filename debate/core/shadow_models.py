"""The tables of shadow mode (docs/moderation.md, "Trying a change in shadow"): a threshold
set an admin tries beside the one in force, and what it would have decided. Nothing here is
ever read by what the public sees: the live ``ModerationDecision`` alone decides that."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from debate.core.models import UTCDateTime, utcnow


class ShadowPolicy(SQLModel, table=True):
    """A shadow threshold set, one row per start or stop (never updated): the newest row says
    what runs in shadow now; ``active`` false means nothing does."""

    id: int | None = Field(default=None, primary_key=True)
    #: Policy data in ``PolicyVersion.data``'s shape (``debate.policy.validate.check``).
    data: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    #: The share of new items it runs on, in per cent (chosen by submission id).
    share: int = 100
    active: bool = True
    changed_by_id: int | None = Field(default=None, foreign_key="user.id")
    note: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class ShadowVerdict(SQLModel, table=True):
    """What a shadow set decided for one revision, beside what the live policy decided for
    the same revision from the same signals at the same moment."""

    __table_args__ = (sa.UniqueConstraint("revision_id", "shadow_id"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    revision_id: int = Field(foreign_key="revision.id")
    shadow_id: int = Field(foreign_key="shadowpolicy.id", index=True)
    lang: str = Field(default="", max_length=8)
    #: The shadow's action (``publish``, ``redact``, ``review``, ``reject``) and the rules it
    #: flagged; the live action and rules beside them.
    action: str = Field(max_length=20)
    rule_ids: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    live_action: str = Field(max_length=20)
    live_rule_ids: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
