"""Permission-matrix rows for the mydata routes (see tests/test_permissions.py).

The account pages need an account; the receipt-link pages are open to whoever has the link.
The erase forms are sent empty: without the typed e-mail the account page answers 400, and
without the ticked box the receipt page sends the visitor back (303)."""

from __future__ import annotations

from typing import Any

from tests.factories import PUBLIC, SIGNED_IN

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {
    "mydata.index": ("GET", "/me/data", SIGNED_IN, 200),
    "mydata.export": ("GET", "/me/data/export", SIGNED_IN, 200),
    "mydata.erase": ("POST", "/me/data/erase", SIGNED_IN, 400),
    "mydata.submission": ("GET", "{status}/privacy", PUBLIC, 200),
    "mydata.submission_export": ("GET", "{status}/data", PUBLIC, 200),
    "mydata.submission_erase": ("POST", "{status}/erase", PUBLIC, 303),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """The receipt link comes from the base world (``status``); nothing more is needed."""
    return {}
