"""Reading and saving the rule pages: the newest version of a page in a language, or its
default (version 0); every save a new version, kept, with who and when, and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from debate.audit.record import insert_row, record
from debate.core.errors import ConflictError, NotFoundError
from debate.core.i18n import _
from debate.core.models import User
from debate.core.page_models import RulePageVersion
from debate.rulepages import defaults
from debate.rulepages.text import Block, blocks, paragraph_of, rule_anchor

TITLE_MAX, BODY_MAX = 200, 50_000


@dataclass(frozen=True, slots=True)
class RulePage:
    page: str
    lang: str
    title: str
    body: str
    #: 0 for the default text, which no one has saved yet.
    version: int
    saved_at: datetime | None

    @property
    def blocks(self) -> list[Block]:
        return blocks(self.body)


@dataclass(frozen=True, slots=True)
class SavedVersion:
    version: int
    title: str
    saved_by: str | None
    saved_at: datetime


def check_page(page: str, lang: str) -> None:
    if page not in defaults.PAGES or lang not in defaults.LANGS:
        raise NotFoundError(_("There is no such page."))


def language_of(lang: str) -> str:
    """The pages' language for a visitor's: English or else Swedish."""
    return "en" if lang.startswith("en") else "sv"


def rule_page(session: Session, *, page: str, lang: str) -> RulePage:
    """The newest version of ``page`` in ``lang``, or its default text."""
    check_page(page, lang)
    row = session.exec(
        select(RulePageVersion)
        .where(RulePageVersion.page == page, RulePageVersion.lang == lang)
        .order_by(col(RulePageVersion.version).desc())
        .limit(1)
    ).first()
    if row is None:
        title, body = defaults.TITLES[page][lang], defaults.BODIES[page][lang]
        return RulePage(page, lang, title, body, 0, None)
    return RulePage(page, lang, row.title, row.body, row.version, row.created_at)


def page_history(session: Session, *, page: str, lang: str) -> list[SavedVersion]:
    """Every saved version of ``page`` in ``lang``, newest first, with who saved it."""
    check_page(page, lang)
    rows = session.exec(
        select(RulePageVersion, User.display_name)
        .join(User, col(User.id) == RulePageVersion.created_by_id, isouter=True)
        .where(RulePageVersion.page == page, RulePageVersion.lang == lang)
        .order_by(col(RulePageVersion.version).desc())
    ).all()
    return [SavedVersion(row.version, row.title, name, row.created_at) for row, name in rows]


def save_rule_page(
    session: Session, *, actor: User, page: str, lang: str, title: str, body: str, based_on: int
) -> RulePageVersion:
    """Save a new version. ``based_on`` is the version the admin edited: if someone saved
    in between, the save is refused (``StaleEditError``) rather than overwriting theirs."""
    current = rule_page(session, page=page, lang=lang)
    if current.version != based_on:
        raise StaleEditError(current.version)
    row = RulePageVersion(
        page=page,
        lang=lang,
        version=current.version + 1,
        title=title,
        body=body,
        created_by_id=actor.id,
    )
    insert_row(session, row)
    record(
        session,
        actor=actor,
        action="rules.saved",
        object_type="rule_page",
        object_id=row.id,
        page=page,
        lang=lang,
        version=row.version,
    )
    return row


class StaleEditError(ConflictError):
    """Someone saved the page after the admin opened it; ``version`` is theirs."""

    def __init__(self, version: int) -> None:
        super().__init__(
            _(
                "Someone else saved this page while you were editing it (now version "
                "%(version)d). Your text is kept below: compare it with theirs and save again."
            )
            % {"version": version}
        )
        self.version = version


def rule_links(session: Session, *, rule_ids: list[str], lang: str) -> list[tuple[str, str]]:
    """For each rule a decision rests on, its paragraph of the debate rules: (anchor, label
    "§ 7"); the anchor alone where the page no longer tags the rule."""
    text = rule_page(session, page="debate", lang=lang).body
    links = []
    for rule_id in dict.fromkeys(rule_ids):
        number = paragraph_of(text, rule_id)
        links.append((rule_anchor(rule_id), f"§ {number}" if number else ""))
    return links
