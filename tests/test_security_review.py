"""Issue 15 in the review queue: a moderator is never a party to what they decide (item 3),
forms return only to this site (16), and a navigation from another site claims and records
nothing (28)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from debate.core.db import session_scope
from debate.core.models import (
    Appeal,
    AuditEvent,
    CaseState,
    ModerationDecision,
    Notice,
    ReviewClaim,
    Visibility,
)
from debate.review import claims
from debate.submissions import latest
from tests.factories import post_form
from tests.test_review import (
    CLEAN,
    INSULT,
    add_notice,
    decide_form,
    decisions,
    moderator,
    page,
    second_client,
    state,
    submit,
)

OWN_ITEM = "You wrote this item: another moderator must decide it."


def _claimed_fields(engine, user, item: int) -> dict[str, str]:
    """A live claim and the fields of a decision form, as a forged or replayed post has them."""
    with session_scope(engine) as session:
        claim = claims.claim_item(session, actor=user, submission_id=item)
        decision = latest.latest_decision(session, item)
        revision = latest.latest_revision(session, item)
        return {
            "token": claim.token,
            "revision": str(revision.id),
            "decision": str(decision.id) if decision else "",
        }


# --- Item 3: never a party ------------------------------------------------------------------


def test_a_moderator_cannot_decide_their_own_item(client, engine):
    mod = moderator(client, engine)
    item = submit(engine, INSULT, author=mod)
    shown = page(client.get(f"/moderation/items/{item}"))
    assert shown.select_one("[data-own-item]").get_text(strip=True) == OWN_ITEM
    assert shown.select_one("[data-decide-form]") is None
    with session_scope(engine) as session:
        assert session.get(ReviewClaim, item) is None  # nobody else is kept out
    fields = {**_claimed_fields(engine, mod, item), "action": "approve"}
    refused = post_form(client, f"/moderation/items/{item}/decide", fields)
    assert refused.status_code == 403
    assert page(refused).select_one("[data-review-error]").get_text(strip=True) == OWN_ITEM
    assert decisions(engine, item) == []
    assert state(engine, item).visibility is Visibility.HELD


def test_bulk_skips_a_moderators_own_item(client, engine):
    mod = moderator(client, engine)
    own, other = submit(engine, INSULT, author=mod), submit(engine, INSULT + " Igen.")
    html = page(client.get("/moderation"))
    boxes = {b["name"]: b["value"] for b in html.select("input[type=checkbox][form=bulk-form]")}
    response = post_form(client, "/moderation/bulk", {**boxes, "bulk_action": "approve"})
    assert response.status_code == 303
    assert state(engine, own).visibility is Visibility.HELD
    assert state(engine, other).visibility is Visibility.PUBLISHED


def test_a_notice_about_a_moderators_own_item_is_decided_by_another(client, engine):
    mod = moderator(client, engine)
    item = submit(engine, CLEAN, author=mod)
    notice = add_notice(engine, item)
    fields = {**_claimed_fields(engine, mod, item), "notice": str(notice)}
    fields.update({"action": "keep", "note": "Det får stå kvar."})
    assert post_form(client, f"/moderation/items/{item}/decide", fields).status_code == 403
    with session_scope(engine) as session:
        assert session.get_one(Notice, notice).state is CaseState.OPEN


def _appeal(engine, item: int, decision_id: int, **extra: object) -> int:
    with session_scope(engine) as session:
        appeal = Appeal(
            reference=f"A-T{item:07d}",
            submission_id=item,
            decision_id=decision_id,
            grounds="Beslutet var fel.",
            **extra,
        )
        session.add(appeal)
        session.flush()
        assert appeal.id is not None
        return appeal.id


def test_the_author_of_an_item_cannot_decide_the_appeal_about_it(client, engine):
    author = moderator(client, engine)
    item = submit(engine, INSULT, author=author)
    other = second_client(client)
    moderator(other, engine, "mod2@example.se")
    fields = decide_form(other.get(f"/moderation/items/{item}"))
    fields.update({"action": "reject", "reason": "DECENCY-INSULT"})
    assert post_form(other, f"/moderation/items/{item}/decide", fields).status_code == 303
    (rejection,) = decisions(engine, item)
    appeal_id = _appeal(engine, item, rejection.id, appellant="author")
    listed = page(client.get("/moderation?tab=appeals"))
    assert listed.select_one("[data-own-item]") is not None
    assert listed.select_one("[data-appeal-form]") is None
    response = post_form(
        client, f"/moderation/appeals/{appeal_id}", {"outcome": "reverse", "reason": "Mitt eget."}
    )
    assert response.status_code == 403
    assert OWN_ITEM in response.text
    with session_scope(engine) as session:
        assert session.get_one(Appeal, appeal_id).state is CaseState.OPEN
    assert state(engine, item).visibility is Visibility.HIDDEN


def _kept_with_notice(client, engine, notifier_email: str) -> tuple[int, int, int]:
    """A clean item reported, kept by a second moderator; the item, notice and decision."""
    item = submit(engine, CLEAN)
    notice = add_notice(engine, item, email=notifier_email)
    keeper = second_client(client)
    moderator(keeper, engine, "keeper@example.se")
    fields = decide_form(keeper.get(f"/moderation/items/{item}?notice={notice}"))
    fields.update({"action": "keep", "note": "Skarp kritik är tillåten."})
    assert post_form(keeper, f"/moderation/items/{item}/decide", fields).status_code == 303
    with session_scope(engine) as session:
        decision = session.exec(
            select(ModerationDecision).where(ModerationDecision.action == "keep")
        ).one()
        assert decision.id is not None
        return item, notice, decision.id


@pytest.mark.parametrize("address", ["mod@example.se", "MOD@Example.se "])
def test_the_notifier_cannot_decide_their_own_notifier_appeal(client, engine, address):
    moderator(client, engine)  # mod@example.se, who made the notice
    item, notice, decision_id = _kept_with_notice(client, engine, address)
    appeal_id = _appeal(engine, item, decision_id, appellant="notifier", notice_id=notice)
    response = post_form(
        client, f"/moderation/appeals/{appeal_id}", {"outcome": "reverse", "reason": "Min egen."}
    )
    assert response.status_code == 403
    assert "You made the notice behind this appeal: another moderator must decide it." in (
        response.text
    )
    with session_scope(engine) as session:
        assert session.get_one(Appeal, appeal_id).state is CaseState.OPEN
    assert state(engine, item).visibility is Visibility.PUBLISHED


def test_an_uninvolved_moderator_decides_a_notifier_appeal(client, engine):
    moderator(client, engine)
    item, notice, decision_id = _kept_with_notice(client, engine, "anmalare@example.se")
    appeal_id = _appeal(engine, item, decision_id, appellant="notifier", notice_id=notice)
    response = post_form(
        client, f"/moderation/appeals/{appeal_id}", {"outcome": "uphold", "reason": "Står fast."}
    )
    assert response.status_code == 303
    with session_scope(engine) as session:
        assert session.get_one(Appeal, appeal_id).outcome == "upheld"


# --- Item 16: only local redirects ------------------------------------------------------------

OFF_SITE = ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_a_decision_returns_only_to_this_site(client, engine, target):
    item = submit(engine, INSULT)
    moderator(client, engine)
    fields = decide_form(client.get(f"/moderation/items/{item}"))
    fields.update({"action": "approve", "next": target})
    response = post_form(client, f"/moderation/items/{item}/decide", fields)
    assert response.status_code == 303
    assert response.headers["location"] == "/moderation"


@pytest.mark.parametrize("target", OFF_SITE)
def test_bulk_returns_only_to_this_site(client, engine, target):
    moderator(client, engine)
    response = post_form(client, "/moderation/bulk", {"bulk_action": "approve", "next": target})
    assert response.headers["location"] == "/moderation"


def test_a_local_next_is_kept(client, engine):
    moderator(client, engine)
    next_url = "/moderation?tab=reported"
    response = post_form(client, "/moderation/bulk", {"bulk_action": "approve", "next": next_url})
    assert response.headers["location"] == next_url


# --- Item 28: a navigation from elsewhere claims nothing --------------------------------------


def _claims_and_views(engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        claims = len(session.exec(select(ReviewClaim)).all())
        views = session.exec(select(AuditEvent).where(AuditEvent.action == "submission.viewed"))
        return claims, len(views.all())


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Referer": "https://evil.example/page"},
        {"Referer": "http://testserver.evil.example/"},
    ],
)
def test_a_navigation_from_another_site_claims_and_records_nothing(client, engine, headers):
    item = submit(engine, INSULT)
    moderator(client, engine)
    response = client.get(f"/moderation/items/{item}", headers=headers)
    assert response.status_code == 200
    html = page(response)
    assert html.select_one("[data-claim-form]")["action"] == f"/moderation/items/{item}/claim"
    assert html.select_one("[data-item-body]") is None
    assert _claims_and_views(engine) == (0, 0)
    opened = post_form(client, f"/moderation/items/{item}/claim")
    assert opened.status_code == 303
    assert opened.headers["location"] == f"/moderation/items/{item}"
    shown = client.get(opened.headers["location"], headers={"Sec-Fetch-Site": "same-origin"})
    assert shown.status_code == 200 and page(shown).select_one("[data-decide-form]")
    assert _claims_and_views(engine) == (1, 1)


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}, {}],
)
def test_a_navigation_on_this_site_opens_the_item(client, engine, headers):
    item = submit(engine, INSULT)
    moderator(client, engine)
    response = client.get(f"/moderation/items/{item}", headers=headers)
    assert page(response).select_one("[data-decide-form]") is not None
    assert _claims_and_views(engine) == (1, 1)


def test_a_notice_link_from_elsewhere_keeps_the_notice(client, engine):
    item = submit(engine, CLEAN)
    notice = add_notice(engine, item)
    moderator(client, engine)
    url = f"/moderation/items/{item}?notice={notice}"
    page_ = page(client.get(url, headers={"Sec-Fetch-Site": "cross-site"}))
    action = page_.select_one("[data-claim-form]")["action"]
    assert action == f"/moderation/items/{item}/claim?notice={notice}"
    assert post_form(client, action).headers["location"] == url


def test_a_claim_needs_the_form_token(client, engine):
    item = submit(engine, INSULT)
    moderator(client, engine)
    forged = client.post(f"/moderation/items/{item}/claim", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    assert _claims_and_views(engine) == (0, 0)
