"""Security headers, the session cookie, CSRF, rate limits and the production secret."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import func, select
from starlette.routing import Route
from starlette.testclient import TestClient

from debate.app import create_app
from debate.core import ratelimit
from debate.core.db import session_scope
from debate.core.models import RateEvent, Role, utcnow
from debate.core.settings import Settings, SettingsError
from debate.routes import routes
from debate.web.middleware import CSP, RATE_LIMITED
from tests.factories import PASSWORD, login, make_consultation, make_user, post_form
from tests.test_permissions import MATRIX, _world

HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


def _assert_headers(response, *, hsts: bool = False) -> None:
    for name, value in HEADERS.items():
        if name == "content-security-policy":
            # A response may add a stricter policy of its own (an attachment's sandbox): the
            # browser enforces both, so the site's must be among them, unchanged.
            assert value in response.headers.get_list(name), (name, response.request.url)
            continue
        assert response.headers.get(name) == value, (name, response.request.url)
    assert "camera=()" in response.headers["permissions-policy"]
    assert ("strict-transport-security" in response.headers) is hsts


def test_the_policy_allows_no_inline_script_or_style():
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert "script-src 'self'" in CSP and "style-src 'self'" in CSP
    assert "frame-ancestors 'none'" in CSP


def test_every_get_route_of_the_matrix_has_the_headers(client, engine):
    world = _world(client, engine)
    login(client, make_user(engine, Role.ADMIN))
    for method, template, _access, _status in MATRIX.values():
        if method == "GET":
            _assert_headers(client.get(template.format(**world)))


@pytest.mark.parametrize("url", ["/static/style.css", "/no/such/page", "/proposals/999999"])
def test_static_files_and_errors_have_the_headers(client, url):
    _assert_headers(client.get(url))


def test_a_rejected_post_and_a_wrong_method_have_the_headers(client):
    _assert_headers(client.post("/login", data={"email": "x"}))  # no CSRF token: 403
    _assert_headers(client.delete("/"))


def test_the_500_page_has_the_headers(settings):
    app = create_app(settings)

    async def boom(request):
        raise RuntimeError("boom")

    app.router.routes.insert(0, Route("/boom", boom))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    _assert_headers(response)


def test_hsts_only_behind_https(settings):
    app = create_app(replace(settings, https_only=True))
    with TestClient(app, base_url="https://testserver") as client:
        _assert_headers(client.get("/"), hsts=True)
    assert "max-age=" in client.get("/").headers["strict-transport-security"]


# --- The session cookie -----------------------------------------------------------------------


def _session_cookie(response) -> str:
    cookies = [v for v in response.headers.get_list("set-cookie") if "inspel_session=" in v]
    assert cookies, "no session cookie set"
    return cookies[-1].lower()


def test_session_cookie_is_httponly_and_lax_and_not_secure_over_http(client):
    cookie = _session_cookie(client.get("/login"))
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie


def test_session_cookie_is_secure_with_https_only(database_url, tmp_path):
    settings = Settings.from_env(
        {"INSPEL_HTTPS_ONLY": "true"},
        data_dir=tmp_path,
        database_url=database_url,
        secret_key="s" * 40,
    )
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        cookie = _session_cookie(client.get("/login"))
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie


def test_login_starts_a_new_session_and_csrf_token(client, engine):
    user = make_user(engine)
    client.get("/login")
    before = client.cookies["inspel_session"]
    old_token = _csrf_of(client)
    login(client, user)
    assert client.cookies["inspel_session"] != before
    assert _csrf_of(client) != old_token


def test_a_session_copied_before_logout_is_worth_nothing_after_it(client, engine):
    login(client, make_user(engine))
    stolen = client.cookies["inspel_session"]
    assert client.get("/me/submissions").status_code == 200
    post_form(client, "/logout")
    assert client.get("/me/submissions").status_code == 303
    client.cookies.clear()
    client.cookies.set("inspel_session", stolen)
    assert client.get("/me/submissions").status_code == 303


def test_logging_out_one_session_leaves_the_others(client, engine, settings):
    user = make_user(engine)
    login(client, user)
    with TestClient(create_app(settings), follow_redirects=False) as other:
        login(other, user)
        post_form(other, "/logout")
    assert client.get("/me/submissions").status_code == 200


def _csrf_of(client) -> str:
    from tests.factories import csrf

    return csrf(client)


#: RFC 8058 one-click unsubscribes: mail services post them without cookies, so there is no
#: CSRF token; the signed link is the only authority and can only stop that mail
#: (tests/test_follow.py, tests/test_follow_digest.py).
ONE_CLICK = {"follow.unsubscribe", "follow.digest.stop"}


def test_every_post_route_refuses_a_form_without_the_csrf_token(client, engine):
    world = _world(client, engine)
    login(client, make_user(engine, Role.ADMIN))
    client.get("/lang/en")
    for name, (method, template, _access, status) in MATRIX.items():
        if method == "POST" and name not in ONE_CLICK:
            response = client.post(template.format(**world), data={"title": "T", "body": "B"})
            if status == 404 and response.status_code == 404:
                continue  # not the admin's own item: refused before the form is read
            if status == 415 and response.status_code == 415:
                continue  # an upload route: a form that is not multipart is refused unread
            assert response.status_code == 403, (name, response.status_code)
            assert "The form has expired or did not come from this site." in response.text, name


def test_only_get_and_post_are_routed():
    for route in routes:
        if isinstance(route, Route) and route.name != "api.preflight":
            assert (route.methods or set()) <= {"GET", "HEAD", "POST"}, route.name


def test_the_one_options_route_answers_cors_preflights_of_the_api_only():
    (preflight,) = [r for r in routes if isinstance(r, Route) and "OPTIONS" in (r.methods or ())]
    assert preflight.name == "api.preflight" and preflight.methods == {"OPTIONS"}
    assert preflight.path.startswith("/api/v1/")


# --- Rate limits ------------------------------------------------------------------------------


@pytest.fixture
def strict(settings):
    return replace(
        settings,
        rate_submissions=(3, 600),
        rate_logins=(3, 600),
        rate_cases=(2, 600),
        rate_supports=(3, 600),
    )


def test_rate_limited_routes_exist():
    names = {r.name for r in routes if isinstance(r, Route)}
    assert set(RATE_LIMITED) <= names


def test_submissions_over_the_limit_get_429_with_retry_after(strict, engine):
    make_consultation(engine)
    with TestClient(create_app(strict), follow_redirects=False) as client:
        client.get("/lang/en")
        statuses = [
            post_form(client, "/consultations/agenda/proposals", {"title": "T", "body": "B"})
            for _ in range(4)
        ]
        assert [r.status_code for r in statuses] == [303, 303, 303, 429]
        blocked = statuses[-1]
        assert 1 <= int(blocked.headers["retry-after"]) <= 600
        assert "You have sent too many in a short time. Wait 10 minutes and try again." in (
            blocked.text
        )
        _assert_headers(blocked)
        client.get("/lang/sv")
        again = post_form(client, "/consultations/agenda/proposals", {"title": "T", "body": "B"})
        assert "Du har skickat för många på kort tid. Vänta 10 minuter och försök igen." in (
            again.text
        )


def test_logins_are_limited_per_address_even_when_they_succeed(strict, engine):
    user = make_user(engine)
    with TestClient(create_app(strict), follow_redirects=False) as client:
        codes = [
            post_form(client, "/login", {"email": user.email, "password": PASSWORD}).status_code
            for _ in range(4)
        ]
    assert codes == [303, 303, 303, 429]


def test_limits_count_per_account_across_addresses(strict, engine):
    make_consultation(engine)
    user = make_user(engine)
    with TestClient(create_app(strict), follow_redirects=False) as client:
        login(client, user)
        for _ in range(3):
            post_form(client, "/consultations/agenda/proposals", {"title": "T", "body": "B"})
    with session_scope(engine) as session:
        keys = set(session.exec(select(RateEvent.key)).all())
    assert {"submissions:ip:testclient", f"submissions:user:{user.id}"} <= keys


def test_check_allows_up_to_the_limit_then_says_how_long_to_wait(engine):
    with session_scope(engine) as session:
        results = [
            ratelimit.check(session, keys=["k:ip:1", "k:user:1"], limit=2, window=60)
            for _ in range(3)
        ]
    assert results[:2] == [None, None] and results[2] is not None and 1 <= results[2] <= 60


def test_old_events_fall_out_of_the_window_and_are_pruned(engine, monkeypatch):
    # ``check`` prunes by itself one time in PRUNE_ONE_IN: here it never does, then always.
    monkeypatch.setattr(ratelimit.random, "randrange", lambda n: 1)
    with session_scope(engine) as session:
        old = utcnow() - timedelta(days=2)
        session.add_all([RateEvent(key="k", at=old), RateEvent(key="k", at=old)])
    with session_scope(engine) as session:
        assert ratelimit.check(session, keys=["k"], limit=1, window=60) is None
        assert ratelimit.prune(session) == 2
        assert session.exec(select(func.count()).select_from(RateEvent)).one() == 1
    monkeypatch.setattr(ratelimit.random, "randrange", lambda n: 0)
    with session_scope(engine) as session:
        session.add(RateEvent(key="k", at=old))
    with session_scope(engine) as session:
        assert ratelimit.check(session, keys=["other"], limit=1, window=60) is None
        assert sorted(session.exec(select(RateEvent.key)).all()) == ["k", "other"]


def test_the_login_lockout_says_when_to_try_again(client, engine, settings):
    user = make_user(engine)
    for _ in range(settings.login_max_attempts):
        post_form(client, "/login", {"email": user.email, "password": "wrong"})
    blocked = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.headers["retry-after"] == str(settings.login_window_seconds)
    _assert_headers(blocked)


@pytest.mark.parametrize("value", ["30", "x/600", "0/600", "30/0", "30/100000"])
def test_bad_rate_settings_are_refused(tmp_path, value):
    with pytest.raises(SettingsError, match="INSPEL_RATE_SUBMISSIONS"):
        Settings.from_env({"INSPEL_DATA_DIR": str(tmp_path), "INSPEL_RATE_SUBMISSIONS": value})


# --- The production secret --------------------------------------------------------------------


@pytest.mark.parametrize("secret", ["change-me", "secret", "x" * 31])
def test_production_refuses_a_short_or_placeholder_secret(tmp_path, secret):
    environ = {"INSPEL_ENV": "production", "INSPEL_DATA_DIR": str(tmp_path)}
    with pytest.raises(SettingsError, match="at least 32 characters in production"):
        Settings.from_env({**environ, "INSPEL_SECRET_KEY": secret})


def test_production_refuses_to_start_without_a_secret(tmp_path):
    with pytest.raises(SettingsError, match="INSPEL_SECRET_KEY must be set in production"):
        create_app(
            Settings.from_env({"INSPEL_ENV": "production", "INSPEL_DATA_DIR": str(tmp_path)})
        )


PRODUCTION = {"INSPEL_ENV": "production", "INSPEL_BASE_URL": "https://inspel.example.se"}


def test_production_starts_with_a_real_secret(tmp_path):
    environ = {**PRODUCTION, "INSPEL_DATA_DIR": str(tmp_path)}
    settings = Settings.from_env({**environ, "INSPEL_SECRET_KEY": secrets.token_urlsafe(48)})
    assert settings.env == "production" and not (tmp_path / "secret_key").exists()
    assert settings.base_url == "https://inspel.example.se"
    hex_key = Settings.from_env({**environ, "INSPEL_SECRET_KEY": secrets.token_hex(16)})
    assert hex_key.env == "production"  # 128 random bits written in hex


@pytest.mark.parametrize(
    "secret",
    [
        "k" * 48,
        "please-change-this-to-something-long-0123456789",
        "your-secret-key-goes-here-" + "9f3c1a7be2d84c06",  # fixed: test ids must not vary
        "abababababababababababababababababababab",
        "0123456789012345678901234567890123456789",
    ],
)
def test_production_refuses_a_placeholder_or_predictable_secret(tmp_path, secret):
    """Issue 15, item 26."""
    environ = {**PRODUCTION, "INSPEL_DATA_DIR": str(tmp_path), "INSPEL_SECRET_KEY": secret}
    with pytest.raises(SettingsError, match="looks like a placeholder or is too predictable"):
        Settings.from_env(environ)


@pytest.mark.parametrize("url", ["", "inspel.example.se", "ftp://x.se", "https://x.se/?a=1"])
def test_production_needs_a_public_base_url(tmp_path, url):
    environ = {**PRODUCTION, "INSPEL_DATA_DIR": str(tmp_path), "INSPEL_BASE_URL": url}
    with pytest.raises(SettingsError, match="INSPEL_BASE_URL"):
        Settings.from_env({**environ, "INSPEL_SECRET_KEY": secrets.token_urlsafe(48)})
