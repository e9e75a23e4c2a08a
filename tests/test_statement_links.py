"""Statements of reasons link each rule to its paragraph of the debate rules (issue 19, loose
ends): the stored text cites the address (absolute under ``INSPEL_BASE_URL``, else
site-relative), the e-mailed statement carries it, and the status page makes it a link."""

from __future__ import annotations

from types import SimpleNamespace

from bs4 import BeautifulSoup
from sqlmodel import col, select
from starlette.testclient import TestClient

from debate.app import create_app
from debate.core.db import session_scope
from debate.core.models import ModerationDecision, OutboxMessage, Role, Submission, Visibility
from debate.core.settings import Settings
from debate.follow import urls
from debate.submissions import actions
from debate.submissions.worker import Worker
from debate.web.markup import rule_links
from moderation import PolicySettings
from tests.factories import login, make_consultation, make_user, post_form, seed_proposal
from tests.test_follow import confirm_link, dispatched, send_proposal
from tests.test_review_journeys import decide, moderator_client

PNR_TEXT = "Ring mig, mitt personnummer är 19811218-9876."
INSULT = "Du är en idiot som skriver så här om bussarna."
BASE = "https://inspel.example.se"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def _decision(engine, submission_id: int) -> ModerationDecision:
    with session_scope(engine) as session:
        found = session.exec(
            select(ModerationDecision)
            .where(ModerationDecision.submission_id == submission_id)
            .order_by(col(ModerationDecision.id).desc())
        ).first()
        assert found is not None
        return found


def _outbox(engine, kind: str) -> list[OutboxMessage]:
    with session_scope(engine) as session:
        return list(session.exec(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def _submit(engine, *, author, lang: str = "sv", site_url: str = "", slug: str = "agenda") -> int:
    consultation = make_consultation(engine, slug=slug)
    screening = actions.Screening(PolicySettings(new_account_posts=0), site_url=site_url)
    with session_scope(engine) as session:
        receipt = actions.submit_proposal(
            session,
            actor=author,
            consultation=consultation,
            title="Kollektivtrafik",
            body=PNR_TEXT,
            topic_id=None,
            municipality=None,
            author_name="",
            lang=lang,
            screening=screening,
        )
    return receipt.submission_id


def test_without_a_base_url_the_stored_statement_cites_the_rule_site_relative(client, engine):
    author = make_user(engine, Role.CITIZEN, email="forfattare@example.se")
    decision = _decision(engine, _submit(engine, author=author))
    assert decision.visibility is Visibility.PUBLISHED_REDACTED
    assert "Regeln: /rules/debate#rule-pii-pnr" in decision.explanation
    # The address is the paragraph's anchor on the public rules page.
    page = soup(client.get("/rules/debate"))
    assert page.select_one("#rule-pii-pnr") is not None
    english = _decision(engine, _submit(engine, author=None, lang="en", slug="andra"))
    assert "The rule: /rules/debate#rule-pii-pnr" in english.explanation


def test_with_a_base_url_the_statement_and_its_mail_cite_the_absolute_address(client, engine):
    author = make_user(engine, Role.CITIZEN, email="forfattare@example.se")
    decision = _decision(engine, _submit(engine, author=author, site_url=BASE))
    assert f"Regeln: {BASE}/rules/debate#rule-pii-pnr" in decision.explanation
    (message,) = _outbox(engine, "statement_of_reasons")
    assert f"{BASE}/rules/debate#rule-pii-pnr" in message.body


def test_the_site_screens_with_its_base_url(tmp_path, database_url):
    settings = Settings.from_env(
        {"INSPEL_BASE_URL": BASE},
        data_dir=tmp_path,
        database_url=database_url,
        secret_key="test-secret-" + "x" * 32,
    )
    with TestClient(create_app(settings), base_url=BASE, follow_redirects=False) as client:
        engine = client.app.state.engine  # type: ignore[attr-defined]
        make_consultation(engine)
        data = {"title": "Fler bussar", "body": PNR_TEXT}
        response = post_form(client, "/consultations/agenda/proposals", data)
        assert response.status_code == 303
        with session_scope(engine) as session:
            submission = session.exec(select(Submission)).one()
        assert submission.id is not None
        stored = _decision(engine, submission.id).explanation
        assert f"{BASE}/rules/debate#rule-pii-pnr" in stored
    assert Worker.from_settings(engine, settings).site_url == BASE


def test_a_moderators_statement_links_the_rule_on_the_page_and_in_the_mail(client, engine):
    make_consultation(engine)
    proposal = seed_proposal(engine, make_consultation(engine, slug="annan"))
    citizen = TestClient(client.app, follow_redirects=False)
    login(citizen, make_user(engine, Role.CITIZEN, email="skribent@example.se"))
    sent = post_form(citizen, f"/proposals/{proposal}/replies", {"body": INSULT})
    assert sent.status_code == 303
    with session_scope(engine) as session:
        reply = session.exec(select(Submission).order_by(col(Submission.id).desc())).first()
        assert reply is not None and reply.id is not None
        reply_id = reply.id
    moderator = moderator_client(client, engine, "mod@example.se")
    verdict = {"action": "reject", "reason": "DECENCY-INSULT", "note": "Personangrepp."}
    assert decide(moderator, reply_id, **verdict) == 303
    address = "http://testserver/rules/debate#rule-decency-insult"
    assert address in _decision(engine, reply_id).explanation
    page = soup(citizen.get(sent.headers["location"]))
    link = page.select_one("[data-statement] a[data-rule-address]")
    assert link["href"] == address and link.get_text() == address
    mails = [m for m in _outbox(engine, "statement_of_reasons") if m.to_address.startswith("skr")]
    assert mails and address in mails[-1].body


def test_a_decision_mailed_to_a_follower_makes_the_address_absolute(client, engine, settings):
    make_consultation(engine)
    status = send_proposal(client)
    assert client.get(confirm_link(engine)).status_code == 200
    edited = post_form(client, f"{status}/edit", {"title": "Fler cykelbanor", "body": PNR_TEXT})
    assert edited.status_code == 303
    assert dispatched(engine, settings) >= 1
    (letter,) = _outbox(engine, "follow_decision")
    assert "http://testserver/rules/debate#rule-pii-pnr" in letter.body
    assert " /rules/debate#" not in letter.body


def test_absolute_rules_leaves_other_text_alone():
    text = (
        "Regeln: /rules/debate#rule-pii-pnr. "
        "Se https://x.se/rules/debate#rule-a och a/rules/debate#b"
    )
    assert urls.absolute_rules("https://site.se/", text) == (
        "Regeln: https://site.se/rules/debate#rule-pii-pnr. "
        "Se https://x.se/rules/debate#rule-a och a/rules/debate#b"
    )


def _filter(text: str, base_url: str = "") -> str:
    request = SimpleNamespace(
        base_url="http://testserver/",
        app=SimpleNamespace(state=SimpleNamespace(settings=SimpleNamespace(base_url=base_url))),
    )
    return str(rule_links({"request": request}, text))  # type: ignore[arg-type]


def test_the_page_links_only_the_sites_own_rule_addresses():
    linked = _filter("Regeln: /rules/debate#rule-pii-pnr <b>")
    assert linked == (
        'Regeln: <a href="/rules/debate#rule-pii-pnr" data-rule-address>'
        "/rules/debate#rule-pii-pnr</a> &lt;b&gt;"
    )
    own = _filter(f"Se {BASE}/rules/debate#rule-x.", base_url=BASE)
    assert f'<a href="{BASE}/rules/debate#rule-x" data-rule-address>' in own
    assert "<a " not in _filter("Se https://evil.example/rules/debate#rule-x")
    assert "<script>" not in _filter('"/rules/debate#rule-x"><script>')
