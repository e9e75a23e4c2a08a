"""The stored moderation policy: versions over the defaults, checks with exact messages,
optimistic locking, diffs in the audit log, caching, and the worker reading it per decision."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from debate.core import i18n
from debate.core.db import session_scope
from debate.core.models import AuditEvent, Consultation, PolicyVersion, Role, User, Visibility
from debate.core.settings import Settings
from debate.policy import store
from debate.policy.validate import PolicyConflictError, PolicyError
from debate.submissions.worker import Worker
from moderation import ModerationMode, Thresholds
from tests.factories import make_consultation, make_user
from tests.test_worker import FakeClassifier, queued, visibility


@pytest.fixture(autouse=True)
def english() -> Any:
    token = i18n._current.set("en")
    yield
    i18n._current.reset(token)


@pytest.fixture
def admin(engine: Engine) -> User:
    return make_user(engine, Role.ADMIN)


def save(engine: Engine, admin: User, data: dict[str, Any], **extra: Any) -> Any:
    with session_scope(engine) as session:
        return store.save(session, actor=admin, data=data, note="", **extra)


def in_force(engine: Engine, settings: Settings) -> store.StoredPolicy:
    with session_scope(engine) as session:
        return store.current(session, settings)


def audit(engine: Engine, action: str) -> list[AuditEvent]:
    with session_scope(engine) as session:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        return list(session.exec(query))


def test_nothing_saved_is_version_zero_over_the_environment(engine, settings):
    stored = in_force(engine, settings)
    assert (stored.version, stored.report_threshold, dict(stored.data)) == (0, 3, {})
    assert stored.policy.new_account_posts == settings.new_account_posts
    assert stored.changed_by is None


def test_a_saved_version_is_in_force_and_audited_with_its_diff(engine, settings, admin):
    data = {
        "rule_thresholds": {"DECENCY-PROFANITY": {"review": 1}},
        "label_thresholds": {"sv": {"threat": {"review": 0.6}}},
        "new_account_posts": 2,
        "report_threshold": 5,
    }
    with session_scope(engine) as session:
        store.save(session, actor=admin, data=data, note="Fler svordomar", settings=settings)
    stored = in_force(engine, settings)
    assert (stored.version, stored.changed_by, stored.note) == (1, "Test admin", "Fler svordomar")
    assert stored.report_threshold == 5
    policy = stored.policy
    assert policy.rule_threshold("DECENCY-PROFANITY", "sv") == Thresholds(review=1.0, reject=6)
    assert policy.label_threshold("threat", "sv") == Thresholds(review=0.6)
    assert policy.new_account_posts == 2
    (event,) = audit(engine, "policy.changed")
    assert (event.actor_id, event.object_type, event.object_id) == (admin.id, "policy", 1)
    assert event.detail["note"] == "Fler svordomar"
    assert event.detail["diff"] == {
        "label_thresholds.sv.threat.review": {"old": None, "new": 0.6},
        "new_account_posts": {"old": None, "new": 2},
        "report_threshold": {"old": None, "new": 5},
        "rule_thresholds.DECENCY-PROFANITY.review": {"old": None, "new": 1.0},
    }


def test_each_save_is_a_new_version_and_the_history_says_what_changed(engine, admin):
    save(engine, admin, {"report_threshold": 5})
    save(
        engine,
        admin,
        {"report_threshold": 4, "lexicon_exceptions": [{"term": "Idiot", "lang": "sv"}]},
    )
    with session_scope(engine) as session:
        assert [row.version for row in session.exec(select(PolicyVersion))] == [1, 2]
        history = store.history(session)
    assert [entry.version for entry in history] == [2, 1]
    assert history[0].changes == {
        "report_threshold": {"old": 5, "new": 4},
        "lexicon_exceptions": {"added": ["idiot;sv"], "removed": []},
    }
    assert history[1].changes == {"report_threshold": {"old": None, "new": 5}}


def test_saving_the_same_data_again_makes_no_version(engine, settings, admin):
    save(engine, admin, {"report_threshold": 5})
    assert save(engine, admin, {"report_threshold": 5}).version == 1
    assert len(audit(engine, "policy.changed")) == 1


def test_a_save_from_an_older_version_is_refused(engine, settings, admin):
    save(engine, admin, {"report_threshold": 5}, base_version=0)
    other = make_user(engine, Role.ADMIN, email="other@example.se")
    with pytest.raises(PolicyConflictError) as refused:
        save(engine, other, {"report_threshold": 9}, base_version=0)
    assert refused.value.errors == {
        "base_version": "Someone else saved version 1 while you were editing, so nothing was "
        "saved. Your changes are kept below: check the history, then save again."
    }
    assert in_force(engine, settings).report_threshold == 5


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"rule_thresholds": {"LAW-THREAT": {"review": -1, "reject": 2000}}},
            {
                "rule_thresholds.LAW-THREAT.review": "Enter a number from 0 to 1000.",
                "rule_thresholds.LAW-THREAT.reject": "Enter a number from 0 to 1000.",
            },
        ),
        (
            {"rule_thresholds": {"LAW-THREAT": {"review": 4}}},  # the catalogue rejects from 3
            {
                "rule_thresholds.LAW-THREAT.review": (
                    "The review threshold must not be above the reject threshold."
                )
            },
        ),
        (
            {"rule_thresholds": {"LAW-NOTHING": {"review": 1}, "LAW-HATE:de": {"review": 1}}},
            {
                "rule_thresholds.LAW-NOTHING": "Unknown rule: LAW-NOTHING.",
                "rule_thresholds.LAW-HATE:de": "Unknown language: de.",
            },
        ),
        (
            {"label_thresholds": {"sv": {"threat": {"review": 1.5}, "rudeness": {"review": 0.5}}}},
            {
                "label_thresholds.sv.threat.review": "Enter a number from 0 to 1.",
                "label_thresholds.sv.rudeness": "Unknown classifier label: rudeness.",
            },
        ),
        (
            {"label_thresholds": {"fi": {}}, "colour": "blue"},
            {"label_thresholds.fi": "Unknown language: fi.", "colour": "Unknown setting: colour."},
        ),
        (
            {"new_account_posts": -1, "report_threshold": 0.5},
            {
                "new_account_posts": "Enter a whole number from 0 to 1000.",
                "report_threshold": "Enter a whole number from 1 to 1000.",
            },
        ),
        (
            {
                "lexicon_additions": [
                    {"term": " ", "category": "insult", "lang": "sv"},
                    {"term": "x" * 81, "category": "insult", "lang": "sv"},
                    {"term": "sillmås", "category": "rudeness", "lang": "sv"},
                    {"term": "sillmås", "category": "insult", "lang": "de"},
                    {"term": "sillmås", "category": "insult", "lang": "sv", "severity": 4},
                    {"term": "*sillmås", "category": "insult", "lang": "sv"},
                ]
            },
            {
                "lexicon_additions": "A term is empty. "
                f"{'x' * 80}: at most 80 characters. "
                "sillmås: unknown category rudeness. "
                "sillmås: the language must be sv or en. "
                "sillmås: the severity must be 1, 2 or 3. "
                "*sillmås: a term starts with a letter or a digit, and _ stands between two "
                "words."
            },
        ),
        (
            {"lexicon_exceptions": [{"term": "idiot", "lang": "*"}, "idiot"]},
            {
                "lexicon_exceptions": "idiot: the language must be sv or en. "
                "Each entry needs a term and a language."
            },
        ),
    ],
)
def test_bad_data_is_refused_with_a_message_per_setting(engine, admin, data, errors):
    with pytest.raises(PolicyError) as refused:
        save(engine, admin, data)
    assert refused.value.errors == errors
    assert audit(engine, "policy.changed") == []


def test_other_languages_keep_their_classifier_defaults(engine, settings, admin):
    shipped = in_force(engine, settings).policy
    save(engine, admin, {"label_thresholds": {"*": {"insult": {"review": 0.5}}}}, settings=settings)
    policy = in_force(engine, settings).policy
    assert policy.label_threshold("insult", "fi") == Thresholds(review=0.5)
    assert policy.label_threshold("insult", "sv") == shipped.label_threshold("insult", "sv")
    assert policy.label_threshold("threat", "fi") == shipped.label_threshold("threat", "fi")


def test_a_language_threshold_falls_back_on_the_rule_wide_one(engine, settings, admin):
    data = {
        "rule_thresholds": {
            "DECENCY-PROFANITY": {"review": 2, "reject": 4},
            "DECENCY-PROFANITY:en": {"review": 1},
        }
    }
    save(engine, admin, data, settings=settings)
    policy = in_force(engine, settings).policy
    assert policy.rule_threshold("DECENCY-PROFANITY", "en") == Thresholds(review=1.0, reject=4.0)
    assert policy.rule_threshold("DECENCY-PROFANITY", "sv") == Thresholds(review=2.0, reject=4.0)


def test_the_word_list_tag_is_the_version_that_last_changed_it(engine, settings, admin):
    gull = {"term": "sillmås", "category": "insult", "lang": "sv", "severity": 2}
    save(engine, admin, {"lexicon_additions": [gull]}, settings=settings)
    assert in_force(engine, settings).policy.lexicon_tag == "p1"
    save(engine, admin, {"lexicon_additions": [gull], "report_threshold": 4}, settings=settings)
    assert in_force(engine, settings).policy.lexicon_tag == "p1"  # thresholds only
    save(
        engine,
        admin,
        {"lexicon_additions": [gull], "lexicon_exceptions": [{"term": "dum", "lang": "sv"}]},
    )
    assert in_force(engine, settings).policy.lexicon_tag == "p3"
    save(engine, admin, {})
    stored = in_force(engine, settings)
    assert (stored.policy.lexicon_tag, stored.policy.lexicon_overrides) == ("", None)


def test_the_policy_is_parsed_once_per_version(engine, settings, admin):
    first = in_force(engine, settings)
    assert in_force(engine, settings).policy is first.policy  # version 0: the defaults
    save(engine, admin, {"report_threshold": 5})
    saved = in_force(engine, settings)
    assert saved is not first and in_force(engine, settings) is saved


def test_modes_change_and_are_audited(engine, admin):
    consultation = make_consultation(engine)
    change = {consultation.id: (ModerationMode.FLAGGED_ONLY, ModerationMode.PRE)}
    with session_scope(engine) as session:
        assert store.change_modes(session, actor=admin, changes=change) == [consultation.id]
    with session_scope(engine) as session:
        assert session.get_one(Consultation, consultation.id).moderation_mode is ModerationMode.PRE
    (event,) = audit(engine, "consultation.mode_changed")
    assert (event.actor_id, event.object_id) == (admin.id, consultation.id)
    assert event.detail == {"old": "flagged_only", "new": "pre"}


def test_a_mode_changed_meanwhile_is_not_overwritten(engine, admin):
    consultation = make_consultation(engine, mode=ModerationMode.POST)
    change = {consultation.id: (ModerationMode.FLAGGED_ONLY, ModerationMode.PRE)}
    with pytest.raises(PolicyError) as refused, session_scope(engine) as session:
        store.change_modes(session, actor=admin, changes=change)
    assert refused.value.errors == {
        f"mode-{consultation.id}": "Someone else changed this mode to “Publish, and review "
        "flagged items afterwards” while you were editing."
    }


def test_the_worker_decides_with_the_policy_in_force(client, engine, admin):
    worker = Worker(engine, lambda: FakeClassifier())
    (before,) = queued(engine, 1, body="Du är en sillmås.")
    worker.run_once()
    assert visibility(engine, before) is Visibility.PUBLISHED
    gull = {"term": "sillmås", "category": "insult", "lang": "sv"}
    save(engine, admin, {"lexicon_additions": [gull]})
    (after,) = queued(engine, 1, body="Du är en sillmås.")
    worker.run_once()  # the same worker, not restarted
    assert visibility(engine, after) is Visibility.HELD


def test_a_fixed_worker_policy_still_overrides_the_stored_one(client, engine, admin):
    save(
        engine,
        admin,
        {"lexicon_additions": [{"term": "sillmås", "category": "insult", "lang": "sv"}]},
    )
    (submission,) = queued(engine, 1, body="Du är en sillmås.")
    Worker(engine, lambda: FakeClassifier(), policy=store.BARE_DEFAULTS).run_once()
    assert visibility(engine, submission) is Visibility.PUBLISHED


def test_thresholds_in_force_for_a_signal() -> None:
    """``policy.data.thresholds_for``, the one answer the review card shows: a language's own
    rule thresholds, else the rule-wide ones, else the catalogue's; a label's per language."""
    from debate.policy.data import catalogue_thresholds, thresholds_for
    from moderation import RULES, PolicySettings

    rule_id = next(iter(RULES))
    policy = PolicySettings(
        rule_thresholds={rule_id: Thresholds(0.2, 0.9), f"{rule_id}:en": Thresholds(0.5, None)},
        label_thresholds={"sv": {"toxicity": Thresholds(0.7, 0.95)}, "*": {}},
    )
    assert thresholds_for(policy, "en", rule_id=rule_id) == Thresholds(0.5, None)
    assert thresholds_for(policy, "sv", rule_id=rule_id) == Thresholds(0.2, 0.9)
    assert thresholds_for(PolicySettings(), "sv", rule_id=rule_id) == catalogue_thresholds(rule_id)
    assert thresholds_for(policy, "sv", rule_id="NO-SUCH-RULE") is None
    label = thresholds_for(policy, "sv", rule_id="CLASSIFIER", label="toxicity")
    assert label == Thresholds(0.7, 0.95)
    assert thresholds_for(policy, "fi", rule_id="CLASSIFIER", label="toxicity") == Thresholds()
