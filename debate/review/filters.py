"""The review queue's filters, read from the query string: bad values raise BadParameterError."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from debate.core.params import MAX_ID, BadParameterError, whole
from moderation import RULES


@dataclass(frozen=True, slots=True)
class Filters:
    rule: str | None = None
    label: str | None = None
    consultation_id: int | None = None
    lang: str | None = None
    #: Only items older than this many hours.
    older_than_hours: int | None = None
    author_id: int | None = None

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> tuple[Filters, list[str]]:
        """Filters from query parameters; values that make no sense are dropped and named."""
        dropped: list[str] = []
        rule = params.get("rule") or None
        if rule is not None and rule not in RULES:
            dropped.append("rule")
            rule = None
        label = params.get("label") or None
        if label is not None and not (label.isascii() and label.replace("_", "").isalpha()):
            dropped.append("label")
            label = None
        lang = params.get("lang") or None
        if lang is not None and lang not in ("sv", "en"):
            dropped.append("lang")
            lang = None
        numbers: dict[str, int | None] = {}
        for name in ("consultation", "older_than", "author"):
            numbers[name] = _number(params.get(name), dropped, name)
        return cls(
            rule=rule,
            label=label,
            consultation_id=numbers["consultation"],
            lang=lang,
            older_than_hours=numbers["older_than"],
            author_id=numbers["author"],
        ), dropped

    def query(self) -> dict[str, str]:
        """The filters as query parameters, to keep them across links."""
        values = {
            "rule": self.rule,
            "label": self.label,
            "consultation": self.consultation_id,
            "lang": self.lang,
            "older_than": self.older_than_hours,
            "author": self.author_id,
        }
        return {name: str(value) for name, value in values.items() if value is not None}


#: The oldest ``older_than`` filter, in hours (a century): more overflows the date arithmetic.
OLDER_THAN_MAX = 100 * 366 * 24


def _number(raw: str | None, dropped: list[str], name: str) -> int | None:
    """An id, or hours for ``older_than``; a value out of range is dropped like a bad one."""
    maximum = OLDER_THAN_MAX if name == "older_than" else MAX_ID
    try:
        return whole(raw, message=name, maximum=maximum)
    except BadParameterError:
        dropped.append(name)
        return None
