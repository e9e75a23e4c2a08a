"""Edit, withdraw and "rewrite and send again" (issue 19, item 3): from the secret status link and
from "my submissions". An edit is a new revision, screened again like a new submission; the
earlier revisions are kept; a withdrawn text is hidden with the reason "withdrawn by the
author"."""

from __future__ import annotations

from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from sqlmodel import col, select
from starlette.testclient import TestClient

from debate.app import create_app
from debate.cases import notices
from debate.core.db import session_scope
from debate.core.models import (
    AuditEvent,
    ModerationDecision,
    ModerationJob,
    Proposal,
    Revision,
    Role,
    Submission,
    Visibility,
)
from debate.review import decisions as review
from debate.submissions import actions, revise
from debate.submissions.worker import Worker
from tests.factories import login, make_consultation, make_user, post_form, seed_proposal
from tests.test_worker import FakeClassifier

HELD = "Du är en idiot."
FIXED = "Jag håller inte med dig om bussarna."


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def words(element):
    return " ".join(element.get_text().split())


def latest_submission(engine) -> Submission:
    with session_scope(engine) as session:
        found = session.exec(select(Submission).order_by(col(Submission.id).desc())).first()
        assert found is not None
        return found


def revisions(engine, submission_id):
    with session_scope(engine) as session:
        rows = session.exec(
            select(Revision).where(Revision.submission_id == submission_id).order_by("number")
        )
        return [(r.number, r.title, r.body) for r in rows]


def audit(engine, action):
    with session_scope(engine) as session:
        return session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


@pytest.fixture
def proposal(engine):
    return seed_proposal(engine, make_consultation(engine))


def _held(client, engine, proposal):
    response = post_form(client, f"/proposals/{proposal}/replies", {"body": HELD})
    assert response.status_code == 303
    submission = latest_submission(engine)
    assert submission.visibility is Visibility.HELD
    return response.headers["location"], submission.id


@pytest.fixture
def held(client, engine, proposal):
    return _held(client, engine, proposal)


# --- The service ------------------------------------------------------------------------------


def test_an_edit_adds_a_revision_screened_again_and_keeps_the_first(client, engine, held):
    _status, submission_id = held
    with session_scope(engine) as session:
        revise.edit_submission(
            session,
            actor=None,
            submission_id=submission_id,
            title="ignored for a reply",
            body=FIXED,
            screening=actions.Screening(),
        )
    assert revisions(engine, submission_id) == [(1, None, HELD), (2, None, FIXED)]
    with session_scope(engine) as session:
        submission = session.get_one(Submission, submission_id)
        assert submission.visibility is Visibility.PUBLISHED
        assert submission.published_body == FIXED
        last = session.exec(
            select(ModerationDecision)
            .where(ModerationDecision.submission_id == submission_id)
            .order_by(col(ModerationDecision.id).desc())
        ).first()
        assert last is not None and last.action == "publish"
        assert last.revision_id is not None
        assert session.get_one(Revision, last.revision_id).number == 2
    [event] = audit(engine, "submission.edited")
    assert event.object_id == submission_id
    assert event.detail == {"revision": 2, "previous_visibility": "held"}


def test_an_edit_that_breaks_the_rules_again_is_held_again(client, engine, proposal):
    submission_id = _published_reply(client, engine, proposal)
    with session_scope(engine) as session:
        revise.edit_submission(
            session,
            actor=None,
            submission_id=submission_id,
            title=None,
            body=HELD,
            screening=actions.Screening(),
        )
    with session_scope(engine) as session:
        assert session.get_one(Submission, submission_id).visibility is Visibility.HELD
    page = client.get(f"/proposals/{proposal}")
    assert HELD not in page.text


def test_an_edit_waits_for_the_classifier_like_a_new_submission(client, engine, held):
    _status, submission_id = held
    with session_scope(engine) as session:
        revision = revise.edit_submission(
            session,
            actor=None,
            submission_id=submission_id,
            title=None,
            body=FIXED,
            screening=actions.Screening(queue=True),
        )
        revision_id = revision.id
    with session_scope(engine) as session:
        assert session.get_one(Submission, submission_id).visibility is Visibility.SCREENING
        job = session.exec(select(ModerationJob).where(ModerationJob.revision_id == revision_id))
        assert job.one().submission_id == submission_id


def test_the_same_text_again_adds_nothing(client, engine, held):
    _status, submission_id = held
    with pytest.raises(revise.NothingChangedError), session_scope(engine) as session:
        revise.edit_submission(
            session,
            actor=None,
            submission_id=submission_id,
            title=None,
            body=HELD,
            screening=actions.Screening(),
        )
    assert len(revisions(engine, submission_id)) == 1


@pytest.mark.parametrize(
    ("visibility", "words_"),
    [
        (Visibility.WITHDRAWN, "Du har återkallat texten"),
        (Visibility.HIDDEN_FINAL, "tagits bort för gott"),
        (Visibility.SCREENING, "granskas fortfarande"),
        (Visibility.RECEIVED, "granskas fortfarande"),
    ],
)
def test_edits_are_refused_in_final_and_checking_states(client, engine, held, visibility, words_):
    _status, submission_id = held
    with session_scope(engine) as session:
        session.get_one(Submission, submission_id).visibility = visibility
    with pytest.raises(revise.EditRefusedError, match=words_), session_scope(engine) as session:
        revise.edit_submission(
            session,
            actor=None,
            submission_id=submission_id,
            title=None,
            body=FIXED,
            screening=actions.Screening(),
        )
    assert len(revisions(engine, submission_id)) == 1


def _published_reply(client, engine, proposal):
    response = post_form(client, f"/proposals/{proposal}/replies", {"body": FIXED})
    assert response.status_code == 303
    submission = latest_submission(engine)
    assert submission.visibility is Visibility.PUBLISHED
    return submission.id


def _report(engine, submission_id):
    with session_scope(engine) as session:
        notices.submit_notice(
            session,
            actor=None,
            submission_id=submission_id,
            category=notices.NOTICE_CATEGORIES[0],
            explanation="Ett hot mot en person.",
            notifier_name="",
            notifier_email="",
            good_faith=True,
            lang="sv",
            counted=True,
            link=lambda token: token,
        )


def test_an_open_notice_blocks_an_edit_but_not_a_withdrawal(client, engine, proposal):
    submission_id = _published_reply(client, engine, proposal)
    _report(engine, submission_id)
    with pytest.raises(revise.EditRefusedError), session_scope(engine) as session:
        revise.edit_submission(
            session,
            actor=None,
            submission_id=submission_id,
            title=None,
            body="Ny text.",
            screening=actions.Screening(),
        )
    with session_scope(engine) as session:
        revise.withdraw_submission(session, actor=None, submission_id=submission_id)
    with session_scope(engine) as session:
        assert session.get_one(Submission, submission_id).visibility is Visibility.WITHDRAWN
    [event] = audit(engine, "submission.withdrawn")
    assert event.detail == {"previous_visibility": "published", "reason": "withdrawn_by_author"}


def test_a_moderator_cannot_publish_a_withdrawn_text(client, engine, held):
    _status, submission_id = held
    with session_scope(engine) as session:
        revise.withdraw_submission(session, actor=None, submission_id=submission_id)
    moderator = make_user(engine, Role.MODERATOR, email="mod@example.se")
    for decision in (review.Decision.APPROVE, review.Decision.RESTORE):
        with pytest.raises(review.ReviewError), session_scope(engine) as session:
            submission = session.get_one(Submission, submission_id)
            revision = session.exec(
                select(Revision).where(Revision.submission_id == submission_id)
            ).one()
            review.apply_choice(
                session,
                moderator,
                submission,
                revision,
                review.Choice(decision),
                "http://testserver/",
                review.DecisionSource.OWN_INITIATIVE,
            )
    with session_scope(engine) as session:
        assert session.get_one(Submission, submission_id).visibility is Visibility.WITHDRAWN


# --- By the secret link -----------------------------------------------------------------------


def test_the_status_page_offers_rewrite_for_a_held_text(client, held):
    status, _submission_id = held
    page = soup(client.get(status))
    link = page.select_one("[data-change-section] [data-rewrite-link]")
    assert link is not None and link["href"] == f"{status}/edit"
    assert page.select_one("[data-form=withdraw]")["action"] == f"{status}/withdraw"


def test_the_status_page_offers_an_edit_for_a_published_text(client, engine, proposal):
    response = post_form(client, f"/proposals/{proposal}/replies", {"body": FIXED})
    status = response.headers["location"]
    page = soup(client.get(status))
    assert page.select_one("[data-edit-link]")["href"] == f"{status}/edit"
    assert page.select_one("[data-rewrite-link]") is None


def test_an_author_rewrites_a_held_reply_by_the_link(client, engine, proposal, held):
    status, submission_id = held
    client.get("/lang/en")
    form = soup(client.get(f"{status}/edit"))
    assert words(form.select_one("h1")) == "Rewrite and send again"
    assert form.select_one("textarea[name=body]").get_text() == HELD
    assert form.select_one("input[name=title]") is None  # a reply has no title
    assert form.select_one("[data-reasons]") is not None  # why it was held
    assert form.select_one("[data-masked-note]") is None  # nothing is masked
    response = post_form(client, f"{status}/edit", {"body": FIXED})
    assert response.status_code == 303 and response.headers["location"] == status
    page = soup(client.get(status))
    assert page.select_one("[data-state]")["data-state"] == "published"
    assert words(page.select_one("[data-original-body]")) == FIXED
    thread = soup(client.get(f"/proposals/{proposal}"))
    assert FIXED in words(thread.select_one("[data-thread]"))
    assert revisions(engine, submission_id) == [(1, None, HELD), (2, None, FIXED)]


def test_a_proposal_is_edited_with_its_title(client, engine, proposal):
    make_consultation(engine, slug="fragor")
    response = post_form(
        client, "/consultations/fragor/proposals", {"title": "Bussar", "body": "Fler bussar."}
    )
    status = response.headers["location"]
    form = soup(client.get(f"{status}/edit"))
    assert form.select_one("input[name=title]")["value"] == "Bussar"
    edited = post_form(client, f"{status}/edit", {"title": "Fler bussar", "body": "Oftare."})
    assert edited.status_code == 303
    submission = latest_submission(engine)
    assert (submission.published_title, submission.published_body) == ("Fler bussar", "Oftare.")
    with session_scope(engine) as session:
        proposal_id = session.exec(
            select(Proposal.id).where(Proposal.submission_id == submission.id)
        ).one()
    assert "Oftare." in client.get(f"/proposals/{proposal_id}").text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"body": ""}, "body", "This field is required."),
        ({"body": "x" * 10_001}, "body", "At most 10000 characters (you wrote 10001)."),
        ({"body": HELD}, "body", "You have not changed anything in the text."),
    ],
)
def test_edit_errors_are_400_beside_the_field_and_nothing_is_stored(
    client, engine, held, data, field, message
):
    status, submission_id = held
    client.get("/lang/en")
    response = post_form(client, f"{status}/edit", data)
    assert response.status_code == 400
    page = soup(response)
    assert words(page.select_one(f"[data-error-for={field}]")) == f"Error: {message}"
    assert page.select_one("textarea[name=body]").get_text() == data["body"]  # input kept
    assert len(revisions(engine, submission_id)) == 1


def test_a_proposal_title_is_required(client, engine):
    make_consultation(engine, slug="fragor")
    response = post_form(client, "/consultations/fragor/proposals", {"title": "T", "body": "B"})
    status = response.headers["location"]
    client.get("/lang/en")
    edited = post_form(client, f"{status}/edit", {"title": " ", "body": "Ny"})
    assert edited.status_code == 400
    assert soup(edited).select_one("[data-error-for=title]") is not None


def test_edit_and_withdraw_need_the_csrf_token(client, engine, held):
    status, submission_id = held
    for path in ("edit", "withdraw"):
        response = client.post(f"{status}/{path}", data={"body": FIXED, "confirm": "yes"})
        assert response.status_code == 403
    assert len(revisions(engine, submission_id)) == 1
    assert latest_submission(engine).visibility is Visibility.HELD


def test_a_wrong_link_is_404(client, held):
    client.get("/lang/en")
    for response in (
        client.get("/status/not-a-real-token/edit"),
        post_form(client, "/status/not-a-real-token/edit", {"body": FIXED}),
        post_form(client, "/status/not-a-real-token/withdraw", {"confirm": "yes"}),
    ):
        assert response.status_code == 404
        assert "There is no submission behind this link" in response.text


def test_withdraw_needs_the_box_ticked(client, engine, held):
    status, _submission_id = held
    client.get("/lang/en")
    response = post_form(client, f"{status}/withdraw", {})
    assert response.status_code == 400
    assert "Tick the box to confirm" in words(soup(response).select_one("[data-error-for=confirm]"))
    assert latest_submission(engine).visibility is Visibility.HELD


def test_a_withdrawn_reply_leaves_the_thread_and_cannot_be_edited(client, engine, proposal):
    response = post_form(client, f"/proposals/{proposal}/replies", {"body": "Ett annat svar."})
    status = response.headers["location"]
    submission_id = latest_submission(engine).id
    assert "Ett annat svar." in client.get(f"/proposals/{proposal}").text
    withdrawn = post_form(client, f"{status}/withdraw", {"confirm": "yes"})
    assert withdrawn.status_code == 303 and withdrawn.headers["location"] == status
    assert "Ett annat svar." not in client.get(f"/proposals/{proposal}").text
    page = soup(client.get(status))
    assert page.select_one("[data-state]")["data-state"] == "withdrawn"
    assert words(page.select_one("[data-state]")) == "Återkallad av skribenten"
    assert "återkallad av skribenten" in words(page.select_one("[data-summary]"))
    assert page.select_one("[data-change-section]") is None
    assert page.select_one("[data-form=appeal]") is None
    client.get("/lang/en")
    for response in (
        client.get(f"{status}/edit"),
        post_form(client, f"{status}/edit", {"body": "Nytt"}),
        post_form(client, f"{status}/withdraw", {"confirm": "yes"}),
    ):
        assert response.status_code == 409
        assert "You have withdrawn this text" in response.text
    assert revisions(engine, submission_id) == [(1, None, "Ett annat svar.")]
    assert len(audit(engine, "submission.withdrawn")) == 1


def test_personal_data_stays_masked_on_the_edit_page(client, engine, proposal):
    body = "Mitt personnummer är 19811218-9876, ring mig."
    response = post_form(client, f"/proposals/{proposal}/replies", {"body": body})
    status = response.headers["location"]
    page = client.get(f"{status}/edit")
    assert page.status_code == 200
    assert "19811218-9876" not in page.text
    assert "XXXXXXXX-XXXX" in soup(page).select_one("textarea[name=body]").get_text()
    assert soup(page).select_one("[data-masked-note]") is not None


def test_edits_count_against_the_submission_limit(settings, engine):
    strict = replace(settings, rate_submissions=(2, 600))
    make_consultation(engine, slug="fragor")
    with TestClient(create_app(strict), follow_redirects=False) as client:
        sent = post_form(client, "/consultations/fragor/proposals", {"title": "T", "body": "B"})
        status = sent.headers["location"]
        first = post_form(client, f"{status}/edit", {"title": "T", "body": "B2"})
        second = post_form(client, f"{status}/edit", {"title": "T", "body": "B3"})
        assert (first.status_code, second.status_code) == (303, 429)


# --- From "my submissions" --------------------------------------------------------------------


def test_an_account_edits_and_withdraws_its_own_text(client, engine, proposal):
    user = make_user(engine)
    login(client, user)
    post_form(client, f"/proposals/{proposal}/replies", {"body": HELD})
    submission_id = latest_submission(engine).id
    mine = soup(client.get("/me/submissions"))
    link = mine.select_one(f"[data-submission='{submission_id}'] [data-rewrite-link]")
    assert link["href"] == f"/me/submissions/{submission_id}/edit"
    page = soup(client.get(f"/me/submissions/{submission_id}"))
    assert page.select_one("[data-rewrite-link]")["href"] == link["href"]
    response = post_form(client, link["href"], {"body": FIXED})
    assert response.status_code == 303
    assert response.headers["location"] == f"/me/submissions/{submission_id}"
    [event] = audit(engine, "submission.edited")
    assert event.actor_id == user.id
    assert latest_submission(engine).visibility is Visibility.PUBLISHED
    withdraw = post_form(client, f"/me/submissions/{submission_id}/withdraw", {"confirm": "yes"})
    assert withdraw.status_code == 303
    assert latest_submission(engine).visibility is Visibility.WITHDRAWN


def test_another_account_cannot_edit_or_withdraw(client, engine, proposal):
    login(client, make_user(engine))
    post_form(client, f"/proposals/{proposal}/replies", {"body": FIXED})
    submission_id = latest_submission(engine).id
    client.cookies.clear()
    login(client, make_user(engine, email="other@example.se"))
    base = f"/me/submissions/{submission_id}"
    assert client.get(f"{base}/edit").status_code == 404
    assert post_form(client, f"{base}/edit", {"body": "Kapat"}).status_code == 404
    assert post_form(client, f"{base}/withdraw", {"confirm": "yes"}).status_code == 404
    client.cookies.clear()
    anonymous = client.get(f"{base}/edit")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    assert latest_submission(engine).visibility is Visibility.PUBLISHED
    assert len(revisions(engine, submission_id)) == 1


def test_a_case_open_on_the_text_is_said_on_the_status_page(client, engine, proposal):
    response = post_form(client, f"/proposals/{proposal}/replies", {"body": FIXED})
    status = response.headers["location"]
    _report(engine, latest_submission(engine).id)
    client.get("/lang/en")
    page = soup(client.get(status))
    assert "A report or an appeal about this text" in words(page.select_one("[data-edit-refused]"))
    assert page.select_one("[data-edit-link]") is None
    assert page.select_one("[data-form=withdraw]") is not None
    assert client.get(f"{status}/edit").status_code == 409


# --- With the classifier queue ----------------------------------------------------------------


def test_the_worker_decides_an_edit_after_a_moderators_rejection(client, engine, held):
    _status, submission_id = held
    moderator = make_user(engine, Role.MODERATOR, email="mod@example.se")
    with session_scope(engine) as session:
        submission = session.get_one(Submission, submission_id)
        revision = session.exec(select(Revision).where(Revision.submission_id == submission_id))
        review.apply_choice(
            session,
            moderator,
            submission,
            revision.one(),
            review.Choice(review.Decision.REJECT, reason="DECENCY-INSULT"),
            "http://testserver/",
            review.DecisionSource.OWN_INITIATIVE,
        )
    with session_scope(engine) as session:
        revise.edit_submission(
            session,
            actor=None,
            submission_id=submission_id,
            title=None,
            body=FIXED,
            screening=actions.Screening(queue=True),
        )
    assert Worker(engine, lambda: FakeClassifier()).run_once() == 1
    # The moderator decided the first text; the new one is the machine's to screen.
    assert latest_submission(engine).visibility is Visibility.PUBLISHED


def test_an_edit_closes_a_job_still_waiting_for_the_classifier(client, engine, held):
    _status, submission_id = held
    with session_scope(engine) as session:
        first = session.exec(select(Revision).where(Revision.submission_id == submission_id)).one()
        session.add(
            ModerationJob(submission_id=submission_id, revision_id=first.id, state="waiting")
        )
    with session_scope(engine) as session:
        revise.edit_submission(
            session,
            actor=None,
            submission_id=submission_id,
            title=None,
            body=FIXED,
            screening=actions.Screening(queue=True),
        )
    with session_scope(engine) as session:
        jobs = session.exec(select(ModerationJob).order_by(col(ModerationJob.id))).all()
        assert [(j.state.value, j.last_error) for j in jobs] == [
            ("done", "superseded by revision 2"),
            ("queued", None),
        ]
    with session_scope(engine) as session:
        revise.withdraw_submission(session, actor=None, submission_id=submission_id)
    with session_scope(engine) as session:
        states = session.exec(select(ModerationJob.state, ModerationJob.last_error)).all()
        assert {(s.value, e) for s, e in states} == {
            ("done", "superseded by revision 2"),
            ("done", "withdrawn by the author"),
        }
