"""Permission-matrix rows for following (see tests/test_permissions.py): the links in
followers' mail work without login (the signed link is the authority); following a thread
needs an account."""

from __future__ import annotations

from typing import Any

from debate.core.db import session_scope
from debate.core.models import Follow
from debate.follow import tokens, urls
from tests.factories import PUBLIC, SIGNED_IN

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {
    # A link to an address that is not (or no longer) there: gone.
    "follow.confirm": ("GET", "/follow/confirm/{follow_confirm}", PUBLIC, 410),
    "follow.manage": ("GET", "/follow/unsubscribe/{follow_token}", PUBLIC, 200),
    "follow.unsubscribe": ("POST", "/follow/unsubscribe/{follow_token}", PUBLIC, 200),
    "follow.frequency": ("POST", "/follow/frequency/{follow_token}", PUBLIC, 303),
    "follow.digest": ("GET", "/follow/digest/{digest_token}", PUBLIC, 200),
    "follow.digest.stop": ("POST", "/follow/digest/{digest_token}", PUBLIC, 200),
    "proposals.follow": ("POST", "/proposals/{proposal}/follow", SIGNED_IN, 303),
    "articles.follow": ("POST", "/articles/debatt/follow", SIGNED_IN, 303),
    # An empty address is refused with the status page and its error.
    "follow.address": ("POST", "{status}/email", PUBLIC, 400),
    # No confirmed address to send the link to.
    "follow.send_link": ("POST", "{status}/send-link", PUBLIC, 409),
    "follow.remove_address": ("POST", "{status}/email/remove", PUBLIC, 303),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """A follow of the seeded proposal, and its signed links."""
    secret = client.app.state.settings.secret_key
    with session_scope(engine) as session:
        follow = Follow(proposal_id=int(base["proposal"]), site_url="http://testserver")
        session.add(follow)
        session.flush()
        assert follow.id is not None
        stop = urls.unsubscribe(follow, secret).rsplit("/", 1)[1]
        gone = tokens.confirm_token(secret, follow.id + 1000, "status-token")
        digest = tokens.digest_token(secret, [follow.id])
    return {"follow_token": stop, "follow_confirm": gone, "digest_token": digest}
