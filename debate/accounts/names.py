"""Names a citizen may not sign with: the organisation's own (issue 15, item 29).

A reply signed "Regionens redaktion" reads as the region speaking. The check folds what was
typed the way the word lists do (``moderation.views.letter_view``: case, confusable letters
from other scripts, leetspeak, spaced letters), then drops accents, and refuses a name that
contains a reserved name as whole words ("Moderator Kim") or spells one without spaces
("RegionensRedaktion"); a word that merely contains one ("Badminton") is fine.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from moderation import normalize
from moderation.views import letter_view

#: The organisation's names and titles; staff, moderators and admins may use them.
RESERVED_NAMES = (
    "Regionens redaktion",
    "Region Västerbotten",
    "Regionen",
    "Redaktionen",
    "Inspel",
    "Moderator",
    "Moderatorn",
    "Moderatorerna",
    "Admin",
    "Administratör",
    "Administrator",
)
_WORD = re.compile(r"[^\W_]+")


def _words(name: str) -> tuple[str, ...]:
    folded = letter_view(normalize(name)).text
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    )
    return tuple(_WORD.findall(plain))


@cache
def _reserved() -> tuple[tuple[str, ...], ...]:
    return tuple(_words(name) for name in RESERVED_NAMES)


def is_reserved(name: str) -> bool:
    """Whether ``name`` would pass for one of ``RESERVED_NAMES``."""
    words = _words(name)
    if not words:
        return False
    for reserved in _reserved():
        if "".join(words) == "".join(reserved):
            return True
        size = len(reserved)
        if any(words[i : i + size] == reserved for i in range(len(words) - size + 1)):
            return True
    return False
