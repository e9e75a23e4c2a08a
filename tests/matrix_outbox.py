"""Permission-matrix rows for the outbox routes (see tests/test_permissions.py)."""

from __future__ import annotations

from typing import Any

from debate.core.db import session_scope
from debate.outbox import mail
from tests.factories import ADMIN

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {
    "outbox.index": ("GET", "/admin/outbox", ADMIN, 200),
    "outbox.show": ("GET", "/admin/outbox/{message}", ADMIN, 200),
    "outbox.retry": ("POST", "/admin/outbox/{message}/retry", ADMIN, 303),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """Extra URL parts these rows need, created in the test database."""
    with session_scope(engine) as session:
        message = mail.enqueue(
            session, to="medborgare@example.se", subject="Beslut", body="Hej!", kind="test"
        )
        session.flush()
        return {"message": str(message.id)}
