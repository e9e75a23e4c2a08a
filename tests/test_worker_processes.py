"""Real `inspel worker` processes with a real (tiny) detoxify model on the test database:
several processes drain the queue, and a worker killed with SIGKILL in the middle of a batch
loses nothing: after its lease runs out another worker decides what it held, and every
revision is decided exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import func, select

from debate.core.db import session_scope
from debate.core.models import JobState, ModerationJob
from tests.moderation.checkpoints import (
    TinyCheckpoints,
    tiny_checkpoints,  # noqa: F401 (fixture)
)
from tests.test_worker import decisions_per_submission, queued

ROOT = Path(__file__).resolve().parent.parent


def worker_env(settings, tiny: TinyCheckpoints, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSPEL_")}
    env.update(
        INSPEL_DATABASE_URL=settings.database_url,
        INSPEL_DATA_DIR=str(settings.data_dir),
        INSPEL_SECRET_KEY="test-secret-" + "x" * 32,
        INSPEL_DETOXIFY_MODELS="original",
        INSPEL_DETOXIFY_CHECKPOINT=str(tiny.bert.checkpoint),
        INSPEL_DETOXIFY_CONFIG_DIR=str(tiny.bert.config_dir),
        INSPEL_DETOXIFY_THREADS="1",
        HF_HUB_OFFLINE="1",
        HF_HUB_DISABLE_PROGRESS_BARS="1",
        **extra,
    )
    return env


@pytest.fixture
def start_worker(settings, tiny_checkpoints) -> Iterator:  # noqa: F811
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str, **extra: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [sys.executable, "-m", "debate.cli", "worker", *args],
            cwd=ROOT,
            env=worker_env(settings, tiny_checkpoints, **extra),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until(condition, timeout: float = 60.0, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def decided_count(engine: Engine) -> int:
    return sum(decisions_per_submission(engine).values())


def jobs_in(engine: Engine, state: JobState) -> int:
    with session_scope(engine) as session:
        return int(
            session.exec(
                select(func.count()).select_from(ModerationJob).where(ModerationJob.state == state)
            ).one()
        )


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_several_worker_processes_drain_the_queue_once(client, engine, start_worker):
    ids = queued(engine, 40)
    parent = start_worker("--processes", "2", INSPEL_WORKER_BATCH="4")
    assert wait_until(lambda: decided_count(engine) >= len(ids), timeout=90)
    time.sleep(0.5)  # anything decided twice would show up now
    assert decisions_per_submission(engine) == dict.fromkeys(ids, 1)
    assert jobs_in(engine, JobState.DONE) == len(ids)
    # Stopping the parent stops its workers: none is left behind.
    workers = children(parent.pid)
    assert len(workers) >= 2
    parent.terminate()
    parent.wait(10)
    assert wait_until(lambda: not any(alive(pid) for pid in workers), timeout=15, step=0.1)


def test_a_worker_killed_mid_batch_loses_nothing(client, engine, start_worker):
    ids = queued(engine, 300)
    lease = {"INSPEL_WORKER_LEASE_SECONDS": "3", "INSPEL_WORKER_BATCH": "300"}
    doomed = start_worker(**lease)
    # Kill it once it holds the whole batch and has begun writing decisions.
    assert wait_until(lambda: decided_count(engine) > 0, timeout=90, step=0.005)
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(10)
    pending = len(ids) - decided_count(engine)
    assert pending > 0, "the worker finished before it could be killed; nothing was tested"
    assert jobs_in(engine, JobState.CLAIMED) == pending  # held by a dead worker's lease
    start_worker(**lease)
    assert wait_until(lambda: decided_count(engine) >= len(ids), timeout=90)
    time.sleep(0.5)
    assert decisions_per_submission(engine) == dict.fromkeys(ids, 1)
    assert jobs_in(engine, JobState.DONE) == len(ids)
