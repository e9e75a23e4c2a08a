"""A live ``inspel serve`` outside pytest, for the scripts that look at the site as people do:
the before/after screenshots (``tests/e2e/screenshots.py``) and the moderator's effort
(``benchmarks/moderator_effort.py``). The demo content and the e2e cast are loaded first, then
``held`` proposals that the rules hold back (an insult, half of them with a personal number the
engine proposes to mask)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlmodel import select

from debate.core.db import create_db_engine, session_scope
from debate.core.models import Consultation
from debate.submissions import actions, screening
from tests.e2e.conftest import PASSWORD, _prepare, _wait_until_up
from tests.e2e.helpers import INSULT, INSULT_WITH_NUMBER
from tests.test_server import free_port

__all__ = ["PASSWORD", "live_server", "login"]


def _hold(data_dir: Path, count: int) -> None:
    engine = create_db_engine(f"sqlite:///{data_dir / 'inspel.db'}")
    with session_scope(engine) as session:
        consultation = session.exec(
            select(Consultation).where(Consultation.slug == "regionens-agenda")
        ).one()
        ids = []
        for n in range(count):
            body = INSULT_WITH_NUMBER if n % 2 else INSULT
            receipt = actions.submit_proposal(
                session,
                actor=None,
                consultation=consultation,
                title=f"Bussarna, inlägg {n + 1}",
                body=f"{body} (nr {n + 1})",
                topic_id=None,
                municipality=None,
                author_name="",
                lang="sv",
            )
            ids.append(receipt.submission_id)
    for submission_id in ids:
        with session_scope(engine) as session:
            screening.screen_submission(session, submission_id=submission_id)
    engine.dispose()


@contextmanager
def live_server(*, held: int = 0) -> Iterator[str]:
    """The site's address, serving a fresh SQLite file until the block ends."""
    with tempfile.TemporaryDirectory(prefix="inspel-live-") as folder:
        data_dir = Path(folder)
        _prepare(data_dir)
        _hold(data_dir, held)
        port = free_port()
        log = data_dir / "server.log"
        env = os.environ | {
            "INSPEL_DATA_DIR": str(data_dir),
            "INSPEL_DATABASE_URL": "",
            "INSPEL_CLASSIFIER": "off",
            "INSPEL_SMTP_HOST": "",
            "INSPEL_RATE_SUBMISSIONS": "1000/600",
            "INSPEL_RATE_CASES": "1000/600",
            "INSPEL_RATE_LOGINS": "1000/600",
        }
        command = [sys.executable, "-m", "debate.cli", "serve", "--host", "127.0.0.1"]
        with log.open("w") as out:
            process = subprocess.Popen(
                [*command, "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
            )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url, process, log)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


def login(page: object, email: str) -> None:
    from tests.e2e.helpers import login as e2e_login

    e2e_login(page, email)
