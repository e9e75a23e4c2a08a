"""What the author reads: exact texts from legal-rules.md §7, Swedish and English."""

from __future__ import annotations

import re

import pytest

from moderation import (
    RULES,
    Action,
    FlaggedBy,
    Item,
    ModerationMode,
    PolicyContext,
    Rule,
    Span,
    TextField,
    Verdict,
    citizen_explanation,
    evaluate,
    hint_texts,
    statement_of_reasons,
)
from moderation.reasons import _HINTS, _PENDING_REDACTION, _REASONS

PNR_SV = (
    "Vi har dolt ett personnummer i ditt inlägg innan publicering, eftersom personnummer inte "
    "ska exponeras i onödan (3 kap. 10 § dataskyddslagen); resten av inlägget är publicerat."
)
PNR_EN = (
    "We masked a Swedish personal identity number in your post before publishing it, because "
    "such numbers must not be exposed unnecessarily; the rest of your post is published."
)
PRE_SV = "Alla inlägg i den här dialogen granskas av en moderator innan de publiceras."
PRE_EN = "Every post in this consultation is reviewed by a moderator before it is published."
SHOUTING_SV = (
    "Tips: text i VERSALER uppfattas ofta som skrik – vill du skriva om med små bokstäver?"
)
SHOUTING_EN = (
    "Tip: text in CAPITALS is often read as shouting – would you like to rewrite it in lower case?"
)
STATEMENT = {"item_ref": "P-1042", "date": "2026-11-26", "appeal_url": "https://inspel.se/o/P-1042"}

REDACTED = evaluate(Item(body="Mitt personnummer är 811218-9876."))
PRE_HELD = evaluate(Item(body="Hej"), context=PolicyContext(mode=ModerationMode.PRE))
PRE_HELD_PNR = evaluate(Item(body="nr 811218-9876"), context=PolicyContext(ModerationMode.PRE))
SHOUTED = evaluate(Item(body="NU FÅR NI FAKTISKT SKÄRPA ER I REGIONEN"))


def test_statement_for_a_redaction_in_swedish() -> None:
    assert statement_of_reasons(REDACTED, lang="sv", **STATEMENT) == (
        "Beslut: inlägget är publicerat med vissa uppgifter dolda. " + PNR_SV + "\n\n"
        "Vår automatiska granskning hittade uppgifter i inlägget som ser ut som: personnummer "
        "eller samordningsnummer.\n\n"
        "Rättslig grund: 3 kap. 10 § dataskyddslagen (2018:218).\n\n"
        "Beslutet gäller inlägg P-1042 från 2026-11-26 och tills vidare. Inlägget flaggades "
        "automatiskt och beslutet fattades automatiskt, utan mänsklig granskning. Du kan begära "
        "omprövning inom sex månader via https://inspel.se/o/P-1042; du kan också vända dig "
        "till domstol."
    )


def test_statement_for_a_redaction_in_english() -> None:
    assert statement_of_reasons(REDACTED, lang="en", **STATEMENT) == (
        "Decision: your post is published with some details masked. " + PNR_EN + "\n\n"
        "Our automatic checks found details in the post that look like: personal identity or "
        "coordination number.\n\n"
        "Legal ground: 3 kap. 10 § dataskyddslagen (2018:218).\n\n"
        "This decision concerns post P-1042 of 2026-11-26 and applies until further notice. "
        "The post was flagged automatically and the decision was taken automatically, without "
        "human review. You can ask for a review within six months via "
        "https://inspel.se/o/P-1042; you may also go to court."
    )


@pytest.mark.parametrize(
    ("flagged_by", "human", "lang", "expected"),
    [
        (FlaggedBy.USER, True, "sv", "flaggades av en användare och beslutet fattades av en "
         "moderator."),
        (FlaggedBy.MODERATOR, True, "en", "flagged by a moderator and the decision was taken by "
         "a human moderator."),
        (FlaggedBy.USER, False, "en", "flagged by a user and the decision was taken "
         "automatically, without human review."),
    ],
)  # fmt: skip
def test_footer_says_who_flagged_and_who_decided(
    flagged_by: FlaggedBy, human: bool, lang: str, expected: str
) -> None:
    text = statement_of_reasons(
        REDACTED, lang=lang, flagged_by=flagged_by, decided_by_human=human, **STATEMENT
    )
    assert expected in text


@pytest.mark.parametrize(
    ("verdict", "lang", "expected"),
    [
        (REDACTED, "sv", [PNR_SV]),
        (REDACTED, "en", [PNR_EN]),
        (PRE_HELD, "sv", [PRE_SV]),
        (PRE_HELD, "en", [PRE_EN]),
        (PRE_HELD_PNR, "sv", [PRE_SV, "När inlägget publiceras döljs personnumret i det, "
         "eftersom personnummer inte ska exponeras i onödan (3 kap. 10 § dataskyddslagen)."]),
        (PRE_HELD_PNR, "en", [PRE_EN, "When your post is published, the Swedish personal "
         "identity number in it will be masked, because such numbers must not be exposed "
         "unnecessarily."]),
        (SHOUTED, "sv", []),
        (Verdict(Action.PUBLISH), "en", []),
    ],
)  # fmt: skip
def test_citizen_explanation(verdict: Verdict, lang: str, expected: list[str]) -> None:
    assert citizen_explanation(verdict, lang=lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("sv", PRE_SV), ("en", PRE_EN), ("en-GB", PRE_EN), ("EN_us", PRE_EN), ("de", PRE_SV),
     ("", PRE_SV), ("sv-FI", PRE_SV)],
)  # fmt: skip
def test_unknown_language_falls_back_to_swedish(lang: str, expected: str) -> None:
    assert citizen_explanation(PRE_HELD, lang=lang) == [expected]


@pytest.mark.parametrize(("lang", "expected"), [("sv", SHOUTING_SV), ("en", SHOUTING_EN)])
def test_shouting_hint(lang: str, expected: str) -> None:
    assert hint_texts(SHOUTED, lang=lang) == [expected]
    assert hint_texts(REDACTED, lang=lang) == []


def test_a_published_post_has_no_statement_of_reasons() -> None:
    with pytest.raises(ValueError, match="no statement"):
        statement_of_reasons(SHOUTED, lang="sv", **STATEMENT)


@pytest.mark.usefixtures("stand_in_rules")
@pytest.mark.parametrize(
    ("body", "lang", "expected"),
    [
        ("hotordet", "sv", "Beslut: inlägget är dolt tills en moderator har granskat det. "
         "Inlägget kan strida mot lag och hålls därför kvar tills en moderator har granskat "
         "det.\n\nRättslig grund: basis of TEST-LEGAL-REJECT."),
        ("fulordet", "en", "Decision: your post is not shown until a moderator has reviewed it. "
         "Your post may break the rules for a good debate, so it is held until a moderator has "
         "reviewed it.\n\nGround in the terms of use: basis of TEST-TERMS-HOLD."),
    ],
)  # fmt: skip
def test_rule_without_its_own_text_gets_the_text_of_its_ground(
    body: str, lang: str, expected: str
) -> None:
    statement = statement_of_reasons(evaluate(Item(body=body)), lang=lang, **STATEMENT)
    why, ground = expected.split("\n\n")
    paragraphs = statement.split("\n\n")
    assert paragraphs[0] == why
    assert ground in paragraphs


ALL_VERDICTS = [
    REDACTED,
    PRE_HELD,
    PRE_HELD_PNR,
    evaluate(Item(title="MIN TITEL I VERSALER HELA VÄGEN", body="811218-9876"),
             context=PolicyContext(ModerationMode.PRE)),
    Verdict(Action.REVIEW, decisive=("PII-PNR",), redactions=(
        Span(TextField.BODY, 0, 3, "PII-PNR"),)),
]  # fmt: skip


@pytest.mark.parametrize("verdict", ALL_VERDICTS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_citizens_never_see_rule_ids_or_scores(verdict: Verdict, lang: str) -> None:
    texts = [
        statement_of_reasons(verdict, lang=lang, item_ref="", date="", appeal_url=""),
        *citizen_explanation(verdict, lang=lang),
        *hint_texts(verdict, lang=lang),
    ]
    for text in texts:
        assert text
        assert not any(rule_id in text for rule_id in RULES)
        assert re.search(r"\d\.\d|score|PII|SHOUTING", text) is None


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_every_rule_has_texts_in_both_languages(rule: Rule) -> None:
    tables = [_HINTS] if rule.hint else [_REASONS]
    if rule.default_action is Action.REDACT:
        tables.append(_PENDING_REDACTION)
    for table in tables:
        assert set(table[rule.id]) == {"sv", "en"}
        assert all(text.strip() for text in table[rule.id].values())


# --- a moderator's decision -------------------------------------------------------------------


def _moderator(action: str, rules: tuple[str, ...], lang: str, note: str = "") -> str:
    from moderation import FlaggedBy, ModeratorAction, moderator_statement

    return moderator_statement(
        ModeratorAction(action),
        rules,
        lang=lang,
        item_ref="INS-7",
        date="2026-11-26",
        appeal_url="https://inspel.example/status/abc",
        flagged_by=FlaggedBy.USER,
        note=note,
    )


def test_a_moderators_rejection_states_decision_reason_ground_and_appeal() -> None:
    text = _moderator("reject", ("DECENCY-INSULT",), "sv", note="Personangrepp på en debattör.")
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith(
        "Beslut: en moderator har granskat inlägget och beslutat att inte publicera det."
    )
    assert paragraphs[1] == "Moderatorns kommentar: Personangrepp på en debattör."
    assert paragraphs[-2].startswith("Grund i användarvillkoren:")
    assert "flaggades av en användare" in paragraphs[-1]
    assert "fattades av en moderator" in paragraphs[-1]
    assert "https://inspel.example/status/abc" in paragraphs[-1]
    assert "DECENCY-INSULT" not in text


def test_a_moderators_redaction_in_english_names_what_was_masked() -> None:
    text = _moderator("redact", ("PII-PNR", "PII-PNR"), "en-GB")
    assert text.startswith("Decision: a moderator has reviewed your post and published it")
    assert "What is masked concerns: " in text
    assert text.count("Legal ground:") == 1
    assert "by a human moderator" in text


def test_a_moderators_restriction_names_a_rule() -> None:
    with pytest.raises(ValueError, match="at least one rule"):
        _moderator("reject", (), "sv")
