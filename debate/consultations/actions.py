"""Staff's writes: consultations, their topics and articles."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from debate.audit.record import record
from debate.consultations.queries import slug_taken
from debate.consultations.slugs import unique_slug
from debate.core.errors import ConflictError
from debate.core.i18n import _
from debate.core.models import (
    Article,
    Consultation,
    Topic,
    User,
    utcnow,
)


class SlugTakenError(ConflictError):
    """The address is already another consultation's or article's."""


class TopicNameTakenError(ConflictError):
    """The consultation already has a topic with that name (in any case)."""


def _with_address(
    session: Session,
    model: type[Consultation] | type[Article],
    values: dict[str, Any],
    except_id: int | None,
) -> dict[str, Any]:
    """``values`` with a free address made from the title when staff left it empty; one that
    is taken is refused. Read in the transaction that writes it, so two saves cannot take the
    same address."""
    if not values["slug"]:
        slug = unique_slug(session, model=model, title=values["title"], except_id=except_id)
        return values | {"slug": slug}
    if slug_taken(session, model=model, slug=values["slug"], except_id=except_id):
        if model is Consultation:
            raise SlugTakenError(_("This address is already used by another consultation."))
        raise SlugTakenError(_("This address is already used by another article."))
    return values


def _refuse_taken_topic(
    session: Session, *, consultation_id: int, name: str, except_id: int | None = None
) -> None:
    query = select(Topic.id, Topic.name).where(Topic.consultation_id == consultation_id)
    wanted = name.casefold()
    if any(n.casefold() == wanted and i != except_id for i, n in session.exec(query)):
        raise TopicNameTakenError(_("This consultation already has a topic with that name."))


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
    values = _with_address(session, Consultation, values, consultation.id if consultation else None)
    target = consultation or Consultation(created_by_id=actor.id, **values)
    _save(session, actor=actor, target=target, created=consultation is None, values=values)
    return target


def add_topic(session: Session, *, actor: User, consultation_id: int, name: str) -> Topic:
    _refuse_taken_topic(session, consultation_id=consultation_id, name=name)
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
    _refuse_taken_topic(
        session, consultation_id=topic.consultation_id, name=name, except_id=topic.id
    )
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
    values = _with_address(session, Article, values, article.id if article else None)
    target = article or Article(created_by_id=actor.id, **values)
    if article is not None:
        target.updated_at = utcnow()
    _save(session, actor=actor, target=target, created=article is None, values=values)
    return target
