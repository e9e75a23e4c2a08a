"""Permission-matrix rows for staff's attachments (see tests/test_permissions.py)."""

from __future__ import annotations

from typing import Any

from debate.core.attachment_models import Attachment
from debate.core.db import session_scope
from tests.factories import PUBLIC, STAFF

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {
    # The matrix posts a plain form: an upload route wants multipart (415 to the allowed).
    "staff.consultations.attachments": (
        "POST",
        "/staff/consultations/{consultation}/attachments",
        STAFF,
        415,
    ),
    "staff.articles.attachments": ("POST", "/staff/articles/{article}/attachments", STAFF, 415),
    "staff.attachments.remove": ("POST", "/staff/attachments/{attachment}/remove", STAFF, 303),
    "attachments.show": ("GET", "/attachments/{attachment}", PUBLIC, 200),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """A PDF on the open consultation."""
    with session_scope(engine) as session:
        attachment = Attachment(
            consultation_id=int(base["consultation"]),
            filename="plan.pdf",
            content_type="application/pdf",
            size=9,
            sha256="0" * 64,
            data=b"%PDF-1.4\n",
        )
        session.add(attachment)
        session.flush()
        return {"attachment": str(attachment.id)}
