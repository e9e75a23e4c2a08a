"""Sign-in through OpenID Connect, driven end to end against a real provider on loopback
(tests/oidc_provider.py): the browser's hops are followed by hand, the app's calls to the
provider (discovery, JWKS, token) go over the network to it."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from debate.accounts.oidc import NO_PASSWORD
from debate.app import create_app
from debate.core.db import session_scope
from debate.core.models import AuditEvent, OidcIdentity, Role, User
from debate.core.settings import Settings, SettingsError
from tests.factories import PASSWORD, make_user, post_form
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, closed_port, running_provider


@pytest.fixture(scope="module")
def _provider() -> Iterator[Provider]:
    with running_provider() as provider:
        yield provider


@pytest.fixture
def provider(_provider: Provider) -> Provider:
    _provider.reset()
    return _provider


def oidc_settings(database_url: str, tmp_path: Path, issuer: str, **extra: str) -> Settings:
    return Settings.from_env(
        {},
        data_dir=tmp_path,
        database_url=database_url,
        secret_key="test-secret-" + "x" * 32,
        oidc_issuer=issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_name="Freja eID",
        **extra,
    )


@pytest.fixture
def oidc_client(database_url: str, tmp_path: Path, provider: Provider) -> Iterator[TestClient]:
    app = create_app(oidc_settings(database_url, tmp_path, provider.issuer))
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client
    app.state.engine.dispose()


def sign_in(client: TestClient, *, next_url: str = "/me/submissions") -> httpx.Response:
    """Start at /login/oidc, let the provider answer the browser, and return the callback's
    response."""
    start = client.get("/login/oidc", params={"next": next_url})
    assert start.status_code == 303, start.text[:300]
    back = httpx.get(start.headers["location"], follow_redirects=False)
    assert back.status_code == 302
    return client.get(callback_path(back.headers["location"]))


def callback_path(location: str) -> str:
    parts = urlsplit(location)
    assert parts.netloc == "testserver" and parts.path == "/login/oidc/callback"
    return f"{parts.path}?{parts.query}"


def signed_in(client: TestClient) -> bool:
    return client.get("/me/submissions").status_code == 200


def users(engine) -> list[User]:
    with session_scope(engine) as session:
        return list(session.exec(select(User).order_by(User.id)))


def identities(engine) -> list[tuple[int, str, str]]:
    with session_scope(engine) as session:
        rows = session.exec(select(OidcIdentity))
        return [(row.user_id, row.issuer, row.subject) for row in rows]


def engine_of(client: TestClient):
    return client.app.state.engine  # type: ignore[attr-defined]


# --- The login page ---------------------------------------------------------------------------


def test_the_login_page_offers_the_provider_in_swedish(oidc_client):
    page = oidc_client.get("/login?next=/me/submissions")
    assert "Logga in med Freja eID" in page.text
    assert 'href="/login/oidc?next=/me/submissions"' in page.text


def test_without_an_issuer_there_is_no_button_and_no_route(client):
    assert 'data-link="oidc"' not in client.get("/login").text
    assert client.get("/login/oidc").status_code == 404
    assert client.get("/login/oidc/callback?code=x&state=y").status_code == 404


# --- Signing in -------------------------------------------------------------------------------


def test_a_new_person_gets_a_verified_citizen_account(oidc_client, provider):
    done = sign_in(oidc_client)
    assert done.status_code == 303 and done.headers["location"] == "/me/submissions"
    assert signed_in(oidc_client)
    engine = engine_of(oidc_client)
    [user] = users(engine)
    assert (user.email, user.display_name, user.role) == (
        "anna.svensson@example.se",
        "Anna Svensson",
        Role.CITIZEN,
    )
    assert user.verified_at is not None and user.password_hash == NO_PASSWORD
    assert identities(engine) == [(user.id, provider.issuer, "freja-4711")]
    # The browser was sent with PKCE (S256), a state and a nonce.
    [asked] = provider.authorize_requests
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) >= 43
    assert asked["state"] and asked["nonce"] and asked["scope"] == "openid email profile"
    assert asked["redirect_uri"] == "http://testserver/login/oidc/callback"


def test_an_existing_account_is_matched_by_its_verified_address_then_by_subject(
    oidc_client, provider
):
    engine = engine_of(oidc_client)
    owner = make_user(engine, email="anna.svensson@example.se")
    assert sign_in(oidc_client).status_code == 303
    assert [u.id for u in users(engine)] == [owner.id]
    assert identities(engine) == [(owner.id, provider.issuer, "freja-4711")]
    # The password still works: the address was already proved.
    oidc_client.cookies.clear()
    login = post_form(oidc_client, "/login", {"email": owner.email, "password": PASSWORD})
    assert login.status_code == 303
    # The provider now sends another address, not verified: the subject is the account's.
    oidc_client.cookies.clear()
    provider.person.update(email="ny@example.se", email_verified=False)
    assert sign_in(oidc_client).status_code == 303
    assert signed_in(oidc_client)
    assert [u.id for u in users(engine)] == [owner.id]


def test_an_unverified_account_is_linked_but_its_password_stops_working(oidc_client):
    """Someone who registered the address first must not keep a way into the owner's account."""
    engine = engine_of(oidc_client)
    squatter = make_user(engine, email="anna.svensson@example.se", verified=False)
    assert sign_in(oidc_client).status_code == 303
    [user] = users(engine)
    assert user.id == squatter.id and user.verified_at is not None
    assert user.session_version == squatter.session_version + 1
    oidc_client.cookies.clear()
    login = post_form(oidc_client, "/login", {"email": user.email, "password": PASSWORD})
    assert login.status_code == 400


def test_an_address_the_provider_has_not_verified_is_refused(oidc_client, provider):
    make_user(engine_of(oidc_client), email="anna.svensson@example.se")
    provider.person["email_verified"] = False
    refused = sign_in(oidc_client)
    assert refused.status_code == 403
    assert "bekräftade ingen e-postadress" in refused.text
    assert not signed_in(oidc_client)
    assert identities(engine_of(oidc_client)) == []


def test_a_deactivated_account_is_refused(oidc_client):
    engine = engine_of(oidc_client)
    user = make_user(engine, email="anna.svensson@example.se")
    with session_scope(engine) as session:
        session.get_one(User, user.id).is_active = False
    refused = sign_in(oidc_client)
    assert refused.status_code == 403
    assert "Det här kontot kan inte logga in." in refused.text


def test_an_address_linked_to_another_subject_is_refused(oidc_client, provider):
    assert sign_in(oidc_client).status_code == 303
    oidc_client.cookies.clear()
    provider.person["sub"] = "someone-new"
    refused = sign_in(oidc_client)
    assert refused.status_code == 403
    assert len(users(engine_of(oidc_client))) == 1


def test_an_account_made_by_a_sign_in_has_no_password(oidc_client):
    assert sign_in(oidc_client).status_code == 303
    oidc_client.cookies.clear()
    for password in ("", NO_PASSWORD, PASSWORD):
        login = post_form(
            oidc_client, "/login", {"email": "anna.svensson@example.se", "password": password}
        )
        assert login.status_code == 400


def test_signing_in_is_audited(oidc_client):
    sign_in(oidc_client)
    with session_scope(engine_of(oidc_client)) as session:
        actions = {e.action for e in session.exec(select(AuditEvent))}
    assert {"user.registered", "user.oidc_linked"} <= actions


# --- What goes wrong --------------------------------------------------------------------------


@pytest.mark.parametrize("tamper", ["nonce", "expired", "signature", "audience", "issuer"])
def test_an_id_token_that_does_not_check_out_is_refused(oidc_client, provider, tamper, caplog):
    provider.tamper = tamper
    refused = sign_in(oidc_client)
    assert refused.status_code == 400
    assert "Svaret från inloggningstjänsten kunde inte kontrolleras." in refused.text
    assert not signed_in(oidc_client) and users(engine_of(oidc_client)) == []
    assert "oidc: ID token refused" in caplog.text


def test_a_wrong_state_is_refused(oidc_client, provider):
    start = oidc_client.get("/login/oidc")
    back = httpx.get(start.headers["location"], follow_redirects=False)
    path = callback_path(back.headers["location"])
    code = parse_qs(urlsplit(path).query)["code"][0]
    refused = oidc_client.get("/login/oidc/callback", params={"code": code, "state": "forged"})
    assert refused.status_code == 400
    assert "Inloggningen har gått ut" in refused.text
    assert not signed_in(oidc_client)


def test_a_callback_from_another_browser_is_refused(oidc_client, provider, database_url):
    start = oidc_client.get("/login/oidc")
    back = httpx.get(start.headers["location"], follow_redirects=False)
    oidc_client.cookies.clear()  # the code arrives in a browser that did not start the sign-in
    refused = oidc_client.get(callback_path(back.headers["location"]))
    assert refused.status_code == 400
    assert users(engine_of(oidc_client)) == []


def test_a_code_works_once(oidc_client):
    start = oidc_client.get("/login/oidc")
    back = httpx.get(start.headers["location"], follow_redirects=False)
    path = callback_path(back.headers["location"])
    assert oidc_client.get(path).status_code == 303
    assert oidc_client.get(path).status_code == 400


def test_a_person_who_cancels_at_the_provider_gets_a_page(oidc_client, provider):
    provider.tamper = "deny"
    refused = sign_in(oidc_client)
    assert refused.status_code == 400
    assert "Inloggningen hos Freja eID avbröts eller nekades." in refused.text


def test_a_provider_that_fails_at_the_token_step_is_a_502(oidc_client, provider, caplog):
    provider.token_fails = True
    failed = sign_in(oidc_client)
    assert failed.status_code == 502
    assert "Freja eID går inte att nå just nu." in failed.text
    assert "oidc: provider call failed" in caplog.text


def test_an_unreachable_provider_is_a_502(database_url, tmp_path):
    issuer = f"http://127.0.0.1:{closed_port()}"
    app = create_app(oidc_settings(database_url, tmp_path, issuer))
    with TestClient(app, follow_redirects=False) as client:
        failed = client.get("/login/oidc")
        assert failed.status_code == 502
        assert "Freja eID går inte att nå just nu." in failed.text
    app.state.engine.dispose()


def test_a_discovery_document_for_another_issuer_is_refused(database_url, tmp_path, provider):
    """The configured issuer must be the one the document names (a trailing slash differs)."""
    app = create_app(oidc_settings(database_url, tmp_path, provider.issuer + "/"))
    with TestClient(app, follow_redirects=False) as client:
        assert client.get("/login/oidc").status_code == 502
    app.state.engine.dispose()


def test_the_callback_counts_against_the_login_limit(database_url, tmp_path, provider):
    settings = oidc_settings(database_url, tmp_path, provider.issuer, rate_logins="2/600")
    app = create_app(settings)
    with TestClient(app, follow_redirects=False) as client:
        assert [sign_in(client).status_code for _ in "abc"] == [303, 303, 429]
    app.state.engine.dispose()


def test_callbacks_from_other_sites_do_not_use_up_the_limit(database_url, tmp_path, provider):
    """A page elsewhere that makes browsers fetch the callback gets a 400 that counts nothing:
    the people behind the address can still sign in."""
    settings = oidc_settings(database_url, tmp_path, provider.issuer, rate_logins="2/600")
    app = create_app(settings)
    with TestClient(app, follow_redirects=False) as client:
        forged = [client.get("/login/oidc/callback?code=x&state=y").status_code for _ in "abc"]
        assert forged == [400, 400, 400]
        assert sign_in(client).status_code == 303
    app.state.engine.dispose()


# --- Settings ---------------------------------------------------------------------------------


def test_an_issuer_needs_a_client_id_and_the_openid_scope(tmp_path):
    with pytest.raises(SettingsError, match="INSPEL_OIDC_CLIENT_ID must be set"):
        Settings.from_env({}, data_dir=tmp_path, oidc_issuer="https://login.example.se")
    with pytest.raises(SettingsError, match="INSPEL_OIDC_SCOPES must include openid"):
        Settings.from_env(
            {},
            data_dir=tmp_path,
            oidc_issuer="https://login.example.se",
            oidc_client_id="inspel",
            oidc_scopes="email profile",
        )


def test_production_needs_an_https_issuer(tmp_path):
    environ = {
        "INSPEL_ENV": "production",
        "INSPEL_DATA_DIR": str(tmp_path),
        "INSPEL_SECRET_KEY": "kQ3v9XbZ7rT2mP8wL4yN6hJ1cF5dG0sA-uE_oI",
        "INSPEL_BASE_URL": "https://inspel.example.se",
        "INSPEL_OIDC_ISSUER": "http://login.example.se",
        "INSPEL_OIDC_CLIENT_ID": "inspel",
    }
    with pytest.raises(SettingsError, match="HTTPS in production"):
        Settings.from_env(environ)
    environ["INSPEL_OIDC_ISSUER"] = "https://login.example.se"
    assert Settings.from_env(environ).oidc_issuer == "https://login.example.se"


def test_the_button_name_defaults_to_the_issuer_host(tmp_path):
    settings = Settings.from_env(
        {}, data_dir=tmp_path, oidc_issuer="https://idp.kommun.se/realms/e", oidc_client_id="x"
    )
    assert settings.oidc_name == "idp.kommun.se"
    assert "hemlig" not in repr(
        Settings.from_env({}, data_dir=tmp_path, oidc_client_secret="hemlig")
    )


# --- My data ----------------------------------------------------------------------------------


def test_the_export_lists_the_sign_in_service_and_erasure_removes_it(oidc_client, provider):
    assert sign_in(oidc_client).status_code == 303
    export = oidc_client.get("/me/data/export")
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        [service] = json.loads(archive.read("sign_in_services.json"))
    assert (service["issuer"], service["subject"]) == (provider.issuer, "freja-4711")
    erased = post_form(oidc_client, "/me/data/erase", {"confirm_email": "anna.svensson@example.se"})
    assert erased.status_code == 303
    assert identities(engine_of(oidc_client)) == []
    # Signing in again is a new account, not the erased one.
    oidc_client.cookies.clear()
    assert sign_in(oidc_client).status_code == 303
    first, second = users(engine_of(oidc_client))
    assert not first.is_active and second.is_active and second.email == "anna.svensson@example.se"


def test_the_client_secret_can_be_read_from_a_file(tmp_path):
    secret_file = tmp_path / "oidc_client_secret"
    secret_file.write_text("from-a-file\n")
    environ = {
        "INSPEL_DATA_DIR": str(tmp_path),
        "INSPEL_OIDC_ISSUER": "https://login.example.se",
        "INSPEL_OIDC_CLIENT_ID": "inspel",
        "INSPEL_OIDC_CLIENT_SECRET_FILE": str(secret_file),
    }
    assert Settings.from_env(environ).oidc_client_secret == "from-a-file"
