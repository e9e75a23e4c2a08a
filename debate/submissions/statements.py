"""What the machine's decision says to its author: the statement of reasons (DSA Art. 17) and
the receipt's words."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from sqlmodel import Session

from debate.core.models import (
    Submission,
    User,
)
from debate.outbox import mail
from debate.rulepages.text import rule_url
from moderation import (
    Action,
    Verdict,
    get_rule,
    statement_of_reasons,
)

#: Machine actions whose statement of reasons is stored and e-mailed at once: a redaction
#: publishes a changed text, and a proposed rejection hides the post at the top of the queue.
#: A plain hold (``review``) waits for a person, whose decision then carries the statement;
#: its reasons are on the status page meanwhile.
STATED = frozenset({Action.REDACT, Action.REJECT})


def machine_statement(submission: Submission, verdict: Verdict, site_url: str = "") -> str:
    """The statement for the machine's decision; each ground cites its rule's paragraph, at
    ``site_url`` (``INSPEL_BASE_URL``) or site-relative without it."""
    english = submission.lang.startswith("en")
    where = (
        "the My submissions page when you are logged in"
        if english
        else "sidan Mina inlägg när du är inloggad"
    )
    return statement_of_reasons(
        verdict,
        lang=submission.lang,
        item_ref=f"INS-{submission.id}",
        date=submission.created_at.date().isoformat(),
        appeal_url=where if submission.author_id else receipt_words(english),
        rule_link=partial(rule_url, site_url),
    )


def receipt_words(english: bool) -> str:
    """Where an author without an account follows and appeals a decision."""
    return "your status link (the receipt)" if english else "din statuslänk (kvittot)"


def mail_statement(session: Session, submission: Submission, statement: str) -> None:
    """The statement to the author's account address, when the post came from an account."""
    author = session.get(User, submission.author_id) if submission.author_id else None
    if author is None or not author.is_active:
        return
    english = submission.lang.startswith("en")
    subject = (
        f"Decision on your post INS-{submission.id}"
        if english
        else f"Beslut om ditt inlägg INS-{submission.id}"
    )
    mail.enqueue(
        session, to=author.email, subject=subject, body=statement, kind="statement_of_reasons"
    )


def decision_ground(rule_ids: Sequence[str]) -> str | None:
    """The ground a decision rests on: ``legal`` when any of its rules is a legal one,
    otherwise the rules' own ground (``terms``); ``None`` without rules."""
    grounds = [get_rule(rule_id).ground.value for rule_id in rule_ids]
    return ("legal" if "legal" in grounds else grounds[0]) if grounds else None
