"""Whole numbers and dates from query strings and forms, read one way everywhere.

A number is ASCII digits only (``str.isdigit`` also accepts "²", which ``int`` refuses) and is
bounded: an id by PostgreSQL's ``INTEGER`` (SQLite would take 64 bits and fail only past them,
so the same address must mean the same on both), a count by what its arithmetic can take. A
date is ``YYYY-MM-DD`` between ``FIRST_DAY`` and ``LAST_DAY``, so that a day added to the end
of a period never overflows (``date(9999, 12, 31) + 1 day`` does). A value that cannot be read
raises ``BadParameterError``, whose message is for the visitor; views answer it with 400.
"""

from __future__ import annotations

import re
from datetime import date

from debate.core.i18n import _

#: The largest id: PostgreSQL's ``INTEGER`` (the type of every primary key here).
MAX_ID = 2**31 - 1
#: Far enough from year 1 and year 9999 for any period arithmetic (a year either way).
FIRST_DAY = date(1000, 1, 1)
LAST_DAY = date(2999, 12, 31)
_DIGITS = re.compile(r"[0-9]{1,18}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BadParameterError(ValueError):
    """A parameter that cannot be read; the message says why, in the visitor's language."""


def digits(raw: str, *, longest: int = 18) -> bool:
    """ASCII digits only, at most ``longest``: ``"²".isdigit()`` is true and ``int("²")``
    raises, as ``int`` does for more than 4,300 digits."""
    return len(raw) <= longest and raw.isascii() and raw.isdigit()


def whole(raw: str | None, *, message: str, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """A whole number from ``minimum`` to ``maximum``; ``None`` when empty."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if not _DIGITS.fullmatch(raw) or not minimum <= int(raw) <= maximum:
        raise BadParameterError(message)
    return int(raw)


def ident(raw: str | None, *, message: str) -> int | None:
    """An id as the database stores it (1 to ``MAX_ID``); ``None`` when empty."""
    return whole(raw, message=message, minimum=1)


def day(raw: str | None, *, message: str | None = None) -> date | None:
    """A date written ``YYYY-MM-DD`` in the years the site can count with; ``None`` when empty."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        if not _DAY.fullmatch(raw):
            raise ValueError(raw)
        found = date.fromisoformat(raw)
    except ValueError:
        raise BadParameterError(message or _("Write dates as YYYY-MM-DD.")) from None
    if not FIRST_DAY <= found <= LAST_DAY:
        raise BadParameterError(
            _("Choose a date from {first} to {last}.").format(
                first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()
            )
        )
    return found
