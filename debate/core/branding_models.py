"""The site's branding (issue 20, item 6): one row an admin edits on /admin/branding — the
organisation's name, its logo and favicon (uploaded images, kept here so every web process
serves the same ones) and two colours. Each save bumps ``version``, which the pages put in
the addresses of the stylesheet and images so browsers fetch the new ones."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from debate.core.models import UTCDateTime, utcnow


class SiteBranding(SQLModel, table=True):
    #: Always 1: there is one branding.
    id: int = Field(default=1, primary_key=True)
    org_name: str = Field(default="", max_length=120)
    #: ``#rrggbb``, or empty for the default: the header's background (white text on it).
    primary_colour: str = Field(default="", max_length=7)
    #: ``#rrggbb``, or empty for the default: links and buttons (on white).
    accent_colour: str = Field(default="", max_length=7)
    logo: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    logo_type: str = Field(default="", max_length=40)
    favicon: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    favicon_type: str = Field(default="", max_length=40)
    version: int = 0
    updated_by_id: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
