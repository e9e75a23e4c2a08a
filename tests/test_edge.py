"""The edge of the site (issue 15): the public base URL and the trusted-host check, trusted
proxies, private pages never cached, the body timeout, limits that forged posts cannot use
up, the accessibility form's limit, and an access log without secret links."""

from __future__ import annotations

import logging
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import anyio
import pytest
from sqlmodel import func, select
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.testclient import TestClient

from debate.app import create_app
from debate.core.db import session_scope
from debate.core.models import AuditEvent, OutboxMessage, RateEvent, Role
from debate.core.settings import Settings, SettingsError
from debate.web.guards import BodyTimeout, MaskSecretLinks, mask_secret_path
from debate.web.urls import NoBaseURLError, public_url
from tests.factories import login, make_consultation, make_user, post_form, seed_proposal

BASE = "https://dialog.example.se"
NOTICE = {"category": "illegal:LAW-THREAT", "explanation": "Hotar en person.", "good_faith": "yes"}

# A key that passes the production check (random, not a placeholder or a pattern).
RANDOM_SECRET = secrets.token_urlsafe(48)


def _submission(engine) -> int:
    from debate.core.models import Proposal

    proposal_id = seed_proposal(engine, make_consultation(engine))
    with session_scope(engine) as session:
        return session.get_one(Proposal, proposal_id).submission_id


def _mail_bodies(engine) -> list[str]:
    with session_scope(engine) as session:
        return [m.body for m in session.exec(select(OutboxMessage)).all()]


# --- INSPEL_BASE_URL and the trusted-host check -----------------------------------------------


def test_the_notice_mail_links_to_the_base_url_whatever_host_the_request_names(settings, engine):
    configured = replace(settings, base_url=BASE, allowed_hosts=("dialog.example.se", "evil.test"))
    item = _submission(engine)
    with TestClient(
        create_app(configured), base_url="http://evil.test", follow_redirects=False
    ) as client:
        response = post_form(client, f"/report/{item}", NOTICE | {"notifier_email": "x@example.se"})
    assert response.status_code == 303
    token = response.headers["location"].rsplit("/", 1)[1]
    [body] = _mail_bodies(engine)
    assert f"{BASE}/notices/{token}" in body and "evil.test" not in body


def test_a_host_outside_the_allowed_ones_is_refused_before_any_view(settings, engine):
    configured = replace(settings, base_url=BASE, allowed_hosts=("dialog.example.se",))
    item = _submission(engine)
    with TestClient(
        create_app(configured), base_url="http://evil.test", follow_redirects=False
    ) as client:
        response = client.post(f"/report/{item}", data=NOTICE | {"notifier_email": "x@e.se"})
        assert response.status_code == 400
        assert response.text == "Den här webbplatsen svarar inte på det värdnamnet."
        assert response.headers["x-frame-options"] == "DENY"
        # Health checks ask by address: they are answered whatever the host.
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
    assert _mail_bodies(engine) == []
    with TestClient(create_app(configured), base_url=BASE, follow_redirects=False) as client:
        assert client.get("/").status_code == 200
        assert client.get("/", headers={"host": "dialog.example.se:443"}).status_code == 200


def test_allowed_hosts_come_from_the_base_url_and_development_allows_any(tmp_path):
    def hosts(**environ: str) -> tuple[str, ...]:
        env = {"INSPEL_DATA_DIR": str(tmp_path), **environ}
        return Settings.from_env(env).allowed_hosts

    assert hosts() == ("*",)
    assert hosts(INSPEL_BASE_URL=BASE + "/") == ("dialog.example.se",)
    assert hosts(INSPEL_BASE_URL=BASE, INSPEL_ALLOWED_HOSTS="a.se, *.b.se") == ("a.se", "*.b.se")
    production = {"INSPEL_ENV": "production", "INSPEL_SECRET_KEY": RANDOM_SECRET}
    assert hosts(**production, INSPEL_BASE_URL=BASE) == ("dialog.example.se",)


def test_production_refuses_to_start_without_a_base_url(tmp_path):
    environ = {"INSPEL_ENV": "production", "INSPEL_DATA_DIR": str(tmp_path)}
    with pytest.raises(SettingsError, match="INSPEL_BASE_URL must be set in production"):
        Settings.from_env({**environ, "INSPEL_SECRET_KEY": RANDOM_SECRET})


@pytest.mark.parametrize(
    "value", ["dialog.example.se", "ftp://x.se", "https://", "https://x?y", "https://u@x.se"]
)
def test_a_base_url_that_is_not_an_address_is_refused(tmp_path, value):
    with pytest.raises(SettingsError, match="INSPEL_BASE_URL must be an address"):
        Settings.from_env({"INSPEL_DATA_DIR": str(tmp_path), "INSPEL_BASE_URL": value})


def test_public_url_prefers_the_setting_then_the_request_then_refuses(settings, monkeypatch):
    monkeypatch.delenv("INSPEL_BASE_URL", raising=False)
    configured = replace(settings, base_url=BASE)
    assert public_url("/notices/x", settings=configured) == f"{BASE}/notices/x"
    scope = {
        "type": "http",
        "scheme": "http",
        "server": ("h.test", 80),
        "path": "/",
        "headers": [(b"host", b"h.test")],
        "root_path": "",
        "query_string": b"",
    }
    assert public_url("me", Request(scope)) == "http://h.test/me"
    with pytest.raises(NoBaseURLError):
        public_url("/x")
    monkeypatch.setenv("INSPEL_BASE_URL", BASE + "/")
    assert public_url("/x") == f"{BASE}/x"


def test_secrets_are_read_from_files(tmp_path):
    (tmp_path / "secret").write_text("s" * 40 + "\n")
    (tmp_path / "url").write_text("sqlite:////tmp/from-file.db\n")
    settings = Settings.from_env(
        {
            "INSPEL_DATA_DIR": str(tmp_path),
            "INSPEL_SECRET_KEY_FILE": str(tmp_path / "secret"),
            "INSPEL_DATABASE_URL_FILE": str(tmp_path / "url"),
        }
    )
    assert settings.secret_key == "s" * 40
    assert settings.database_url == "sqlite:////tmp/from-file.db"
    with pytest.raises(SettingsError, match="INSPEL_SECRET_KEY_FILE: cannot read"):
        Settings.from_env({"INSPEL_SECRET_KEY_FILE": str(tmp_path / "missing")})
    with pytest.raises(SettingsError, match="Set INSPEL_SECRET_KEY or INSPEL_SECRET_KEY_FILE"):
        Settings.from_env(
            {"INSPEL_SECRET_KEY": "x" * 40, "INSPEL_SECRET_KEY_FILE": str(tmp_path / "secret")}
        )


# --- Trusted proxies ----------------------------------------------------------------------------


def _rate_keys(engine) -> set[str]:
    with session_scope(engine) as session:
        return set(session.exec(select(RateEvent.key)).all())


def test_x_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(settings, engine):
    user = make_user(engine)
    spoofed = {"x-forwarded-for": "198.51.100.7"}
    with TestClient(
        create_app(settings), client=("127.0.0.1", 5000), follow_redirects=False
    ) as client:
        client.headers.update(spoofed)
        login(client, user)
    assert _rate_keys(engine) == {"logins:ip:127.0.0.1"}
    behind = replace(settings, trusted_proxies=("10.0.0.0/8",))
    with TestClient(
        create_app(behind), client=("10.1.2.3", 5000), follow_redirects=False
    ) as client:
        client.headers.update({"x-forwarded-for": "203.0.113.5, 198.51.100.7, 10.9.9.9"})
        login(client, user)
    assert "logins:ip:198.51.100.7" in _rate_keys(engine)


def test_a_bad_trusted_proxy_is_refused(tmp_path):
    with pytest.raises(SettingsError, match="INSPEL_TRUSTED_PROXIES: 'nginx' is not an address"):
        Settings.from_env({"INSPEL_DATA_DIR": str(tmp_path), "INSPEL_TRUSTED_PROXIES": "nginx"})


# --- Cache-Control: no-store --------------------------------------------------------------------


def test_private_pages_are_never_stored_and_public_ones_may_be(client, engine):
    item = _submission(engine)
    notice = post_form(client, f"/report/{item}", NOTICE)
    assert client.get(notice.headers["location"]).headers["cache-control"] == "no-store"
    sent = post_form(
        client, "/consultations/agenda/proposals", {"title": "Cykel", "body": "Fler cykelbanor."}
    )
    assert sent.headers["location"].startswith("/status/")
    assert client.get(sent.headers["location"]).headers["cache-control"] == "no-store"
    login(client, make_user(engine, Role.CITIZEN, email="me@example.se"))
    assert client.get("/me/submissions").headers["cache-control"] == "no-store"
    assert "no-store" not in client.get("/").headers.get("cache-control", "")


# --- Timeouts -----------------------------------------------------------------------------------


def test_a_body_that_trickles_in_too_slowly_gets_408():
    async def view(scope, receive, send):
        request = Request(scope, receive)
        await PlainTextResponse(f"{len(await request.body())} bytes")(scope, receive, send)

    async def run(pause: float) -> tuple[int, bytes]:
        chunks = [b"a" * 10, b"b" * 10]
        sent: list[dict] = []

        async def receive():
            await anyio.sleep(pause)
            body = chunks.pop(0) if chunks else b""
            return {"type": "http.request", "body": body, "more_body": bool(chunks)}

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/", "headers": []}
        await BodyTimeout(view, seconds=0.3)(scope, receive, send)
        return sent[0]["status"], sent[1]["body"]

    # In a thread of its own: an earlier browser test (Playwright's sync API) may have left
    # an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(anyio.run, run, 0.01).result() == (200, b"20 bytes")
        status, body = pool.submit(anyio.run, run, 0.2).result()
    assert (
        status == 408 and body.decode() == "Förfrågan tog för lång tid att komma fram. Försök igen."
    )


# --- Forged posts do not use up the limits ------------------------------------------------------


def test_posts_refused_for_a_missing_csrf_token_do_not_count(settings, engine):
    make_consultation(engine)
    strict = replace(settings, rate_submissions=(3, 600), rate_logins=(3, 600))
    user = make_user(engine)
    with TestClient(create_app(strict), follow_redirects=False) as client:
        for _ in range(10):
            forged = client.post(
                "/consultations/agenda/proposals", data={"title": "T", "body": "B"}
            )
            assert forged.status_code == 403
            assert client.post("/login", data={"email": user.email}).status_code == 403
        assert _rate_keys(engine) == set()
        login(client, user)
        sent = post_form(client, "/consultations/agenda/proposals", {"title": "T", "body": "B"})
        assert sent.status_code == 303


# --- The accessibility form ---------------------------------------------------------------------


def _reports(engine) -> int:
    with session_scope(engine) as session:
        query = select(func.count()).where(AuditEvent.action == "accessibility.reported")
        return session.exec(query).one()


def test_accessibility_reports_are_rate_limited(settings, engine):
    strict = replace(settings, rate_cases=(2, 600))
    report = {"description": "Knappen går inte att nå med tangentbordet."}
    with TestClient(create_app(strict), follow_redirects=False) as client:
        codes = [post_form(client, "/accessibility/report", report).status_code for _ in range(3)]
    assert codes == [303, 303, 429]
    assert _reports(engine) == 2


def test_an_accessibility_report_writes_at_most_2000_characters_to_the_audit_log(client, engine):
    client.get("/lang/en")
    too_long = post_form(client, "/accessibility/report", {"description": "x" * 2001})
    assert too_long.status_code == 400
    assert _reports(engine) == 0
    assert (
        post_form(client, "/accessibility/report", {"description": "x" * 2000}).status_code == 303
    )
    with session_scope(engine) as session:
        event = session.exec(select(AuditEvent)).one()
    assert len(event.detail["description"]) == 2000


# --- The access log -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/status/AbC-123_x", "/status/…"),
        ("/status/AbC-123_x/data?x=1", "/status/…/data?x=1"),
        ("/notices/s3cr3t", "/notices/…"),
        ("/proposals/5", "/proposals/5"),
    ],
)
def test_the_access_log_does_not_record_secret_links(path, logged):
    assert mask_secret_path(path) == logged
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        "",
        0,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", path, "1.1", 200),
        None,
    )
    assert MaskSecretLinks().filter(record)
    assert record.getMessage() == f'127.0.0.1:5 - "GET {logged} HTTP/1.1" 200'


def test_the_app_installs_the_access_log_filter(client):
    filters = logging.getLogger("uvicorn.access").filters
    assert sum(isinstance(f, MaskSecretLinks) for f in filters) == 1
