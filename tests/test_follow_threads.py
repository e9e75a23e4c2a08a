"""Following a thread with an account, and what every follower is told: new published replies,
the region's answer, at once or in the day's digest (``inspel mail digest``); news for a
stopped follow is dropped; follows are in the account's data export and go with its erasure."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select
from starlette.routing import Route
from starlette.testclient import TestClient

from debate import cli
from debate.core.db import session_scope
from debate.core.models import (
    Follow,
    FollowEvent,
    OutboxMessage,
    Proposal,
    ProposalState,
    Reply,
    Role,
    Submission,
    User,
)
from debate.follow import dispatch, urls
from debate.privacy import mydata
from debate.routes import routes
from tests.factories import (
    login,
    make_article,
    make_consultation,
    make_user,
    post_form,
    seed_proposal,
)

READER = "lasare@example.se"


def setup(client: TestClient, engine: Engine, *, frequency: str = "immediate") -> tuple[int, User]:
    """A published proposal followed by a signed-in reader; the proposal's id and the reader."""
    proposal_id = seed_proposal(engine, make_consultation(engine))
    reader = make_user(engine, Role.CITIZEN, email=READER)
    login(client, reader)
    response = post_form(client, f"/proposals/{proposal_id}/follow", {"frequency": frequency})
    assert response.status_code == 303
    return proposal_id, reader


def reply(client: TestClient, proposal_id: int, body: str) -> None:
    """A reply from someone else, not signed in."""
    other = TestClient(client.app, follow_redirects=False)
    response = post_form(other, f"/proposals/{proposal_id}/replies", {"body": body})
    assert response.status_code == 303, response.text[:300]


def mails(engine: Engine, settings) -> list[OutboxMessage]:
    with session_scope(engine) as session:
        dispatch.dispatch_due(session, secret=settings.secret_key)
    with session_scope(engine) as session:
        query = select(OutboxMessage).where(OutboxMessage.kind.startswith("follow_"))  # type: ignore[attr-defined]
        return list(session.exec(query.order_by(OutboxMessage.id)))


def test_a_follower_is_mailed_each_new_published_reply(client, engine, settings):
    proposal_id, _reader = setup(client, engine)
    page = client.get(f"/proposals/{proposal_id}")
    assert "Du följer den här tråden." in page.text and 'data-action="unfollow"' in page.text
    reply(client, proposal_id, "Håller med, kvällsbussarna behövs.")
    (message,) = mails(engine, settings)
    assert (message.to_address, message.kind) == (READER, "follow_reply")
    assert message.subject == "Nytt svar: Fler bussar"
    assert "Håller med, kvällsbussarna behövs." in message.body
    assert f"http://testserver/proposals/{proposal_id}" in message.body
    assert message.unsubscribe_url.startswith("http://testserver/follow/unsubscribe/")
    assert message.unsubscribe_url in message.body
    # The reader's own reply is no news to the reader.
    assert (
        post_form(client, f"/proposals/{proposal_id}/replies", {"body": "Mitt svar."}).status_code
        == 303
    )
    assert len(mails(engine, settings)) == 1
    # Stop following: nothing more.
    assert post_form(client, f"/proposals/{proposal_id}/follow", {"stop": "1"}).status_code == 303
    reply(client, proposal_id, "Ett svar till.")
    assert len(mails(engine, settings)) == 1


def test_a_held_reply_is_news_only_once_published(client, engine, settings):
    proposal_id, _reader = setup(client, engine)
    reply(client, proposal_id, "Du är en idiot.")
    assert mails(engine, settings) == []


def test_the_regions_answer_reaches_followers(client, engine, settings):
    from debate.answers.actions import Answer, answer_proposals

    proposal_id, _reader = setup(client, engine)
    staff = make_user(engine, Role.STAFF, email="tjansteperson@example.se")
    with session_scope(engine) as session:
        answer_proposals(
            session,
            actor=session.get_one(User, staff.id),
            proposal_ids=[proposal_id],
            answer=Answer(ProposalState.INCLUDED, "Det stämmer med målen.", "Vi tar med det."),
            link=lambda pid: f"http://testserver/proposals/{pid}",
        )
    (message,) = mails(engine, settings)
    assert message.subject == "Regionen har svarat: Fler bussar"
    assert "Läge: Besvarat: med i agendan" in message.body
    assert "Motivering: Det stämmer med målen." in message.body
    assert "Vi tar med det." in message.body


def test_a_daily_follower_gets_one_digest(client, engine, settings, monkeypatch, tmp_path, capsys):
    proposal_id, _reader = setup(client, engine, frequency="daily")
    reply(client, proposal_id, "Första svaret.")
    reply(client, proposal_id, "Andra svaret.")
    assert mails(engine, settings) == []  # nothing at once
    monkeypatch.setenv("INSPEL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("INSPEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("INSPEL_SECRET_KEY", settings.secret_key)
    monkeypatch.delenv("INSPEL_SMTP_HOST", raising=False)
    assert cli.main(["mail", "digest"]) == 1  # written, but no SMTP to send it with
    assert "digests: 1" in capsys.readouterr().out
    (digest,) = mails(engine, settings)
    assert (digest.kind, digest.subject) == ("follow_digest", "I dag på Inspel: Fler bussar")
    assert "Första svaret." in digest.body and "Andra svaret." in digest.body
    assert digest.unsubscribe_url
    assert cli.main(["mail", "digest"]) == 1
    assert "digests: 0" in capsys.readouterr().out  # the day's news is told once


def test_news_for_a_stopped_follow_is_dropped(client, engine, settings):
    proposal_id, _reader = setup(client, engine)
    reply(client, proposal_id, "Ett svar.")
    with session_scope(engine) as session:
        follow = session.exec(select(Follow)).one()
        stop = urls.unsubscribe(follow, settings.secret_key).removeprefix("http://testserver")
    assert TestClient(client.app).post(stop).status_code == 200
    assert mails(engine, settings) == []
    with session_scope(engine) as session:
        assert all(e.mailed_at is not None for e in session.exec(select(FollowEvent)))


def test_an_article_thread_can_be_followed(client, engine, settings):
    make_article(engine)
    login(client, make_user(engine, Role.CITIZEN, email=READER))
    assert post_form(client, "/articles/debatt/follow", {}).status_code == 303
    assert post_form(client, "/articles/saknas/follow", {}).status_code == 404
    other = TestClient(client.app, follow_redirects=False)
    assert post_form(other, "/articles/debatt/replies", {"body": "Bra artikel."}).status_code == 303
    (message,) = mails(engine, settings)
    assert message.subject == "Nytt svar: En debattartikel"
    assert "http://testserver/articles/debatt" in message.body


def test_following_needs_a_verified_account_and_a_known_frequency(client, engine):
    proposal_id = seed_proposal(engine, make_consultation(engine))
    anonymous = post_form(client, f"/proposals/{proposal_id}/follow", {})
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    login(client, make_user(engine, Role.CITIZEN, email="ny@example.se", verified=False))
    assert post_form(client, f"/proposals/{proposal_id}/follow", {}).status_code == 303
    page = client.get(f"/proposals/{proposal_id}")
    assert "Bekräfta först ditt kontos e-postadress." in page.text
    bad = post_form(client, f"/proposals/{proposal_id}/follow", {"frequency": "hourly"})
    assert bad.status_code == 400
    assert post_form(client, "/proposals/99999/follow", {}).status_code == 404
    with session_scope(engine) as session:
        assert session.exec(select(Follow)).all() == []


def test_follows_are_exported_and_erased_with_the_account(client, engine):
    proposal_id, reader = setup(client, engine)
    with session_scope(engine) as session:
        files = mydata.export_user(session, actor=session.get_one(User, reader.id))
        assert [f["proposal_id"] for f in files["follows.json"]] == [proposal_id]
        mydata.erase_user(session, actor=session.get_one(User, reader.id))
    with session_scope(engine) as session:
        assert session.exec(select(Follow)).all() == []


def test_anonymous_addresses_stay_out_of_exports_and_open_data(client, engine):
    make_consultation(engine)
    fields = {"title": "Cykel", "body": "Fler cykelställ.", "email": "hemlig@example.se"}
    assert post_form(client, "/consultations/agenda/proposals", fields).status_code == 303
    with session_scope(engine) as session:
        submission = session.exec(select(Submission)).one()
        own = mydata.export_submission(session, submission_id=submission.id)
    assert own["email_address.json"]["email"] == "hemlig@example.se"  # the holder's own data
    response = client.get("/api/v1/proposals")
    assert response.status_code == 200 and "Cykel" in response.text
    assert "hemlig" not in response.text


def test_mail_links_are_the_routes_of_the_site():
    paths = {route.path for route in routes if isinstance(route, Route)}
    follow = Follow(id=1, site_url="", proposal_id=1)
    built = {
        urls.confirm("", "t"): "/follow/confirm/{token}",
        urls.unsubscribe(follow, "s" * 40).rsplit("/", 1)[0] + "/x": "/follow/unsubscribe/{token}",
        urls.stop_digest("", [1], "s" * 40).rsplit("/", 1)[0] + "/x": "/follow/digest/{token}",
        urls.status("", "t"): "/status/{token}",
        urls.proposal("", 1): "/proposals/{proposal_id:id}",
        urls.article("", "a"): "/articles/{slug}",
    }
    assert set(built.values()) <= paths


def test_an_anonymous_author_is_told_of_replies_to_the_proposal_and_to_a_reply(
    client, engine, settings
):
    make_consultation(engine)
    fields = {"title": "Fler bussar", "body": "Tätare turer.", "email": "forfattare@example.se"}
    assert post_form(client, "/consultations/agenda/proposals", fields).status_code == 303
    with session_scope(engine) as session:
        (confirm,) = session.exec(select(OutboxMessage)).all()
    assert client.get(confirm.body.split("http://testserver", 1)[1].split()[0]).status_code == 200
    with session_scope(engine) as session:
        proposal_id = session.exec(select(Proposal.id)).one()
    reply(client, proposal_id, "Ett svar på förslaget.")
    with session_scope(engine) as session:
        first = session.exec(select(Reply)).one()
    # A reply to that reply: the proposal's author hears of it too, once.
    other = TestClient(client.app, follow_redirects=False)
    answer = {"body": "Ett svar på svaret.", "parent": str(first.id)}
    assert post_form(other, f"/proposals/{proposal_id}/replies", answer).status_code == 303
    told = [m for m in mails(engine, settings) if m.kind == "follow_reply"]
    assert [m.to_address for m in told] == ["forfattare@example.se"] * 2
    assert "Ett svar på förslaget." in told[0].body and "Ett svar på svaret." in told[1].body
