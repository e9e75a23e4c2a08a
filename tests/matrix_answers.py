"""Permission-matrix rows for the staff's answers to proposals (see tests/test_permissions.py):
the "answer" permission, which staff and admins hold."""

from __future__ import annotations

from typing import Any

from tests.factories import SIGNED_IN, STAFF

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {
    "staff.proposals": ("GET", "/staff/proposals", STAFF, 200),
    # An empty form is refused with the list and its errors.
    "staff.proposals.answer": ("POST", "/staff/proposals/answer", STAFF, 400),
    "staff.proposals.edit": ("GET", "/staff/proposals/{proposal}", STAFF, 200),
    "staff.proposals.update": ("POST", "/staff/proposals/{proposal}", STAFF, 400),
    # Supporting after logging in (the intent carried through the login); without one it
    # only goes back to the proposal.
    "proposals.support.resume": ("GET", "/proposals/{proposal}/support/resume", SIGNED_IN, 303),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """Extra URL parts these rows need, created in the test database."""
    return {}
