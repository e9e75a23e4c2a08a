"""Follow and be told (issue 19 item 5) in a real browser, with a real SMTP server on loopback:
an anonymous author gives an address with a held proposal, reads the confirmation mail, opens
its link, a moderator decides, and the decision mail arrives; its one-click unsubscribe link
stops the mail. This module runs its own ``inspel serve`` (the shared one has no SMTP host),
and saves the confirmation and unsubscribe pages under tests/e2e/artifacts/pages/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest

from tests.e2e.conftest import NewPage, Server, _prepare, _wait_until_up
from tests.e2e.helpers import INSULT, axe_violations, decide, login, reference, shoot
from tests.test_mail import SmtpServer
from tests.test_server import free_port

ADDRESS = "asa.berg@example.se"
LINK = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def inbox() -> Iterator[SmtpServer]:
    smtp = SmtpServer(free_port())
    smtp.start()
    yield smtp
    smtp.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, inbox: SmtpServer) -> Iterator[Server]:
    """``inspel serve`` sending its mail to ``inbox`` (overrides the shared server here)."""
    data_dir = tmp_path_factory.mktemp("e2e-follow")
    _prepare(data_dir)
    port = free_port()
    log = data_dir / "server.log"
    env = os.environ | {
        "INSPEL_DATA_DIR": str(data_dir),
        "INSPEL_DATABASE_URL": "",
        "INSPEL_CLASSIFIER": "off",
        "INSPEL_SMTP_HOST": "127.0.0.1",
        "INSPEL_SMTP_PORT": str(inbox.port),
        "INSPEL_SMTP_TLS": "none",
        "INSPEL_RATE_SUBMISSIONS": "1000/600",
    }
    command = [sys.executable, "-m", "debate.cli", "serve", "--host", "127.0.0.1"]
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield Server(url, data_dir, log)
    finally:
        process.terminate()
        process.wait(timeout=10)


def arrived(inbox: SmtpServer, subject: str, seconds: float = 30) -> EmailMessage:
    """The message with ``subject`` once the server's sender thread has delivered it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in inbox.inbox.messages:
            if str(message["Subject"]) == subject:
                return message
        time.sleep(0.25)
    pytest.fail(f"no mail {subject!r}; got {inbox.inbox.subjects()}")


def link_in(message: EmailMessage) -> str:
    found = LINK.search(message.get_content())
    assert found is not None
    return found.group(0)


def send_proposal_with_address(page: Any) -> int:
    page.goto("/consultations/regionens-agenda")
    page.click("[data-action=new-proposal]")
    page.fill("#f-title", "Bussarna på kvällen")
    page.fill("#f-body", INSULT)
    page.fill("#f-email", ADDRESS)
    page.click("form[data-form=proposal] button[type=submit]")
    page.wait_for_url("**/status/**")
    return reference(page)


def test_an_anonymous_author_confirms_an_email_and_receives_the_decision(
    new_page: NewPage, inbox: SmtpServer
) -> None:
    author = new_page(bypass_csp=True)
    item = send_proposal_with_address(author)
    assert author.locator("[data-state]").get_attribute("data-state") == "held"
    waiting = author.locator("[data-follow-address=waiting]").inner_text()
    assert "a•••@example.se" in waiting and ADDRESS not in author.content()
    violations = axe_violations(author)

    confirmation = arrived(inbox, f"Bekräfta din e-postadress för INS-{item}")
    assert confirmation["To"] == ADDRESS
    author.goto(link_in(confirmation))
    assert author.locator("h1").inner_text() == "Din e-postadress är bekräftad"
    assert author.locator("[data-follow-confirmed=new]").count() == 1
    shoot(author, "follow-confirmed")
    violations += axe_violations(author)
    receipt = arrived(inbox, f"Ditt kvitto för INS-{item}")
    assert "/status/" in receipt.get_content()

    moderator = new_page(bypass_csp=True)
    login(moderator, "moderator@e2e.se")
    decide(moderator, item, "approve")
    decision = arrived(inbox, f"Beslut om INS-{item}")
    assert f"INS-{item} är nu: publicerat." in decision.get_content()
    assert decision["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop = str(decision["List-Unsubscribe"]).strip().strip("<>")

    author.goto(stop)
    shoot(author, "follow-unsubscribe")
    violations += axe_violations(author)
    author.click("[data-action=unsubscribe]")
    assert author.locator("[data-unsubscribed=now]").count() == 1
    author.goto(stop)
    assert author.locator("[data-unsubscribed=already]").count() == 1
    assert violations == []
