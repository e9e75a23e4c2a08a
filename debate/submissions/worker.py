"""Classifier workers: take revisions from the database queue, score them in batches, write
signals and the decision in one transaction per revision.

The queue is ``ModerationJob``. Claiming is a lease: a worker marks a batch of due jobs
``claimed`` with a fresh token and a ``due_at`` in the future, and commits. On PostgreSQL the
candidates are read ``FOR UPDATE SKIP LOCKED``, so workers never wait on each other; on
every database each job is then taken by a conditional ``UPDATE`` that only succeeds if the
job is still due, so two workers can never hold the same job. A worker that dies leaves its
jobs ``claimed``; when the lease runs out they are due again and another worker takes them.
Writing the decision starts with a conditional ``UPDATE`` on the job's token: a worker whose
lease was lost (it was too slow, or it was presumed dead) writes nothing, so no revision is
decided twice.

Fail closed: when the classifier cannot be loaded, every claimed revision is decided without
it (held, marked "classifier unavailable") and its job waits (``WAITING``) for a later
attempt; when the classifier works again the job is scored and decided anew, unless a
moderator has decided meanwhile. When a batch fails, its items are scored one by one, so that
one poisoned item cannot hold back the rest; an item that fails alone waits like the others,
and after ``MAX_ATTEMPTS`` it is held for a person with the error recorded (``FAILED``); a text
the classifier refuses outright (``NotScorableError``: too long to score) is held at once.

Shadow mode: after a scored decision is committed, ``debate.submissions.shadow`` judges the
same revision under the shadow settings, if any run, in a transaction of its own; a failure
there is logged and changes nothing that is published.
"""

from __future__ import annotations

import inspect
import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult, Engine
from sqlmodel import Session, col, select

from debate.core.db import session_scope
from debate.core.models import (
    JobState,
    ModerationJob,
    Revision,
    Submission,
    utcnow,
)
from debate.core.settings import Settings
from debate.policy import store
from debate.submissions import local_model, screening, shadow
from debate.submissions.latest import latest_decision
from debate.submissions.queries import queue_status
from moderation import ClassifierStatus, PolicySettings, RuleHit, Verdict
from moderation.classifier import (
    Classifier,
    ClassifierUnavailableError,
    NotScorableError,
    hits_from_scores,
)
from moderation.pipeline import DEFAULT_PHASES, Phase, PreparedItem

__all__ = ["Claim", "Worker", "claim", "queue_status"]


log = logging.getLogger(__name__)

#: How long a waiting job (classifier unavailable) rests before the next attempt.
RETRY_AFTER = timedelta(seconds=30)
#: An item that fails on its own this many times is held for a person, not retried.
MAX_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Claim:
    job_id: int
    token: str
    submission_id: int
    revision_id: int
    #: How many times the job has been claimed, this time included.
    attempts: int = 1


def claim(
    session: Session, *, worker: str, limit: int, lease: timedelta, now: datetime | None = None
) -> list[Claim]:
    """Take up to ``limit`` due jobs for ``lease``; the caller commits."""
    now = now or utcnow()
    due = select(ModerationJob.id).where(
        col(ModerationJob.state).in_((JobState.QUEUED, JobState.CLAIMED, JobState.WAITING)),
        col(ModerationJob.due_at) <= now,
    )
    due = due.order_by(col(ModerationJob.due_at), col(ModerationJob.id)).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    claims = []
    for job_id in session.exec(due).all():
        token = secrets.token_hex(16)
        taken: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            sa.update(ModerationJob)
            .where(col(ModerationJob.id) == job_id, col(ModerationJob.due_at) <= now)
            .where(col(ModerationJob.state) != JobState.DONE)
            .values(
                state=JobState.CLAIMED,
                claim_token=token,
                claimed_by=worker,
                due_at=now + lease,
                attempts=col(ModerationJob.attempts) + 1,
            )
        )
        if taken.rowcount != 1:
            continue  # another worker took it between our read and our update (SQLite)
        job = session.get_one(ModerationJob, job_id)
        assert job.id is not None
        claims.append(Claim(job.id, token, job.submission_id, job.revision_id, job.attempts))
    return claims


def _finish(session: Session, claimed: Claim, state: JobState, error: str | None) -> bool:
    """Close a claimed job if this worker still holds it; False if the lease was lost."""
    now = utcnow()
    values: dict[str, object] = {"state": state, "claim_token": None, "last_error": error}
    values["due_at"] = now + RETRY_AFTER if state is JobState.WAITING else now
    if state is JobState.DONE:
        values["decided_at"] = now
    done: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        sa.update(ModerationJob)
        .where(col(ModerationJob.id) == claimed.job_id)
        .where(col(ModerationJob.claim_token) == claimed.token)
        .where(col(ModerationJob.state) == JobState.CLAIMED)
        .values(**values)
    )
    return bool(done.rowcount == 1)


def _human_decided(session: Session, submission_id: int, revision_id: int) -> bool:
    """Whether a moderator decided this revision while it waited (a decision on an earlier
    revision, before the author edited the text, does not count: the new text is screened)."""
    latest = latest_decision(session, submission_id)
    if latest is None or latest.decided_by_id is None:
        return False
    return latest.revision_id in (None, revision_id)


LoadClassifier = Callable[[], Classifier]


class Worker:
    """One worker: ``run_once`` takes and decides one batch; ``start`` runs a thread."""

    def __init__(
        self,
        engine: Engine,
        load_classifier: LoadClassifier,
        *,
        batch: int = 16,
        lease: timedelta = timedelta(seconds=120),
        policy: PolicySettings | None = None,
        name: str | None = None,
        defaults: PolicySettings | None = None,
        extra_phases: tuple[Phase, ...] = (),
        shadow_phases: tuple[Phase, ...] | None = None,
        site_url: str = "",
    ) -> None:
        self.engine = engine
        #: ``INSPEL_BASE_URL``, under which statements of reasons link the rules.
        self.site_url = site_url
        self.batch = batch
        self.lease = lease
        #: A fixed policy (tests); ``None``: the policy in force, read for every decision,
        #: so an admin's change applies without a restart.
        self.policy = policy
        #: What the stored policy is laid over (the environment's settings).
        self.defaults = defaults or store.BARE_DEFAULTS
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        #: Phases after the classifier's scores (the local model), live and in shadow; the
        #: shadow runs ``shadow_phases`` in their place when a candidate is configured.
        self.extra_phases = extra_phases
        self.shadow_phases = extra_phases if shadow_phases is None else shadow_phases
        self._load = load_classifier
        self._classifier: Classifier | None = None
        self._unavailable: str | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def from_settings(cls, engine: Engine, settings: Settings) -> Worker:
        """A worker as the settings configure it, with the configured classifier."""
        from moderation import classifier  # looked up at load time, so a test can swap it

        return cls(
            engine,
            lambda: classifier.load_configured(),
            batch=settings.worker_batch,
            lease=timedelta(seconds=settings.worker_lease_seconds),
            defaults=store.defaults_for(settings),
            extra_phases=local_model.live_phases(settings),
            shadow_phases=local_model.shadow_phases(settings),
            site_url=settings.base_url,
        )

    def classifier(self) -> Classifier | None:
        """The loaded classifier, loading it on first use (never on a request path: this
        runs in the worker); ``None`` while it cannot be loaded."""
        if self._classifier is None:
            try:
                self._classifier = self._load()
                self._unavailable = None
            except ClassifierUnavailableError as exc:
                if self._unavailable != str(exc):
                    log.warning("classifier unavailable: %s; holding what needs it", exc)
                self._unavailable = str(exc)
        return self._classifier

    def run_once(self) -> int:
        """Claim one batch and decide it; the number of jobs taken."""
        with session_scope(self.engine) as session:
            claims = claim(session, worker=self.name, limit=self.batch, lease=self.lease)
        if not claims:
            return 0
        texts = self._texts(claims)
        classifier = self.classifier()
        if classifier is None:
            for claimed in claims:
                self._decide(claimed, None, self._unavailable or "classifier unavailable")
            return len(claims)
        try:
            batch = _predict(classifier, texts)
        except Exception:
            log.exception("classifier batch failed; scoring its items one by one")
            for claimed, text in zip(claims, texts, strict=True):
                self._score_alone(classifier, claimed, text)
        else:
            for claimed, scores in zip(claims, batch, strict=True):
                self._decide(claimed, scores, None)
        return len(claims)

    def _score_alone(
        self, classifier: Classifier, claimed: Claim, text: tuple[str, str | None]
    ) -> None:
        try:
            (scores,) = _predict(classifier, [text])
        except NotScorableError as exc:  # the same every time: held for a person now
            self._decide(claimed, None, str(exc), poisoned=True, final=True)
        except Exception as exc:  # noqa: BLE001 - a poisoned item: held, error recorded
            self._decide(claimed, None, f"{type(exc).__name__}: {exc}", poisoned=True)
        else:
            self._decide(claimed, scores, None)

    def _texts(self, claims: Sequence[Claim]) -> list[tuple[str, str | None]]:
        with session_scope(self.engine) as session:
            texts: list[tuple[str, str | None]] = []
            for claimed in claims:
                revision = session.get_one(Revision, claimed.revision_id)
                submission = session.get_one(Submission, claimed.submission_id)
                text = "\n\n".join(part for part in (revision.title, revision.body) if part)
                texts.append((text, submission.lang))
            return texts

    def _decide(
        self,
        claimed: Claim,
        scores: dict[str, float] | None,
        error: str | None,
        *,
        poisoned: bool = False,
        final: bool = False,
    ) -> None:
        state = JobState.DONE if scores is not None else JobState.WAITING
        if poisoned and (final or claimed.attempts >= MAX_ATTEMPTS):
            # The item itself keeps failing: it stays held for a person, error recorded.
            state = JobState.FAILED
        with session_scope(self.engine) as session:
            if not _finish(session, claimed, state, error):
                log.info("job %s: lease lost, another worker has it", claimed.job_id)
                return
            if _human_decided(session, claimed.submission_id, claimed.revision_id):
                return  # a moderator decided while it waited: the machine does not overrule
            submission = session.get_one(Submission, claimed.submission_id, with_for_update=True)
            revision = session.get_one(Revision, claimed.revision_id)
            policy = self.policy or store.current_over(session, self.defaults).policy
            if scores is None:
                screening.decide_revision(
                    session,
                    submission,
                    revision,
                    policy=policy,
                    classifier=ClassifierStatus.UNAVAILABLE,
                    site_url=self.site_url,
                )
                return
            assert self._classifier is not None
            hits = hits_from_scores(scores, self._classifier, lang=submission.lang)
            scored = (*DEFAULT_PHASES, _scored(hits))
            live = screening.decide_revision(
                session,
                submission,
                revision,
                policy=policy,
                phases=(*scored, *self.extra_phases),
                classifier=ClassifierStatus.READY,
                site_url=self.site_url,
            )
        self._shadow(claimed, live, (*scored, *self.shadow_phases))

    def _shadow(self, claimed: Claim, live: Verdict, phases: tuple[Phase, ...]) -> None:
        """Shadow mode, after the live decision is committed: its own transaction, and
        whatever goes wrong in it is logged and changes nothing that is published."""
        try:
            with session_scope(self.engine) as session:
                shadow.judge(
                    session,
                    submission_id=claimed.submission_id,
                    revision_id=claimed.revision_id,
                    live=live,
                    phases=phases,
                    defaults=self.defaults,
                )
        except Exception:
            log.exception("job %s: the shadow run failed; the live decision stands", claimed.job_id)

    def start(self, poll_seconds: float = 0.5) -> None:
        self._thread = threading.Thread(
            target=self.run_forever, args=(poll_seconds,), name="inspel-worker", daemon=True
        )
        self._thread.start()

    def wake(self) -> None:
        """A new job is queued: look now instead of at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def run_forever(self, poll_seconds: float = 0.5) -> None:
        while not self._stop.is_set():
            try:
                taken = self.run_once()
            except Exception:
                log.exception("worker %s: batch failed; retrying", self.name)
                taken = 0
            if not taken:
                self._wake.wait(poll_seconds)
                self._wake.clear()


def _predict(classifier: Classifier, texts: list[tuple[str, str | None]]) -> list[dict[str, float]]:
    """One batch; each text in its own language when the classifier routes by language."""
    bodies = [text for text, _ in texts]
    predict: Callable[..., list[dict[str, float]]] = classifier.predict
    if "langs" in inspect.signature(classifier.predict).parameters:
        return predict(bodies, langs=[lang for _, lang in texts])
    return predict(bodies)


def _scored(hits: tuple[RuleHit, ...]) -> Callable[[PreparedItem], tuple[RuleHit, ...]]:
    def phase(prepared: PreparedItem) -> tuple[RuleHit, ...]:
        return hits

    return phase
