"""A prepared field for calling one rule's check directly, as the pipeline does."""

from __future__ import annotations

from moderation.analysis import FieldText
from moderation.normalize import normalize
from moderation.types import PolicyContext, TextField


def field_of(text: str, lang: str | None = None, field: TextField = TextField.BODY) -> FieldText:
    return FieldText(field, normalize(text), lang)


CONTEXT = PolicyContext()
