"""Limits hold under a burst (issue 15, item 9): many connections at the limit at the same
instant never let more than the limit through, on SQLite and on PostgreSQL (the suite runs
on both), and old rows of both counting tables are pruned (item 15)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import func, select

from debate.core import ratelimit
from debate.core.db import session_scope
from debate.core.models import LoginAttempt, RateEvent, utcnow

LIMIT, CALLERS = 5, 12


def _burst(engine: sa.Engine, keys: list[str], table: sa.Table = ratelimit.EVENTS) -> list:
    """``CALLERS`` threads, each on its own connection, check the same keys at once."""
    barrier = threading.Barrier(CALLERS)
    results: list[int | None] = []
    errors: list[BaseException] = []

    def attempt() -> None:
        try:
            with engine.connect() as connection:
                barrier.wait(30)
                with connection.begin():
                    found = ratelimit.check(
                        connection, keys=keys, limit=LIMIT, window=600, table=table
                    )
            results.append(found)
        except BaseException as exc:  # noqa: BLE001  reported below
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


def _rows(engine: sa.Engine, model: type, key: str) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).where(model.key == key)).one()


@pytest.mark.parametrize("round_", range(3))
def test_a_burst_at_once_never_passes_more_than_the_limit(engine, round_):
    keys = [f"submissions:ip:{round_}", f"submissions:user:{round_}"]
    results = _burst(engine, keys)
    assert results.count(None) == LIMIT
    assert all(1 <= r <= 600 for r in results if r is not None), results
    assert [_rows(engine, RateEvent, key) for key in keys] == [LIMIT, LIMIT]


def test_failed_logins_are_counted_by_the_same_atomic_step(engine):
    results = _burst(engine, ["ip:203.0.113.9", "email:a@example.se"], ratelimit.LOGIN_ATTEMPTS)
    assert results.count(None) == LIMIT
    assert _rows(engine, LoginAttempt, "email:a@example.se") == LIMIT


def test_a_refused_request_records_nothing_for_any_of_its_keys(engine):
    with session_scope(engine) as session:
        for _ in range(LIMIT):
            assert ratelimit.check(session, keys=["full"], limit=LIMIT, window=60) is None
        assert ratelimit.check(session, keys=["fresh", "full"], limit=LIMIT, window=60)
    assert _rows(engine, RateEvent, "fresh") == 0


def test_old_failed_logins_are_pruned_with_the_rate_events(engine):
    old, recent = utcnow() - timedelta(days=2), utcnow() - timedelta(minutes=5)
    with session_scope(engine) as session:
        session.add_all([LoginAttempt(key="ip:1", at=old), LoginAttempt(key="ip:1", at=recent)])
        session.add(RateEvent(key="k", at=old))
    with session_scope(engine) as session:
        assert ratelimit.prune(session) == 2
    with session_scope(engine) as session:
        assert session.exec(select(LoginAttempt.at)).all() == [recent]


def test_a_login_window_longer_than_what_is_kept_is_refused(tmp_path):
    from debate.core.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="INSPEL_LOGIN_WINDOW_SECONDS must be at most 86400"):
        Settings.from_env(
            {"INSPEL_DATA_DIR": str(tmp_path), "INSPEL_LOGIN_WINDOW_SECONDS": "90000"}
        )


def test_failed_logins_older_than_the_login_window_go_when_requests_prune(engine, monkeypatch):
    monkeypatch.setattr(ratelimit.random, "randrange", lambda n: 0)  # prune at this request
    old, recent = utcnow() - timedelta(minutes=20), utcnow() - timedelta(minutes=5)
    with session_scope(engine) as session:
        session.add_all([LoginAttempt(key="ip:1", at=old), LoginAttempt(key="ip:1", at=recent)])
        session.add(RateEvent(key="k", at=old))  # within a day: kept
    with session_scope(engine) as session:
        ratelimit.check(session, keys=["x"], limit=5, window=60, login_window=900)
    with session_scope(engine) as session:
        assert session.exec(select(LoginAttempt.at)).all() == [recent]
        assert _rows(engine, RateEvent, "k") == 1


def test_submissions_from_two_web_apps_at_once_stop_at_the_limit(settings, engine):
    """The HTTP path: two apps (as two web processes) on one database, eight browsers behind
    one address posting at the same instant."""
    from dataclasses import replace

    from starlette.testclient import TestClient

    from debate.app import create_app
    from tests.factories import csrf, make_consultation

    make_consultation(engine)
    strict = replace(settings, rate_submissions=(3, 600))
    apps = [create_app(strict), create_app(strict)]
    browsers = [TestClient(apps[n % 2], follow_redirects=False) for n in range(8)]
    tokens = [csrf(browser) for browser in browsers]
    barrier = threading.Barrier(len(browsers))
    codes: list[int] = []

    def post(browser: TestClient, token: str) -> None:
        barrier.wait(30)
        form = {"csrf_token": token, "title": "Tåg", "body": "Fler tåg på kvällen."}
        codes.append(browser.post("/consultations/agenda/proposals", data=form).status_code)

    threads = [
        threading.Thread(target=post, args=pair) for pair in zip(browsers, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for app in apps:
        app.state.engine.dispose()
    assert sorted(codes) == [303] * 3 + [429] * 5
