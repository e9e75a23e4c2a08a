"""The version of the deterministic rules, recorded as ``detector_version`` with each hit."""

from __future__ import annotations

__all__ = ["MODERATION_VERSION"]

#: Bump on any change to a rule, a lexicon or normalisation, so that a stored signal says
#: which rules produced it.
MODERATION_VERSION = "rules-2026.11.1"
