"""Every text a citizen reads about a moderation outcome, in Swedish (default) and English.

Texts come from legal-rules.md §7: the per-rule reasons, the SHOUTING tip, and the common footer
that covers DSA Art. 17(3)(a)–(c) and (f). Nothing here shows a rule id or a score: citizens get
plain language; moderators see ids and scores in the queue. Any language other than English
falls back to Swedish.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from moderation.rules import get_rule
from moderation.types import Action, Ground, Verdict

__all__ = ["FlaggedBy", "citizen_explanation", "hint_texts", "statement_of_reasons"]

_Texts = dict[str, str]


class FlaggedBy(StrEnum):
    """Who first flagged the post, for the footer (DSA Art. 17(3)(b, c))."""

    AUTOMATION = "automation"
    USER = "user"
    MODERATOR = "moderator"


_DECISION: dict[Action, _Texts] = {
    Action.REDACT: {
        "sv": "Beslut: inlägget är publicerat med vissa uppgifter dolda.",
        "en": "Decision: your post is published with some details masked.",
    },
    Action.REVIEW: {
        "sv": "Beslut: inlägget visas inte förrän en moderator har granskat det.",
        "en": "Decision: your post is not shown until a moderator has reviewed it.",
    },
    Action.REJECT: {
        "sv": "Beslut: inlägget är dolt tills en moderator har granskat det.",
        "en": "Decision: your post is hidden until a moderator has reviewed it.",
    },
}

#: Why a rule decided; keyed by rule id. A test checks that every rule has one.
_REASONS: dict[str, _Texts] = {
    "PII-PNR": {
        "sv": "Vi har dolt ett personnummer i ditt inlägg innan publicering, eftersom "
        "personnummer inte ska exponeras i onödan (3 kap. 10 § dataskyddslagen); resten av "
        "inlägget är publicerat.",
        "en": "We masked a Swedish personal identity number in your post before publishing it, "
        "because such numbers must not be exposed unnecessarily; the rest of your post is "
        "published.",
    },
}

#: For redacting rules when the post is held anyway: what will happen once it is published.
_PENDING_REDACTION: dict[str, _Texts] = {
    "PII-PNR": {
        "sv": "När inlägget publiceras döljs personnumret i det, eftersom personnummer inte ska "
        "exponeras i onödan (3 kap. 10 § dataskyddslagen).",
        "en": "When your post is published, the Swedish personal identity number in it will be "
        "masked, because such numbers must not be exposed unnecessarily.",
    },
}

_HINTS: dict[str, _Texts] = {
    "SHOUTING": {
        "sv": "Tips: text i VERSALER uppfattas ofta som skrik – vill du skriva om med små "
        "bokstäver?",
        "en": "Tip: text in CAPITALS is often read as shouting – would you like to rewrite it in "
        "lower case?",
    },
}

# Used only for a rule added to the catalogue before its own text is written.
_FALLBACK: dict[Ground, _Texts] = {
    Ground.LEGAL: {
        "sv": "Inlägget kan strida mot lag och hålls därför kvar tills en moderator har "
        "granskat det.",
        "en": "Your post may be against the law, so it is held until a moderator has reviewed it.",
    },
    Ground.TERMS: {
        "sv": "Inlägget kan strida mot reglerna för god debattsed och hålls därför kvar tills "
        "en moderator har granskat det.",
        "en": "Your post may break the rules for a good debate, so it is held until a moderator "
        "has reviewed it.",
    },
}

_HELD_BY_MODE: _Texts = {
    "sv": "Alla inlägg i den här dialogen granskas av en moderator innan de publiceras.",
    "en": "Every post in this consultation is reviewed by a moderator before it is published.",
}

_GROUND_LINE: dict[Ground, _Texts] = {
    Ground.LEGAL: {"sv": "Rättslig grund: {basis}.", "en": "Legal ground: {basis}."},
    Ground.TERMS: {
        "sv": "Grund i användarvillkoren: {basis}.",
        "en": "Ground in the terms of use: {basis}.",
    },
}

_FOOTER: _Texts = {
    "sv": "Beslutet gäller inlägg {item_ref} från {date} och tills vidare. Inlägget flaggades "
    "{flagged} och beslutet fattades {decided}. Du kan begära omprövning inom sex månader via "
    "{appeal_url}; du kan också vända dig till domstol.",
    "en": "This decision concerns post {item_ref} of {date} and applies until further notice. "
    "The post was flagged {flagged} and the decision was taken {decided}. You can ask for a "
    "review within six months via {appeal_url}; you may also go to court.",
}

_FLAGGED: dict[FlaggedBy, _Texts] = {
    FlaggedBy.AUTOMATION: {"sv": "automatiskt", "en": "automatically"},
    FlaggedBy.USER: {"sv": "av en användare", "en": "by a user"},
    FlaggedBy.MODERATOR: {"sv": "av en moderator", "en": "by a moderator"},
}

_DECIDED: dict[bool, _Texts] = {
    True: {"sv": "av en moderator", "en": "by a human moderator"},
    False: {
        "sv": "automatiskt, utan mänsklig granskning",
        "en": "automatically, without human review",
    },
}


def statement_of_reasons(
    verdict: Verdict,
    *,
    lang: str,
    item_ref: str,
    date: str,
    appeal_url: str,
    flagged_by: FlaggedBy = FlaggedBy.AUTOMATION,
    decided_by_human: bool = False,
) -> str:
    """The DSA Art. 17 statement for a post that is held or redacted, as paragraphs.

    Raises ``ValueError`` for a verdict that publishes the post unchanged: there is no
    restriction to state reasons for.
    """
    if verdict.action is Action.PUBLISH:
        raise ValueError("a published post needs no statement of reasons")
    language = _language(lang)
    footer = _FOOTER[language].format(
        item_ref=item_ref,
        date=date,
        appeal_url=appeal_url,
        flagged=_FLAGGED[flagged_by][language],
        decided=_DECIDED[decided_by_human][language],
    )
    why = [_DECISION[verdict.action][language], *citizen_explanation(verdict, lang=language)]
    grounds = [_ground_line(rule_id, language) for rule_id in verdict.decisive]
    paragraphs = [" ".join(why), " ".join(grounds), footer]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def citizen_explanation(verdict: Verdict, *, lang: str) -> list[str]:
    """Plain-language sentences on why a post is held or redacted; empty when published."""
    if verdict.action is Action.PUBLISH:
        return []
    language = _language(lang)
    sentences = [_HELD_BY_MODE[language]] if verdict.held_by_mode else []
    sentences += [_reason(rule_id, language) for rule_id in verdict.decisive]
    if verdict.is_held:
        redacting = _unique(span.rule_id for span in verdict.redactions)
        sentences += [
            _PENDING_REDACTION[rule_id][language]
            for rule_id in redacting
            if rule_id in _PENDING_REDACTION
        ]
    return list(_unique(sentences))


def hint_texts(verdict: Verdict, *, lang: str) -> list[str]:
    """Tips for the author (SHOUTING): advice only, the post is published either way."""
    language = _language(lang)
    return [_HINTS[rule_id][language] for rule_id in verdict.hints if rule_id in _HINTS]


def _reason(rule_id: str, language: str) -> str:
    texts = _REASONS.get(rule_id) or _FALLBACK[get_rule(rule_id).ground]
    return texts[language]


def _ground_line(rule_id: str, language: str) -> str:
    rule = get_rule(rule_id)
    return _GROUND_LINE[rule.ground][language].format(basis=rule.basis)


def _language(lang: str) -> str:
    # "en", "en-GB", "en_US" → English; anything else, including unknown codes, → Swedish.
    return "en" if lang.lower().replace("_", "-").split("-")[0] == "en" else "sv"


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
