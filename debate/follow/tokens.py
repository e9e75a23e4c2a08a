"""The links in followers' mail. The confirmation link is encrypted and timestamped (Fernet):
it carries the submission's status token, which must not be readable by whoever holds an
unconfirmed address, and expires after ``CONFIRM_TTL``. The unsubscribe link is signed
(itsdangerous) and never expires: an old digest's link must still work."""

from __future__ import annotations

import base64
import hashlib
import json
import time

from cryptography.fernet import Fernet, InvalidToken
from itsdangerous import BadSignature, URLSafeSerializer

#: How long a confirmation link works.
CONFIRM_TTL = 7 * 24 * 3600
_CONFIRM = b"inspel.follow.confirm:"
_UNSUBSCRIBE = "inspel.follow.unsubscribe"
_DIGEST = "inspel.follow.digest"
#: The most follows one digest's stop link ends (a digest never holds more: see dispatch).
DIGEST_MAX = 500


class BadLinkError(ValueError):
    """The link was not made here, or was changed."""


class ExpiredLinkError(ValueError):
    """The link was made here but is too old."""


def _fernet(secret: str) -> Fernet:
    key = hashlib.sha256(_CONFIRM + secret.encode("utf-8")).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def confirm_token(
    secret: str, follow_id: int, status_token: str, *, now: float | None = None
) -> str:
    payload = json.dumps([follow_id, status_token]).encode("utf-8")
    at = int(time.time() if now is None else now)
    return _fernet(secret).encrypt_at_time(payload, at).decode("ascii")


def read_confirm_token(secret: str, token: str, *, now: float | None = None) -> tuple[int, str]:
    """The follow and the status token; ``BadLinkError`` or ``ExpiredLinkError``."""
    fernet = _fernet(secret)
    try:
        raw = token.encode("ascii")
        issued = fernet.extract_timestamp(raw)  # checks the signature
        payload = json.loads(fernet.decrypt(raw))
    except (InvalidToken, UnicodeError, ValueError) as exc:
        raise BadLinkError from exc
    if (time.time() if now is None else now) - issued > CONFIRM_TTL:
        raise ExpiredLinkError
    match payload:
        case [int(follow_id), str(status_token)]:
            return follow_id, status_token
    raise BadLinkError


def unsubscribe_token(secret: str, follow_id: int) -> str:
    return str(URLSafeSerializer(secret, salt=_UNSUBSCRIBE).dumps(follow_id))


def read_unsubscribe_token(secret: str, token: str) -> int:
    try:
        follow_id = URLSafeSerializer(secret, salt=_UNSUBSCRIBE).loads(token)
    except (BadSignature, UnicodeError, ValueError) as exc:
        raise BadLinkError from exc
    if not isinstance(follow_id, int) or isinstance(follow_id, bool):
        raise BadLinkError
    return follow_id


def digest_token(secret: str, follow_ids: list[int]) -> str:
    """The link that stops a whole digest: every follow whose news it carried."""
    return str(URLSafeSerializer(secret, salt=_DIGEST).dumps(sorted(follow_ids)))


def read_digest_token(secret: str, token: str) -> list[int]:
    try:
        follow_ids = URLSafeSerializer(secret, salt=_DIGEST).loads(token)
    except (BadSignature, UnicodeError, ValueError) as exc:
        raise BadLinkError from exc
    match follow_ids:
        case [*ids] if 0 < len(ids) <= DIGEST_MAX and all(
            isinstance(i, int) and not isinstance(i, bool) for i in ids
        ):
            return [int(i) for i in ids]
    raise BadLinkError
