"""Every text a citizen reads about a moderation outcome, in Swedish (default) and English.

Texts come from legal-rules.md §7: the per-rule reasons, the SHOUTING tip, and the common footer
that covers DSA Art. 17(3)(a)–(c) and (f). Nothing here shows a rule id or a score: citizens get
plain language; moderators see ids and scores in the queue. Any language other than English
falls back to Swedish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum

from moderation.reason_texts import REASONS as _REASONS
from moderation.rules import get_rule
from moderation.types import Action, Detector, Ground, HoldReason, Verdict

__all__ = [
    "FlaggedBy",
    "ModeratorAction",
    "RuleLink",
    "alerts_for",
    "citizen_explanation",
    "facts",
    "hint_texts",
    "moderator_alerts",
    "moderator_statement",
    "statement_of_reasons",
]

_Texts = dict[str, str]

#: Where a rule's paragraph is read: a rule id to its address (the site's debate rules page and
#: the paragraph's anchor; the site knows both, the engine neither).
RuleLink = Callable[[str], str]


class FlaggedBy(StrEnum):
    """Who first flagged the post, for the footer (DSA Art. 17(3)(b, c))."""

    AUTOMATION = "automation"
    USER = "user"
    MODERATOR = "moderator"


class ModeratorAction(StrEnum):
    """What a moderator decided, for the statement of reasons."""

    REJECT = "reject"  # not published (hidden)
    REDACT = "redact"  # published with parts masked


_MODERATOR_DECISION: dict[ModeratorAction, _Texts] = {
    ModeratorAction.REJECT: {
        "sv": "Beslut: en moderator har granskat inlägget och beslutat att inte publicera det.",
        "en": "Decision: a moderator has reviewed your post and decided not to publish it.",
    },
    ModeratorAction.REDACT: {
        "sv": "Beslut: en moderator har granskat inlägget och publicerat det med vissa delar "
        "dolda. Ditt original sparas oförändrat.",
        "en": "Decision: a moderator has reviewed your post and published it with some parts "
        "masked. Your original is kept unchanged.",
    },
}

_MODERATOR_NOTE: _Texts = {
    "sv": "Moderatorns kommentar: {note}",
    "en": "The moderator's note: {note}",
}
_MASKED: _Texts = {
    "sv": "Det som dolts gäller: {names}.",
    "en": "What is masked concerns: {names}.",
}
_MODERATOR_FACTS: _Texts = {
    "sv": "Beslutet bygger på en moderators läsning av inlägget i sitt sammanhang.",
    "en": "The decision rests on a moderator's reading of the post in its context.",
}

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

_HOLD_REASONS: dict[HoldReason, _Texts] = {
    HoldReason.MODE: {
        "sv": "Alla inlägg i den här dialogen granskas av en moderator innan de publiceras.",
        "en": "Every post in this consultation is reviewed by a moderator before it is published.",
    },
    HoldReason.NEW_ACCOUNT: {
        "sv": "De första inläggen från ett nytt konto granskas av en moderator innan de "
        "publiceras.",
        "en": "The first posts from a new account are reviewed by a moderator before they are "
        "published.",
    },
    HoldReason.REJECTION_RATE: {
        "sv": "Flera av dina senaste inlägg har inte kunnat publiceras, så dina inlägg granskas "
        "av en moderator innan de publiceras.",
        "en": "Several of your recent posts could not be published, so your posts are reviewed "
        "by a moderator before they are published.",
    },
    HoldReason.CLASSIFIER_UNAVAILABLE: {
        "sv": "Vår automatiska granskning är inte tillgänglig just nu, så ditt inlägg väntar "
        "tills den fungerar igen eller en moderator har granskat det.",
        "en": "Our automatic checks are unavailable right now, so your post waits until they "
        "work again or a moderator has reviewed it.",
    },
}

#: The facts the decision rests on (DSA Art. 17(3)(b)), by how the rule detects.
_FACTS: dict[Detector, _Texts] = {
    Detector.LEXICON: {
        "sv": "Vår automatiska granskning hittade ord eller uttryck i inlägget som kan gälla: "
        "{names}.",
        "en": "Our automatic checks found words or phrases in the post that may concern: {names}.",
    },
    Detector.PATTERN: {
        "sv": "Vår automatiska granskning hittade uppgifter i inlägget som ser ut som: {names}.",
        "en": "Our automatic checks found details in the post that look like: {names}.",
    },
    Detector.BEHAVIOUR: {
        "sv": "Vår automatiska granskning jämförde inlägget med dina tidigare inlägg eller med "
        "tråden: {names}.",
        "en": "Our automatic checks compared the post with your earlier posts or with the "
        "thread: {names}.",
    },
    Detector.CLASSIFIER: {
        "sv": "En automatisk textklassificerare bedömde att inlägget kan gälla: {names}.",
        "en": "An automatic text classifier assessed that the post may concern: {names}.",
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
    "PII-PHONE": {
        "sv": "När inlägget publiceras döljs telefonnumret i det, för att skydda personens "
        "integritet.",
        "en": "When your post is published, the phone number in it will be masked, to protect "
        "the person's privacy.",
    },
    "PII-EMAIL": {
        "sv": "När inlägget publiceras döljs e-postadressen i det, för att skydda personens "
        "integritet.",
        "en": "When your post is published, the e-mail address in it will be masked, to "
        "protect the person's privacy.",
    },
}

#: What a moderator must do beyond deciding, by the label of a rule's hit (legal-rules.md,
#: LAW-CSAM: "Human plus police"). Shown to moderators only, never to the author.
_ALERTS: dict[tuple[str, str], _Texts] = {
    ("DECENCY-SEXUAL", "child"): {
        "sv": "Polisanmäl: inlägget kan erbjuda eller efterfråga sexuella bilder av barn "
        "(barnpornografibrott, 16 kap. 10 a § brottsbalken). Det ska anmälas till polisen. "
        "Öppna inga länkar och kopiera, ladda ner eller sprid inte materialet; låt inlägget "
        "vara dolt.",
        "en": "Report to the police: the post may offer or ask for sexual images of children "
        "(child pornography offence, Criminal Code ch. 16 s. 10 a). It must be reported to the "
        "police. Do not open links, and do not copy, download or pass on the material; keep the "
        "post hidden.",
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

_GROUND_LINE: dict[Ground, _Texts] = {
    Ground.LEGAL: {"sv": "Rättslig grund: {basis}.", "en": "Legal ground: {basis}."},
    Ground.TERMS: {
        "sv": "Grund i användarvillkoren: {basis}.",
        "en": "Ground in the terms of use: {basis}.",
    },
}

_RULE_LINK: _Texts = {"sv": "Regeln: {url}", "en": "The rule: {url}"}

_HOLD_GROUND: _Texts = {
    "sv": "Grund i användarvillkoren: granskning innan publicering.",
    "en": "Ground in the terms of use: review before publication.",
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
    rule_link: RuleLink | None = None,
) -> str:
    """The DSA Art. 17 statement for a post that is held or redacted, as paragraphs; with
    ``rule_link``, each ground cites the address of its rule's paragraph.

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
    grounds = [_ground_line(rule_id, language, rule_link) for rule_id in verdict.decisive]
    if verdict.hold_reason is not None:
        grounds.append(_HOLD_GROUND[language])
    paragraphs = [" ".join(why), " ".join(facts(verdict, lang=language)), " ".join(grounds)]
    paragraphs.append(footer)
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def moderator_statement(
    action: ModeratorAction,
    rule_ids: Iterable[str],
    *,
    lang: str,
    item_ref: str,
    date: str,
    appeal_url: str,
    flagged_by: FlaggedBy,
    note: str = "",
    rule_link: RuleLink | None = None,
) -> str:
    """The DSA Art. 17 statement for a moderator's decision to hide or mask a post: the
    decision, the reason of each rule relied on, the moderator's note, the grounds (with the
    address of each rule's paragraph, given ``rule_link``) and the footer (decided by a
    person, with the way to appeal)."""
    language = _language(lang)
    rules = _unique(rule_ids)
    if not rules:
        raise ValueError("a moderator's decision to restrict a post names at least one rule")
    why = [_MODERATOR_DECISION[action][language], *(_reason(r, language) for r in rules)]
    if action is ModeratorAction.REDACT:
        names = ", ".join(_rule_name(rule_id, language) for rule_id in rules)
        why = [_MODERATOR_DECISION[action][language], _MASKED[language].format(names=names)]
    footer = _FOOTER[language].format(
        item_ref=item_ref,
        date=date,
        appeal_url=appeal_url,
        flagged=_FLAGGED[flagged_by][language],
        decided=_DECIDED[True][language],
    )
    paragraphs = [
        " ".join(why),
        _MODERATOR_NOTE[language].format(note=note.strip()) if note.strip() else "",
        _MODERATOR_FACTS[language],
        " ".join(_ground_line(rule_id, language, rule_link) for rule_id in rules),
        footer,
    ]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def citizen_explanation(verdict: Verdict, *, lang: str) -> list[str]:
    """Plain-language sentences on why a post is held or redacted; empty when published."""
    if verdict.action is Action.PUBLISH:
        return []
    language = _language(lang)
    hold = verdict.hold_reason
    sentences = [_HOLD_REASONS[hold][language]] if hold is not None else []
    sentences += [_reason(rule_id, language) for rule_id in verdict.decisive]
    if verdict.is_held:
        sentences += [
            _PENDING_REDACTION[rule_id][language]
            for rule_id in _redacting(verdict)
            if rule_id in _PENDING_REDACTION
        ]
    return list(_unique(sentences))


def facts(verdict: Verdict, *, lang: str) -> list[str]:
    """The facts a restriction rests on (DSA Art. 17(3)(b)), in plain words: what kind of
    check found what kind of thing. No rule ids, no scores, no quotes of the text."""
    language = _language(lang)
    by_detector: dict[Detector, list[str]] = {}
    for hit in verdict.hits:
        if hit.rule_id in verdict.decisive or hit.rule_id in _redacting(verdict):
            name = _rule_name(hit.rule_id, language)
            names = by_detector.setdefault(hit.detector, [])
            if name not in names:
                names.append(name)
    return [
        _FACTS[detector][language].format(names=", ".join(names))
        for detector, names in by_detector.items()
    ]


def moderator_alerts(verdict: Verdict, *, lang: str) -> list[str]:
    """What the moderator must do beyond deciding, for the moderator's view of a held post:
    an offer of sexual images of children must be reported to the police."""
    return alerts_for(((hit.rule_id, hit.label) for hit in verdict.hits), lang=lang)


def alerts_for(found: Iterable[tuple[str, str | None]], *, lang: str) -> list[str]:
    """``moderator_alerts`` from stored findings: (rule id, label) pairs, as the site keeps
    them for each signal."""
    language = _language(lang)
    return list(_unique(_ALERTS[key][language] for key in found if key in _ALERTS))


def _redacting(verdict: Verdict) -> tuple[str, ...]:
    return _unique(span.rule_id for span in verdict.redactions)


def hint_texts(verdict: Verdict, *, lang: str) -> list[str]:
    """Tips for the author (SHOUTING): advice only, the post is published either way."""
    language = _language(lang)
    return [_HINTS[rule_id][language] for rule_id in verdict.hints if rule_id in _HINTS]


def _reason(rule_id: str, language: str) -> str:
    texts = _REASONS.get(rule_id) or _FALLBACK[get_rule(rule_id).ground]
    return texts[language]


def _rule_name(rule_id: str, language: str) -> str:
    rule = get_rule(rule_id)
    return (rule.name_en if language == "en" else rule.name_sv).lower()


def _ground_line(rule_id: str, language: str, rule_link: RuleLink | None = None) -> str:
    rule = get_rule(rule_id)
    line = _GROUND_LINE[rule.ground][language].format(basis=rule.basis)
    if rule_link is None:
        return line
    return f"{line} {_RULE_LINK[language].format(url=rule_link(rule_id))}"


def _language(lang: str) -> str:
    # "en", "en-GB", "en_US" → English; anything else, including unknown codes, → Swedish.
    return "en" if lang.lower().replace("_", "-").split("-")[0] == "en" else "sv"


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
