"""DECENCY-SEXUAL aimed at a person: asking the reader for pictures of themselves with a
meeting or a sexual subject ("Skicka bilder på dig själv så bestämmer vi träff", "send me
pics of yourself and we'll meet up"), or offering to show the reader "how it's done" when the
subject is sex. No sexual word is needed: the request and its aim make it harassment.
"""

from __future__ import annotations

import re

from moderation.analysis import FieldText
from moderation.rules.advances import advances
from moderation.rules.base import Finding

__all__ = ["solicitation"]

_ASK_IMAGES = re.compile(
    r"(?<![^\W_])(?:skicka|skickar|send|dm|visa|show)\s+(?:mig\s+|me\s+)?"
    r"(?:en\s+|ett\s+|några\s+|some\s+|a\s+|more\s+|fler\s+)?"
    r"(?:bild|bilder|foto|foton|pics?|pictures?|photos?|selfies?|nudes)\s+(?:på|of)\s+"
    r"(?:dig|yourself|you)(?![^\W_])"
)
_SHOW_HOW = re.compile(
    r"(?<![^\W_])(?:visa dig|show you)\s+(?:personligen\s+|personally\s+|privat\s+)?"
    r"(?:hur (?:det|man) (?:går till|gör)|how (?:it's|it is) done|how it works|how to do it)"
)
_AIM = re.compile(
    r"(?<![^\W_])(?:bestämmer vi träff|bestämma träff|ses privat|träffas privat|träffa mig|"
    r"let's meet|meet me|meet up|hook up|come over|hem till mig|to my place|"
    r"sex\w*|naken|nakna|naked|nude)(?![^\W_])"
)
_CHEAP = (
    "bild på",
    "bilder på",
    "foto på",
    "foton på",
    "pic of",
    "pics of",
    "picture of",
    "pictures of",
    "photo of",
    "photos of",
    "selfie",
    "nudes",
    "visa dig",
    "show you",
)
_CHEAP_PATTERN = re.compile("|".join(map(re.escape, _CHEAP)))


def solicitation(field: FieldText) -> Finding | None:
    text = field.letters.text
    if _CHEAP_PATTERN.search(text) is None:
        return _advance(field)
    asks = [*_ASK_IMAGES.finditer(text), *_SHOW_HOW.finditer(text)]
    if not asks or not _AIM.search(text):
        return _advance(field)
    spans = tuple(sorted(field.letters.original_span(*found.span()) for found in asks))
    return Finding(spans=spans, score=3.0)


def _advance(field: FieldText) -> Finding | None:
    """Advances and innuendo aimed at a person (rules/advances.py); a hint alone is left to
    the word lists, which may find more."""
    found = advances(field)
    return found if found is not None and (found.score or 0) >= 2 else None
