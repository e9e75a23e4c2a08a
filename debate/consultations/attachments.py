"""Files staff attach to consultations and articles: the type from the content, the name
cleaned, the bytes stored in the database; removal deletes the bytes and keeps an audit record
(who, when, the name and the SHA-256) (docs/authoring.md)."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

import sqlalchemy as sa
from sqlmodel import Session, col

from debate.audit.record import record
from debate.core.attachment_models import Attachment
from debate.core.errors import DomainError, NotFoundError
from debate.core.i18n import _
from debate.core.models import Article, Consultation, User

#: Content type by its first bytes, and the file-name endings that may go with it.
PNG, JPEG, WEBP, PDF = "image/png", "image/jpeg", "image/webp", "application/pdf"
EXTENSIONS = {PNG: {".png"}, JPEG: {".jpg", ".jpeg"}, WEBP: {".webp"}, PDF: {".pdf"}}
NAMES = {PNG: "PNG", JPEG: "JPEG", WEBP: "WebP", PDF: "PDF"}
FILENAME_MAX = 120


class AttachmentError(DomainError):
    """The file cannot be attached; the message says why (answered 400)."""


class AttachmentTooLargeError(AttachmentError):
    """Larger than ``INSPEL_MAX_UPLOAD_BYTES`` (answered 413)."""


def sniff(data: bytes) -> str | None:
    """The content type ``data`` really is, by its magic bytes; None for any other kind."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"%PDF-"):
        return PDF
    return None


def clean_filename(raw: str) -> str:
    """The name without folders, control or format characters and surrounding blanks."""
    name = PurePosixPath(raw.replace("\\", "/")).name
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c)[0] not in "CZ" or c == " ")
    name = name.strip(" .")
    if not name:
        raise AttachmentError(_("The file has no usable name. Rename it and try again."))
    if len(name) > FILENAME_MAX:
        raise AttachmentError(
            _("The file name is too long: at most %(n)d characters.") % {"n": FILENAME_MAX}
        )
    return name


def check(filename: str, data: bytes, max_bytes: int) -> tuple[str, str]:
    """(clean name, content type) of an upload, or an ``AttachmentError`` that says why not."""
    name = clean_filename(filename)
    if not data:
        raise AttachmentError(_("The file is empty."))
    if len(data) > max_bytes:
        raise AttachmentTooLargeError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": f"{max_bytes / 1_000_000:g}"}
        )
    kind = sniff(data)
    if kind is None:
        raise AttachmentError(
            _("Only PNG, JPEG and WebP images and PDF files can be attached; this file is none.")
        )
    if PurePosixPath(name).suffix.lower() not in EXTENSIONS[kind]:
        raise AttachmentError(
            _(
                "The file's name does not match its content (a %(kind)s file). Give it the "
                "ending %(ending)s."
            )
            % {"kind": NAMES[kind], "ending": sorted(EXTENSIONS[kind])[0]}
        )
    return name, kind


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    """An attachment without its bytes, for lists."""

    id: int
    filename: str
    content_type: str
    size: int
    created_at: datetime

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def add(
    session: Session,
    *,
    actor: User,
    owner: Consultation | Article,
    filename: str,
    data: bytes,
    max_bytes: int,
) -> Attachment:
    name, kind = check(filename, data, max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    attachment = Attachment(
        filename=name,
        content_type=kind,
        size=len(data),
        sha256=digest,
        data=data,
        created_by_id=actor.id,
    )
    for column, value in _owner(owner).items():
        setattr(attachment, column, value)
    session.add(attachment)
    session.flush()
    record(
        session,
        actor=actor,
        action="attachment.added",
        object_type="attachment",
        object_id=attachment.id,
        filename=name,
        content_type=kind,
        size=len(data),
        sha256=digest,
        **_owner(owner),
    )
    return attachment


def _owner(owner: Consultation | Article) -> dict[str, int | None]:
    if isinstance(owner, Consultation):
        return {"consultation_id": owner.id}
    return {"article_id": owner.id}


def remove(session: Session, *, actor: User, attachment_id: int) -> AttachmentInfo:
    """Delete the file; the audit log keeps who removed which file (name, size, SHA-256)."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFoundError(_("There is no such attachment."))
    info = _info(attachment)
    record(
        session,
        actor=actor,
        action="attachment.removed",
        object_type="attachment",
        object_id=attachment_id,
        filename=attachment.filename,
        size=attachment.size,
        sha256=attachment.sha256,
        consultation_id=attachment.consultation_id,
        article_id=attachment.article_id,
    )
    session.delete(attachment)
    return info


def _info(a: Attachment) -> AttachmentInfo:
    assert a.id is not None
    return AttachmentInfo(a.id, a.filename, a.content_type, a.size, a.created_at)


_LISTED = (
    col(Attachment.id),
    col(Attachment.filename),
    col(Attachment.content_type),
    col(Attachment.size),
    col(Attachment.created_at),
)


def listed(
    session: Session, *, consultation_id: int | None = None, article_id: int | None = None
) -> list[AttachmentInfo]:
    """One consultation's or one article's attachments, oldest first, without their bytes."""
    query = sa.select(*_LISTED).order_by(col(Attachment.id))
    if consultation_id is not None:
        query = query.where(col(Attachment.consultation_id) == consultation_id)
    else:
        query = query.where(col(Attachment.article_id) == article_id)
    return [AttachmentInfo(*row) for row in session.execute(query)]


@dataclass(frozen=True, slots=True)
class Download:
    attachment: Attachment
    #: Whether the public may fetch it now: its article is published, its consultation open
    #: (or opened before).
    public: bool


def download(session: Session, *, attachment_id: int, now: datetime) -> Download | None:
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        return None
    if attachment.consultation_id is not None:
        consultation = session.get(Consultation, attachment.consultation_id)
        public = consultation is not None and consultation.opens_at <= now
    else:
        article = session.get(Article, attachment.article_id)
        public = article is not None and article.is_published
    return Download(attachment, public)
