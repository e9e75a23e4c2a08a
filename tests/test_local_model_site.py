"""The local model on the site: ``INSPEL_LOCAL_MODEL`` at intake and in the classifier worker,
a candidate in shadow (``INSPEL_SHADOW_LOCAL_MODEL``), an unusable model stopping the start,
and ``inspel model train --from-database`` learning from what moderators decided."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from debate.app import create_app
from debate.cli import main
from debate.core.db import session_scope
from debate.core.models import (
    ModerationDecision,
    ModerationSignal,
    Role,
    Submission,
    User,
    Visibility,
)
from debate.core.settings import Settings, SettingsError
from debate.core.shadow_models import ShadowVerdict
from debate.policy import shadow
from debate.policy.store import BARE_DEFAULTS
from debate.privacy import retention
from debate.review import decisions, training
from debate.submissions import actions, local_model, screening
from debate.submissions.latest import latest_revision
from debate.submissions.worker import Worker
from moderation import Span, TextField
from moderation.learned import LocalModel, builtin, examples_from_decisions, examples_from_jsonl
from moderation.learned.data import mark_rules
from moderation.learned.model import CARD_JSON, HOLD
from moderation.learned.phase import hits_from_local_scores
from moderation.learned.train import train
from tests.factories import make_consultation, make_user, post_form
from tests.moderation import learned_data

CLEAN = "Bussarna mellan Umeå och Vännäs borde gå varje halvtimme på kvällarna."


def _save(directory: Path, *, threshold: float | None) -> Path:
    """A model trained on the tests' small set; ``threshold`` replaces the Swedish and
    English hold thresholds (0.0: it holds everything)."""
    examples = mark_rules(examples_from_jsonl(json.dumps(row) for row in learned_data.items()))
    train(examples, today=dt.date(2026, 12, 7), max_false_hold=0.05).save(directory)
    if threshold is not None:
        card = json.loads((directory / CARD_JSON).read_text(encoding="utf-8"))
        card["thresholds"][HOLD] = {"sv": threshold, "en": threshold, "*": threshold}
        (directory / CARD_JSON).write_text(json.dumps(card), encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def eager_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _save(tmp_path_factory.mktemp("eager"), threshold=0.0)


@pytest.fixture(scope="module")
def shy_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _save(tmp_path_factory.mktemp("shy"), threshold=1.01)


def _settings(settings: Settings, **changes: str) -> Settings:
    from dataclasses import replace

    return replace(settings, **changes)


def _local_signals(engine: Engine, submission_id: int) -> list[ModerationSignal]:
    with session_scope(engine) as session:
        return list(
            session.exec(
                select(ModerationSignal)
                .join(
                    ModerationDecision,
                    col(ModerationDecision.revision_id) == col(ModerationSignal.revision_id),
                )
                .where(ModerationDecision.submission_id == submission_id)
                .where(col(ModerationSignal.label).startswith("local:"))
            ).all()
        )


def _visibility(engine: Engine, submission_id: int) -> Visibility:
    with session_scope(engine) as session:
        return session.get_one(Submission, submission_id).visibility


def _post_proposal(settings: Settings, body: str) -> tuple[Engine, int]:
    from starlette.testclient import TestClient

    app = create_app(settings)
    with TestClient(app, follow_redirects=False) as client:
        engine: Engine = app.state.engine
        slug = f"agenda-{secrets.token_hex(4)}"
        make_consultation(engine, slug=slug)
        response = post_form(
            client, f"/consultations/{slug}/proposals", {"title": "Bussar", "body": body}
        )
        assert response.status_code == 303, response.text
        with session_scope(engine) as session:
            newest = session.exec(select(Submission).order_by(col(Submission.id).desc())).first()
            assert newest is not None and newest.id is not None
            return engine, newest.id


def test_intake_runs_the_local_model_and_it_holds_for_review(settings, eager_model):
    engine, submission_id = _post_proposal(_settings(settings, local_model=str(eager_model)), CLEAN)
    assert _visibility(engine, submission_id) is Visibility.HELD
    (signal,) = _local_signals(engine, submission_id)
    model = LocalModel.load(eager_model)
    assert signal.detector_version == model.detector_version
    with session_scope(engine) as session:
        decision = session.exec(
            select(ModerationDecision).where(ModerationDecision.submission_id == submission_id)
        ).one()
        # It holds for a person; it never rejects.
        assert decision.action == "review"


def _missed_by_the_rules_held_by_the_builtin_model() -> str:
    """A Swedish dev violation the rules publish and the shipped model holds, found afresh so
    that the test holds after the rules or the model change."""
    from moderation import Item, evaluate

    model = LocalModel.load(builtin.DIRECTORY)
    dev = Path(__file__).parent / "data" / "moderation_dev.jsonl"
    for line in dev.read_text(encoding="utf-8").splitlines():
        raw = json.loads(line)
        if raw["expected"] == "publish" or raw["lang"] != "sv" or raw["title"]:
            continue
        if "SPAM-REPEAT" in raw["reasons"] or len(raw["body"]) > 300:
            continue
        published = evaluate(Item(body=raw["body"], lang="sv")).action.value == "publish"
        if published and hits_from_local_scores(model.score_one(raw["body"], "sv"), model, "sv"):
            return str(raw["body"])
    raise AssertionError("no dev violation that only the built-in model holds")


def test_by_default_the_builtin_model_holds_what_the_rules_miss(settings):
    """The default (``INSPEL_LOCAL_MODEL=builtin``) runs the shipped model at intake; ``off``
    turns it off."""
    assert settings.local_model == "builtin"
    body = _missed_by_the_rules_held_by_the_builtin_model()
    engine, held = _post_proposal(settings, body)
    assert _visibility(engine, held) is Visibility.HELD
    (signal,) = _local_signals(engine, held)
    assert signal.detector_version == LocalModel.load(builtin.DIRECTORY).detector_version
    engine, plain = _post_proposal(_settings(settings, local_model="off"), body)
    assert _visibility(engine, plain) is Visibility.PUBLISHED
    assert _local_signals(engine, plain) == []


def test_by_default_or_below_the_threshold_the_same_text_is_published(settings, shy_model):
    engine, plain = _post_proposal(settings, CLEAN)
    assert _visibility(engine, plain) is Visibility.PUBLISHED
    engine, shy = _post_proposal(_settings(settings, local_model=str(shy_model)), CLEAN)
    assert _visibility(engine, shy) is Visibility.PUBLISHED
    assert _local_signals(engine, shy) == []


@pytest.mark.parametrize("setting", ["local_model", "shadow_local_model"])
def test_an_unusable_model_stops_the_start_with_a_message(settings, tmp_path, setting):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / CARD_JSON).write_text("{}", encoding="utf-8")
    for directory in (tmp_path / "missing", broken):
        with pytest.raises(SettingsError, match=r"INSPEL_(SHADOW_)?LOCAL_MODEL: local model"):
            create_app(_settings(settings, **{setting: str(directory)}))


def test_a_tampered_model_is_refused_even_after_an_earlier_load(tmp_path):
    directory = _save(tmp_path / "m", threshold=None)
    local_model.load(str(directory))
    copy = _save(tmp_path / "other", threshold=None)
    (copy / "model.npz").write_bytes(b"not a model")
    with pytest.raises(SettingsError, match="local model unusable"):
        local_model.load(str(copy))


class Scores:
    """Classifier scores well below every threshold, so only the local model can hold."""

    name = "fake"
    version = "1"

    def predict(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[dict[str, float]]:
        return [{"threat": 0.01, "toxicity": 0.02, "insult": 0.01} for _ in texts]


def _queued(engine: Engine, bodies: Sequence[str]) -> list[int]:
    consultation = make_consultation(engine, slug=f"agenda-{secrets.token_hex(4)}")
    ids = []
    for body in bodies:
        with session_scope(engine) as session:
            receipt = actions.submit_proposal(
                session,
                actor=None,
                consultation=consultation,
                title="Förslag",
                body=body,
                topic_id=None,
                municipality=None,
                author_name="",
                lang="sv",
            )
            screening.screen_submission(session, submission_id=receipt.submission_id, queue=True)
        ids.append(receipt.submission_id)
    return ids


def _drain(worker: Worker) -> None:
    while worker.run_once():
        pass


def test_the_worker_runs_the_local_model_beside_the_classifier(engine, settings, eager_model):
    configured = _settings(settings, local_model=str(eager_model))
    worker = Worker.from_settings(engine, configured)
    worker._load = Scores  # the classifier's scores, without detoxify
    [held] = _queued(engine, [CLEAN])
    _drain(worker)
    assert _visibility(engine, held) is Visibility.HELD
    assert len(_local_signals(engine, held)) == 1
    plain = Worker(engine, Scores)
    [published] = _queued(engine, [CLEAN])
    _drain(plain)
    assert _visibility(engine, published) is Visibility.PUBLISHED


def test_a_candidate_model_runs_only_in_shadow(engine, settings, eager_model):
    admin = make_user(engine, Role.ADMIN, "admin-shadow@example.se")
    with session_scope(engine) as session:
        shadow.start(
            session,
            actor=session.get_one(User, admin.id),
            data={},
            share=100,
            note="kandidat",
            defaults=BARE_DEFAULTS,
        )
    worker = Worker.from_settings(engine, _settings(settings, shadow_local_model=str(eager_model)))
    worker._load = Scores
    [item] = _queued(engine, [CLEAN])
    _drain(worker)
    # Live: published, no local signal; in shadow the candidate would have held it.
    assert _visibility(engine, item) is Visibility.PUBLISHED
    assert _local_signals(engine, item) == []
    with session_scope(engine) as session:
        verdict = session.exec(
            select(ShadowVerdict).where(ShadowVerdict.submission_id == item)
        ).one()
        assert (verdict.live_action, verdict.action) == ("publish", "review")


# --- training from the database -------------------------------------------------------------


def _decide(engine: Engine, submission_id: int, choice: decisions.Choice) -> None:
    moderator = make_user(engine, Role.MODERATOR, f"mod-{secrets.token_hex(3)}@example.se")
    with session_scope(engine) as session:
        submission = session.get_one(Submission, submission_id)
        revision = latest_revision(session, submission_id)
        decisions.apply_choice(
            session,
            session.get_one(User, moderator.id),
            submission,
            revision,
            choice,
            "http://testserver",
            decisions.DecisionSource.OWN_INITIATIVE,
        )


def _decided_site(engine: Engine) -> dict[str, int]:
    ids = dict(
        zip(
            (
                "machine_published",
                "machine_held",
                "approved",
                "masked",
                "rejected",
                "escalated",
                "purged",
            ),
            _queued(engine, [CLEAN] * 7),
            strict=True,
        )
    )
    with session_scope(engine) as session:
        for name in ids:
            if name != "machine_held":
                submission = session.get_one(Submission, ids[name])
                revision = latest_revision(session, ids[name])
                screening.decide_revision(session, submission, revision)
    Choice, Decision = decisions.Choice, decisions.Decision  # noqa: N806
    span = Span(start=0, end=8, rule_id="PII-PHONE", field=TextField.BODY)
    _decide(engine, ids["approved"], Choice(Decision.APPROVE))
    _decide(engine, ids["masked"], Choice(Decision.REDACT, spans=(span,)))
    _decide(engine, ids["rejected"], Choice(Decision.REJECT, reason="LAW-THREAT"))
    _decide(engine, ids["escalated"], Choice(Decision.ESCALATE, reason="LAW-THREAT"))
    _decide(engine, ids["purged"], Choice(Decision.REJECT, reason="LAW-HATE"))
    with session_scope(engine) as session:
        retention.purge(session, retention_decision="RS-2026-1", submission_ids=[ids["purged"]])
    return ids


def test_decided_items_become_records_by_the_documented_mapping(engine):
    _decided_site(engine)
    with session_scope(engine) as session:
        records = list(training.decided_records(session))
        human = list(training.decided_records(session, human_only=True))
    assert sorted((r["state"], tuple(r["rules"])) for r in records) == [
        ("approved", ()),
        ("masked", ("PII-PHONE",)),
        ("published", ()),
        ("rejected", ("LAW-THREAT",)),
    ]
    assert sorted(r["state"] for r in human) == ["approved", "masked", "rejected"]
    assert all(r["body"] == CLEAN and r["lang"] == "sv" for r in records)
    examples = list(examples_from_decisions(records))
    assert sorted(e.expected for e in examples) == ["publish", "publish", "reject", "review"]
    # The month of the decision is the group the trainer cross-validates over.
    month = f"decided {dt.datetime.now(dt.UTC):%Y-%m}"
    assert {e.group for e in examples} == {month}


def test_train_from_the_database_writes_a_model_with_its_source(
    engine, settings, tmp_path, monkeypatch, capsys
):
    _decided_site(engine)
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(
        "".join(json.dumps(row) + "\n" for row in learned_data.items()), encoding="utf-8"
    )
    monkeypatch.setenv("INSPEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("INSPEL_DATA_DIR", str(tmp_path))
    out = tmp_path / "model"
    assert main(["model", "train", str(labelled), "--from-database", "--out", str(out)]) == 0
    card = json.loads((out / CARD_JSON).read_text(encoding="utf-8"))
    assert card["sources"] == ["labelled.jsonl", "database (4 decided items)"]
    assert "4 decided items from the database" in capsys.readouterr().err
    LocalModel.load(out)


def test_train_needs_a_file_or_the_database(tmp_path, capsys):
    assert main(["model", "train", "--out", str(tmp_path / "m")]) == 2
    assert "name labelled files, or --from-database" in capsys.readouterr().err
