"""Times as people in the region read them, and as the HTML standard wants them.

The database keeps UTC. Pages show Europe/Stockholm time in the reader's language ("7 dec. 2026
04:14" in Swedish, "7 Dec 2026, 04:14" in English), and ``<time datetime>`` carries the instant in
UTC to the second: the HTML standard allows at most three digits of a second there, and
``datetime.isoformat()`` writes six.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from debate.core.i18n import get_language

__all__ = ["REGION_ZONE", "datetime_attribute", "local_date", "local_time"]

#: The region's time zone: every time a page shows is in it.
REGION_ZONE = ZoneInfo("Europe/Stockholm")

_PATTERNS = {"sv": "d MMM y HH:mm", "en": "d MMM y, HH:mm"}


def _aware(value: datetime) -> datetime:
    # Columns come back naive from SQLite and aware from PostgreSQL; both hold UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def local_time(value: datetime | date, lang: str | None = None) -> str:
    """The time in Stockholm, written the way the page's language writes it."""
    lang = lang or get_language()
    if not isinstance(value, datetime):
        return local_date(value, lang)
    pattern = _PATTERNS.get(lang, _PATTERNS["en"])
    return format_datetime(_aware(value), pattern, tzinfo=REGION_ZONE, locale=lang)


def local_date(value: date, lang: str | None = None) -> str:
    """The day (in Stockholm, for a time) without the time: "5 mars 2026"."""
    lang = lang or get_language()
    if isinstance(value, datetime):
        value = _aware(value).astimezone(REGION_ZONE).date()
    return format_date(value, "d MMM y", locale=lang)


def datetime_attribute(value: datetime | date) -> str:
    """A valid value for ``<time datetime>``: UTC to the second (``2026-12-07T03:14:05Z``)."""
    if not isinstance(value, datetime):
        return value.isoformat()
    return _aware(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
