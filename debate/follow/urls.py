"""The site's addresses that followers' mail links to, built from the follow's ``site_url``
(mail is also written by background senders, which serve no request). tests/test_follow.py
checks them against the route table."""

from __future__ import annotations

import re

from debate.core.models import Follow
from debate.follow import tokens

#: A site-relative rule address in a stored statement of reasons (written without
#: ``INSPEL_BASE_URL``; ``debate.rulepages.text.rule_url``), at the start of a word.
_RELATIVE_RULE = re.compile(r"(?<!\S)(/rules/debate#rule-)")


def absolute_rules(site_url: str, text: str) -> str:
    """``text`` with its site-relative rule addresses made absolute, for a mail."""
    return _RELATIVE_RULE.sub(lambda found: f"{site_url.rstrip('/')}{found.group(1)}", text)


def confirm(site_url: str, token: str) -> str:
    return f"{site_url}/follow/confirm/{token}"


def unsubscribe(follow: Follow, secret: str) -> str:
    assert follow.id is not None
    return f"{follow.site_url}/follow/unsubscribe/{tokens.unsubscribe_token(secret, follow.id)}"


def stop_digest(site_url: str, follow_ids: list[int], secret: str) -> str:
    return f"{site_url}/follow/digest/{tokens.digest_token(secret, follow_ids)}"


def status(site_url: str, token: str) -> str:
    return f"{site_url}/status/{token}"


def proposal(site_url: str, proposal_id: int) -> str:
    return f"{site_url}/proposals/{proposal_id}"


def article(site_url: str, slug: str) -> str:
    return f"{site_url}/articles/{slug}"
