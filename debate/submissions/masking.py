"""A submission's text as its status page shows it. Anyone who holds the secret link can open
that page, so the personal data the rules found (``PII-*``) and whatever a moderator masked
are shown masked and marked, never in clear; the revision itself never changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from debate.core.models import ModerationDecision, ModerationSignal, Revision
from moderation import Span, TextField, redact

#: The rule id a moderator's own masks are shown under (no rule: every character masked).
MODERATOR_MASK = "moderator"


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    #: Masked (the text is already masked): the rule that found it, or ``MODERATOR_MASK``.
    rule_id: str | None = None

    @property
    def masked(self) -> bool:
        return self.rule_id is not None


@dataclass(frozen=True, slots=True)
class MaskedText:
    title: list[Piece] | None
    body: list[Piece]

    @property
    def any_masked(self) -> bool:
        return any(p.masked for p in [*(self.title or []), *self.body])


def _private(rule_id: str) -> bool:
    return rule_id.startswith("PII-")


def _spans(rule_id: str, raw: Sequence[Sequence[Any]]) -> list[Span]:
    found = []
    for field, start, end in raw:
        try:
            found.append(Span(TextField(field), int(start), int(end), rule_id))
        except (TypeError, ValueError):
            continue  # a malformed span is no reason to show nothing; it is skipped
    return found


def status_text(session: Session, *, revision: Revision) -> MaskedText:
    """``revision`` cut into pieces, the private and moderator-masked ones masked."""
    spans: list[Span] = []
    signals = session.exec(
        select(ModerationSignal.rule_id, ModerationSignal.spans).where(
            ModerationSignal.revision_id == revision.id
        )
    )
    for rule_id, raw in signals:
        if _private(rule_id):
            spans += _spans(rule_id, raw or [])
    decisions = session.exec(
        select(ModerationDecision.spans).where(
            ModerationDecision.revision_id == revision.id,
            col(ModerationDecision.decided_by_id).is_not(None),
        )
    )
    for raw in decisions:
        spans += _spans(MODERATOR_MASK, raw or [])
    title = None if revision.title is None else pieces(revision.title, spans, TextField.TITLE)
    return MaskedText(title=title, body=pieces(revision.body, spans, TextField.BODY))


def pieces(text: str, spans: Sequence[Span], field: TextField) -> list[Piece]:
    """``text`` cut where masked stretches start and end; overlapping stretches merge, and a
    masked piece carries the rule of its first span."""
    mine = sorted(
        (s for s in spans if s.field is field and s.start < s.end and s.start < len(text)),
        key=lambda s: s.start,
    )
    masked_text = redact(text, mine)
    result: list[Piece] = []
    position = 0
    for span in mine:
        start, end = max(span.start, position), min(span.end, len(text))
        if end <= position:
            continue
        if start > position:
            result.append(Piece(text[position:start]))
        if result and result[-1].masked and start == position:
            last = result.pop()
            result.append(Piece(last.text + masked_text[start:end], last.rule_id))
        else:
            result.append(Piece(masked_text[start:end], span.rule_id))
        position = end
    if position < len(text):
        result.append(Piece(text[position:]))
    return result
