"""Shadow mode: a second threshold set runs in the classifier worker on every new item (or a
share chosen by item id), its verdicts are stored apart, and nothing it decides reaches what is
published: the same visibility, published copy, decisions, signals, statements, messages and
audit events as without it."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from debate.core.db import session_scope
from debate.core.models import (
    AuditEvent,
    ModerationDecision,
    ModerationJob,
    ModerationSignal,
    OutboxMessage,
    Role,
    Submission,
    User,
)
from debate.core.shadow_models import ShadowVerdict
from debate.policy import shadow
from debate.policy.store import BARE_DEFAULTS
from debate.policy.validate import PolicyError
from debate.submissions import actions, screening
from debate.submissions import shadow as worker_shadow
from debate.submissions.worker import Worker
from tests.factories import make_consultation, make_user

TEXTS = (
    "Bussarna mellan Umeå och Vännäs borde gå varje halvtimme på kvällarna.",
    "Ring mig på 070-123 45 67 om du vill hjälpa till med namninsamlingen.",
    "Du är en idiot som skriver så här om vården.",
    "Det här förslaget är för jävligt dåligt, fan ta det.",
    "Fler cykelbanor längs E4:an skulle göra pendlingen säkrare.",
    "Jag vet var du bor och snart får du se vad som händer.",
)

#: Much stricter than the shipped set, and with a word-list addition that hits a clean text.
STRICT: dict[str, Any] = {
    "label_thresholds": {"sv": {"threat": {"review": 0.1}, "toxicity": {"review": 0.1}}},
    "rule_thresholds": {"DECENCY-PROFANITY": {"review": 1.0, "reject": 1.0}},
    "lexicon_additions": [{"term": "halvtimme", "category": "insult", "lang": "sv", "severity": 3}],
}


class Scores:
    """The same classifier scores for every text: below the shipped Swedish thresholds."""

    name = "fake"
    version = "1"

    def predict(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[dict[str, float]]:
        return [{"threat": 0.5, "toxicity": 0.6, "insult": 0.2} for _ in texts]


def submit(engine: Engine, author: User | None, texts: Sequence[str] = TEXTS) -> list[int]:
    consultation = make_consultation(engine, slug=f"agenda-{secrets.token_hex(4)}")
    ids = []
    for index, body in enumerate(texts):
        with session_scope(engine) as session:
            actor = session.get(User, author.id) if author else None
            receipt = actions.submit_proposal(
                session,
                actor=actor,
                consultation=consultation,
                title=f"Förslag {index}",
                body=body,
                topic_id=None,
                municipality=None,
                author_name="",
                lang="sv",
            )
            screening.screen_submission(session, submission_id=receipt.submission_id, queue=True)
        ids.append(receipt.submission_id)
    return ids


def drain(engine: Engine) -> None:
    worker = Worker(engine, Scores)
    while worker.run_once():
        pass


def _plain(text: str | None, submission_id: int) -> str | None:
    return None if text is None else re.sub(rf"\bINS-{submission_id}\b", "INS-n", text)


def snapshot(engine: Engine, ids: list[int], outbox_after: int) -> list[Any]:
    """Everything the public, the author, the queue and the audit log see of ``ids``, with
    the item numbers taken out (two batches of the same texts compare equal)."""
    seen: list[Any] = []
    with session_scope(engine) as session:
        for n in ids:
            s = session.get_one(Submission, n)
            decisions = session.exec(
                select(ModerationDecision).where(ModerationDecision.submission_id == n)
            ).all()
            revision_ids = [d.revision_id for d in decisions]
            signals = session.exec(
                select(ModerationSignal)
                .where(col(ModerationSignal.revision_id).in_(revision_ids))
                .order_by(col(ModerationSignal.id))
            ).all()
            job = session.exec(select(ModerationJob).where(ModerationJob.submission_id == n)).one()
            events = session.exec(
                select(AuditEvent)
                .where(AuditEvent.object_id == n, col(AuditEvent.object_type) == "proposal")
                .order_by(col(AuditEvent.id))
            ).all()
            seen.append(
                (
                    s.visibility,
                    s.published_title,
                    s.published_body,
                    s.version,
                    [
                        (
                            d.action,
                            d.visibility,
                            d.rule_ids,
                            d.ground,
                            d.policy_reason,
                            _plain(d.explanation, n),
                            d.automated_detection,
                            d.decided_by_id,
                        )
                        for d in decisions
                    ],
                    [
                        (x.rule_id, x.detector, x.detector_version, x.score, x.label, x.spans)
                        for x in signals
                    ],
                    (job.state, job.attempts, job.last_error),
                    [(e.action, e.detail) for e in events],
                )
            )
        messages = session.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.id) > outbox_after)
            .order_by(col(OutboxMessage.id))
        ).all()
        seen.append([message.kind for message in messages])
        seen.append(
            sorted(_plain(m.body, n) or "" for m in messages for n in ids if f"INS-{n}" in m.body)
        )
    return seen


def last_outbox(engine: Engine) -> int:
    with session_scope(engine) as session:
        last = session.exec(select(OutboxMessage.id).order_by(col(OutboxMessage.id).desc())).first()
        return last or 0


def start_shadow(engine: Engine, data: dict[str, Any], share: int = 100) -> shadow.ShadowSettings:
    admin = make_user(engine, Role.ADMIN, f"admin-{secrets.token_hex(3)}@example.se")
    with session_scope(engine) as session:
        actor = session.get_one(User, admin.id)
        return shadow.start(
            session, actor=actor, data=data, share=share, note="prova", defaults=BARE_DEFAULTS
        )


def verdicts(engine: Engine) -> dict[int, ShadowVerdict]:
    with session_scope(engine) as session:
        rows = session.exec(select(ShadowVerdict)).all()
        return {row.submission_id: row for row in rows}


def test_a_shadow_set_never_changes_what_is_published(client, engine):
    # Two authors alike (a second batch by the same one would repeat itself: SPAM-REPEAT).
    first = make_user(engine, email="forfattare@example.se")
    second = make_user(engine, email="skribent@example.se")
    before = last_outbox(engine)
    without = submit(engine, first)
    drain(engine)
    plain = snapshot(engine, without, before)

    start_shadow(engine, STRICT)
    before = last_outbox(engine)
    within = submit(engine, second)
    drain(engine)
    shadowed = snapshot(engine, within, before)

    assert shadowed == plain
    # The live policy held, masked and published a mix; the shadow really judged otherwise.
    assert {v[0] for v in plain[: len(TEXTS)]} >= {"published", "published_redacted", "held"}
    found = verdicts(engine)
    assert set(found) == set(within)
    live = {n: found[n].live_action for n in within}
    judged = {n: found[n].action for n in within}
    assert live != judged
    clean = within[0]  # "halvtimme" is an insult to the shadow only
    assert (live[clean], judged[clean]) == ("publish", "reject")
    assert "DECENCY-INSULT" in found[clean].rule_ids
    assert found[clean].live_rule_ids == []


def test_a_failing_shadow_run_leaves_the_live_decision(client, engine, monkeypatch, caplog):
    start_shadow(engine, STRICT)

    def broken(*args: object, **kwargs: object) -> bool:
        raise RuntimeError("shadow exploded")

    monkeypatch.setattr(worker_shadow.shadow, "chosen", broken)
    ids = submit(engine, None, TEXTS[:2])
    drain(engine)
    with session_scope(engine) as session:
        states = [session.get_one(Submission, n).visibility for n in ids]
        jobs = session.exec(select(ModerationJob.state)).all()
    assert [str(v) for v in states] == ["published", "published_redacted"]
    assert set(jobs) == {"done"}
    assert verdicts(engine) == {}
    assert "the live decision stands" in caplog.text


def test_the_share_is_chosen_by_item_id(client, engine):
    ids = range(1, 2001)
    quarter = {n for n in ids if shadow.chosen(n, 25)}
    assert 400 <= len(quarter) <= 600
    assert quarter == {n for n in ids if shadow.chosen(n, 25)}  # the same every time
    assert quarter <= {n for n in ids if shadow.chosen(n, 50)}  # a larger share adds items
    assert not any(shadow.chosen(n, 0) for n in ids)
    assert all(shadow.chosen(n, 100) for n in ids)

    start_shadow(engine, STRICT, share=25)
    submitted = submit(engine, None, TEXTS * 3)
    drain(engine)
    assert set(verdicts(engine)) == {n for n in submitted if shadow.chosen(n, 25)}


def test_a_stopped_shadow_runs_no_more(client, engine):
    started = start_shadow(engine, STRICT)
    admin = make_user(engine, Role.ADMIN, "stopper@example.se")
    with session_scope(engine) as session:
        actor = session.get_one(User, admin.id)
        assert shadow.stop(session, actor=actor, defaults=BARE_DEFAULTS)
        assert not shadow.stop(session, actor=actor, defaults=BARE_DEFAULTS)
        assert shadow.in_force(session, BARE_DEFAULTS) is None
        assert shadow.latest(session, BARE_DEFAULTS, started=True).id == started.id
        audited = session.exec(
            select(AuditEvent.action).where(col(AuditEvent.action).startswith("policy.shadow"))
        ).all()
    assert audited == ["policy.shadow_started", "policy.shadow_stopped"]
    submit(engine, None, TEXTS[:2])
    drain(engine)
    assert verdicts(engine) == {}


@pytest.mark.parametrize(
    ("data", "share", "key"),
    [
        (
            {"label_thresholds": {"sv": {"threat": {"review": 1.5}}}},
            100,
            "label_thresholds.sv.threat.review",
        ),
        (
            {"label_thresholds": {"sv": {"hatred": {"review": 0.5}}}},
            100,
            "label_thresholds.sv.hatred",
        ),
        ({"rule_thresholds": {"NO-SUCH-RULE": {"review": 1}}}, 100, "rule_thresholds.NO-SUCH-RULE"),
        ({}, 0, "shadow_share"),
        ({}, 101, "shadow_share"),
        ({"bogus": 1}, 100, "bogus"),
    ],
)
def test_a_bad_shadow_set_is_refused_with_a_message(client, engine, data, share, key):
    with pytest.raises(PolicyError) as refused:
        start_shadow(engine, data, share=share)
    assert key in refused.value.errors
    assert refused.value.errors[key]
    with session_scope(engine) as session:
        assert shadow.latest(session, BARE_DEFAULTS) is None
