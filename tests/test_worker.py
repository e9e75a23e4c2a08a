"""The classifier queue: revisions wait in the database, workers claim them with leases, and
every revision is decided exactly once, also with two workers, a worker that dies mid-batch,
and a classifier that is missing or failing (fail closed, then re-scored)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import func, select

from debate.core.db import session_scope
from debate.core.models import (
    JobState,
    ModerationDecision,
    ModerationJob,
    ModerationSignal,
    Submission,
    Visibility,
    utcnow,
)
from debate.submissions import actions, screening
from debate.submissions.worker import Worker, claim, queue_status
from moderation.classifier import ClassifierUnavailableError
from tests.factories import make_consultation

CLEAN = "Bussarna mellan Umeå och Vännäs borde gå varje halvtimme på kvällarna."


class FakeClassifier:
    """Scores every text the same; records the batches it was given."""

    name = "fake"
    version = "1"

    def __init__(self, scores: dict[str, float] | None = None, fail: bool = False) -> None:
        self.scores = scores or {"threat": 0.01, "insult": 0.02, "toxicity": 0.03}
        self.fail = fail
        self.batches: list[int] = []
        self.lock = threading.Lock()

    def predict(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[dict[str, float]]:
        if self.fail:
            raise RuntimeError("CUDA out of memory")
        with self.lock:
            self.batches.append(len(texts))
        return [dict(self.scores) for _ in texts]


def queued(engine: Engine, count: int, body: str = CLEAN) -> list[int]:
    import secrets

    consultation = make_consultation(engine, slug=f"agenda-{secrets.token_hex(4)}")
    ids = []
    for index in range(count):
        with session_scope(engine) as session:
            receipt = actions.submit_proposal(
                session,
                actor=None,
                consultation=consultation,
                title=f"Förslag {index}",
                body=body,
                topic_id=None,
                municipality=None,
                author_name="",
                lang="sv",
            )
        with session_scope(engine) as session:
            assert (
                screening.screen_submission(
                    session, submission_id=receipt.submission_id, queue=True
                )
                is None
            )
        ids.append(receipt.submission_id)
    return ids


def decisions_per_submission(engine: Engine) -> dict[int, int]:
    with session_scope(engine) as session:
        rows = session.exec(
            select(ModerationDecision.submission_id, func.count()).group_by(
                ModerationDecision.submission_id
            )
        ).all()
        return dict(rows)


def visibility(engine: Engine, submission_id: int) -> Visibility:
    with session_scope(engine) as session:
        return session.get_one(Submission, submission_id).visibility


def test_a_queued_revision_is_screening_until_a_worker_decides(client, engine):
    (submission_id,) = queued(engine, 1)
    assert visibility(engine, submission_id) is Visibility.SCREENING
    assert decisions_per_submission(engine) == {}
    classifier = FakeClassifier()
    assert Worker(engine, lambda: classifier).run_once() == 1
    assert visibility(engine, submission_id) is Visibility.PUBLISHED
    with session_scope(engine) as session:
        signals = session.exec(select(ModerationSignal)).all()
        assert {s.detector_version for s in signals if s.detector == "classifier"} == {"fake@1"}
        assert queue_status(session)["done"] == 1


def test_workers_score_in_batches(client, engine):
    queued(engine, 5)
    classifier = FakeClassifier()
    worker = Worker(engine, lambda: classifier, batch=2)
    while worker.run_once():
        pass
    assert classifier.batches == [2, 2, 1]
    assert set(decisions_per_submission(engine).values()) == {1}


def test_high_scores_hold_the_item(client, engine):
    (submission_id,) = queued(engine, 1, body="I will find you.")
    Worker(engine, lambda: FakeClassifier({"threat": 0.99})).run_once()
    assert visibility(engine, submission_id) is Visibility.HELD
    with session_scope(engine) as session:
        decision = session.exec(select(ModerationDecision)).one()
        assert "LAW-THREAT" in decision.rule_ids


def test_two_workers_never_decide_the_same_revision(client, engine):
    ids = queued(engine, 30)
    classifier = FakeClassifier()
    workers = [Worker(engine, lambda: classifier, batch=4, name=f"w{n}") for n in range(2)]

    def drain(worker: Worker) -> None:
        while worker.run_once():
            pass

    threads = [threading.Thread(target=drain, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert decisions_per_submission(engine) == dict.fromkeys(ids, 1)
    with session_scope(engine) as session:
        assert queue_status(session) == {
            "queued": 0,
            "claimed": 0,
            "done": 30,
            "waiting": 0,
            "failed": 0,
        }


def test_a_dead_workers_jobs_are_claimed_again_after_the_lease(client, engine):
    ids = queued(engine, 3)
    # Worker A claims the batch and dies before deciding anything.
    with session_scope(engine) as session:
        dead = claim(session, worker="dead", limit=10, lease=timedelta(seconds=60))
    assert len(dead) == 3
    survivor = Worker(engine, lambda: FakeClassifier(), name="survivor")
    assert survivor.run_once() == 0  # the lease still holds
    with session_scope(engine) as session:  # time passes: the lease runs out
        for job in session.exec(select(ModerationJob)).all():
            job.due_at = utcnow() - timedelta(seconds=1)
    assert survivor.run_once() == 3
    assert decisions_per_submission(engine) == dict.fromkeys(ids, 1)
    # The dead worker comes back to life with its stale claims: it may write nothing.
    late = Worker(engine, lambda: FakeClassifier(), name="dead")
    for claimed in dead:
        late._decide(claimed, {"threat": 0.0}, None)
    assert decisions_per_submission(engine) == dict.fromkeys(ids, 1)


def missing() -> FakeClassifier:
    raise ClassifierUnavailableError("no weights in /data/models")


def test_fail_closed_then_rescored_when_the_classifier_returns(client, engine):
    (submission_id,) = queued(engine, 1)
    Worker(engine, missing).run_once()
    assert visibility(engine, submission_id) is Visibility.HELD
    with session_scope(engine) as session:
        decision = session.exec(select(ModerationDecision)).one()
        assert decision.policy_reason == "classifier_unavailable"
        job = session.exec(select(ModerationJob)).one()
        assert job.state is JobState.WAITING
        assert "no weights" in (job.last_error or "")
        job.due_at = utcnow()  # skip the back-off
    Worker(engine, lambda: FakeClassifier()).run_once()
    assert visibility(engine, submission_id) is Visibility.PUBLISHED
    with session_scope(engine) as session:
        assert queue_status(session)["done"] == 1


def test_a_failing_batch_holds_its_items(client, engine):
    ids = queued(engine, 2)
    Worker(engine, lambda: FakeClassifier(fail=True)).run_once()
    assert [visibility(engine, i) for i in ids] == [Visibility.HELD] * 2
    with session_scope(engine) as session:
        assert queue_status(session)["waiting"] == 2


class PoisonedClassifier(FakeClassifier):
    """Fails on any batch that holds the poisoned text, as a real model can on odd input."""

    def predict(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[dict[str, float]]:
        if any("POISON" in text for text in texts):
            raise ValueError("tokenizer choked")
        return super().predict(texts, langs)


def test_a_poisoned_item_does_not_block_the_queue(client, engine):
    good = queued(engine, 3)
    (poisoned,) = queued(engine, 1, body="POISON " + CLEAN)
    classifier = PoisonedClassifier()
    worker = Worker(engine, lambda: classifier)
    worker.run_once()
    assert [visibility(engine, i) for i in good] == [Visibility.PUBLISHED] * 3
    assert visibility(engine, poisoned) is Visibility.HELD
    for _ in range(2):  # retried a bounded number of times
        with session_scope(engine) as session:
            job = session.exec(
                select(ModerationJob).where(ModerationJob.state == JobState.WAITING)
            ).one()
            job.due_at = utcnow()
        worker.run_once()
    with session_scope(engine) as session:
        job = session.exec(
            select(ModerationJob).where(ModerationJob.submission_id == poisoned)
        ).one()
        assert (job.state, job.attempts) == (JobState.FAILED, 3)
        assert "tokenizer choked" in (job.last_error or "")
        assert queue_status(session)["failed"] == 1
    assert visibility(engine, poisoned) is Visibility.HELD
    assert worker.run_once() == 0  # never retried again


def test_a_moderators_decision_is_not_overruled_by_a_rescore(client, engine):
    (submission_id,) = queued(engine, 1)
    Worker(engine, missing).run_once()
    with session_scope(engine) as session:
        from debate.core.models import Role
        from tests.factories import make_user

        moderator = make_user(engine, Role.MODERATOR)
        session.add(
            ModerationDecision(
                submission_id=submission_id,
                action="reject",
                visibility=Visibility.HIDDEN,
                decided_by_id=moderator.id,
                automated_decision=False,
            )
        )
        session.get_one(Submission, submission_id).visibility = Visibility.HIDDEN
        session.exec(select(ModerationJob)).one().due_at = utcnow()
    Worker(engine, lambda: FakeClassifier()).run_once()
    assert visibility(engine, submission_id) is Visibility.HIDDEN
    assert decisions_per_submission(engine) == {submission_id: 2}


@pytest.mark.parametrize("limit", [0, 1])
def test_claim_respects_its_limit(client, engine, limit):
    queued(engine, 2)
    with session_scope(engine) as session:
        assert len(claim(session, worker="w", limit=limit, lease=timedelta(seconds=5))) == limit


@pytest.fixture
def queued_client(settings, monkeypatch):
    """The site with the classifier on and no in-process worker: the test runs the worker."""
    import dataclasses

    from starlette.testclient import TestClient

    from debate.app import create_app

    app = create_app(dataclasses.replace(settings, classifier="detoxify", worker_in_process=False))
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client
    app.state.engine.dispose()


def test_the_author_sees_awaiting_moderation_until_the_worker_decides(queued_client):
    from bs4 import BeautifulSoup

    from tests.factories import post_form

    engine = queued_client.app.state.engine
    make_consultation(engine)
    response = post_form(
        queued_client, "/consultations/agenda/proposals", {"title": "Fler bussar", "body": CLEAN}
    )
    status = response.headers["location"]

    def state() -> str:
        page = BeautifulSoup(queued_client.get(status).text, "html.parser")
        return str(page.select_one("[data-state]")["data-state"])

    assert state() == "screening"
    assert Worker(engine, lambda: FakeClassifier()).run_once() == 1
    assert state() == "published"


def test_serve_runs_a_worker_that_decides_by_itself(settings, monkeypatch):
    import dataclasses
    import time

    from starlette.testclient import TestClient

    import moderation.classifier
    from debate.app import create_app
    from tests.factories import post_form

    monkeypatch.setattr(moderation.classifier, "load_configured", lambda: FakeClassifier())
    app = create_app(dataclasses.replace(settings, classifier="detoxify"))
    with TestClient(app, follow_redirects=False) as client:
        engine = app.state.engine
        make_consultation(engine)
        post_form(client, "/consultations/agenda/proposals", {"title": "Buss", "body": CLEAN})
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not decisions_per_submission(engine):
            time.sleep(0.05)
        assert list(decisions_per_submission(engine).values()) == [1]
    app.state.engine.dispose()


def test_the_worker_command_decides_what_is_due(client, engine, settings, monkeypatch, capsys):
    import moderation.classifier
    from debate.cli import main

    ids = queued(engine, 2)
    monkeypatch.setattr(moderation.classifier, "load_configured", lambda: FakeClassifier())
    monkeypatch.setenv("INSPEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("INSPEL_DATA_DIR", str(settings.data_dir))
    assert main(["worker", "--once"]) == 0
    assert "decided 2" in capsys.readouterr().out
    assert decisions_per_submission(engine) == dict.fromkeys(ids, 1)


def test_staff_see_the_queue_and_an_unavailable_classifier(client, engine):
    from bs4 import BeautifulSoup

    from tests.factories import as_persona

    queued(engine, 2)
    Worker(engine, missing).run_once()
    as_persona(client, engine, "staff")
    page = BeautifulSoup(client.get("/staff").text, "html.parser")
    assert page.select_one("[data-queue-waiting]").get_text() == "2"
    assert "no weights" in page.select_one("[data-classifier-unavailable]").get_text()


def test_bad_input_through_the_real_classifier(client, engine, tiny_checkpoints):
    """Emoji only, control characters and 1 MB of text through detoxify's real loading path:
    the first two are scored and decided, the megabyte is held at once with the reason it was
    not scored; the worker never crashes and nothing is left in the queue."""
    from moderation.classifier import ClassifierConfig, DetoxifyClassifier

    classifier = DetoxifyClassifier(
        ClassifierConfig(
            models={"*": "multilingual"},
            checkpoint=tiny_checkpoints.xlmr.checkpoint,
            config_dir=tiny_checkpoints.xlmr.config_dir,
        )
    )
    (emoji,) = queued(engine, 1, body="🙂🙂🙂 👍🏽👍🏽")
    # No NUL: the forms refuse it, and PostgreSQL cannot store it in text.
    (control,) = queued(engine, 1, body="Bussar\x01 \x07\x1b[31m gå\x7f oftare\u202e\x0b")
    (huge,) = queued(engine, 1, body=("Bussarna borde gå oftare. " * 40_000)[:1_000_000])
    worker = Worker(engine, lambda: classifier)
    assert worker.run_once() == 3
    with session_scope(engine) as session:
        jobs = {j.submission_id: j for j in session.exec(select(ModerationJob)).all()}
        assert (jobs[emoji].state, jobs[control].state) == (JobState.DONE, JobState.DONE)
        assert (jobs[huge].state, jobs[huge].attempts) == (JobState.FAILED, 1)
        assert (jobs[huge].last_error or "").startswith("not scored: the text has ")
        scored = session.exec(
            select(ModerationSignal.revision_id).where(ModerationSignal.detector == "classifier")
        ).all()
        assert len(set(scored)) == 2
        assert queue_status(session) == {
            "queued": 0,
            "claimed": 0,
            "done": 2,
            "waiting": 0,
            "failed": 1,
        }
    assert visibility(engine, huge) is Visibility.HELD
    assert decisions_per_submission(engine)[huge] == 1
    assert worker.run_once() == 0


def test_the_worker_fails_closed_then_scores_with_a_hugging_face_model(
    client, engine, settings, tiny_hf_models, tmp_path, monkeypatch
):
    """INSPEL_CLASSIFIER=transformers through the worker as the site builds it: with the
    model directory's label map broken, items are held with the reason; once it is fixed,
    they are scored by the model directory and every signal names it."""
    import dataclasses
    import shutil

    from tests.moderation.hf_models import XLMR_MAP, write_label_map

    directory = tmp_path / "sv-model"
    shutil.copytree(tiny_hf_models.xlmr, directory)
    write_label_map(directory, {"offensive": "rudeness"})
    monkeypatch.setenv("INSPEL_CLASSIFIER", "transformers")
    monkeypatch.setenv("INSPEL_CLASSIFIER_MODELS", f"transformers:{directory}")
    monkeypatch.setenv("INSPEL_DETOXIFY_QUANTIZE", "none")
    site = dataclasses.replace(settings, classifier="transformers")
    (submission_id,) = queued(engine, 1)
    assert Worker.from_settings(engine, site).run_once() == 1
    assert visibility(engine, submission_id) is Visibility.HELD
    with session_scope(engine) as session:
        job = session.exec(select(ModerationJob)).one()
        assert job.state is JobState.WAITING
        assert "'offensive' maps to 'rudeness'" in (job.last_error or "")
        job.due_at = utcnow()
    write_label_map(directory, XLMR_MAP)
    assert Worker.from_settings(engine, site).run_once() == 1
    with session_scope(engine) as session:
        job = session.exec(select(ModerationJob)).one()
        assert job.state is JobState.DONE
        signals = session.exec(
            select(ModerationSignal).where(ModerationSignal.detector == "classifier")
        ).all()
        assert {s.label for s in signals} == {"insult", "identity_attack"}
        assert all(
            s.detector_version.startswith("transformers-sv-model@sv-model:") for s in signals
        )
    assert visibility(engine, submission_id) is not Visibility.SCREENING
