"""Demo content: a consultation with topics and proposals, a debate article, a thread.

Everything goes through the same actions as real submissions, so the demo is moderated too.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from debate.consultations import actions as consultations
from debate.core.db import session_scope
from debate.core.models import Consultation, Proposal, Role, Stance, User, utcnow
from debate.submissions import actions, screening
from moderation import ModerationMode

#: The municipalities of Region Västerbotten, the demo consultation's fixed list.
VASTERBOTTEN = (
    "Bjurholm",
    "Dorotea",
    "Lycksele",
    "Malå",
    "Nordmaling",
    "Norsjö",
    "Robertsfors",
    "Skellefteå",
    "Sorsele",
    "Storuman",
    "Umeå",
    "Vilhelmina",
    "Vindeln",
    "Vännäs",
    "Åsele",
)
PROPOSALS = [
    (
        "Kollektivtrafik",
        "Tätare bussar på landsbygden",
        "Bussarna mellan byarna går bara varannan timme. Timmestrafik skulle göra det möjligt att "
        "pendla utan bil.",
        "Vindeln",
    ),
    (
        "Kollektivtrafik",
        "Nattåg till Stockholm",
        "Regionen borde driva på för nattåg så att fler kan resa utan flyg.",
        None,
    ),
    (
        "Vård",
        "Fler vårdcentraler med kvällsöppet",
        "Många arbetar dagtid och har svårt att komma till vårdcentralen. Kvällsöppet en dag i "
        "veckan skulle hjälpa.",
        "Skellefteå",
    ),
    (
        "Vård",
        "Kortare väntetider i psykiatrin",
        "Unga väntar månader på en första bedömning. Det borde vara regionens första prioritet.",
        None,
    ),
    (
        "Klimat",
        "Solceller på regionens tak",
        "Alla regionens fastigheter med lämpliga tak borde få solceller till 2030.",
        "Umeå",
    ),
]

REPLIES = [
    ("Håller med! Jag pendlar själv och bussen är ofta full.", Stance.FOR),
    ("Det kostar mycket. Var ska pengarna tas ifrån?", Stance.AGAINST),
]


def load(engine: Engine) -> bool:
    """Load once: False when demo content is already there."""
    with session_scope(engine) as session:
        if session.exec(
            select(Consultation).where(Consultation.slug == "regionens-agenda")
        ).first():
            return False
        staff = User(
            email="staff@inspel.local",
            display_name="Regionens redaktion",
            password_hash="!",  # noqa: S106  "!" is no argon2 hash: no password logs in
            role=Role.STAFF,
        )
        session.add(staff)
        session.flush()
        consultation = consultations.save_consultation(
            session,
            actor=staff,
            consultation=None,
            values={
                "title": "Vilka frågor ska regionen driva 2027?",
                "slug": "regionens-agenda",
                "description": "Regionen tar fram sin agenda för nästa år. Skicka in dina förslag!",
                "moderation_mode": ModerationMode.FLAGGED_ONLY,
                "opens_at": utcnow() - timedelta(days=7),
                "closes_at": utcnow() + timedelta(days=60),
                "municipalities": list(VASTERBOTTEN),
            },
        )
        assert consultation.id is not None
        topics = {
            name: consultations.add_topic(
                session, actor=staff, consultation_id=consultation.id, name=name
            )
            for name in sorted({p[0] for p in PROPOSALS})
        }
        receipts = [
            actions.submit_proposal(
                session,
                actor=None,
                consultation=consultation,
                title=title,
                body=body,
                topic_id=topics[topic].id,
                municipality=municipality,
                author_name="",
                lang="sv",
            )
            for topic, title, body, municipality in PROPOSALS
        ]
        consultations.save_article(
            session,
            actor=staff,
            article=None,
            values={
                "title": "Därför behöver regionen en ny trafikplan",
                "slug": "ny-trafikplan",
                "lead": "Trafiken växer snabbare än kollektivtrafiken. Vad gör vi åt det?",
                "body": "Regionens befolkning väntas öka med 15 procent till 2040. ...",
                "author_name": "Anna Andersson, regionråd",
                "is_published": True,
                "consultation_id": consultation.id,
            },
        )
    with session_scope(engine) as session:
        for receipt in receipts:
            screening.screen_submission(session, submission_id=receipt.submission_id)
    _reply_to_first(engine, consultation.id)
    return True


def _reply_to_first(engine: Engine, consultation_id: int) -> None:
    with session_scope(engine) as session:
        first = session.exec(
            select(Proposal)
            .where(Proposal.consultation_id == consultation_id)
            .order_by(col(Proposal.id))
        ).first()
        assert first is not None
        receipts = [
            actions.submit_reply(
                session,
                actor=None,
                consultation_id=consultation_id,
                proposal_id=first.id,
                article_id=None,
                parent=None,
                body=body,
                stance=stance,
                author_name="",
                lang="sv",
            )
            for body, stance in REPLIES
        ]
    with session_scope(engine) as session:
        for receipt in receipts:
            screening.screen_submission(session, submission_id=receipt.submission_id)
