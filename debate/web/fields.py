"""Server-side validation. Each checker returns the clean value and records a message per field."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import TypeVar

from debate.accounts.names import is_reserved
from debate.core.i18n import _
from debate.core.params import digits
from debate.web.http import Form

TITLE_MAX = 200
BODY_MAX = 10_000
NAME_MAX = 80
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

E = TypeVar("E", bound=StrEnum)


class Errors(dict[str, str]):
    """Field name -> message shown beside that field."""


def text(form: Form, name: str, errors: Errors, *, max_length: int, required: bool = True) -> str:
    value = form.get(name).strip()
    if required and not value:
        errors[name] = _("This field is required.")
    elif len(value) > max_length:
        errors[name] = _("At most {max} characters (you wrote {n}).").format(
            max=max_length, n=len(value)
        )
    return value


def lines(form: Form, name: str, errors: Errors, *, max_length: int, most: int = 500) -> list[str]:
    """One value per line (a list to choose from): blank lines and repeats dropped."""
    found = list(dict.fromkeys(line.strip() for line in form.get(name).splitlines()))
    found = [line for line in found if line]
    if len(found) > most or any(len(line) > max_length for line in found):
        errors[name] = _("At most %(most)d lines of at most %(max)d characters each.") % {
            "most": most,
            "max": max_length,
        }
    return found


def author_name(
    form: Form, name: str, errors: Errors, *, staff: bool, required: bool = False
) -> str:
    """The name a post (or an account) is signed with: never one of the organisation's own
    unless the author is staff (``debate.accounts.names``)."""
    value = text(form, name, errors, max_length=NAME_MAX, required=required)
    if value and not staff and name not in errors and is_reserved(value):
        errors[name] = _(
            "That name belongs to the organisation: choose another name or leave the field empty."
        )
    return value


def choice(form: Form, name: str, errors: Errors, enum: type[E], *, required: bool) -> E | None:
    value = form.get(name).strip()
    if not value:
        if required:
            errors[name] = _("Choose one of the options.")
        return None
    try:
        return enum(value)
    except ValueError:
        errors[name] = _("Choose one of the options.")
        return None


def optional_id(form: Form, name: str, errors: Errors, allowed: set[int]) -> int | None:
    value = form.get(name).strip()
    if not value:
        return None
    if not digits(value) or int(value) not in allowed:
        errors[name] = _("Choose one of the options.")
        return None
    return int(value)


def slug(form: Form, name: str, errors: Errors) -> str:
    value = text(form, name, errors, max_length=80)
    if value and not SLUG_RE.match(value):
        errors[name] = _("Use lower-case letters a-z, digits and hyphens only.")
    return value


def email(form: Form, name: str, errors: Errors) -> str:
    value = text(form, name, errors, max_length=254).lower()
    if value and not EMAIL_RE.match(value):
        errors[name] = _("Enter an e-mail address such as name@example.se.")
    return value


def password(form: Form, name: str, errors: Errors) -> str:
    value = form.get(name)
    if len(value) < 10:
        errors[name] = _("Use at least 10 characters.")
    elif len(value) > 200:
        errors[name] = _("At most {max} characters (you wrote {n}).").format(max=200, n=len(value))
    return value


def date(form: Form, name: str, errors: Errors, *, required: bool) -> datetime | None:
    value = form.get(name).strip()
    if not value:
        if required:
            errors[name] = _("This field is required.")
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d")  # noqa: DTZ007  made aware on the next line
    except ValueError:
        errors[name] = _("Enter a date as YYYY-MM-DD.")
        return None
    return day.replace(tzinfo=UTC)


def web_address(form: Form, name: str, errors: Errors, *, max_length: int = 500) -> str:
    """An optional link to another site: ``https://`` or ``http://`` and a host, no spaces."""
    value = text(form, name, errors, max_length=max_length, required=False)
    if value and name not in errors and not URL_RE.match(value):
        errors[name] = _("Enter a web address that starts with https://.")
    return value


URL_RE = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)


def phase_values(form: Form, errors: Errors, closes: datetime | None) -> dict[str, object]:
    """A consultation's later phases (issue 19): analysis until, answered from, each on or after
    the phase before; and the link to the published agenda."""
    analysis = date(form, "analysis_until", errors, required=False)
    answered = date(form, "answered_from", errors, required=False)
    before_answers = analysis or closes
    if (analysis or answered) and closes is None and "closes_at" not in errors:
        field = "analysis_until" if analysis else "answered_from"
        errors[field] = _("Set the closing date first: the later phases follow it.")
    elif closes and analysis and analysis < closes:
        errors["analysis_until"] = _("The analysis cannot end before the consultation closes.")
    elif answered and before_answers and answered < before_answers:
        errors["answered_from"] = _("The answers cannot come before the phase before them ends.")
    agenda = web_address(form, "agenda_url", errors)
    return {"analysis_until": analysis, "answered_from": answered, "agenda_url": agenda}
