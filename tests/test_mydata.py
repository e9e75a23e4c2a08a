"""My data: the export as a ZIP of JSON files, and erasure (identity gone, content kept)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from debate.cases import notices
from debate.core.db import session_scope
from debate.core.models import (
    AuditEvent,
    CaseState,
    Consultation,
    Notice,
    OutboxMessage,
    Revision,
    Role,
    Submission,
    Support,
    User,
    utcnow,
)
from debate.privacy import mydata
from debate.submissions import actions
from tests.factories import PASSWORD, login, make_consultation, make_user, post_form

PROPOSAL = {"title": "Fler bussar", "body": "Bussarna borde gå oftare.", "author_name": "Kim"}


def _zip(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["cache-control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: json.loads(archive.read(name)) for name in archive.namelist()}


def _submit(client) -> tuple[str, int]:
    response = post_form(client, "/consultations/agenda/proposals", PROPOSAL)
    assert response.status_code == 303
    status = response.headers["location"]
    return status, _latest_submission_id(client.app.state.engine)


def _latest_submission_id(engine) -> int:
    with session_scope(engine) as session:
        ids = session.exec(select(Submission.id).order_by(Submission.id.desc())).all()
    return ids[0]


def _notice(engine, submission_id: int, email: str = "anmalare@example.se") -> int:
    with session_scope(engine) as session:
        receipt = notices.submit_notice(
            session,
            actor=None,
            submission_id=submission_id,
            category=notices.NOTICE_CATEGORIES[0],
            explanation="Ett hot mot en person.",
            notifier_name="Anmälare Andersson",
            notifier_email=email,
            good_faith=True,
            lang="sv",
            counted=True,
            link=lambda token: token,
        )
        assert receipt is not None
        return receipt.notice_id


@pytest.fixture
def citizen(client, engine) -> User:
    make_consultation(engine)
    user = make_user(engine, email="kim@example.se")
    login(client, user)
    client.get("/lang/en")
    return user


# --- The page and the export --------------------------------------------------------------


def test_the_page_explains_export_erasure_and_open_cases(client, citizen):
    page = BeautifulSoup(client.get("/me/data").text, "html.parser")
    assert page.select_one('[data-action="export"]')["href"] == "/me/data/export"
    assert page.select_one('form[data-form="erase"] input[name="confirm_email"]') is not None
    text = page.get_text(" ", strip=True)
    assert "stay linked to the erased account until the case is closed" in text
    assert "What you wrote is kept, as anonymous" in text


def test_the_export_holds_everything_about_the_citizen(client, engine, citizen):
    _status, sid = _submit(client)
    with session_scope(engine) as session:
        session.add(Support(proposal_id=1, supporter_key=f"user:{citizen.id}", user_id=citizen.id))
    _notice(engine, sid)
    _notice(engine, sid, email=citizen.email)  # one the citizen made about their own item
    files = _zip(client.get("/me/data/export"))
    assert set(files) == {
        "account.json",
        "submissions.json",
        "notices_made.json",
        "supports.json",
        "sanctions.json",
        "moderator_notes.json",
        "audit_events.json",
        "sign_in_services.json",
        "follows.json",
    }
    assert files["account.json"]["email"] == "kim@example.se"
    assert "password_hash" not in files["account.json"]
    [submission] = files["submissions.json"]
    assert submission["author_name"] == "Kim" and "status_token_hash" not in submission
    assert submission["revisions"][0]["body"] == PROPOSAL["body"]
    assert submission["decisions"] and submission["decisions"][0]["decided_by"] == "system"
    # A notifier's identity is the notifier's data, not the author's.
    assert len(submission["notices"]) == 2
    assert all("notifier_email" not in n for n in submission["notices"])
    assert "Anmälare Andersson" not in json.dumps(submission)
    assert [n["notifier_email"] for n in files["notices_made.json"]] == [citizen.email]
    assert len(files["supports.json"]) == 1
    actions = {e["action"] for e in files["audit_events.json"]}
    assert "submission.received" in actions
    with session_scope(engine) as session:
        logged = session.exec(
            select(AuditEvent).where(AuditEvent.action == "user.data_exported")
        ).one()
    assert logged.actor_id == citizen.id


def test_other_peoples_data_is_not_in_the_export(client, engine, citizen):
    other = make_user(engine, email="other@example.se")
    with session_scope(engine) as session:
        actions.submit_proposal(
            session,
            actor=other,
            consultation=session.exec(select(Consultation)).one(),
            title="Annan",
            body="Någon annans text.",
            topic_id=None,
            municipality=None,
            author_name="Other",
            lang="sv",
        )
    files = _zip(client.get("/me/data/export"))
    assert files["submissions.json"] == []
    assert "Någon annans text." not in json.dumps(files)


# --- Erasure from the account -------------------------------------------------------------


def test_erasure_needs_the_email_typed_again(client, engine, citizen):
    response = post_form(client, "/me/data/erase", {"confirm_email": "someone@else.se"})
    assert response.status_code == 400
    error = BeautifulSoup(response.text, "html.parser").select_one("[data-error-for=confirm_email]")
    assert error is not None
    assert error.get_text(strip=True).endswith(
        "Type the e-mail address of your account to confirm."
    )
    with session_scope(engine) as session:
        assert session.get_one(User, citizen.id).is_active


def test_erasure_removes_the_identity_and_keeps_the_content(client, engine, citizen):
    _status, sid = _submit(client)
    response = post_form(client, "/me/data/erase", {"confirm_email": " KIM@example.se "})
    assert response.status_code == 303
    with session_scope(engine) as session:
        user = session.get_one(User, citizen.id)
        submission = session.get_one(Submission, sid)
        revision = session.exec(select(Revision).where(Revision.submission_id == sid)).one()
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "user.erased")).one()
    assert (user.email, user.display_name, user.is_active) == (
        f"erased-{citizen.id}@invalid",
        "anonym",
        False,
    )
    assert submission.author_id is None and submission.author_name == ""
    assert revision.body == PROPOSAL["body"]
    assert event.detail == {
        "anonymised": [sid],
        "kept_for_open_case": [],
        "contact_kept_for_open_case": [],
    }
    # Logged out, and the old password opens nothing.
    assert client.get("/me/data").status_code == 303
    again = post_form(client, "/login", {"email": "kim@example.se", "password": PASSWORD})
    assert again.status_code == 400


def test_an_item_in_an_open_case_keeps_its_link_until_the_case_closes(client, engine, citizen):
    _status, in_case = _submit(client)
    _status, free = _submit(client)
    notice_id = _notice(engine, in_case)
    response = post_form(client, "/me/data/erase", {"confirm_email": citizen.email})
    assert response.status_code == 303
    page = client.get("/")
    assert "part of an open case" in page.text
    with session_scope(engine) as session:
        kept = session.get_one(Submission, in_case)
        assert kept.author_id == citizen.id and kept.author_name == "Kim"
        assert session.get_one(Submission, free).author_id is None
        session.get_one(Notice, notice_id).state = CaseState.DECIDED
    with session_scope(engine) as session:
        assert mydata.complete_erasures(session) == [in_case]
    with session_scope(engine) as session:
        done = session.get_one(Submission, in_case)
        assert done.author_id is None and done.author_name == ""


def test_an_escalated_item_keeps_its_link(engine, citizen, client):
    _status, sid = _submit(client)
    with session_scope(engine) as session:
        session.get_one(Submission, sid).escalated = True
    post_form(client, "/me/data/erase", {"confirm_email": citizen.email})
    with session_scope(engine) as session:
        assert session.get_one(Submission, sid).author_id == citizen.id


def test_staff_accounts_are_not_erased_here(client, engine):
    staff = make_user(engine, Role.STAFF)
    login(client, staff)
    client.get("/lang/en")
    page = BeautifulSoup(client.get("/me/data").text, "html.parser")
    assert page.select_one('form[data-form="erase"]') is None
    response = post_form(client, "/me/data/erase", {"confirm_email": staff.email})
    assert response.status_code == 403
    assert "Staff accounts are closed by an administrator, not erased here." in response.text


# --- From a receipt link ------------------------------------------------------------------


def test_a_receipt_link_downloads_that_one_submission(client, engine):
    make_consultation(engine)
    status, sid = _submit(client)
    client.cookies.clear()
    files = _zip(client.get(f"{status}/data"))
    assert set(files) == {"submission.json", "audit_events.json"}
    assert files["submission.json"]["id"] == sid
    assert files["submission.json"]["revisions"][0]["title"] == PROPOSAL["title"]
    assert all("actor_id" not in e for e in files["audit_events.json"])


def test_a_receipt_link_removes_the_name_after_confirmation(client, engine):
    make_consultation(engine)
    status, sid = _submit(client)
    client.get("/lang/en")
    page = BeautifulSoup(client.get(f"{status}/privacy").text, "html.parser")
    assert page.select_one("[data-author-name]").get_text() == "Kim"
    unconfirmed = post_form(client, f"{status}/erase")
    assert unconfirmed.status_code == 303
    assert "Tick the box to confirm." in client.get(f"{status}/privacy").text
    response = post_form(client, f"{status}/erase", {"confirm": "yes"})
    assert response.headers["location"] == f"{status}/privacy"
    page = client.get(f"{status}/privacy").text
    assert "Your name is removed from this submission." in page
    with session_scope(engine) as session:
        assert session.get_one(Submission, sid).author_name == ""
        assert session.exec(
            select(AuditEvent).where(AuditEvent.action == "submission.author_erased")
        ).one()


def test_a_receipt_link_in_an_open_case_keeps_the_name(client, engine):
    make_consultation(engine)
    status, sid = _submit(client)
    _notice(engine, sid)
    client.get("/lang/en")
    post_form(client, f"{status}/erase", {"confirm": "yes"})
    assert "This submission is part of an open case" in client.get(f"{status}/privacy").text
    with session_scope(engine) as session:
        assert session.get_one(Submission, sid).author_name == "Kim"


@pytest.mark.parametrize("suffix", ["/data", "/privacy"])
def test_a_wrong_receipt_link_is_404(client, suffix):
    assert client.get(f"/status/not-a-token{suffix}").status_code == 404
    assert post_form(client, "/status/not-a-token/erase", {"confirm": "yes"}).status_code == 404


def test_erasure_removes_the_address_from_closed_cases_and_sent_mail(client, engine, citizen):
    _status, sid = _submit(client)
    closed = _notice(engine, sid, email=citizen.email)
    still_open = _notice(engine, sid, email=citizen.email)
    with session_scope(engine) as session:
        session.get_one(Notice, closed).state = CaseState.DECIDED
        session.add(
            OutboxMessage(
                to_address=citizen.email, subject="S", body="B", kind="k", sent_at=utcnow()
            )
        )
    post_form(client, "/me/data/erase", {"confirm_email": citizen.email})
    with session_scope(engine) as session:
        done, kept = session.get_one(Notice, closed), session.get_one(Notice, still_open)
        addresses = session.exec(select(OutboxMessage.to_address)).all()
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "user.erased")).one()
    assert (done.notifier_email, done.notifier_name) == ("", "")
    assert kept.notifier_email == citizen.email
    assert "erased@invalid" in addresses
    assert event.detail["contact_kept_for_open_case"] == [kept.reference]
    with session_scope(engine) as session:
        session.get_one(Notice, still_open).state = CaseState.DECIDED
    with session_scope(engine) as session:
        mydata.complete_erasures(session)
    with session_scope(engine) as session:
        assert session.get_one(Notice, still_open).notifier_email == ""


# --- Issue 15: other people's data and mail after erasure ---------------------------------

NOTIFIER_TEXT = "Ring mig på 070-123 45 67, jag bor på Storgatan 1."


def _notice_with_text(engine, submission_id: int) -> None:
    with session_scope(engine) as session:
        receipt = notices.submit_notice(
            session,
            actor=None,
            submission_id=submission_id,
            category="rules:OFFTOPIC",
            explanation=NOTIFIER_TEXT,
            notifier_name="Anmälare Andersson",
            notifier_email="anmalare@example.se",
            good_faith=True,
            lang="sv",
            counted=True,
            link=lambda token: token,
        )
        assert receipt is not None


def test_the_reported_author_gets_the_notice_category_not_the_notifiers_text(
    client, engine, citizen
):
    status, sid = _submit(client)
    _notice_with_text(engine, sid)
    [submission] = _zip(client.get("/me/data/export"))["submissions.json"]
    client.cookies.clear()
    by_receipt = _zip(client.get(f"{status}/data"))["submission.json"]
    for record in (submission, by_receipt):
        assert NOTIFIER_TEXT not in json.dumps(record, ensure_ascii=False)
        [notice] = record["notices"]
        assert set(notice) == set(mydata.NOTICE_FIELDS_FOR_AUTHOR)
        assert notice["category"] == "rules:OFFTOPIC" and notice["state"] == "open"
        assert notice["created_at"] and notice["outcome"] is None


def test_erasure_withdraws_unsent_mail_to_the_address(client, engine, citizen):
    _status, sid = _submit(client)
    _notice(engine, sid, email="KIM@example.se")  # its acknowledgement waits in the outbox
    with session_scope(engine) as session:
        session.add(OutboxMessage(to_address="other@example.se", subject="S", body="B", kind="k"))
    post_form(client, "/me/data/erase", {"confirm_email": citizen.email})
    with session_scope(engine) as session:
        waiting = session.exec(select(OutboxMessage.to_address)).all()
    assert waiting == ["other@example.se"]


# --- Data tied to an address needs a verified address (issue 15, item 1) ----------------------


def test_notices_filed_with_an_address_need_its_verification(client, engine):
    """X files a notice without an account; someone registers X's address (another case):
    until the address is verified, the export holds none of X's notices."""
    make_consultation(engine)
    _status, sid = _submit(client)
    _notice(engine, sid, email="X.Person@Example.se")
    client.cookies.clear()
    squatter = make_user(engine, email="x.person@example.se", verified=False)
    login(client, squatter)
    assert _zip(client.get("/me/data/export"))["notices_made.json"] == []
    with session_scope(engine) as session:
        session.get(User, squatter.id).verified_at = utcnow()
    made = _zip(client.get("/me/data/export"))["notices_made.json"]
    assert [n["notifier_email"] for n in made] == ["X.Person@Example.se"]


def test_erasing_an_unverified_account_leaves_notices_with_its_address(client, engine):
    make_consultation(engine)
    _status, sid = _submit(client)
    notice_id = _notice(engine, sid, email="x@example.se")
    with session_scope(engine) as session:
        notice = session.get(Notice, notice_id)
        notice.state = CaseState.DECIDED
    client.cookies.clear()
    login(client, make_user(engine, email="x@example.se", verified=False))
    response = post_form(client, "/me/data/erase", {"confirm_email": "x@example.se"})
    assert response.status_code == 303
    with session_scope(engine) as session:
        assert session.get(Notice, notice_id).notifier_email == "x@example.se"
