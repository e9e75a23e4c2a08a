"""The review queue: tabs in severity order, claims that keep two moderators apart, every
decision (approve, redact, reject, escalate, keep), bulk actions, notes, sanctions, notices and
appeals — through the real pages, with exact messages."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy.engine import Engine
from sqlmodel import select
from starlette.testclient import TestClient

from debate.core.db import session_scope
from debate.core.models import (
    Appeal,
    AuditEvent,
    CaseState,
    Consultation,
    ModerationDecision,
    Notice,
    OutboxMessage,
    Role,
    Sanction,
    Submission,
    User,
    Visibility,
)
from debate.review import claims
from debate.review import decisions as review
from debate.submissions import actions, latest, screening
from tests.factories import login, make_consultation, make_user, post_form

PNR = "19811218-9876"
INSULT = "Du är en idiot som skriver så här."
THREAT = "Jag vet var du bor och jag ska döda dig."
CLEAN = "Bussarna borde gå oftare på kvällarna."


def submit(
    engine: Engine, body: str, *, author: User | None = None, title: str = "Ett förslag"
) -> int:
    """A proposal stored and screened the way the site does it; its submission id."""
    with session_scope(engine) as session:
        found = session.exec(select(Consultation).where(Consultation.slug == "agenda")).first()
    if found is None:
        found = make_consultation(engine, slug="agenda")
    with session_scope(engine) as session:
        receipt = actions.submit_proposal(
            session,
            actor=author,
            consultation=found,
            title=title,
            body=body,
            topic_id=None,
            municipality=None,
            author_name="",
            lang="sv",
        )
    with session_scope(engine) as session:
        screening.screen_submission(session, submission_id=receipt.submission_id)
    return receipt.submission_id


def state(engine: Engine, submission_id: int) -> Submission:
    with session_scope(engine) as session:
        return session.get_one(Submission, submission_id)


def page(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def moderator(client: TestClient, engine: Engine, email: str = "mod@example.se") -> User:
    """A moderator logged in on ``client``, reading the site in English (the messages below
    are the English ones; the Swedish catalogue is checked by tests/test_i18n.py)."""
    user = make_user(engine, Role.MODERATOR, email=email)
    login(client, user)
    client.get("/lang/en")
    return user


def second_client(client: TestClient) -> TestClient:
    return TestClient(client.app, follow_redirects=False)


def decide_form(response: Any) -> dict[str, str]:
    """The hidden fields of the item page's decision form."""
    form = page(response).select_one("[data-decide-form]")
    assert form is not None, "no decision form on the page"
    return {
        i["name"]: i.get("value", "")
        for i in form.select("input[type=hidden]")
        if i["name"] != "csrf_token"
    }


def decisions(engine: Engine, submission_id: int) -> list[ModerationDecision]:
    with session_scope(engine) as session:
        return list(
            session.exec(
                select(ModerationDecision).where(
                    ModerationDecision.submission_id == submission_id,
                    ModerationDecision.decided_by_id.is_not(None),  # type: ignore[union-attr]
                )
            )
        )


# --- The queue --------------------------------------------------------------------------------


def test_held_items_are_listed_in_severity_order_with_the_terms(client, engine):
    insult = submit(engine, INSULT)
    threat = submit(engine, THREAT)
    submit(engine, CLEAN)
    moderator(client, engine)
    response = client.get("/moderation")
    assert response.status_code == 200
    html = page(response)
    listed = [int(li["data-queue-item"]) for li in html.select("[data-queue-item]")]
    assert listed == [threat, insult]
    assert html.select_one("[data-count=held]").text == "(2)"
    first = html.select_one("[data-queue-item]")
    terms = [li.text for li in first.select("[data-severity] li")]
    assert terms[0] == "legal rule: +1000"
    assert terms[1].startswith("LAW-THREAT (priority 10): +990")


def test_severity_adds_reports_and_escalates_at_the_threshold():
    below = review_queries_severity(["DECENCY-INSULT"], reports=2)
    at = review_queries_severity(["DECENCY-INSULT"], reports=3)
    assert at.total - below.total == 1050
    assert ("reports at the escalation threshold (3)", 1000) in at.terms
    legal = review_queries_severity(["LAW-HATE"], reports=0)
    assert legal.total > below.total


def review_queries_severity(rules: list[str], reports: int) -> Any:
    from debate.review.signals import severity

    return severity(rules, {"insult": 0.5}, reports=reports, report_threshold=3)


def test_filters_narrow_the_tab_and_bad_values_are_named_not_fatal(client, engine):
    insult = submit(engine, INSULT)
    submit(engine, THREAT)
    moderator(client, engine)
    html = page(client.get("/moderation?rule=DECENCY-INSULT"))
    assert [int(li["data-queue-item"]) for li in html.select("[data-queue-item]")] == [insult]
    response = client.get("/moderation?rule=NOPE&consultation=abc&older_than=-1&lang=xx")
    assert response.status_code == 200
    dropped = page(response).select_one("[data-dropped-filters]").text
    assert "rule, lang, consultation, older_than" in dropped
    assert client.get("/moderation?tab=bogus").status_code == 404
    assert client.get("/moderation?page=999999999999").status_code == 200


# --- Claims -----------------------------------------------------------------------------------


def test_opening_an_item_claims_it_and_records_the_view(client, engine):
    item = submit(engine, INSULT)
    user = moderator(client, engine)
    response = client.get(f"/moderation/items/{item}")
    assert response.status_code == 200
    assert "You are working on this item until" in page(response).select_one("[data-claim]").text
    other = second_client(client)
    moderator(other, engine, "mod2@example.se")
    seen = other.get(f"/moderation/items/{item}")
    assert page(seen).select_one("[data-claimed-by-other]") is not None
    assert page(seen).select_one("[data-decide-form]") is None
    with session_scope(engine) as session:
        views = session.exec(
            select(AuditEvent).where(AuditEvent.action == "submission.viewed")
        ).all()
        assert {v.actor_id for v in views} >= {user.id}


def test_two_moderators_never_both_decide_an_item(client, engine):
    item = submit(engine, INSULT)
    moderator(client, engine)
    fields = decide_form(client.get(f"/moderation/items/{item}"))
    other = second_client(client)
    moderator(other, engine, "mod2@example.se")
    other.get(f"/moderation/items/{item}")
    # The second moderator forges a decision with a made-up claim token.
    forged = post_form(
        other, f"/moderation/items/{item}/decide", {**fields, "token": "x", "action": "approve"}
    )
    assert forged.status_code == 409
    assert "Your claim on this item has expired or was taken over. Nothing was saved." in (
        forged.text
    )
    ok = post_form(client, f"/moderation/items/{item}/decide", {**fields, "action": "approve"})
    assert ok.status_code == 303
    replay = post_form(client, f"/moderation/items/{item}/decide", {**fields, "action": "approve"})
    assert replay.status_code == 409
    assert "This item changed or was decided while you had it open. Nothing was saved." in (
        replay.text
    )
    assert [d.action for d in decisions(engine, item)] == ["approve"]
    assert state(engine, item).visibility is Visibility.PUBLISHED


def test_concurrent_decisions_with_one_claim_save_exactly_one(client, engine):
    item = submit(engine, INSULT)
    user = make_user(engine, Role.MODERATOR, email="mod@example.se")
    with session_scope(engine) as session:
        claim = claims.claim_item(session, actor=user, submission_id=item)
        revision = latest.latest_revision(session, item)
        last = latest.latest_decision(session, item)
    seen = review.Seen(claim.token, revision.id or 0, last.id if last else None)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def decide(choice: review.Decision) -> None:
        barrier.wait()
        try:
            with session_scope(engine) as session:
                review.decide_item(
                    session,
                    actor=user,
                    submission_id=item,
                    seen=seen,
                    choice=review.Choice(choice, reason="DECENCY-INSULT"),
                    site_url="http://test/",
                )
            outcomes.append("saved")
        except review.ReviewError:
            outcomes.append("refused")
        except Exception as exc:  # noqa: BLE001 - SQLite's lock or PostgreSQL's serialisation
            outcomes.append(f"refused: {type(exc).__name__}")

    threads = [
        threading.Thread(target=decide, args=(choice,))
        for choice in (review.Decision.APPROVE, review.Decision.REJECT)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes.count("saved") == 1, outcomes
    assert len(decisions(engine, item)) == 1


# --- Decisions --------------------------------------------------------------------------------


def test_reject_needs_a_reason_and_keeps_the_claim(client, engine):
    item = submit(engine, INSULT)
    moderator(client, engine)
    fields = decide_form(client.get(f"/moderation/items/{item}"))
    refused = post_form(client, f"/moderation/items/{item}/decide", {**fields, "action": "reject"})
    assert refused.status_code == 400
    assert "Choose the rule the item breaks: a reason is required." in refused.text
    assert state(engine, item).visibility is Visibility.HELD
    again = decide_form(refused)  # the page is shown again, still claimed
    ok = post_form(
        client,
        f"/moderation/items/{item}/decide",
        {**again, "action": "reject", "reason": "DECENCY-INSULT", "note": "Personangrepp."},
    )
    assert ok.status_code == 303
    item_state = state(engine, item)
    assert (item_state.visibility, item_state.published_body) == (Visibility.HIDDEN, None)
    (decision,) = decisions(engine, item)
    assert (decision.rule_ids, decision.ground, decision.automated_decision) == (
        ["DECENCY-INSULT"],
        "terms",
        False,
    )
    assert decision.explanation.startswith(
        "Beslut: en moderator har granskat inlägget och beslutat att inte publicera det."
    )
    assert "Moderatorns kommentar: Personangrepp." in decision.explanation


def test_redaction_masks_the_published_copy_and_keeps_the_original(client, engine):
    author = make_user(engine, Role.CITIZEN, email="author@example.se")
    body = f"Mitt personnummer är {PNR} och du är en idiot."
    item = submit(engine, body, author=author)
    assert state(engine, item).visibility is Visibility.HELD
    moderator(client, engine)
    response = client.get(f"/moderation/items/{item}")
    html = page(response)
    marks = [m.text for m in html.select("[data-item-body] mark")]
    assert PNR in marks and "idiot" in marks
    suggested = html.select("[data-suggested-span]")
    assert [s.find_next("label").q.text for s in suggested] == [PNR]
    fields = decide_form(response)
    fields.update({s["name"]: s["value"] for s in suggested})
    fields.update({"action": "redact", "reason": "DECENCY-INSULT", "mask": "idiot"})
    assert post_form(client, f"/moderation/items/{item}/decide", fields).status_code == 303
    item_state = state(engine, item)
    assert item_state.visibility is Visibility.PUBLISHED_REDACTED
    assert PNR not in (item_state.published_body or "")
    assert "XXXXXXXX-XXXX" in (item_state.published_body or "")
    assert "idiot" not in (item_state.published_body or "")
    with session_scope(engine) as session:
        assert latest.latest_revision(session, item).body == body
        (message,) = session.exec(select(OutboxMessage)).all()
        assert message.to_address == "author@example.se"
        assert message.kind == "statement_of_reasons"
        redacted = session.exec(
            select(AuditEvent).where(AuditEvent.action == "submission.redacted")
        ).one()
        assert len(redacted.detail["spans"]) == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"action": "redact"}, "Select at least one part of the text to mask."),
        (
            {"action": "redact", "mask": "finns inte"},
            "Choose the rule that the masked words fall under.",
        ),
        (
            {"action": "redact", "mask": "finns inte", "reason": "PII-PNR"},
            "“finns inte” is not in the text: copy the words exactly.",
        ),
        ({"action": "redact", "span_1": "body:0:99999:PII-PNR"}, "A selected part of the text"),
        ({"action": "fly"}, "Choose what to do with the item."),
        ({"action": "restore"}, "Choose what to do with the item."),
        ({"action": "keep"}, "Say why no action is needed: the notifier is told."),
        ({"action": "approve", "revision": "x"}, "The form is incomplete: open the item again."),
        ({"action": "approve", "note": "x" * 2001}, "The note is too long"),
    ],
)
def test_bad_decision_posts_are_refused_with_a_message(client, engine, fields, message):
    item = submit(engine, INSULT)
    moderator(client, engine)
    base = decide_form(client.get(f"/moderation/items/{item}"))
    response = post_form(client, f"/moderation/items/{item}/decide", {**base, **fields})
    assert response.status_code == 400
    assert message in response.text
    assert state(engine, item).visibility is Visibility.HELD
    assert decisions(engine, item) == []


def test_escalation_hides_and_flags_for_a_police_report(client, engine):
    item = submit(engine, THREAT)
    moderator(client, engine)
    fields = decide_form(client.get(f"/moderation/items/{item}"))
    fields.update({"action": "escalate", "reason": "LAW-THREAT"})
    assert post_form(client, f"/moderation/items/{item}/decide", fields).status_code == 303
    item_state = state(engine, item)
    assert (item_state.visibility, item_state.escalated) == (Visibility.HIDDEN, True)
    with session_scope(engine) as session:
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "submission.escalated")
        ).one()
        assert event.detail == {"police_report": True, "basis": "DSA Art. 18"}
    decided = page(client.get("/moderation?tab=decided"))
    assert [tr["data-decision"] for tr in decided.select("[data-decision]")]


def test_missing_and_unknown_items(client, engine):
    moderator(client, engine)
    assert client.get("/moderation/items/999999").status_code == 404
    assert client.get("/moderation/items/abc").status_code == 404
    response = post_form(client, "/moderation/items/999999/decide", {"action": "approve"})
    assert response.status_code == 404


# --- Bulk -------------------------------------------------------------------------------------


def test_bulk_approve_skips_what_someone_else_holds(client, engine):
    first, second = submit(engine, INSULT), submit(engine, INSULT + " Igen.")
    moderator(client, engine)
    other = second_client(client)
    moderator(other, engine, "mod2@example.se")
    other.get(f"/moderation/items/{second}")  # held by the other moderator
    html = page(client.get("/moderation"))
    boxes = {b["name"]: b["value"] for b in html.select("input[type=checkbox][form=bulk-form]")}
    response = post_form(client, "/moderation/bulk", {**boxes, "bulk_action": "approve"})
    assert response.status_code == 303
    assert state(engine, first).visibility is Visibility.PUBLISHED
    assert state(engine, second).visibility is Visibility.HELD
    flashed = page(client.get("/moderation")).select_one("[data-flash]").text
    assert flashed == "1 decided, 1 skipped (changed or held by someone else)."


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"bulk_action": "approve"}, "Select at least one item."),
        ({"bulk_action": "hide", "item_1": "1:"}, "Choose approve or reject for the selected"),
        ({"bulk_action": "reject", "item_1": "1:"}, "Choose the rule the items break"),
        ({"bulk_action": "approve", "item_x": "1:"}, "The selection is not valid"),
    ],
)
def test_bad_bulk_posts_say_why(client, engine, fields, message):
    moderator(client, engine)
    response = post_form(client, "/moderation/bulk", fields)
    assert response.status_code == 303
    assert message in page(client.get("/moderation")).select_one("[data-flash]").text


# --- Notes and sanctions ----------------------------------------------------------------------


def test_notes_and_sanctions_in_the_author_drawer(client, engine):
    author = make_user(engine, Role.CITIZEN, email="author@example.se")
    item = submit(engine, INSULT, author=author)
    moderator(client, engine)
    client.get(f"/moderation/items/{item}")
    assert (
        post_form(client, f"/moderation/items/{item}/notes", {"body": "Tredje gången."}).status_code
        == 303
    )
    suspended = post_form(
        client,
        f"/moderation/items/{item}/sanctions",
        {"kind": "suspension", "days": "7", "reason": "Upprepade personangrepp."},
    )
    assert suspended.status_code == 400
    assert "Warn the author first: a suspension follows a warning." in suspended.text
    for kind in ("warning", "suspension"):
        response = post_form(
            client,
            f"/moderation/items/{item}/sanctions",
            {"kind": kind, "days": "7", "reason": "Upprepade personangrepp."},
        )
        assert response.status_code == 303
    drawer = page(client.get(f"/moderation/items/{item}")).select_one("[data-author-drawer]")
    assert "Tredje gången." in drawer.select_one("[data-notes]").text
    assert [li.text.split(":")[0] for li in drawer.select("[data-sanctions] li")] == [
        "suspension",
        "warning",
    ]
    with session_scope(engine) as session:
        sanctions = session.exec(select(Sanction)).all()
        assert {s.kind.value for s in sanctions} == {"warning", "suspension"}
        kinds = [m.kind for m in session.exec(select(OutboxMessage))]
        assert kinds.count("sanction") == 2
        actions_logged = {e.action for e in session.exec(select(AuditEvent))}
        assert {"note.added", "user.warned", "user.suspended"} <= actions_logged


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "ban", "reason": "Skäl här"}, "Choose a warning or a suspension."),
        ({"kind": "warning", "reason": "x"}, "Give the reason in 5 to 1,000 characters."),
        ({"kind": "suspension", "days": "365", "reason": "Skäl här"}, "A suspension lasts 1 to 90"),
    ],
)
def test_bad_sanctions_are_refused(client, engine, fields, message):
    author = make_user(engine, Role.CITIZEN, email="author@example.se")
    item = submit(engine, INSULT, author=author)
    moderator(client, engine)
    response = post_form(client, f"/moderation/items/{item}/sanctions", fields)
    assert response.status_code == 400 and message in response.text


def test_an_anonymous_author_cannot_be_sanctioned(client, engine):
    item = submit(engine, INSULT)
    moderator(client, engine)
    response = post_form(
        client, f"/moderation/items/{item}/sanctions", {"kind": "warning", "reason": "Skäl här"}
    )
    assert response.status_code == 400
    assert "This item was sent without an account: there is no one to warn." in response.text


# --- Notices and appeals ----------------------------------------------------------------------


def add_notice(engine: Engine, item: int, email: str = "anmalare@example.se") -> int:
    with session_scope(engine) as session:
        notice = Notice(
            reference=f"N-{item:08d}",
            token_hash=f"{item:064d}",
            submission_id=item,
            category="rules:DECENCY-INSULT",
            explanation="Det här är ett personangrepp.",
            notifier_email=email,
            good_faith=True,
        )
        session.add(notice)
        session.get_one(Submission, item).report_count += 1
        session.flush()
        assert notice.id is not None
        return notice.id


def test_a_reported_item_kept_answers_the_notifier(client, engine):
    item = submit(engine, CLEAN)
    notice = add_notice(engine, item)
    moderator(client, engine)
    reported = page(client.get("/moderation?tab=reported"))
    assert [int(li["data-queue-item"]) for li in reported.select("[data-queue-item]")] == [item]
    notices = page(client.get("/moderation?tab=notices"))
    assert notices.select_one("[data-notice]")["data-notice"] == f"N-{item:08d}"
    fields = decide_form(client.get(f"/moderation/items/{item}?notice={notice}"))
    assert fields["notice"] == str(notice)
    fields.update({"action": "keep", "note": "Skarp kritik är tillåten."})
    assert post_form(client, f"/moderation/items/{item}/decide", fields).status_code == 303
    with session_scope(engine) as session:
        decided = session.get_one(Notice, notice)
        assert (decided.state, decided.outcome) == (CaseState.DECIDED, "no_action")
        assert decided.outcome_reason.endswith("Skarp kritik är tillåten.")
        (message,) = session.exec(select(OutboxMessage)).all()
        assert (message.to_address, message.kind) == ("anmalare@example.se", "notice_outcome")
        assert session.get_one(Submission, item).report_count == 0
        (decision,) = decisions(engine, item)
        assert (decision.action, decision.source.value) == ("keep", "notice")
    assert state(engine, item).visibility is Visibility.PUBLISHED


def test_an_appeal_is_decided_by_another_moderator_and_restores_the_item(client, engine):
    author = make_user(engine, Role.CITIZEN, email="author@example.se")
    item = submit(engine, INSULT, author=author)
    first = moderator(client, engine)
    fields = decide_form(client.get(f"/moderation/items/{item}"))
    fields.update({"action": "reject", "reason": "DECENCY-INSULT"})
    post_form(client, f"/moderation/items/{item}/decide", fields)
    (rejection,) = decisions(engine, item)
    with session_scope(engine) as session:
        appeal = Appeal(
            reference="A-TEST0001",
            submission_id=item,
            decision_id=rejection.id,
            appellant="author",
            grounds="Jag menade inget personligt.",
        )
        session.add(appeal)
        session.flush()
        appeal_id = appeal.id
    listed = page(client.get("/moderation?tab=appeals"))
    assert listed.select_one("[data-own-decision]") is not None
    own = post_form(
        client, f"/moderation/appeals/{appeal_id}", {"outcome": "reverse", "reason": "Ja."}
    )
    assert own.status_code == 403
    assert "You took the decision under appeal: another moderator must decide the appeal." in (
        own.text
    )
    assert state(engine, item).visibility is Visibility.HIDDEN
    assert first.id == rejection.decided_by_id
    other = second_client(client)
    moderator(other, engine, "mod2@example.se")
    assert page(other.get("/moderation?tab=appeals")).select_one("[data-appeal-form]")
    response = post_form(
        other,
        f"/moderation/appeals/{appeal_id}",
        {"outcome": "reverse", "reason": "Inlägget är skarpt men inget personangrepp."},
    )
    assert response.status_code == 303
    item_state = state(engine, item)
    assert item_state.visibility is Visibility.RESTORED
    assert item_state.published_body == INSULT
    with session_scope(engine) as session:
        decided = session.get_one(Appeal, appeal_id)
        assert (decided.state, decided.outcome) == (CaseState.DECIDED, "reversed")
        assert decided.outcome_reason.startswith("Ditt överklagande har bifallits")
        outcome_mail = session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == "appeal_outcome")
        ).one()
        assert outcome_mail.to_address == "author@example.se"
    again = post_form(
        other, f"/moderation/appeals/{appeal_id}", {"outcome": "uphold", "reason": "Nej nej."}
    )
    assert again.status_code == 303
    flashed = page(other.get("/moderation?tab=appeals")).select_one("[data-flash]").text
    assert flashed == "This appeal has already been decided. Nothing was saved."


def test_the_queue_works_without_javascript_and_offers_shortcuts(client, engine):
    item = submit(engine, INSULT)
    moderator(client, engine)
    html = page(client.get(f"/moderation/items/{item}"))
    buttons = {b["value"] for b in html.select("[data-decide-form] button[name=action]")}
    assert buttons == {"approve", "redact", "reject", "escalate"}
    assert html.select_one("[data-shortcuts] kbd") is not None
    script = html.select_one("script[src]")["src"]
    assert script.endswith("/static/review.js")
    js = client.get(script)
    assert js.status_code == 200
    assert re.search(r"\bj:\s*function", js.text) and "data-action=redact" in js.text


def test_the_queue_speaks_swedish_by_default(client, engine):
    item = submit(engine, INSULT)
    user = make_user(engine, Role.MODERATOR, email="mod@example.se")
    login(client, user)
    html = page(client.get(f"/moderation/items/{item}"))
    assert html.title.text.startswith("Granska inlägg INS-")
    assert html.select_one("[data-claim]").text.startswith("Du arbetar med inlägget till kl. ")
    fields = decide_form(client.get(f"/moderation/items/{item}"))
    refused = post_form(client, f"/moderation/items/{item}/decide", {**fields, "action": "reject"})
    assert "Välj regeln som inlägget bryter mot: ett skäl krävs." in refused.text


def test_an_offer_of_child_abuse_images_tells_the_moderator_to_call_the_police(client, engine):
    item = submit(engine, "Säljer barnporr, swisha 200 kr.")
    ordinary = submit(engine, INSULT)
    moderator(client, engine)
    alert = page(client.get(f"/moderation/items/{item}")).select_one("[data-police-alert]")
    assert alert is not None and "must be reported to the police" in alert.text
    assert (
        page(client.get(f"/moderation/items/{ordinary}")).select_one("[data-police-alert]") is None
    )
    client.get("/lang/sv")
    alert = page(client.get(f"/moderation/items/{item}")).select_one("[data-police-alert]")
    assert "Det ska anmälas till polisen" in alert.text
