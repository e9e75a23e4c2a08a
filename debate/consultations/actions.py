"""Staff's writes: consultations, their topics and articles."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from debate.audit.record import record
from debate.core.models import (
    Article,
    Consultation,
    Topic,
    User,
    utcnow,
)


def _save(
    session: Session, *, actor: User, target: Any, created: bool, values: dict[str, Any]
) -> None:
    """Apply ``values`` to a consultation or an article and record who changed what."""
    for name, value in values.items():
        setattr(target, name, value)
    session.add(target)
    session.flush()
    kind = type(target).__name__.lower()
    record(
        session,
        actor=actor,
        action=f"{kind}.{'created' if created else 'updated'}",
        object_type=kind,
        object_id=target.id,
        fields=sorted(values),
    )


def save_consultation(
    session: Session, *, actor: User, consultation: Consultation | None, values: dict[str, Any]
) -> Consultation:
    target = consultation or Consultation(created_by_id=actor.id, **values)
    _save(session, actor=actor, target=target, created=consultation is None, values=values)
    return target


def add_topic(session: Session, *, actor: User, consultation_id: int, name: str) -> Topic:
    topic = Topic(consultation_id=consultation_id, name=name)
    session.add(topic)
    session.flush()
    record(
        session,
        actor=actor,
        action="topic.created",
        object_type="topic",
        object_id=topic.id,
        consultation_id=consultation_id,
    )
    return topic


def rename_topic(session: Session, *, actor: User, topic: Topic, name: str) -> None:
    old = topic.name
    topic.name = name
    session.add(topic)
    record(
        session,
        actor=actor,
        action="topic.renamed",
        object_type="topic",
        object_id=topic.id,
        old=old,
        new=name,
    )


def save_article(
    session: Session, *, actor: User, article: Article | None, values: dict[str, Any]
) -> Article:
    target = article or Article(created_by_id=actor.id, **values)
    if article is not None:
        target.updated_at = utcnow()
    _save(session, actor=actor, target=target, created=article is None, values=values)
    return target
