"""Files staff attach to a consultation or a debate article (docs/authoring.md): images shown in
the Markdown and PDFs to download. The bytes live in the database, beside the text that names
them: one transaction writes both, and ``inspel backup`` (or ``pg_dump``) copies both."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from debate.core.models import UTCDateTime, utcnow


class Attachment(SQLModel, table=True):
    """One file; it belongs to a consultation or to an article, never both."""

    __table_args__ = (
        sa.CheckConstraint(
            "(consultation_id IS NULL) <> (article_id IS NULL)", name="ck_attachment_one_owner"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int | None = Field(default=None, foreign_key="consultation.id", index=True)
    article_id: int | None = Field(default=None, foreign_key="article.id", index=True)
    #: The name it is offered under (cleaned: no folders, no control characters).
    filename: str = Field(max_length=120)
    #: From the content's first bytes (``debate.consultations.attachments.sniff``), never from
    #: the name or the browser's word.
    content_type: str = Field(max_length=40)
    size: int
    sha256: str = Field(max_length=64)
    data: bytes = Field(sa_type=sa.LargeBinary)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
