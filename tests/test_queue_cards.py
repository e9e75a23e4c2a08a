"""Deciding from the queue card without opening the item (issue 20, item 5): approve, mask
the parts the engine proposed, reject with a reason; the queue comes back at the next card;
stale, claimed, own and malformed cards are refused with a message; the workspace shows
words, not codes; the appeals tab shows the appealed text and the decision."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from debate.core.db import session_scope
from debate.core.models import Appeal, AuditEvent, Role, Visibility
from debate.review import claims
from debate.submissions.latest import latest_decision, latest_revision
from tests.factories import login, make_user, post_form
from tests.test_review import (
    CLEAN,
    INSULT,
    PNR,
    add_notice,
    decisions,
    moderator,
    page,
    second_client,
    state,
    submit,
)

SCRIPT = {"X-Requested-With": "inspel-card"}


def card_fields(client: Any, item: int, query: str = "") -> dict[str, str]:
    """The hidden fields of ``item``'s card form on the Held tab."""
    html = page(client.get(f"/moderation{query}"))
    form = html.select_one(f"#card-{item} [data-card-form]")
    assert form is not None, f"no card form for INS-{item}"
    return {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}


def post_card(client: Any, item: int, fields: dict[str, str], **kwargs: Any) -> Any:
    return client.post(f"/moderation/items/{item}/card", data=fields, **kwargs)


def test_approve_from_the_card_returns_to_the_next_card(client, engine):
    first, second = submit(engine, INSULT + " Ett."), submit(engine, INSULT + " Två.")
    user = moderator(client, engine)
    fields = card_fields(client, first)
    assert fields["after"] == str(second)
    response = post_card(client, first, {**fields, "action": "approve"})
    assert response.status_code == 303
    assert response.headers["location"].endswith(f"/moderation?#card-{second}")
    assert state(engine, first).visibility is Visibility.PUBLISHED
    (decision,) = decisions(engine, first)
    assert (decision.action, decision.decided_by_id) == ("approve", user.id)
    html = page(client.get("/moderation"))
    assert html.select_one("[data-flash]").text == "Decision saved."
    assert html.select_one(f"#card-{first}") is None
    assert html.select_one(f"#card-{second}") is not None


def test_mask_from_the_card_uses_the_parts_the_engine_proposed(client, engine):
    item = submit(engine, f"Mitt personnummer är {PNR} och du är en idiot.")
    moderator(client, engine)
    html = page(client.get("/moderation"))
    button = html.select_one(f"#card-{item} [data-card-action=redact]")
    assert button.text == f"Approve and mask {PNR}"
    response = post_card(client, item, {**card_fields(client, item), "action": "redact"})
    assert response.status_code == 303
    found = state(engine, item)
    assert found.visibility is Visibility.PUBLISHED_REDACTED
    assert PNR not in found.published_body
    assert "du är en idiot" in found.published_body


def test_a_card_without_personal_data_offers_no_mask(client, engine):
    item = submit(engine, INSULT)
    moderator(client, engine)
    html = page(client.get("/moderation"))
    assert html.select_one(f"#card-{item} [data-card-action=approve]") is not None
    assert html.select_one(f"#card-{item} [data-card-action=redact]") is None
    refused = post_card(client, item, {**card_fields(client, item), "action": "redact"})
    assert refused.status_code == 400
    assert "Select at least one part of the text to mask." in refused.text
    assert state(engine, item).visibility is Visibility.HELD


def test_reject_from_the_card_needs_a_reason(client, engine):
    item = submit(engine, INSULT)
    moderator(client, engine)
    fields = card_fields(client, item)
    refused = post_card(client, item, {**fields, "action": "reject"})
    assert refused.status_code == 400
    assert "Choose the rule the item breaks: a reason is required." in refused.text
    assert state(engine, item).visibility is Visibility.HELD
    done = post_card(client, item, {**fields, "action": "reject", "reason": "DECENCY-INSULT"})
    assert done.status_code == 303
    assert state(engine, item).visibility is Visibility.HIDDEN
    (decision,) = decisions(engine, item)
    assert decision.rule_ids == ["DECENCY-INSULT"]


def test_with_javascript_the_card_answers_204_or_the_message(client, engine):
    item = submit(engine, INSULT)
    moderator(client, engine)
    fields = card_fields(client, item)
    refused = post_card(client, item, {**fields, "action": "reject"}, headers=SCRIPT)
    assert (refused.status_code, refused.text) == (
        400,
        "Choose the rule the item breaks: a reason is required.",
    )
    done = post_card(client, item, {**fields, "action": "approve"}, headers=SCRIPT)
    assert (done.status_code, done.text) == (204, "")
    assert state(engine, item).visibility is Visibility.PUBLISHED


def test_a_stale_card_changes_nothing(client, engine):
    item = submit(engine, INSULT)
    moderator(client, engine)
    fields = card_fields(client, item)
    post_card(client, item, {**fields, "action": "approve"})
    again = post_card(
        client, item, {**fields, "action": "reject", "reason": "DECENCY-INSULT"}, headers=SCRIPT
    )
    assert again.status_code == 409
    assert (
        again.text == "This item changed or was decided while you had it open. Nothing was saved."
    )
    assert state(engine, item).visibility is Visibility.PUBLISHED
    assert len(decisions(engine, item)) == 1


def test_a_card_someone_else_holds_cannot_be_decided(client, engine):
    item = submit(engine, INSULT)
    other = make_user(engine, Role.MODERATOR, email="other@example.se")
    moderator(client, engine)
    fields = card_fields(client, item)
    with session_scope(engine) as session:
        claims.claim_item(session, actor=other, submission_id=item)
    html = page(client.get("/moderation"))
    assert html.select_one(f"#card-{item} [data-claimed]") is not None
    assert html.select_one(f"#card-{item} [data-card-form]") is None
    refused = post_card(client, item, {**fields, "action": "approve"}, headers=SCRIPT)
    assert (refused.status_code, refused.text) == (
        409,
        "Another moderator is working on this item. Nothing was saved.",
    )
    assert state(engine, item).visibility is Visibility.HELD


def test_a_moderator_cannot_decide_their_own_item_from_the_card(client, engine):
    user = moderator(client, engine)
    own = submit(engine, INSULT, author=user)
    other = submit(engine, INSULT + " Igen.")
    html = page(client.get("/moderation"))
    assert html.select_one(f"#card-{own} [data-own-item]") is not None
    assert html.select_one(f"#card-{own} [data-card-form]") is None
    fields = card_fields(client, other)
    with session_scope(engine) as session:
        fields["revision"] = str(latest_revision(session, own).id)
        fields["decision"] = str(decisions_of_machine(session, own))
    refused = post_card(client, own, {**fields, "action": "approve"})
    assert refused.status_code == 403
    assert state(engine, own).visibility is Visibility.HELD


def decisions_of_machine(session: Any, item: int) -> int:
    found = latest_decision(session, item)
    assert found is not None and found.id is not None
    return found.id


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"revision": "abc"}, 400, "The card is out of date: reload the queue."),
        ({"revision": ""}, 400, "The card is out of date: reload the queue."),
        ({"decision": "-1"}, 400, "The card is out of date: reload the queue."),
        ({"action": "escalate", "reason": "LAW-THREAT"}, 400, "Choose what to do with the item."),
        ({"action": "keep"}, 400, "Choose what to do with the item."),
        ({"action": "restore"}, 400, "Choose what to do with the item."),
        ({"action": ""}, 400, "Choose what to do with the item."),
        ({"action": "reject", "reason": "NOPE"}, 400, "a reason is required"),
        ({"action": "redact", "span_1": "body:0:999999:PII-PNR"}, 400, "is not valid"),
    ],
)
def test_bad_card_posts_are_refused_with_a_message(client, engine, changes, status, message):
    item = submit(engine, INSULT)
    moderator(client, engine)
    fields = {**card_fields(client, item), "action": "approve", **changes}
    refused = post_card(client, item, fields, headers=SCRIPT)
    assert refused.status_code == status
    assert message in refused.text
    assert state(engine, item).visibility is Visibility.HELD


def test_the_card_needs_csrf_and_a_moderator(client, engine):
    item = submit(engine, INSULT)
    citizen = make_user(engine, Role.CITIZEN, email="c@example.se")
    moderator(client, engine)
    fields = card_fields(client, item)
    no_token = {k: v for k, v in fields.items() if k != "csrf_token"}
    assert post_card(client, item, {**no_token, "action": "approve"}).status_code == 403
    other = second_client(client)
    login(other, citizen)
    assert (
        post_form(other, f"/moderation/items/{item}/card", {"action": "approve"}).status_code == 403
    )
    assert state(engine, item).visibility is Visibility.HELD
    missing = post_card(client, 999999, {**fields, "action": "approve"})
    assert missing.status_code == 404


def test_the_card_says_words_and_keeps_the_codes_in_titles(client, engine):
    item = submit(engine, f"Mitt personnummer är {PNR} och du är en idiot.")
    user = make_user(engine, Role.MODERATOR, email="mod@example.se")
    login(client, user)  # Swedish, the default
    html = page(client.get("/moderation"))
    card = html.select_one(f"#card-{item}")
    assert card.select_one("[data-kind]").text.startswith("Förslag · på svenska · ")
    rules = {r["title"]: r.text for r in card.select("[data-rules] .rule-name")}
    assert rules == {
        "DECENCY-INSULT": "Personangrepp eller förolämpning",
        "PII-PNR": "Personnummer eller samordningsnummer",
    }
    summary = card.select_one("[data-severity] summary").text
    assert summary.startswith("Hög prioritet") and "(" in summary
    assert "Allvarlighet" not in card.text
    options = [o.text for o in card.select("[data-reason] option")][1:]
    assert "Personangrepp eller förolämpning (DECENCY-INSULT)" in options
    item_page = page(client.get(f"/moderation/items/{item}"))
    assert item_page.select_one("[data-visibility]").text == "Kvarhållet för granskning"


def test_decided_tab_shows_words(client, engine):
    item = submit(engine, INSULT)
    moderator(client, engine)
    fields = card_fields(client, item)
    post_card(client, item, {**fields, "action": "reject", "reason": "DECENCY-INSULT"})
    row = page(client.get("/moderation?tab=decided")).select_one("[data-decided] tbody tr")
    cells = [td.text.strip() for td in row.select("td")]
    assert cells[2:] == ["Rejected", "Personal attack or insult", "own initiative"]
    assert [td["data-label"] for td in row.select("td")] == [
        "When",
        "Item",
        "Decision",
        "Rules",
        "Source",
    ]


def test_the_appeals_tab_shows_the_text_and_the_decision(client, engine):
    author = make_user(engine, Role.CITIZEN, email="author@example.se")
    item = submit(engine, INSULT, author=author, title="Om bussarna")
    moderator(client, engine)
    fields = card_fields(client, item)
    post_card(client, item, {**fields, "action": "reject", "reason": "DECENCY-INSULT"})
    (rejection,) = decisions(engine, item)
    with session_scope(engine) as session:
        session.add(
            Appeal(
                reference="A-TEST0002",
                submission_id=item,
                decision_id=rejection.id,
                appellant="author",
                grounds="Jag menade inget personligt.",
            )
        )
    html = page(client.get("/moderation?tab=appeals"))
    entry = html.select_one("[data-appeal=A-TEST0002]")
    text = entry.select_one("[data-appealed-text]").text
    assert "Om bussarna" in text and INSULT in text
    original = entry.select_one("[data-original-decision]").text
    assert original.startswith("Decision appealed against: Rejected – Personal attack or insult")
    assert "by a moderator" in original
    assert entry.select_one("[data-grounds]").text == "Jag menade inget personligt."


def test_card_decisions_are_audited(client, engine):
    item = submit(engine, INSULT)
    user = moderator(client, engine)
    post_card(client, item, {**card_fields(client, item), "action": "approve"})
    with session_scope(engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.actor_id == user.id)).all()
        assert [(e.action, e.object_id) for e in events] == [("submission.approve", item)]


def test_notices_show_their_category_and_state_in_words(client, engine):
    item = submit(engine, CLEAN)
    add_notice(engine, item)
    user = make_user(engine, Role.MODERATOR, email="mod@example.se")
    login(client, user)  # Swedish, the default
    listed = page(client.get("/moderation?tab=notices")).select_one("[data-category]")
    assert listed["title"] == "rules:DECENCY-INSULT"
    assert listed.text == "Brott mot debattreglerna: Personangrepp eller förolämpning"
    notices = page(client.get(f"/moderation/items/{item}")).select_one("[data-notices] li")
    assert "Brott mot debattreglerna: Personangrepp eller förolämpning · Öppen" in notices.text
