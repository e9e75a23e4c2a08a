"""Reading the review queue's forms: what the moderator saw, what they chose, which spans to
mask and which items a bulk action covers. Bad values raise ``ReviewError`` with a message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from debate.core.i18n import _
from debate.core.params import BadParameterError, digits, ident
from debate.review.decisions import Choice, Decision, ReviewError, Seen
from moderation import RULES, Span, TextField


class Form(Protocol):
    """What the parsers read from a submitted form (``debate.web.http.Form`` is one)."""

    @property
    def fields(self) -> Mapping[str, str]: ...

    def get(self, name: str, default: str = "") -> str: ...


#: At most this many items in one bulk action.
BULK_MAX = 100


def parse_seen(form: Form) -> Seen:
    token = form.get("token")
    revision = form.get("revision")
    decision = form.get("decision")
    message = _("The form is incomplete: open the item again.")
    try:
        seen = ident(revision, message=message), ident(decision, message=message)
    except BadParameterError:
        seen = None, None
    if not token or seen[0] is None:
        raise ReviewError(message)
    return Seen(token, seen[0], seen[1])


def parse_shown(form: Form) -> tuple[int, int | None]:
    """The revision and decision a queue card showed (``revision``, ``decision``)."""
    message = _("The card is out of date: reload the queue.")
    try:
        revision = ident(form.get("revision"), message=message)
        decision = ident(form.get("decision"), message=message)
    except BadParameterError:
        raise ReviewError(message) from None
    if revision is None:
        raise ReviewError(message)
    return revision, decision


def parse_choice(form: Form, texts: tuple[str, str]) -> Choice:
    try:
        decision = Decision(form.get("action"))
    except ValueError:
        raise ReviewError(_("Choose what to do with the item.")) from None
    if decision is Decision.RESTORE:  # only an appeal restores
        raise ReviewError(_("Choose what to do with the item."))
    reason = form.get("reason") or None
    spans: tuple[Span, ...] = ()
    if decision is Decision.REDACT:
        spans = _ticked_spans(form, texts) + phrase_spans(form.get("mask"), texts, reason)
    return Choice(decision, reason=reason, note=form.get("note").strip(), spans=spans)


def _ticked_spans(form: Form, texts: tuple[str, str]) -> tuple[Span, ...]:
    """Suggested spans the moderator ticked: ``span_N`` = ``field:start:end:RULE``."""
    spans = []
    for name, value in form.fields.items():
        if not name.startswith("span_"):
            continue
        parts = value.split(":")
        if len(parts) != 4 or parts[0] not in ("title", "body") or parts[3] not in RULES:
            raise ReviewError(_("A selected part of the text is not valid: open the item again."))
        field, start, end, rule = parts
        text = texts[0] if field == "title" else texts[1]
        if not (digits(start) and digits(end) and int(start) < int(end) <= len(text)):
            raise ReviewError(_("A selected part of the text is not valid: open the item again."))
        spans.append(Span(TextField(field), int(start), int(end), rule))
    return tuple(spans)


def phrase_spans(raw: str, texts: tuple[str, str], reason: str | None) -> tuple[Span, ...]:
    """Every occurrence of each phrase (one per line) in the title and the body."""
    phrases = [line.strip() for line in raw.splitlines() if line.strip()]
    if not phrases:
        return ()
    if reason not in RULES:
        raise ReviewError(_("Choose the rule that the masked words fall under."))
    assert reason is not None
    spans = []
    for phrase in phrases:
        found = False
        for field, text in ((TextField.TITLE, texts[0]), (TextField.BODY, texts[1])):
            start = text.find(phrase)
            while start >= 0:
                found = True
                spans.append(Span(field, start, start + len(phrase), reason))
                start = text.find(phrase, start + len(phrase))
        if not found:
            raise ReviewError(
                _("“{phrase}” is not in the text: copy the words exactly.").format(phrase=phrase)
            )
    return tuple(spans)


def bulk_items(form: Form) -> tuple[Choice, list[tuple[int, int, int | None]]]:
    """The bulk choice and the ticked items: ``item_N`` = ``revision:decision`` as listed."""
    action = form.get("bulk_action")
    if action not in (Decision.APPROVE.value, Decision.REJECT.value):
        raise ReviewError(_("Choose approve or reject for the selected items."))
    choice = Choice(Decision(action), reason=form.get("reason") or None)
    if choice.decision is Decision.REJECT and choice.reason not in RULES:
        raise ReviewError(_("Choose the rule the items break: a reason is required."))
    selected = []
    for name, value in form.fields.items():
        if not name.startswith("item_"):
            continue
        selected.append(_bulk_item(name.removeprefix("item_"), value))
    if not selected:
        raise ReviewError(_("Select at least one item."))
    if len(selected) > BULK_MAX:
        raise ReviewError(_("Select at most 100 items at a time."))
    return choice, selected


def _bulk_item(submission: str, value: str) -> tuple[int, int, int | None]:
    """``item_<submission>`` = ``<revision>:<decision or nothing>``, as ids."""
    message = _("The selection is not valid: reload the list.")
    revision, _sep, decision = value.partition(":")
    try:
        found = ident(submission, message=message), ident(revision, message=message)
        latest = ident(decision, message=message)
    except BadParameterError:
        raise ReviewError(message) from None
    if found[0] is None or found[1] is None:
        raise ReviewError(message)
    return found[0], found[1], latest
