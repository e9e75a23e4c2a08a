"""Times on pages: Stockholm time in the reader's language, and valid <time datetime> values."""

import re
from datetime import UTC, date, datetime

import pytest
from bs4 import BeautifulSoup

from debate.web.dates import datetime_attribute, local_date, local_time
from tests.factories import make_consultation, seed_proposal

# HTML's "valid global date and time string", as the Nu checker reads it: at most three digits of
# a second (we write none).
VALID_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$"
)


@pytest.mark.parametrize(
    ("instant", "lang", "shown"),
    [
        # Winter: UTC+1; summer: UTC+2 (daylight saving time).
        (datetime(2026, 12, 7, 22, 42, tzinfo=UTC), "sv", "7 dec. 2026 23:42"),
        (datetime(2026, 12, 7, 22, 42, tzinfo=UTC), "en", "7 Dec 2026, 23:42"),
        (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "sv", "2 juli 2026 00:30"),
        # SQLite gives naive values: they hold UTC.
        (datetime(2026, 7, 1, 22, 30), "en", "2 Jul 2026, 00:30"),  # noqa: DTZ001
    ],
)
def test_times_are_shown_in_stockholm_in_the_readers_language(instant, lang, shown):
    assert local_time(instant, lang) == shown


def test_a_date_without_a_time_is_shown_as_a_date():
    assert local_time(date(2026, 3, 5), "sv") == "5 mars 2026"


@pytest.mark.parametrize(
    "instant",
    [
        datetime(2026, 12, 7, 3, 14, 5, 123456, tzinfo=UTC),
        datetime(2026, 12, 7, 3, 14, 5, 999999),  # noqa: DTZ001
    ],
)
def test_the_datetime_attribute_is_utc_to_the_second(instant):
    value = datetime_attribute(instant)
    assert value == "2026-12-07T03:14:05Z"
    assert VALID_DATETIME.match(value)


def test_every_time_on_a_thread_page_has_a_valid_datetime(client, engine):
    proposal = seed_proposal(engine, make_consultation(engine), title="Fler bussar")
    page = client.get(f"/proposals/{proposal}")
    assert page.status_code == 200
    times = BeautifulSoup(page.text, "html.parser").select("time[datetime]")
    assert times, "the proposal page shows when it was written"
    for time in times:
        assert VALID_DATETIME.match(time["datetime"]), time["datetime"]
        assert "UTC" not in time.get_text()


def test_a_day_is_the_day_in_stockholm():
    # 23:30 UTC on 31 December is already New Year's Day in Stockholm.
    assert local_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "en") == "1 Jan 2027"
