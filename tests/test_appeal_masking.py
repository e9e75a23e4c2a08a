"""The appeal outcome "publish with masking" (issue 19, item 3): a moderator who decides an
appeal picks the words to mask, and the item is published with them masked; the statement of
reasons and the appellant's outcome say so, and both are audited."""

from __future__ import annotations

import pytest
from sqlmodel import select

from debate.cases import appeals as cases
from debate.core.db import session_scope
from debate.core.models import (
    Appeal,
    AuditEvent,
    CaseState,
    DecisionSource,
    OutboxMessage,
    Role,
    Submission,
    Visibility,
)
from debate.review import appeals
from debate.review import decisions as review
from debate.submissions import latest
from tests.factories import login, make_user, post_form
from tests.test_review import INSULT, decide_form, moderator, page, second_client, state, submit

SITE = "http://testserver/"
REASONS = "Förslaget får publiceras, men inte personangreppet."


def _rejected_and_appealed(client, engine):
    """An insult a first moderator rejected, appealed by its author: (item, appeal id, author)."""
    author = make_user(engine, Role.CITIZEN, email="author@example.se")
    item = submit(engine, INSULT, author=author)
    moderator(client, engine)
    fields = decide_form(client.get(f"/moderation/items/{item}"))
    fields.update({"action": "reject", "reason": "DECENCY-INSULT"})
    assert post_form(client, f"/moderation/items/{item}/decide", fields).status_code == 303
    with session_scope(engine) as session:
        appeal = cases.appeal_as_author(
            session,
            actor=author,
            submission_id=item,
            grounds="Ta bort ordet, men publicera resten.",
            email="",
            lang="sv",
        )
        return item, appeal.id, author


@pytest.fixture
def appealed(client, engine):
    return _rejected_and_appealed(client, engine)


@pytest.fixture
def other(client, engine):
    """A second moderator, who took no part in the decision under appeal."""
    second = second_client(client)
    user = moderator(second, engine, "mod2@example.se")
    return second, user


def test_publish_with_masking_masks_the_chosen_words(client, engine, appealed, other):
    item, appeal_id, _author = appealed
    _second, user = other
    with session_scope(engine) as session:
        appeals.decide_appeal(
            session,
            actor=user,
            appeal_id=appeal_id,
            reverse=False,
            reason=REASONS,
            site_url=SITE,
            rule="DECENCY-INSULT",
            mask="idiot",
        )
    submission = state(engine, item)
    assert submission.visibility is Visibility.PUBLISHED_REDACTED
    assert "idiot" not in submission.published_body
    assert submission.published_body.startswith("Du är en ") and len(
        submission.published_body
    ) == len(INSULT)
    with session_scope(engine) as session:
        appeal = session.get_one(Appeal, appeal_id)
        assert (appeal.state, appeal.outcome) == (CaseState.DECIDED, "masked")
        assert appeal.outcome_reason.startswith("Ditt överklagande har delvis bifallits")
        assert appeal.outcome_reason.endswith(REASONS)
        decision = latest.latest_decision(session, item)
        assert decision is not None
        assert (decision.action, decision.source) == ("redact", DecisionSource.APPEAL)
        assert decision.visibility is Visibility.PUBLISHED_REDACTED
        assert decision.spans == [["body", 9, 14]] and decision.rule_ids == ["DECENCY-INSULT"]
        assert decision.decided_by_id == user.id and decision.explanation
        assert REASONS in decision.explanation  # the statement of reasons carries the note
        # The original text is kept unchanged.
        assert latest.latest_revision(session, item).body == INSULT
        events = {
            e.action: e.detail
            for e in session.exec(select(AuditEvent).where(AuditEvent.actor_id == user.id))
        }
        assert events["appeal.decided"]["outcome"] == "masked"
        assert events["submission.redacted"]["spans"] == [["body", 9, 14]]
        kinds = set(session.exec(select(OutboxMessage.kind)))
        assert "appeal_outcome" in kinds  # the appellant learns the outcome


@pytest.mark.parametrize(
    ("mask", "rule", "message"),
    [
        ("dumskalle", "DECENCY-INSULT", "is not in the text"),
        ("idiot", None, "Choose the rule"),
    ],
)
def test_bad_masks_are_refused_and_the_appeal_stays_open(
    client, engine, appealed, other, mask, rule, message
):
    item, appeal_id, _author = appealed
    second, _user = other
    response = post_form(
        second,
        f"/moderation/appeals/{appeal_id}",
        {"outcome": "mask", "reason": REASONS, "mask": mask, "rule": rule or ""},
    )
    assert response.status_code == 303
    flashed = page(second.get("/moderation?tab=appeals")).select_one("[data-flash]").text
    assert message in flashed
    with session_scope(engine) as session:
        assert session.get_one(Appeal, appeal_id).state is CaseState.OPEN
    assert state(engine, item).visibility is Visibility.HIDDEN


def test_the_mask_outcome_needs_words(client, engine, appealed, other):
    _item, appeal_id, _author = appealed
    second, _user = other
    response = post_form(
        second, f"/moderation/appeals/{appeal_id}", {"outcome": "mask", "reason": REASONS}
    )
    assert response.status_code == 303
    flashed = page(second.get("/moderation?tab=appeals")).select_one("[data-flash]").text
    assert flashed == "Write the words to mask, exactly as written, one per line."
    with session_scope(engine) as session:
        assert session.get_one(Appeal, appeal_id).state is CaseState.OPEN


def test_the_appeals_tab_offers_masking_and_the_author_sees_it(client, engine, appealed, other):
    item, appeal_id, author = appealed
    second, _user = other
    form = page(second.get("/moderation?tab=appeals")).select_one("[data-appeal-form]")
    assert {i["value"] for i in form.select("input[name=outcome]")} == {
        "uphold",
        "reverse",
        "mask",
    }
    assert form.select_one("textarea[name=mask]") is not None
    assert "DECENCY-INSULT" in {o["value"] for o in form.select("select[name=rule] option")}
    without_token = second.post(
        f"/moderation/appeals/{appeal_id}",
        data={"outcome": "mask", "reason": REASONS, "mask": "idiot", "rule": "DECENCY-INSULT"},
    )
    assert without_token.status_code == 403
    response = post_form(
        second,
        f"/moderation/appeals/{appeal_id}",
        {"outcome": "mask", "reason": REASONS, "mask": "idiot", "rule": "DECENCY-INSULT"},
    )
    assert response.status_code == 303
    with session_scope(engine) as session:
        decision = latest.latest_decision(session, item)
        assert decision is not None and decision.action == "redact"
    reader = second_client(client)
    login(reader, author)
    reader.get("/lang/en")
    status = page(reader.get(f"/me/submissions/{item}"))
    assert status.select_one("[data-appeal-outcome]")["data-appeal-outcome"] == "masked"
    assert "Your text is published with some parts masked." in status.get_text()
    assert status.select_one("[data-state]")["data-state"] == "published_redacted"


def test_a_withdrawn_text_cannot_be_published_by_an_appeal(client, engine, appealed, other):
    item, appeal_id, _author = appealed
    _second, user = other
    with session_scope(engine) as session:
        session.get_one(Submission, item).visibility = Visibility.WITHDRAWN
    with pytest.raises(review.ReviewError), session_scope(engine) as session:
        appeals.decide_appeal(
            session,
            actor=user,
            appeal_id=appeal_id,
            reverse=False,
            reason=REASONS,
            site_url=SITE,
            rule="DECENCY-INSULT",
            mask="idiot",
        )
    with session_scope(engine) as session:
        assert session.get_one(Appeal, appeal_id).state is CaseState.OPEN
    assert state(engine, item).visibility is Visibility.WITHDRAWN
