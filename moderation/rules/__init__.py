"""Rules as data: the catalogue, the ``Rule`` type and the pure check functions."""

from __future__ import annotations

from moderation.rules.base import Check, Finding, Mask, Rule
from moderation.rules.catalogue import RULES, get_rule

__all__ = ["RULES", "Check", "Finding", "Mask", "Rule", "get_rule"]
