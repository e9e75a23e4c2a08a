"""Content in every state the public pages know, for the search and open-data tests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import select

from debate.core.db import session_scope
from debate.core.models import Consultation, Proposal, Reply, Submission, Visibility
from debate.privacy import retention
from debate.submissions import actions, screening
from tests.factories import make_article, make_consultation

PNR = "19811218-9876"
THREAT = "Jag vet var du bor och jag ska döda dig."
KOMMUNER = ("Skellefteå", "Umeå", "Vännäs")


def submit_proposal(
    engine: Engine,
    consultation: Consultation,
    title: str,
    body: str,
    *,
    municipality: str | None = None,
    topic_id: int | None = None,
) -> tuple[int, int]:
    """Stored and screened as the site does; (proposal id, submission id)."""
    with session_scope(engine) as session:
        receipt = actions.submit_proposal(
            session,
            actor=None,
            consultation=consultation,
            title=title,
            body=body,
            topic_id=topic_id,
            municipality=municipality,
            author_name="Anna",
            lang="sv",
        )
    with session_scope(engine) as session:
        screening.screen_submission(session, submission_id=receipt.submission_id)
        proposal = session.exec(
            select(Proposal).where(Proposal.submission_id == receipt.submission_id)
        ).one()
        assert proposal.id is not None
        return proposal.id, receipt.submission_id


def submit_reply(
    engine: Engine, body: str, *, proposal_id: int | None = None, article_id: int | None = None
) -> tuple[int, int]:
    """(reply id, submission id)."""
    with session_scope(engine) as session:
        receipt = actions.submit_reply(
            session,
            actor=None,
            consultation_id=None,
            proposal_id=proposal_id,
            article_id=article_id,
            parent=None,
            body=body,
            stance=None,
            author_name="Bo",
            lang="sv",
        )
    with session_scope(engine) as session:
        screening.screen_submission(session, submission_id=receipt.submission_id)
        reply = session.exec(select(Reply).where(Reply.submission_id == receipt.submission_id))
        found = reply.one()
        assert found.id is not None
        return found.id, receipt.submission_id


def set_state(engine: Engine, submission_id: int, state: Visibility) -> None:
    with session_scope(engine) as session:
        submission = session.get_one(Submission, submission_id)
        submission.visibility = state
        session.add(submission)


def purge(engine: Engine, submission_id: int) -> None:
    with session_scope(engine) as session:
        retention.purge(session, retention_decision="RD-1", submission_ids=[submission_id])


@dataclass
class World:
    consultation: Consultation
    published: int
    masked: int
    held: int
    hidden: int
    purged: int
    reply: int
    reply_on_hidden: int
    article_reply: int
    article_slug: str
    draft_slug: str


def world(engine: Engine) -> World:
    """One consultation with a proposal in every state, replies and articles. Every public
    text has the word "cykelbana"; every text the public may not see has "hemligt"."""
    consultation = make_consultation(engine, slug="cykel")
    with session_scope(engine) as session:
        found = session.get_one(Consultation, consultation.id)
        found.municipalities = list(KOMMUNER)
        session.add(found)
    published, _s = submit_proposal(
        engine,
        consultation,
        "Bygg en cykelbana",
        "En cykelbana längs älven till Umeå centrum.",
        municipality="Umeå",
    )
    masked, masked_sub = submit_proposal(
        engine, consultation, "Cykelbana och personnummer", f"Ring mig, mitt nummer är {PNR}."
    )
    held, _h = submit_proposal(engine, consultation, "Hemligt om cykelbana", THREAT)
    hidden, hidden_sub = submit_proposal(
        engine, consultation, "Hemligt dolt", "Hemligt: en cykelbana som en moderator dolde."
    )
    set_state(engine, hidden_sub, Visibility.HIDDEN_FINAL)
    purged, purged_sub = submit_proposal(
        engine, consultation, "Hemligt raderat", "Hemligt: en cykelbana som raderades."
    )
    purge(engine, purged_sub)
    reply, _r = submit_reply(engine, "Ja, en cykelbana vore bra!", proposal_id=published)
    # A published reply in the thread of a hidden proposal: its thread is not public.
    with session_scope(engine) as session:
        session.get_one(Submission, hidden_sub).visibility = Visibility.PUBLISHED
    reply_on_hidden, _o = submit_reply(engine, "Hemligt svar om cykelbana.", proposal_id=hidden)
    set_state(engine, hidden_sub, Visibility.HIDDEN_FINAL)
    article = make_article(engine, slug="cykla")
    draft = make_article(engine, slug="utkast", published=False)
    with session_scope(engine) as session:
        for found_article, text in ((article, "cykelbana"), (draft, "hemligt cykelbana")):
            row = session.get_one(type(found_article), found_article.id)
            row.body = f"Om {text} i regionen."
            session.add(row)
    article_reply, _a = submit_reply(engine, "Cykelbana i artikelns tråd.", article_id=article.id)
    submit_reply(engine, "Hemligt svar om cykelbana i ett utkast.", article_id=draft.id)
    assert masked_sub
    return World(
        consultation,
        published,
        masked,
        held,
        hidden,
        purged,
        reply,
        reply_on_hidden,
        article_reply,
        "cykla",
        "utkast",
    )
