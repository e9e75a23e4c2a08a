"""Sign-in through an OpenID Connect provider: an e-ID broker (Freja eID, BankID through a
broker) or a municipal identity provider, beside e-mail and password (docs/accounts.md).

Authlib does the protocol: the authorization code flow with PKCE (S256), ``state`` and
``nonce`` kept in the signed session cookie, the provider's discovery document, and the ID
token checked against the provider's published keys (JWKS, fetched again for an unknown key
id) with its issuer, audience, expiry and nonce. Its calls to the provider go through httpx's
async client (httpx2, httpx's successor, which Authlib prefers), so nothing blocks the event
loop. Which account the token names is ``debate.accounts.oidc.sign_in``; the session starts as a
password login starts it.

Whatever goes wrong answers a page that says so, never a 500, and is logged: the provider
cannot be reached or sends nonsense (502), the sign-in was cancelled, has expired, came from
another browser or its token does not check out (400), or names no account Inspel may sign in
(403). A callback whose state matches the sign-in this browser started counts against the
same per-address limit as the login form (``INSPEL_RATE_LOGINS``).
"""

from __future__ import annotations

import logging
from typing import Any

from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.starlette_client import OAuth
from joserfc.errors import JoseError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.accounts import oidc
from debate.accounts.security import tokens_match
from debate.core import ratelimit
from debate.core.i18n import _, get_language
from debate.core.settings import Settings
from debate.web.http import flash, redirect, run_db, safe_next, settings, start_session
from debate.web.urls import public_url

try:  # Authlib's httpx client is built on httpx2 where it is installed, else on httpx.
    import httpx2 as http
except ImportError:  # pragma: no cover
    import httpx as http  # type: ignore[no-redef]

log = logging.getLogger(__name__)

#: Seconds to wait for the provider on each call.
TIMEOUT = 10.0
#: Seconds of clock difference tolerated on the ID token's times.
LEEWAY = 60
#: Where the page to return to and the state wait in the session during the sign-in (Authlib
#: keeps the state's data, nonce and PKCE verifier, under its own key).
NEXT_KEY = "oidc_next"
STATE_KEY = "oidc_state"
#: What goes wrong talking to the provider: no answer, an error status, or an answer that is
#: not the JSON it should be.
PROVIDER_ERRORS = (http.HTTPError, ValueError, TypeError, KeyError, RuntimeError)


class ProviderError(Exception):
    """The provider's discovery document is not one Inspel can use."""


def client(request: Request) -> Any:
    """The app's Authlib client for the configured provider (made once per app); 404 when
    sign-in through OpenID Connect is off."""
    config = settings(request)
    if not config.oidc_issuer:
        raise HTTPException(404, _("There is no page at this address."))
    found = getattr(request.app.state, "oidc_client", None)
    if found is None:
        found = request.app.state.oidc_client = _register(config)
    return found


def _register(config: Settings) -> Any:
    secret = config.oidc_client_secret or None
    return OAuth().register(
        name="oidc",
        client_id=config.oidc_client_id,
        client_secret=secret,
        server_metadata_url=discovery_url(config.oidc_issuer),
        client_kwargs={
            "scope": config.oidc_scopes,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_basic" if secret else "none",
            "timeout": TIMEOUT,
        },
    )


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


async def metadata(provider: Any, issuer: str) -> dict[str, Any]:
    """The discovery document (fetched once, then kept); its issuer must be the configured
    one (OpenID Connect Discovery 1.0, section 4.3)."""
    found: dict[str, Any] = await provider.load_server_metadata()
    needed = ("authorization_endpoint", "token_endpoint", "jwks_uri")
    missing = [key for key in needed if key not in found]
    if found.get("issuer") != issuer or missing:
        provider.server_metadata.clear()  # fetched again next time
        raise ProviderError(f"issuer {found.get('issuer')!r}, missing {missing}")
    return found


async def start(request: Request) -> Response:
    """Send the visitor to the provider, with a fresh state, nonce and PKCE verifier."""
    provider = client(request)
    config = settings(request)
    callback_url = public_url(request.url_for("account.oidc.callback").path, request)
    try:
        await metadata(provider, config.oidc_issuer)
        found = await provider.create_authorization_url(callback_url, ui_locales=get_language())
        await provider.save_authorize_data(request, redirect_uri=callback_url, **found)
    except (*PROVIDER_ERRORS, ProviderError, OAuthError) as exc:
        log.warning("oidc: discovery at %s failed: %r", config.oidc_issuer, exc)
        raise unreachable(config) from None
    request.session[STATE_KEY] = found["state"]
    request.session[NEXT_KEY] = safe_next(request.query_params.get("next"))
    return redirect(found["url"])


async def callback(request: Request) -> Response:
    """The provider sends the visitor back here with a code (or an error)."""
    provider = client(request)
    config = settings(request)
    # Only a callback for a sign-in this browser started counts against the limit: a link
    # on another site cannot use up the logins of everyone behind an address.
    if not tokens_match(request.session.get(STATE_KEY), request.query_params.get("state")):
        log.warning("oidc: callback without a matching state")
        raise HTTPException(400, expired())
    await _limit(request, config)
    error = request.query_params.get("error")
    if error is not None:
        log.info("oidc: the provider answered %r", error[:100])
        raise HTTPException(
            400, _("The sign-in at {name} was cancelled or refused.").format(name=config.oidc_name)
        )
    claims = await _claims(request, provider, config)
    try:
        user = await run_db(request, oidc.sign_in, issuer=config.oidc_issuer, claims=claims)
    except oidc.SignInRefusedError as exc:
        # Not the subject: at an e-ID broker it may be derived from a personal number.
        log.warning("oidc: sign-in refused: %s", exc)
        raise  # a domain error: debate.web.errors maps it
    next_url = safe_next(request.session.get(NEXT_KEY))
    start_session(request, user)
    log.info("oidc: user %s signed in", user.id)
    flash(request, _("You are logged in."), "success")
    return redirect(next_url)


async def _claims(request: Request, provider: Any, config: Settings) -> dict[str, Any]:
    """The ID token's claims once the code is exchanged and the token checked."""
    options = {"iss": {"essential": True, "values": [config.oidc_issuer]}}
    try:
        await metadata(provider, config.oidc_issuer)
        token = await provider.authorize_access_token(
            request, claims_options=options, leeway=LEEWAY
        )
    except MismatchingStateError:
        log.warning("oidc: callback without a matching state")
        raise HTTPException(400, expired()) from None
    except OAuthError as exc:  # the token endpoint refused the code
        log.warning("oidc: token request refused: %s", exc.error)
        raise HTTPException(400, expired()) from None
    except JoseError as exc:
        log.warning("oidc: ID token refused: %r", exc)
        raise HTTPException(400, not_verified()) from None
    except (*PROVIDER_ERRORS, ProviderError) as exc:
        log.warning("oidc: provider call failed: %r", exc)
        raise unreachable(config) from None
    claims = token.get("userinfo")
    if not isinstance(claims, dict):
        log.warning("oidc: the token answer had no ID token")
        raise HTTPException(400, not_verified())
    return dict(claims)


async def _limit(request: Request, config: Settings) -> None:
    """The per-address login limit (``INSPEL_RATE_LOGINS``), which the middleware counts for
    POSTs only: the callback is a GET."""
    limit, window = config.rate_logins
    address = request.client.host if request.client else "unknown"
    keys = [f"logins:ip:{address}"]
    retry_after = await run_db(
        request,
        ratelimit.check,
        keys=keys,
        limit=limit,
        window=window,
        login_window=config.login_window_seconds,
    )
    if retry_after is not None:
        log.warning("oidc: sign-ins from %s over the limit", address)
        raise HTTPException(
            429,
            _("Too many sign-ins from your address. Wait a while and try again."),
            headers={"Retry-After": str(retry_after)},
        )


def unreachable(config: Settings) -> HTTPException:
    message = _(
        "{name} cannot be reached just now. Try again later, or log in with your e-mail "
        "address and password."
    )
    return HTTPException(502, message.format(name=config.oidc_name))


def expired() -> str:
    return _(
        "The sign-in has expired or was started in another browser or tab. Start it again "
        "from the login page."
    )


def not_verified() -> str:
    return _("The answer from the sign-in service could not be verified. Start the sign-in again.")


routes: list[BaseRoute] = [
    Route("/login/oidc", start, name="account.oidc", methods=["GET"]),
    Route("/login/oidc/callback", callback, name="account.oidc.callback", methods=["GET"]),
]
