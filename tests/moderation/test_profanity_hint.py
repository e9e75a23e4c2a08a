"""Swearing holds for review by default; a consultation may make DECENCY-PROFANITY a hint
(``PolicyContext.profanity_hint``, SPEC §3): published, the signal kept, listed in ``hints``.
Nothing else changes: insults, threats and the other rules hold as before, and minced oaths
are clean either way."""

from __future__ import annotations

import pytest

from moderation import Action, Item, ModerationMode, PolicyContext, evaluate

PROFANE = [
    ("Vägen är ett jävla skämt, fan ta den skiten.", "sv"),
    ("Helvetes skitväg. Fan ta hela trafikkontoret.", "sv"),
    ("What the fuck is this shit, fix the damn road.", "en"),
    # Dodged ("f*n", "j-a") and typed without å, ä, ö.
    ("Vilken j*vla skitväg, f*n också.", "sv"),
    # Enough to reject by default.
    ("Fan, fan, fan, jävla helvetes skit, förbannade jävla skitväg.", "sv"),
]
MINCED = [
    ("Den här jäkla vägen, sjutton också, den måste plogas.", "sv"),
    ("Tusan, bussen var sen igen. Attans!", "sv"),
]


@pytest.mark.parametrize(("body", "lang"), PROFANE)
@pytest.mark.parametrize("lang_given", [True, False])
def test_swearing_holds_by_default_and_is_a_hint_where_the_consultation_says_so(
    body: str, lang: str, lang_given: bool
) -> None:
    item = Item(body=body, lang=lang if lang_given else None)
    held = evaluate(item)
    assert held.action in (Action.REVIEW, Action.REJECT)
    assert held.flagged == ("DECENCY-PROFANITY",)
    assert held.hints == ()
    hinted = evaluate(item, context=PolicyContext(profanity_hint=True))
    assert hinted.action is Action.PUBLISH
    assert hinted.hints == ("DECENCY-PROFANITY",)
    assert hinted.flagged == () and hinted.decisive == ()
    # The signal is kept, with the same score and spans.
    assert [hit.rule_id for hit in hinted.hits] == ["DECENCY-PROFANITY"]
    assert hinted.hits == held.hits


@pytest.mark.parametrize(("body", "lang"), MINCED)
@pytest.mark.parametrize("hint", [False, True])
def test_minced_oaths_are_clean_either_way(body: str, lang: str, hint: bool) -> None:
    verdict = evaluate(Item(body=body, lang=lang), context=PolicyContext(profanity_hint=hint))
    assert verdict.action is Action.PUBLISH
    assert verdict.hits == () and verdict.hints == ()


@pytest.mark.parametrize(
    ("body", "lang", "rule"),
    [
        ("Du är en jävla idiot.", "sv", "DECENCY-INSULT"),
        ("Fan, jag vet var du bor och jag ska döda dig.", "sv", "LAW-THREAT"),
        ("You fucking moron.", "en", "DECENCY-INSULT"),
    ],
)
def test_the_hint_is_for_swearing_only(body: str, lang: str, rule: str) -> None:
    verdict = evaluate(Item(body=body, lang=lang), context=PolicyContext(profanity_hint=True))
    assert verdict.action in (Action.REVIEW, Action.REJECT)
    assert rule in verdict.decisive
    assert "DECENCY-PROFANITY" not in verdict.decisive


def test_a_pre_moderated_consultation_still_holds_everything() -> None:
    context = PolicyContext(mode=ModerationMode.PRE, profanity_hint=True)
    verdict = evaluate(Item(body=PROFANE[0][0], lang="sv"), context=context)
    assert verdict.action is Action.REVIEW
    assert verdict.hold_reason is not None
