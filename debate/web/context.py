"""What a template is given: a page's context as frozen dataclasses, so mypy checks what each
template gets. A page's context is one dataclass, or a tuple of them (the query's page and the
view's own fields, such as the form's errors); Jinja2 reads a field as it reads a key. The
fields are handed over as they are, one level deep: nested models and dataclasses stay whole.
A plain mapping is still taken (tests build small pages with one); no view passes one
(tests/test_page_context.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    Part: TypeAlias = DataclassInstance | Mapping[str, Any]
else:
    Part: TypeAlias = Any

#: One part, several parts (later ones win on a repeated name), or nothing.
Context: TypeAlias = "Part | tuple[Part, ...] | None"


def context_values(context: Context) -> dict[str, Any]:
    """The template's names and values from ``context``, without copying nested values."""
    parts = context if isinstance(context, tuple) else (context,)
    values: dict[str, Any] = {}
    for part in parts:
        if part is None:
            continue
        if isinstance(part, Mapping):
            values.update(part)
        elif dataclasses.is_dataclass(part) and not isinstance(part, type):
            values.update((f.name, getattr(part, f.name)) for f in dataclasses.fields(part))
        else:
            raise TypeError(f"a page context is a dataclass or a mapping, not {type(part)!r}")
    return values


@dataclasses.dataclass(frozen=True, slots=True)
class FormState:
    """A form shown again: the errors by field and the values as sent (empty at first)."""

    errors: Mapping[str, str] = dataclasses.field(default_factory=dict)
    values: Mapping[str, Any] = dataclasses.field(default_factory=dict)
