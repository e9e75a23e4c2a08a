"""The figures: the shadow comparison and the settings page's preview, each on a constructed
set of decided items whose every count is worked out by hand in the comments."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from debate.core.db import session_scope
from debate.core.models import (
    ModerationDecision,
    ModerationSignal,
    Revision,
    Role,
    Submission,
    SubmissionKind,
    Visibility,
)
from debate.core.shadow_models import ShadowPolicy, ShadowVerdict
from debate.policy import preview, store, validate
from debate.policy.store import BARE_DEFAULTS
from debate.reporting import shadow as comparison
from tests.factories import make_user


def item(session: Session, lang: str) -> tuple[int, int]:
    submission = Submission(
        kind=SubmissionKind.REPLY,
        status_token_hash=secrets.token_hex(32),
        visibility=Visibility.HELD,
        lang=lang,
    )
    session.add(submission)
    session.flush()
    assert submission.id is not None
    revision = Revision(submission_id=submission.id, number=1, body="text")
    session.add(revision)
    session.flush()
    assert revision.id is not None
    return submission.id, revision.id


def decided(
    session: Session, ids: tuple[int, int], action: str, by: int | None, rules: list[str]
) -> None:
    session.add(
        ModerationDecision(
            submission_id=ids[0],
            revision_id=ids[1],
            action=action,
            visibility=Visibility.HELD,
            rule_ids=rules,
            decided_by_id=by,
        )
    )
    session.flush()


def judged(
    session: Session,
    ids: tuple[int, int],
    shadow_id: int,
    lang: str,
    live: str,
    shade: str,
    live_rules: list[str],
    shadow_rules: list[str],
) -> None:
    session.add(
        ShadowVerdict(
            submission_id=ids[0],
            revision_id=ids[1],
            shadow_id=shadow_id,
            lang=lang,
            live_action=live,
            action=shade,
            live_rule_ids=live_rules,
            rule_ids=shadow_rules,
        )
    )


def test_the_comparison_against_moderators(client, engine: Engine):
    moderator = make_user(engine, Role.MODERATOR).id
    with session_scope(engine) as session:
        old, current = ShadowPolicy(data={}), ShadowPolicy(data={"x": 1})
        session.add(old)
        session.flush()
        session.add(current)
        session.flush()
        assert old.id is not None and current.id is not None
        s = current.id
        one, two, three = item(session, "sv"), item(session, "sv"), item(session, "sv")
        four, five, six = item(session, "en"), item(session, "en"), item(session, "de")
        # 1: both held, the moderator rejected: agreement, both caught.
        judged(session, one, s, "sv", "review", "review", ["LAW-THREAT"], ["LAW-THREAT"])
        decided(session, one, "reject", moderator, ["LAW-THREAT"])
        decided(session, one, "review", None, [])  # a later machine decision is not the truth
        # 2: published live, the shadow would hold; a moderator kept it: shadow held clean.
        judged(session, two, s, "sv", "publish", "review", [], ["DECENCY-INSULT"])
        decided(session, two, "keep", moderator, [])
        # 3: held live, released by the shadow, rejected in the end (first approved): missed.
        judged(session, three, s, "sv", "review", "publish", ["DECENCY-INSULT"], [])
        decided(session, three, "approve", moderator, [])
        decided(session, three, "reject", moderator, ["DECENCY-INSULT"])
        # 4: both held, approved: both held clean.
        judged(
            session, four, s, "en", "review", "reject", ["DECENCY-PROFANITY"], ["DECENCY-PROFANITY"]
        )
        decided(session, four, "approve", moderator, [])
        # 5: the shadow would hold, no moderator has seen it.
        judged(session, five, s, "en", "publish", "review", [], ["DECENCY-INSULT"])
        # 6: both published, a moderator masked a phone number: both missed.
        judged(session, six, s, "de", "publish", "redact", [], [])
        decided(session, six, "redact", moderator, ["PII-PHONE"])
        # A verdict of an older shadow set is not counted.
        judged(session, six, old.id, "de", "publish", "review", [], ["LAW-HATE"])

    with session_scope(engine) as session:
        found = comparison.compare(session, defaults=BARE_DEFAULTS)
    assert found.settings is not None and found.settings.id == s
    total = found.total
    assert (total.items, total.agree, total.would_hold, total.would_release) == (6, 3, 2, 1)
    assert total.would_miss == 1
    assert total.agreement == 0.5
    assert _tally(total.live) == {
        "decided": 5,
        "removed": 3,
        "held": 3,
        "caught": 2,
        "held_clean": 1,
        "missed": 1,
    }
    assert _tally(total.shadow) == {
        "decided": 5,
        "removed": 3,
        "held": 3,
        "caught": 1,
        "held_clean": 2,
        "missed": 2,
    }
    langs = {row.key: row for row in found.by_lang}
    assert {key: row.items for key, row in langs.items()} == {"sv": 3, "en": 2, "other": 1}
    assert (langs["sv"].would_hold, langs["sv"].would_miss, langs["sv"].live.caught) == (1, 1, 2)
    assert (langs["other"].live.missed, langs["other"].shadow.missed) == (1, 1)
    rules = {row.key: row for row in found.by_rule}
    assert set(rules) == {"LAW-THREAT", "DECENCY-INSULT", "DECENCY-PROFANITY", "PII-PHONE"}
    insult = rules["DECENCY-INSULT"]
    assert (insult.items, insult.would_hold, insult.would_miss, insult.agree) == (3, 2, 1, 0)
    assert (insult.live.caught, insult.shadow.held_clean, insult.shadow.missed) == (1, 1, 1)
    assert (rules["LAW-THREAT"].items, rules["LAW-THREAT"].shadow.caught) == (1, 1)


def test_no_shadow_started_gives_empty_figures(client, engine):
    with session_scope(engine) as session:
        found = comparison.compare(session, defaults=BARE_DEFAULTS)
    assert found.settings is None
    assert found.total.items == 0 and found.total.agreement is None
    assert found.by_rule == ()


def signal(
    session: Session, ids: tuple[int, int], rule: str, score: float, label: str | None
) -> None:
    detector = "classifier" if label else "lexicon"
    session.add(
        ModerationSignal(
            revision_id=ids[1],
            rule_id=rule,
            detector=detector,
            detector_version="t",
            score=score,
            label=label,
        )
    )


PROPOSED: dict[str, Any] = {
    "label_thresholds": {"sv": {"threat": {"review": 0.5}, "insult": {"review": 0.75}}},
    "rule_thresholds": {"DECENCY-PROFANITY": {"review": 4}},
}


def test_the_preview_of_a_threshold_change(client, engine: Engine):
    moderator = make_user(engine, Role.MODERATOR).id
    with session_scope(engine) as session:
        unseen = item(session, "sv")  # decided by the machine only: not counted
        signal(session, unseen, "LAW-THREAT", 0.99, "threat")
        decided(session, unseen, "review", None, [])
        a, b, c, d, e = (item(session, lang) for lang in ("sv", "sv", "en", "sv-SE", "sv"))
        # A: threat 0.6, under Swedish 0.7 in force, over the proposed 0.5; rejected.
        signal(session, a, "LAW-THREAT", 0.6, "threat")
        signal(session, a, "SHOUTING", 0.9, None)
        decided(session, a, "reject", moderator, ["LAW-THREAT"])
        # B: insult 0.8, under 0.9 in force, over the proposed 0.75; approved.
        signal(session, b, "DECENCY-INSULT", 0.8, "insult")
        decided(session, b, "approve", moderator, [])
        # C: English threat 0.55, over 0.5 both times; rejected.
        signal(session, c, "LAW-THREAT", 0.55, "threat")
        decided(session, c, "reject", moderator, ["LAW-THREAT"])
        # D: profanity 3, held from 3 in force, not from the proposed 4; approved.
        signal(session, d, "DECENCY-PROFANITY", 3.0, None)
        decided(session, d, "approve", moderator, [])
        # E: no signals (held by the mode), approved: published under both.
        decided(session, e, "approve", moderator, [])

    in_force = store.build({}, BARE_DEFAULTS)
    proposed = store.build(validate.check(PROPOSED, BARE_DEFAULTS), BARE_DEFAULTS)
    with session_scope(engine) as session:
        found = preview.preview(session, in_force=in_force, proposed=proposed)
        latest_two = preview.preview(session, in_force=in_force, proposed=proposed, limit=2)
    assert found.items == 5
    assert _tally(found.in_force) == {
        "decided": 5,
        "removed": 2,
        "held": 2,
        "caught": 1,
        "held_clean": 1,
        "missed": 1,
    }
    assert _tally(found.proposed) == {
        "decided": 5,
        "removed": 2,
        "held": 3,
        "caught": 2,
        "held_clean": 1,
        "missed": 0,
    }
    assert (found.newly_held, found.newly_published, found.changed) == (2, 1, 3)
    changes = {change.submission_id: change for change in found.changes}
    assert set(changes) == {a[0], b[0], d[0]}
    assert (changes[a[0]].in_force, changes[a[0]].proposed, changes[a[0]].moderator) == (
        "publish",
        "review",
        "reject",
    )
    assert changes[d[0]].lang == "sv"
    assert latest_two.items == 2 and latest_two.changed == 1  # E and D: D changes


def _tally(tally: Any) -> dict[str, int]:
    names = ("decided", "removed", "held", "caught", "held_clean", "missed")
    return {name: getattr(tally, name) for name in names}
