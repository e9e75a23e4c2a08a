"""A check before sending (issue 19, item 4): what the rules would do with a text not yet sent.

The same engine call as the intake (``debate.submissions.actions._receive``: the policy in
force, the consultation's mode, the author's standing and history, the thread's text), but
nothing is written and the classifier is not asked: the preview is advice, it never blocks
sending, and the real screening may still differ (the classifier, a moderator)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from sqlmodel import Session

from debate.core.i18n import _
from debate.rulepages.store import language_of, rule_page
from debate.rulepages.text import paragraph_of, rule_anchor
from debate.submissions import queries
from debate.submissions.screening import policy_context
from moderation import (
    DEFAULT_SETTINGS,
    Action,
    Item,
    PolicySettings,
    Span,
    TextField,
    Verdict,
    citizen_explanation,
    evaluate,
    get_rule,
    hint_texts,
    redact,
)

log = logging.getLogger(__name__)

#: How a stretch of the text is marked: masked in the published copy, or what a rule found.
MASKED, FLAGGED = "masked", "flagged"


@dataclass(frozen=True, slots=True)
class Mark:
    """A stretch of the text; ``kind`` ``None`` for plain text. A masked stretch is shown as
    it would be published (``XXXXXX-XXXX``)."""

    text: str
    kind: str | None = None
    rule_id: str | None = None

    def as_json(self) -> dict[str, str | None]:
        return {"text": self.text, "kind": self.kind, "rule": self.rule_id}


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that would act, with its plain name and what it would do."""

    rule_id: str
    name: str
    masked: bool
    #: The number of the debate rules' paragraph for the rule (``None``: the page tags none).
    paragraph: int | None = None

    @property
    def text(self) -> str:
        if self.masked:
            return _("Would be masked: %(name)s.") % {"name": self.name}
        return _("Found: %(name)s.") % {"name": self.name}

    @property
    def link_text(self) -> str:
        if self.paragraph is None:
            return _("The debate rules")
        return _("Debate rules, § %(number)d") % {"number": self.paragraph}

    @property
    def anchor(self) -> str:
        return rule_anchor(self.rule_id)


@dataclass(frozen=True, slots=True)
class Preview:
    action: Action
    summary: str
    reasons: list[str]
    findings: list[Finding]
    hints: list[str]
    title: list[Mark] | None
    body: list[Mark]
    #: False when the engine failed and nothing could be said (``unchecked``).
    checked: bool = True

    @property
    def held(self) -> bool:
        return self.action in {Action.REVIEW, Action.REJECT}

    def as_json(self) -> dict[str, Any]:
        return {
            "action": self.action.value,
            "checked": self.checked,
            "held": self.held,
            "summary": self.summary,
            "reasons": self.reasons,
            "findings": [
                {
                    "rule": f.rule_id,
                    "name": f.name,
                    "masked": f.masked,
                    "text": f.text,
                    "anchor": f.anchor,
                    "link": f.link_text,
                }
                for f in self.findings
            ],
            "hints": self.hints,
            "title": None if self.title is None else [m.as_json() for m in self.title],
            "body": [m.as_json() for m in self.body],
        }


def preview_submission(
    session: Session,
    *,
    author_id: int | None,
    consultation_id: int | None,
    thread: tuple[int | None, int | None] | None,
    title: str | None,
    body: str,
    lang: str,
    policy: PolicySettings = DEFAULT_SETTINGS,
) -> Preview:
    """What screening would decide for this text if it were sent now; writes nothing."""
    thread_text = None
    if thread is not None:
        proposal_id, article_id = thread
        thread_text = queries.thread_text_of(
            session, proposal_id=proposal_id, article_id=article_id
        )
    context = policy_context(
        session,
        consultation_id=consultation_id,
        author_id=author_id,
        before=None,
        thread_text=thread_text,
        policy=policy,
    )
    try:
        verdict = evaluate(Item(body=body, title=title, lang=lang), context=context)
    except Exception:
        # As at the intake, an engine error is logged, never shown as a 500; the author may
        # still send (the text would then be held as received, for a person).
        log.exception("the check before sending failed")
        return unchecked(title=title, body=body)
    rules = rule_page(session, page="debate", lang=language_of(lang)).body
    return describe_verdict(verdict, title=title, body=body, lang=lang, rules=rules)


def unchecked(*, title: str | None, body: str) -> Preview:
    """What the preview says when the engine failed: nothing found, nothing promised."""
    return Preview(
        action=Action.REVIEW,
        summary=_("The check could not be run just now. You can still send your text."),
        reasons=[],
        findings=[],
        hints=[],
        title=None if title is None else [Mark(title)],
        body=[Mark(body)],
        checked=False,
    )


def describe_verdict(
    verdict: Verdict, *, title: str | None, body: str, lang: str, rules: str = ""
) -> Preview:
    """The preview of ``verdict`` in plain words, with the text marked; ``rules`` is the text
    of the debate rules, whose paragraph each finding links to."""
    masks = list(verdict.redactions)
    flags = [span for hit in verdict.hits if hit.rule_id in verdict.decisive for span in hit.spans]
    return Preview(
        action=verdict.action,
        summary=_summary(verdict),
        reasons=citizen_explanation(verdict, lang=lang) if verdict.is_held else [],
        findings=_findings(verdict, lang, rules),
        hints=hint_texts(verdict, lang=lang),
        title=None if title is None else marks(title, masks, flags, TextField.TITLE),
        body=marks(body, masks, flags, TextField.BODY),
    )


def _summary(verdict: Verdict) -> str:
    if verdict.is_held:
        return _(
            "If you send the text as it is, it will wait for a moderator before it is shown. "
            "You can change it first, or send it anyway."
        )
    if verdict.redactions:
        return _(
            "If you send the text as it is, it will be published with the marked parts masked. "
            "You can change it first, or send it anyway."
        )
    return _("Our automatic checks found nothing that would stop the text from being published.")


def _findings(verdict: Verdict, lang: str, rules: str) -> list[Finding]:
    english = lang.startswith("en")
    masked = {span.rule_id for span in verdict.redactions}
    found: dict[str, Finding] = {}
    for rule_id in [*verdict.decisive, *sorted(masked)]:
        rule = get_rule(rule_id)
        name = rule.name_en if english else rule.name_sv
        paragraph = paragraph_of(rules, rule_id)
        found.setdefault(rule_id, Finding(rule_id, name, rule_id in masked, paragraph))
    return list(found.values())


def marks(text: str, masks: Sequence[Span], flags: Sequence[Span], field: TextField) -> list[Mark]:
    """``text`` cut where marked stretches start and end. A masked stretch (``masks``) is
    shown masked, and wins over a flagged one (``flags``, shown as written)."""
    mine_masks = [s for s in masks if s.field is field and s.start < s.end]
    mine_flags = [s for s in flags if s.field is field and s.start < s.end]
    masked_text = redact(text, mine_masks)
    cuts = {0, len(text)}
    for span in [*mine_masks, *mine_flags]:
        cuts.update({min(max(span.start, 0), len(text)), min(span.end, len(text))})
    result: list[Mark] = []
    for start, end in pairwise(sorted(cuts)):
        mark = _covering(mine_masks, MASKED, start, end) or _covering(
            mine_flags, FLAGGED, start, end
        )
        kind, rule_id = mark or (None, None)
        piece = masked_text[start:end] if kind == MASKED else text[start:end]
        if result and result[-1].kind == kind and result[-1].rule_id == rule_id:
            piece = result.pop().text + piece
        result.append(Mark(piece, kind, rule_id))
    return result


def _covering(spans: Sequence[Span], kind: str, start: int, end: int) -> tuple[str, str] | None:
    for span in spans:
        if span.start <= start and end <= span.end:
            return kind, span.rule_id
    return None
