"""The citizens' side of notices, appeals and sanctions: report anything published, follow the
report by its reference link, appeal from the status page or the reference page, and a
suspended account cannot post."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlmodel import col, func, select
from starlette.testclient import TestClient

from debate.cases import appeals as cases
from debate.cases import notices
from debate.core.db import session_scope
from debate.core.models import (
    Appeal,
    AuditEvent,
    CaseState,
    ModerationDecision,
    Notice,
    OutboxMessage,
    Proposal,
    Reply,
    Role,
    Sanction,
    SanctionKind,
    Submission,
    Support,
    Visibility,
    utcnow,
)
from debate.submissions import actions, screening
from debate.views.cases import category_label
from debate.web.dates import local_date, local_time
from moderation import RULES
from tests.factories import (
    login,
    make_article,
    make_consultation,
    make_user,
    post_form,
    seed_proposal,
)

GOOD = {
    "category": "illegal:LAW-THREAT",
    "explanation": "Inlägget hotar en namngiven person.",
    "good_faith": "yes",
}
NOTICE_URL = re.compile(r"^/notices/([A-Za-z0-9_-]{32})$")
REFERENCE = re.compile(r"^N-[A-HJ-NP-Z2-9]{8}$")
APPEAL_REFERENCE = re.compile(r"^A-[A-HJ-NP-Z2-9]{8}$")


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def words(element):
    return " ".join(element.get_text().split())


def count(engine, model, *where):
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def submission_of(engine, proposal_id):
    with session_scope(engine) as session:
        return session.get_one(Proposal, proposal_id).submission_id


def report_count(engine, submission_id):
    with session_scope(engine) as session:
        return session.get_one(Submission, submission_id).report_count


def report(client, submission_id, **fields):
    return post_form(client, f"/report/{submission_id}", GOOD | fields)


def decide(engine, submission_id, visibility, *, action="reject", by=None, text="", days=0):
    """A decision row as the review queue writes it; ``days`` moves it into the past."""
    with session_scope(engine) as session:
        decision = ModerationDecision(
            submission_id=submission_id,
            action=action,
            visibility=visibility,
            rule_ids=["DECENCY-INSULT"],
            ground="terms",
            explanation=text,
            decided_by_id=by,
            automated_decision=by is None,
            created_at=utcnow() - timedelta(days=days),
        )
        session.add(decision)
        session.get_one(Submission, submission_id).visibility = visibility
        session.flush()
        return decision.id


def decide_notice(engine, outcome, decision_id, *, reason="", days=0):
    with session_scope(engine) as session:
        notice = session.exec(select(Notice).order_by(col(Notice.id).desc())).first()
        notice.state, notice.outcome, notice.outcome_reason = CaseState.DECIDED, outcome, reason
        notice.decision_id, notice.decided_at = decision_id, utcnow() - timedelta(days=days)


def decide_appeal(engine, outcome, reason):
    with session_scope(engine) as session:
        appeal = session.exec(select(Appeal).order_by(col(Appeal.id).desc())).first()
        appeal.state, appeal.outcome, appeal.outcome_reason = CaseState.DECIDED, outcome, reason
        appeal.decided_at = utcnow()


def outbox(engine):
    with session_scope(engine) as session:
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        return [(m.to_address, m.subject, m.body, m.kind) for m in rows]


def audit(engine, action):
    with session_scope(engine) as session:
        return session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


@pytest.fixture
def proposal(engine):
    return seed_proposal(engine, make_consultation(engine), title="Fler bussar <i>nu</i>")


@pytest.fixture
def item(engine, proposal):
    """The submission id of a published proposal."""
    return submission_of(engine, proposal)


@pytest.fixture
def english(client):
    client.get("/lang/en")


@pytest.fixture
def moderator(engine):
    return make_user(engine, Role.MODERATOR, email="mod@example.se")


# --- The "report" link ------------------------------------------------------------------------


def test_report_links_beside_the_proposal_and_every_reply(client, engine, proposal, item):
    post_form(
        client, f"/proposals/{proposal}/replies", {"body": "Jag håller med.", "author_name": "Eva"}
    )
    page = soup(client.get(f"/proposals/{proposal}"))
    links = page.select("[data-report-link]")
    with session_scope(engine) as session:
        reply = session.exec(select(Reply)).one()
    assert [a["href"] for a in links] == [f"/report/{item}", f"/report/{reply.submission_id}"]
    assert [a.get_text() for a in links] == ["Anmäl", "Anmäl"]
    assert links[0]["aria-label"] == "Anmäl förslaget ”Fler bussar <i>nu</i>”"
    assert links[1]["aria-label"].startswith("Anmäl svaret från Eva, ")
    client.get("/lang/en")
    english = soup(client.get(f"/proposals/{proposal}")).select("[data-report-link]")
    assert english[0].get_text() == "Report"
    assert english[0]["aria-label"] == "Report the proposal “Fler bussar <i>nu</i>”"


def test_report_links_on_an_article_thread(client, engine):
    make_article(engine)
    post_form(client, "/articles/debatt/replies", {"body": "Bra skrivet."})
    links = soup(client.get("/articles/debatt")).select("[data-report-link]")
    assert len(links) == 1
    form = client.get(links[0]["href"])
    assert form.status_code == 200
    assert soup(form).select_one("[data-item-link]")["href"].startswith("/articles/debatt#reply-")


# --- The notice form --------------------------------------------------------------------------


def test_the_form_offers_every_category_grouped(client, proposal, item, english):
    page = soup(client.get(f"/report/{item}"))
    groups = page.select("#f-category optgroup")
    assert [g["label"] for g in groups] == ["Illegal content", "Breach of the debate rules"]
    values = [o["value"] for g in groups for o in g.select("option")]
    assert tuple(values) == notices.NOTICE_CATEGORIES
    assert [v for v in values if v.startswith("illegal:")] == [
        "illegal:LAW-THREAT",
        "illegal:LAW-HATE",
        "illegal:LAW-INCITE",
        "illegal:LAW-DEFAMATION",
        "illegal:PII-ADDRESS",
    ]
    # Every category names a rule of the catalogue, so the queue can offer it as the reason.
    assert all(v.partition(":")[2] in RULES for v in values)
    assert page.select_one("[data-reported-item]").get_text().count("Fler bussar <i>nu</i>") == 1
    assert page.select_one("[data-item-link]")["href"] == f"/proposals/{proposal}"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"category": ""}, "category", "Choose what the content breaks."),
        ({"category": "illegal:NOPE"}, "category", "Choose what the content breaks."),
        ({"explanation": "  "}, "explanation", "This field is required."),
        ({"explanation": "För kort"}, "explanation", "Write at least 10 characters (you wrote 8)."),
        (
            {"explanation": "x" * 5001},
            "explanation",
            "At most 5000 characters (you wrote 5001).",
        ),
        ({"notifier_name": "n" * 81}, "notifier_name", "At most 80 characters (you wrote 81)."),
        (
            {"notifier_email": "not-an-address"},
            "notifier_email",
            "Enter an e-mail address such as name@example.se.",
        ),
        (
            {"notifier_email": "a@b.se" + "x" * 250},
            "notifier_email",
            "At most 254 characters (you wrote 256).",
        ),
        ({"good_faith": ""}, "good_faith", "Confirm that you make this report in good faith."),
        ({"good_faith": "on"}, "good_faith", "Confirm that you make this report in good faith."),
    ],
)
def test_notice_errors_beside_the_field_input_kept_nothing_stored(
    client, engine, item, english, fields, field, message
):
    response = report(client, item, **({"notifier_name": "Kim"} | fields))
    assert response.status_code == 400
    page = soup(response)
    assert words(page.select_one(f"[data-error-for={field}]")) == f"Error: {message}"
    assert page.select_one(f"#f-{field}")["aria-invalid"] == "true"
    summary = page.select_one("[data-error-summary]")
    label = page.select_one(f"label[for=f-{field}]").get_text(" ", strip=True)
    link = summary.select_one(f'a[href="#f-{field}"]')
    named = link.select_one("[data-field-label]").get_text()
    assert label.startswith(named) and link.get_text() == f"{named}: {message}"
    if field != "explanation":
        assert page.select_one("#f-explanation").get_text() == GOOD["explanation"]
    if field != "notifier_name":
        assert page.select_one("#f-notifier_name")["value"] == "Kim"
    if field != "category":
        assert page.select_one("#f-category option[selected]")["value"] == GOOD["category"]
    if field != "good_faith":
        assert page.select_one("#f-good_faith").has_attr("checked")
    assert count(engine, Notice) == 0
    assert report_count(engine, item) == 0


def test_errors_in_swedish(client, item):
    response = report(client, item, category="", explanation="kort", good_faith="")
    assert response.status_code == 400
    errors = {e["data-error-for"]: words(e) for e in soup(response).select("[data-error-for]")}
    assert errors == {
        "category": "Fel: Välj vad innehållet bryter mot.",
        "explanation": "Fel: Skriv minst 10 tecken (du skrev 4).",
        "good_faith": "Fel: Bekräfta att du gör anmälan i god tro.",
    }


def test_a_report_journey_with_an_email_address(client, engine, item, english):
    response = report(client, item, notifier_name="Kim", notifier_email="Kim@Example.se")
    assert response.status_code == 303
    token = NOTICE_URL.match(response.headers["location"]).group(1)
    page = soup(client.get(response.headers["location"]))
    reference = page.select_one("[data-notice-reference]").get_text()
    assert REFERENCE.match(reference)
    assert page.select_one("[data-flash=success]").get_text() == (
        f"Thank you. Your report has been received with reference number {reference}."
    )
    assert page.select_one("[data-notice-state]")["data-notice-state"] == "open"
    assert page.select_one("[data-notice-category]").get_text() == "A threat against a person"
    assert page.select_one("[data-notice-explanation]").get_text() == GOOD["explanation"]
    assert page.select_one("[data-appeal-section]") is None
    with session_scope(engine) as session:
        notice = session.exec(select(Notice)).one()
        assert (notice.reference, notice.submission_id, notice.category) == (
            reference,
            item,
            "illegal:LAW-THREAT",
        )
        assert (notice.notifier_name, notice.notifier_email, notice.lang) == (
            "Kim",
            "kim@example.se",
            "en",
        )
        assert notice.good_faith and notice.state is CaseState.OPEN
        assert notice.token_hash != token and len(notice.token_hash) == 64
    assert report_count(engine, item) == 1
    [(to, subject, body, kind)] = outbox(engine)
    assert (to, kind) == ("kim@example.se", "notice_received")
    assert subject == f"Your report {reference} has been received"
    assert f"Reference number: {reference}" in body
    assert f"http://testserver/notices/{token}" in body
    [event] = audit(engine, "notice.received")
    assert (event.object_type, event.detail["submission_id"], event.detail["counted"]) == (
        "notice",
        item,
        True,
    )
    assert "kim@example.se" not in str(event.detail)


def test_a_report_without_an_address_gets_no_email(client, engine, item):
    response = report(client, item)
    assert response.status_code == 303
    assert outbox(engine) == []
    page = soup(client.get(response.headers["location"]))
    assert page.select_one("[data-notice-state]").get_text() == "Mottagen, väntar på en moderator"


def test_a_swedish_acknowledgement(client, engine, item):
    report(client, item, notifier_email="kim@example.se")
    [(_to, subject, body, _kind)] = outbox(engine)
    assert subject.startswith("Din anmälan N-") and subject.endswith(" har tagits emot")
    assert "Referensnummer: N-" in body


def test_one_browser_reporting_twice_counts_once(client, engine, item):
    assert report(client, item).status_code == 303
    assert report(client, item).status_code == 303
    assert count(engine, Notice) == 2
    assert report_count(engine, item) == 1
    client.cookies.clear()  # a fresh cookie from the same address is no new person (issue 15)
    assert report(client, item).status_code == 303
    assert report_count(engine, item) == 1
    other = TestClient(client.app, follow_redirects=False, client=("203.0.113.7", 1))
    assert report(other, item).status_code == 303  # another browser at another address
    assert report_count(engine, item) == 2
    counted = [e.detail["counted"] for e in audit(engine, "notice.received")]
    assert counted == [True, False, False, True]


@pytest.mark.parametrize("visibility", [Visibility.HELD, Visibility.HIDDEN, Visibility.SCREENING])
def test_only_published_items_can_be_reported(client, engine, item, english, visibility):
    with session_scope(engine) as session:
        session.get_one(Submission, item).visibility = visibility
    response = client.get(f"/report/{item}")
    assert response.status_code == 404
    assert "There is no such published item to report." in response.text
    assert report(client, item).status_code == 404
    assert count(engine, Notice) == 0
    assert client.get("/report/999999").status_code == 404
    assert client.get("/report/9999999999").status_code == 404


def test_an_unknown_reference_link_is_404(client, english):
    response = client.get("/notices/not-a-real-token")
    assert response.status_code == 404
    assert "There is no report behind this link." in response.text


def test_the_outcome_is_shown_once_decided(client, engine, item, moderator, english):
    location = report(client, item).headers["location"]
    decision = decide(engine, item, Visibility.HIDDEN, by=moderator.id, text="Skäl.")
    decide_notice(engine, "action_taken", decision, reason="We have acted.\n\nIt broke the rules.")
    page = soup(client.get(location))
    assert page.select_one("[data-notice-state]")["data-notice-state"] == "decided"
    assert page.select_one("[data-notice-outcome]")["data-notice-outcome"] == "action_taken"
    assert [p.get_text() for p in page.select("[data-notice-reason]")] == [
        "We have acted.",
        "It broke the rules.",
    ]
    assert page.select_one("[data-reported-item-hidden]") is not None
    assert page.select_one("[data-form=appeal]") is None
    assert page.select_one("[data-appeal-section]") is None


# --- The notifier's appeal --------------------------------------------------------------------


@pytest.fixture
def kept(client, engine, item, moderator):
    """A notice handled without action; returns its reference page."""
    location = report(client, item, notifier_email="kim@example.se").headers["location"]
    decision = decide(engine, item, Visibility.PUBLISHED, action="keep", by=moderator.id)
    decide_notice(engine, "no_action", decision, reason="It may stay.")
    return location


def test_a_notifier_appeals_a_decision_not_to_act(client, engine, item, kept, english):
    page = soup(client.get(kept))
    assert page.select_one("[data-notice-outcome]")["data-notice-outcome"] == "no_action"
    form = page.select_one("[data-form=appeal]")
    assert form["action"] == f"{kept}/appeal"
    response = post_form(client, f"{kept}/appeal", {"grounds": "Det är ett tydligt hot."})
    assert response.status_code == 303 and response.headers["location"] == kept
    with session_scope(engine) as session:
        appeal = session.exec(select(Appeal)).one()
        notice = session.exec(select(Notice)).one()
        assert (appeal.appellant, appeal.notice_id, appeal.decision_id) == (
            "notifier",
            notice.id,
            notice.decision_id,
        )
        assert (appeal.submission_id, appeal.email, appeal.state) == (
            item,
            "kim@example.se",
            CaseState.OPEN,
        )
        assert APPEAL_REFERENCE.match(appeal.reference)
        reference = appeal.reference
    page = soup(client.get(kept))
    assert page.select_one("[data-flash=success]").get_text() == (
        f"Your appeal has been received with reference number {reference}."
    )
    assert page.select_one("[data-appeal]")["data-appeal"] == "open"
    assert page.select_one("[data-appeal-reference]").get_text() == reference
    assert page.select_one("[data-form=appeal]") is None
    acknowledgement = outbox(engine)[-1]
    assert acknowledgement[0] == "kim@example.se" and acknowledgement[3] == "appeal_received"
    assert acknowledgement[1] == f"Your appeal {reference} has been received"
    assert len(audit(engine, "appeal.received")) == 1

    again = post_form(client, f"{kept}/appeal", {"grounds": "Jag försöker igen nu."})
    assert again.status_code == 409
    assert "An appeal is already being handled" in again.text
    decide_appeal(engine, "upheld", "The decision stands after a new review.")
    page = soup(client.get(kept))
    assert page.select_one("[data-appeal-outcome]")["data-appeal-outcome"] == "upheld"
    assert page.select_one("[data-appeal-reason]").get_text() == (
        "The decision stands after a new review."
    )
    once_more = post_form(client, f"{kept}/appeal", {"grounds": "Och en gång till."})
    assert once_more.status_code == 409
    assert "This decision has already been appealed, and the appeal has been decided." in (
        once_more.text
    )
    assert count(engine, Appeal) == 1


def test_a_notifier_appeal_with_its_own_address(client, engine, kept):
    post_form(
        client, f"{kept}/appeal", {"grounds": "Det är ett tydligt hot.", "email": "ny@example.se"}
    )
    with session_scope(engine) as session:
        assert session.exec(select(Appeal)).one().email == "ny@example.se"
    assert outbox(engine)[-1][0] == "ny@example.se"


def test_notifier_appeal_form_errors(client, engine, kept, english):
    response = post_form(client, f"{kept}/appeal", {"grounds": "kort", "email": "nej"})
    assert response.status_code == 400
    page = soup(response)
    assert words(page.select_one("[data-error-for=grounds]")) == (
        "Error: Write at least 10 characters (you wrote 4)."
    )
    assert words(page.select_one("[data-error-for=email]")) == (
        "Error: Enter an e-mail address such as name@example.se."
    )
    assert page.select_one("#f-grounds").get_text() == "kort"
    assert page.select_one("#f-email")["value"] == "nej"
    too_long = post_form(client, f"{kept}/appeal", {"grounds": "g" * 5001})
    assert too_long.status_code == 400
    assert "At most 5000 characters (you wrote 5001)." in too_long.text
    assert count(engine, Appeal) == 0


def test_notifier_appeal_refusals(client, engine, item, moderator, english):
    location = report(client, item).headers["location"]
    grounds = {"grounds": "Det är ett tydligt hot."}
    open_notice = post_form(client, f"{location}/appeal", grounds)
    assert open_notice.status_code == 404
    assert "There is no decision here that can be appealed." in open_notice.text

    decision = decide(engine, item, Visibility.HIDDEN, by=moderator.id, text="Borttaget.")
    decide_notice(engine, "action_taken", decision)
    acted = post_form(client, f"{location}/appeal", grounds)
    assert acted.status_code == 404
    assert "There is no decision here that can be appealed." in acted.text

    decide_notice(engine, "no_action", decision, days=200)
    late = post_form(client, f"{location}/appeal", grounds)
    assert late.status_code == 403
    assert "The time to appeal has run out" in late.text
    page = soup(client.get(location))
    assert "The time to appeal has run out" in page.select_one("[data-appeal-refusal]").get_text()
    assert page.select_one("[data-form=appeal]") is None
    assert count(engine, Appeal) == 0
    assert post_form(client, "/notices/nonsense/appeal", grounds).status_code == 404


# --- The author's statement of reasons and appeal -------------------------------------------


@pytest.fixture
def sent(client, engine):
    """A proposal sent through the site; returns (status page path, submission id)."""
    make_consultation(engine, slug="fragor")
    response = post_form(
        client, "/consultations/fragor/proposals", {"title": "Mitt förslag", "body": "Text här."}
    )
    assert response.status_code == 303
    with session_scope(engine) as session:
        submission = session.exec(select(Submission).order_by(col(Submission.id).desc())).first()
    return response.headers["location"], submission.id


STATEMENT = (
    "Ditt inlägg har inte publicerats.\n\nDet innehöll ett personangrepp.\n\nDu kan överklaga."
)


def test_the_status_page_shows_the_statement_and_the_appeal_form(client, engine, sent, moderator):
    status, submission_id = sent
    decide(engine, submission_id, Visibility.HIDDEN, by=moderator.id, text=STATEMENT)
    page = soup(client.get(status))
    statement = page.select_one("[data-statement]")
    assert [p.get_text() for p in statement.select("p:not(.meta)")] == STATEMENT.split("\n\n")
    assert page.select_one("[data-reasons]") is None  # no machine sentences beside it
    form = page.select_one("[data-form=appeal]")
    assert form["action"] == f"{status}/appeal"
    deadline = local_date(cases.appeal_deadline(utcnow()), "sv")
    assert (
        f"Du kan överklaga till och med {deadline}."
        in page.select_one("[data-appeal-section]").get_text()
    )


def test_an_author_appeals(client, engine, sent, moderator, english):
    status, submission_id = sent
    decision = decide(engine, submission_id, Visibility.HIDDEN, by=moderator.id, text=STATEMENT)
    response = post_form(client, f"{status}/appeal", {"grounds": "Det var ingen förolämpning."})
    assert response.status_code == 303 and response.headers["location"] == status
    with session_scope(engine) as session:
        appeal = session.exec(select(Appeal)).one()
        assert (appeal.appellant, appeal.decision_id, appeal.submission_id) == (
            "author",
            decision,
            submission_id,
        )
        assert appeal.notice_id is None and appeal.email == "" and appeal.lang == "en"
        reference = appeal.reference
    assert outbox(engine) == []  # anonymous, no address: no acknowledgement
    page = soup(client.get(status))
    assert page.select_one("[data-appeal]")["data-appeal"] == "open"
    assert page.select_one("[data-appeal-reference]").get_text() == reference
    assert page.select_one("[data-form=appeal]") is None
    [event] = audit(engine, "appeal.received")
    assert event.object_id is not None and event.detail["appellant"] == "author"

    again = post_form(client, f"{status}/appeal", {"grounds": "Det var ingen förolämpning."})
    assert again.status_code == 409
    decide_appeal(engine, "reversed", "Your appeal has been granted.\n\nThe text is published.")
    with session_scope(engine) as session:
        session.get_one(Submission, submission_id).visibility = Visibility.RESTORED
    page = soup(client.get(status))
    assert page.select_one("[data-appeal-outcome]")["data-appeal-outcome"] == "reversed"
    assert [p.get_text() for p in page.select("[data-appeal-reason]")] == [
        "Your appeal has been granted.",
        "The text is published.",
    ]
    assert page.select_one("[data-state]")["data-state"] == "restored"
    decided = post_form(client, f"{status}/appeal", {"grounds": "Det var ingen förolämpning."})
    assert decided.status_code == 409
    assert "already been appealed" in decided.text
    assert count(engine, Appeal) == 1


def test_an_author_appeal_is_acknowledged_when_an_address_is_given(client, engine, sent, moderator):
    status, submission_id = sent
    decide(engine, submission_id, Visibility.PUBLISHED_REDACTED, by=moderator.id, text="Maskat.")
    grounds = {"grounds": "Numret är mitt eget jobbnummer.", "email": "me@example.se"}
    assert post_form(client, f"{status}/appeal", grounds).status_code == 303
    [(to, subject, body, kind)] = outbox(engine)
    assert (to, kind) == ("me@example.se", "appeal_received")
    assert subject.startswith("Ditt överklagande A-")
    assert "Referensnummer: A-" in body


def test_author_appeal_refusals(client, engine, sent, moderator, english):
    status, submission_id = sent
    grounds = {"grounds": "Det var ingen förolämpning."}
    published = post_form(client, f"{status}/appeal", grounds)
    assert published.status_code == 404
    assert "There is no decision here that can be appealed." in published.text

    decide(engine, submission_id, Visibility.HELD)  # the machine held it: no decision yet
    assert post_form(client, f"{status}/appeal", grounds).status_code == 404

    decide(engine, submission_id, Visibility.HIDDEN, by=moderator.id, text="Skäl.", days=190)
    late = post_form(client, f"{status}/appeal", grounds)
    assert late.status_code == 403
    assert "within six months of the decision" in late.text
    assert soup(client.get(status)).select_one("[data-form=appeal]") is None
    assert count(engine, Appeal) == 0
    assert post_form(client, "/status/nonsense/appeal", grounds).status_code == 404


def test_an_open_appeal_blocks_an_appeal_of_a_later_decision(client, engine, sent, moderator):
    status, submission_id = sent
    decide(engine, submission_id, Visibility.PUBLISHED_REDACTED, by=moderator.id, text="Maskat.")
    assert (
        post_form(client, f"{status}/appeal", {"grounds": "Det är mitt nummer."}).status_code == 303
    )
    decide(engine, submission_id, Visibility.HIDDEN, by=moderator.id, text="Dolt.")
    response = post_form(client, f"{status}/appeal", {"grounds": "Det är mitt nummer."})
    assert response.status_code == 409
    assert count(engine, Appeal) == 1


def test_author_appeal_form_errors_keep_the_input(client, engine, sent, moderator, english):
    status, submission_id = sent
    decide(engine, submission_id, Visibility.HIDDEN, by=moderator.id, text=STATEMENT)
    response = post_form(client, f"{status}/appeal", {"grounds": "", "email": "a@b"})
    assert response.status_code == 400
    page = soup(response)
    assert words(page.select_one("[data-error-for=grounds]")) == ("Error: This field is required.")
    assert page.select_one("#f-email")["value"] == "a@b"
    assert page.select_one("[data-statement]") is not None
    assert page.select_one("[data-status-link]")["value"].endswith(status[1:])
    assert count(engine, Appeal) == 0


def test_an_author_appeals_from_the_account_page(client, engine, moderator):
    make_consultation(engine)
    author = make_user(engine, Role.CITIZEN, email="eva@example.se")
    login(client, author)
    post_form(client, "/consultations/agenda/proposals", {"title": "Mitt", "body": "Text här."})
    with session_scope(engine) as session:
        submission_id = session.exec(select(Submission.id)).one()
    decide(engine, submission_id, Visibility.HIDDEN, by=moderator.id, text=STATEMENT)
    page = soup(client.get(f"/me/submissions/{submission_id}"))
    form = page.select_one("[data-form=appeal]")
    assert form["action"] == f"/me/submissions/{submission_id}/appeal"
    response = post_form(client, form["action"], {"grounds": "Det var ingen förolämpning."})
    assert response.status_code == 303
    assert response.headers["location"] == f"/me/submissions/{submission_id}"
    [(to, _subject, _body, kind)] = outbox(engine)
    assert (to, kind) == ("eva@example.se", "appeal_received")
    client.cookies.clear()
    login(client, make_user(engine, Role.CITIZEN, email="other@example.se"))
    stranger = post_form(client, form["action"], {"grounds": "Det var ingen förolämpning."})
    assert stranger.status_code == 404
    assert count(engine, Appeal) == 1


def test_a_human_approval_shows_its_statement_and_no_form(client, engine, sent, moderator):
    status, submission_id = sent
    decide(
        engine,
        submission_id,
        Visibility.PUBLISHED,
        action="approve",
        by=moderator.id,
        text="Godkänt.",
    )
    page = soup(client.get(status))
    assert [p.get_text() for p in page.select("[data-statement] p:not(.meta)")] == ["Godkänt."]
    assert page.select_one("[data-appeal-section]") is None


def test_a_machine_redaction_may_be_appealed_and_keeps_its_explanation(client, engine, sent):
    status, submission_id = sent
    decide(engine, submission_id, Visibility.PUBLISHED_REDACTED, action="redact")
    page = soup(client.get(status))
    assert page.select_one("[data-statement]") is None
    assert page.select_one("[data-reasons]") is not None
    assert page.select_one("[data-form=appeal]") is not None


def test_a_decision_row_the_machine_never_writes_does_not_break_the_page(client, engine, sent):
    status, submission_id = sent
    decide(engine, submission_id, Visibility.HIDDEN, action="keep")  # no person, odd action
    response = client.get(status)
    assert response.status_code == 200
    assert soup(response).select_one("[data-reasons]") is None


def test_refusals_are_in_swedish_by_default(client, sent):
    status, _submission_id = sent
    response = post_form(client, f"{status}/appeal", {"grounds": "Det var inget fel."})
    assert response.status_code == 404
    assert "Det finns inget beslut här som kan överklagas." in response.text


def test_six_calendar_months():
    start = utcnow().replace(year=2025, month=8, day=31)
    assert cases.appeal_deadline(start).date().isoformat() == "2026-02-28"
    assert cases.appeal_deadline(start.replace(month=1, day=15)).date().isoformat() == "2025-07-15"


# --- Sanctions --------------------------------------------------------------------------------


def sanction(engine, user, kind, *, days=None, reason="Upprepade personangrepp."):
    moderator = make_user(engine, Role.MODERATOR, email=f"m{utcnow().timestamp()}@example.se")
    with session_scope(engine) as session:
        row = Sanction(
            user_id=user.id,
            kind=kind,
            reason=reason,
            ends_at=utcnow() + timedelta(days=days) if days is not None else None,
            decided_by_id=moderator.id,
        )
        session.add(row)
        session.flush()
        return row


@pytest.fixture
def suspended(client, engine, proposal):
    user = make_user(engine, Role.CITIZEN, email="troll@example.se")
    ends = sanction(
        engine, user, SanctionKind.SUSPENSION, days=7, reason="Hot <b>mot</b> andra."
    ).ends_at
    login(client, user)
    client.get("/lang/en")
    return ends


def assert_suspension_shown(page, ends):
    notice = page.select_one("[data-suspension]")
    assert notice is not None
    assert notice["data-suspended-until"] == ends.isoformat()
    assert local_time(ends, "en") in notice.get_text()
    assert "Your account is suspended until" in notice.get_text()
    assert notice.select_one("[data-suspension-reason]").get_text() == "Hot <b>mot</b> andra."


def test_a_suspended_user_cannot_post(client, engine, proposal, suspended):
    make_article(engine)
    with session_scope(engine) as session:  # a published reply, which has an answer form
        consultation = session.get_one(Proposal, proposal).consultation_id
        receipt = actions.submit_reply(
            session,
            actor=None,
            parent=None,
            lang="sv",
            body="Ett svar.",
            stance=None,
            author_name="",
            proposal_id=proposal,
            article_id=None,
            consultation_id=consultation,
        )
        screening.screen_submission(session, submission_id=receipt.submission_id)
    assert soup(client.get(f"/proposals/{proposal}")).select("[data-reply]")
    new = client.get("/consultations/agenda/proposals/new")
    assert new.status_code == 403
    assert_suspension_shown(soup(new), suspended)
    assert soup(new).select_one("[data-form=proposal]") is None
    attempts = [
        ("/consultations/agenda/proposals", {"title": "T", "body": "B"}),
        (f"/proposals/{proposal}/replies", {"body": "Svar"}),
        ("/articles/debatt/replies", {"body": "Svar"}),
        (f"/proposals/{proposal}/support", {}),
    ]
    before = count(engine, Submission)
    for url, data in attempts:
        response = post_form(client, url, data)
        assert response.status_code == 403, url
        assert_suspension_shown(soup(response), suspended)
    assert count(engine, Submission) == before
    for url in (f"/proposals/{proposal}", "/articles/debatt"):
        page = soup(client.get(url))
        assert page.select_one("[data-form=reply]") is None
        assert page.select_one("[data-form=answer]") is None
        assert_suspension_shown(page, suspended)
    assert count(engine, Support) == 0


def test_the_suspension_is_shown_on_my_submissions(client, suspended):
    assert_suspension_shown(soup(client.get("/me/submissions")), suspended)


def test_an_ended_suspension_blocks_nothing(client, engine, proposal):
    user = make_user(engine, Role.CITIZEN, email="back@example.se")
    sanction(engine, user, SanctionKind.SUSPENSION, days=-1)
    sanction(engine, user, SanctionKind.WARNING)
    login(client, user)
    assert client.get("/consultations/agenda/proposals/new").status_code == 200
    page = soup(client.get(f"/proposals/{proposal}"))
    assert page.select_one("[data-form=reply]") is not None
    assert page.select_one("[data-suspension]") is None
    response = post_form(client, f"/proposals/{proposal}/replies", {"body": "Nu får jag skriva."})
    assert response.status_code == 303


def test_a_warning_is_shown_with_its_reason(client, engine):
    user = make_user(engine, Role.CITIZEN, email="warned@example.se")
    sanction(engine, user, SanctionKind.WARNING, reason="Svordomar i <em>tråden</em>.")
    login(client, user)
    page = soup(client.get("/me/submissions"))
    [warning] = page.select("[data-warning]")
    assert warning.select_one("[data-warning-reason]").get_text() == "Svordomar i <em>tråden</em>."
    assert "Du har fått en varning" in warning.get_text()
    assert page.select_one("[data-suspension]") is None
    client.get("/lang/en")
    assert (
        "You have been warned"
        in soup(client.get("/me/submissions")).select_one("[data-warning]").get_text()
    )


# --- Hostile input ----------------------------------------------------------------------------

XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def test_hostile_input_is_shown_escaped(client, engine, item, kept):
    location = report(client, item, explanation=XSS, notifier_name=XSS[:80]).headers["location"]
    response = client.get(location)
    assert response.status_code == 200
    page = soup(response)
    assert page.select("script") == [] and page.select("img") == []
    assert page.select_one("[data-notice-explanation]").get_text() == XSS
    appeal = post_form(client, f"{kept}/appeal", {"grounds": XSS})
    assert appeal.status_code == 303
    assert soup(client.get(kept)).select("script") == []


@pytest.mark.parametrize(
    "fields",
    [
        {"explanation": "x" * 200_000},
        {"notifier_name": "n" * 10_000},
        {"notifier_email": "e" * 10_000 + "@example.se"},
        {"category": "c" * 10_000},
        {"good_faith": "y" * 10_000},
        {"explanation": "\u202e\u200b" * 3 + "ok"},
    ],
)
def test_over_long_or_odd_fields_are_a_400_never_a_500(client, engine, item, fields):
    response = report(client, item, **fields)
    assert response.status_code == 400
    assert count(engine, Notice) == 0


def test_a_control_character_is_refused(client, engine, item):
    response = report(client, item, explanation="Ett hot\x00 mot någon.")
    assert response.status_code == 400
    assert count(engine, Notice) == 0


def test_category_labels_cover_every_category():
    assert all(category_label(c) != c for c in notices.NOTICE_CATEGORIES)
