"""The public rule pages' texts (issue 19, item 6): terms of use, debate rules, the privacy
notice and contacts, per language. Every save is a new row, never updated: the newest row of a
page and language is what the public reads, the older ones are its history."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from debate.core.models import UTCDateTime, utcnow


class RulePageVersion(SQLModel, table=True):
    """One saved version of one rule page in one language."""

    __table_args__ = (sa.UniqueConstraint("page", "lang", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    #: ``terms``, ``debate``, ``privacy`` or ``contact`` (``debate.rulepages.defaults.PAGES``).
    page: str = Field(max_length=20)
    lang: str = Field(max_length=8)
    #: 1 for the first save of a page and language; the defaults are version 0, never stored.
    version: int
    title: str = Field(max_length=200)
    #: The text in the pages' plain format (``debate.rulepages.text``).
    body: str = Field(sa_type=sa.Text)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
