"""What a citizen sees from posting to answer (issue 19, the closing note), in a real browser
with a real SMTP server: a proposal with a personal number (the preview warns), sent; the
status page; an e-mail address confirmed by its link; staff answer the proposal; the citizen
reads the answer on the proposal and in the mail. Each step is saved, numbered, in
``tests/e2e/artifacts/story/`` (desktop 1280 px, and mobile 390 px for the key pages), and
axe-core checks each page for serious or critical violations.

It runs its own ``inspel serve`` with mail, the one ``test_follow_journeys`` defines."""

from __future__ import annotations

import html
from email.message import EmailMessage
from typing import Any

from tests.e2e.conftest import ARTIFACTS, NewPage
from tests.e2e.helpers import PNR, axe_violations, login
from tests.e2e.test_answer_journeys import ANSWER, REASON, answer_chosen

# The module's server and mail inbox: pytest finds fixtures by their names in the module.
from tests.e2e.test_follow_journeys import arrived, inbox, link_in, server  # noqa: F401
from tests.test_mail import SmtpServer

STORY = ARTIFACTS / "story"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
ADDRESS = "karin.lind@example.se"
TITLE = "Bussar på kvällen till Vännäs"
BODY = f"Ring mig gärna om förslaget, mitt personnummer är {PNR}. Bussen borde gå till 23."
MASKED = "XXXXXXXX-XXXX"


class Story:
    """Numbered pictures of each step, and the axe findings of every page seen."""

    def __init__(self) -> None:
        STORY.mkdir(parents=True, exist_ok=True)
        for old in STORY.glob("*.png"):
            old.unlink()
        self.step = 0
        self.violations: list[str] = []

    def shoot(self, page: Any, name: str, *, mobile: bool = False, check: bool = True) -> None:
        self.step += 1
        stem = f"{self.step:02d}-{name}"
        page.screenshot(path=STORY / f"{stem}-desktop.png", full_page=True)
        if mobile:
            page.set_viewport_size(MOBILE)
            page.screenshot(path=STORY / f"{stem}-mobile.png", full_page=True)
            if check:
                self.violations += axe_violations(page)
            page.set_viewport_size(DESKTOP)
        if check:
            self.violations += axe_violations(page)


def mail_page(page: Any, message: EmailMessage) -> None:
    """A mail as its reader sees it: the headers and the plain text, in a page of its own."""
    text = html.escape(message.get_content())
    headers = "".join(
        f"<p><strong>{name}:</strong> {html.escape(str(message[name]))}</p>"
        for name in ("From", "To", "Subject")
    )
    page.set_content(
        f'<html lang="sv"><head><title>{html.escape(str(message["Subject"]))}</title></head>'
        f"<body><main>{headers}<pre style='white-space: pre-wrap'>{text}</pre></main></body></html>"
    )


def test_a_citizen_from_posting_to_answer(new_page: NewPage, inbox: SmtpServer) -> None:  # noqa: F811
    story = Story()
    citizen = new_page(bypass_csp=True)
    citizen.set_viewport_size(DESKTOP)

    # 1–2. The form, then the check before sending warns about the personal number.
    citizen.goto("/consultations/regionens-agenda")
    citizen.click("[data-action=new-proposal]")
    citizen.fill("#f-title", TITLE)
    citizen.fill("#f-body", BODY)
    citizen.fill("#f-email", ADDRESS)
    story.shoot(citizen, "proposal-form")
    citizen.click("[data-preview-button]")
    citizen.wait_for_selector("[data-preview-slot] [data-preview=redact]")
    assert citizen.locator("[data-finding=PII-PNR]").inner_text().startswith("Skulle döljas")
    assert citizen.locator("[data-preview-body] mark.masked").inner_text().endswith(MASKED)
    story.shoot(citizen, "preview-warns", mobile=True)

    # 3. Sent anyway: the status page shows it published with the number masked.
    citizen.click("form[data-form=proposal] button[type=submit]")
    citizen.wait_for_url("**/status/**")
    assert citizen.locator("[data-state]").get_attribute("data-state") == "published_redacted"
    assert PNR not in citizen.content()
    assert "k•••@example.se" in citizen.locator("[data-follow-address=waiting]").inner_text()
    item = int(citizen.locator("[data-reference]").inner_text().removeprefix("INS-"))
    status = citizen.url
    story.shoot(citizen, "status-page", mobile=True)

    # 4–5. The confirmation mail, and its link confirms the address.
    confirmation = arrived(inbox, f"Bekräfta din e-postadress för INS-{item}")
    mail_page(citizen, confirmation)
    story.shoot(citizen, "mail-confirm", check=False)
    citizen.goto(link_in(confirmation))
    assert citizen.locator("h1").inner_text() == "Din e-postadress är bekräftad"
    story.shoot(citizen, "address-confirmed")
    arrived(inbox, f"Ditt kvitto för INS-{item}")

    # 6. Staff answer the proposal from their list.
    staff = new_page(bypass_csp=True)
    staff.set_viewport_size(DESKTOP)
    login(staff, "staff@e2e.se")
    answer_chosen(staff, TITLE, "included")
    story.shoot(staff, "staff-answered")

    # 7. The citizen reads the answer on the proposal, from the status link.
    citizen.goto(status)
    citizen.click("[data-published-link]")
    official = citizen.locator("[data-official-answer]")
    assert official.locator(".text").inner_text() == ANSWER
    assert "Besvarat: med i agendan" in citizen.locator("[data-proposal-state]").inner_text()
    assert citizen.locator("[data-state-reason]").inner_text() == REASON
    assert PNR not in citizen.content()
    story.shoot(citizen, "proposal-answered", mobile=True)

    # 8. And by mail.
    answered = arrived(inbox, f"Regionen har svarat: {TITLE}")
    assert answered["To"] == ADDRESS
    assert ANSWER in answered.get_content()
    mail_page(citizen, answered)
    story.shoot(citizen, "mail-answer", mobile=True, check=False)

    assert story.violations == [], "\n".join(story.violations)
    pictures = sorted(path.name for path in STORY.glob("*.png"))
    assert len(pictures) == 12, pictures
