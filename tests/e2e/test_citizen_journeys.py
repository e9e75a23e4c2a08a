"""A citizen without an account: a proposal with its receipt (in Swedish, in English, and with
JavaScript off), and a reply that is held with the reasons in plain language."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import NewPage
from tests.e2e.helpers import (
    INSULT_WITH_NUMBER,
    PNR,
    in_thread,
    open_proposal,
    reference,
    send_reply,
    shoot,
)


def send_proposal(new_page: NewPage, *, title: str, javascript: bool = True, english: bool = False):
    """Home → consultation → form → receipt → the status link opened in another browser."""
    page = new_page(javascript=javascript)
    page.goto("/")
    if english:
        page.click("a[hreflang=en]")
    assert page.locator("html").get_attribute("lang") == ("en" if english else "sv")
    page.click("[data-consultation=regionens-agenda] h3 a")
    page.click("[data-action=new-proposal]")
    page.fill("#f-title", title)
    page.fill("#f-body", "Låt fler bussar gå till Vännäs på kvällarna, varje timme till midnatt.")
    page.select_option("#f-topic", label="Kollektivtrafik")
    page.select_option("#f-municipality", "Vännäs")
    page.click("form[data-form=proposal] button[type=submit]")
    page.wait_for_url("**/status/**")
    link = page.locator("[data-status-link]").input_value()
    assert link.startswith("http://127.0.0.1:") and "/status/" in link

    # Another browser, with no session: the link alone shows the state.
    other = new_page(javascript=javascript)
    other.goto(link)
    assert other.locator("[data-state]").get_attribute("data-state") == "published"
    assert other.locator("[data-original-title]").inner_text() == title
    other.click("[data-published-link]")
    assert other.locator("h1").inner_text() == title
    return page, other


def test_1_proposal_without_an_account_gets_a_receipt_and_a_status(new_page: NewPage) -> None:
    page, other = send_proposal(new_page, title="Kvällsbussar till Vännäs")
    assert page.locator("h1").inner_text() == "Status för ditt inspel"
    assert page.locator("[data-state]").inner_text() == "Publicerad"
    shoot(page, "status-receipt")
    shoot(other, "proposal-thread-new")


def test_7_the_same_journey_without_javascript(new_page: NewPage) -> None:
    page, _other = send_proposal(new_page, title="Kvällsbussar utan skript", javascript=False)
    assert page.locator("[data-state]").inner_text() == "Publicerad"


def test_8_the_same_journey_in_english(new_page: NewPage) -> None:
    page, other = send_proposal(new_page, title="Evening buses to Vännäs", english=True)
    assert page.locator("h1").inner_text() == "Status of your submission"
    assert page.locator("[data-state]").inner_text() == "Published"
    assert page.locator("[data-receipt] h2").inner_text() == "Your receipt"
    # The language follows the session, not the link: a fresh browser reads Swedish.
    assert other.locator("html").get_attribute("lang") == "sv"


def test_2_a_reply_with_a_personal_number_and_an_insult_is_held_with_reasons(
    page: Any, new_page: NewPage
) -> None:
    status = send_reply(page, INSULT_WITH_NUMBER)
    assert page.locator("[data-state]").get_attribute("data-state") == "held"
    assert page.locator("[data-state]").inner_text() == "Väntar på granskning"
    summary = page.locator("[data-summary]").inner_text()
    assert summary == (
        "En moderator läser din text innan den publiceras. Texten är sparad och inget går förlorat."
    )
    reasons = page.locator("[data-reasons]").inner_text()
    assert "innehåller personangrepp eller förolämpningar" in reasons, reasons
    assert "När inlägget publiceras döljs personnumret i det" in reasons, reasons
    # Anyone with the link can open the status page: the number is masked and marked there.
    original = page.locator("[data-original-body]")
    assert PNR not in original.inner_text()
    assert original.locator("mark[data-masked='PII-PNR']").count() == 1
    assert "XXXXXXXX-XXXX" in original.inner_text()
    shoot(page, "status-held")

    # Nobody else sees the reply or the number.
    reader = new_page()
    open_proposal(reader)
    thread = reader.locator("[data-thread]").inner_text()
    assert PNR not in thread and "idiot" not in thread
    assert in_thread(reader, reference(page)).count() == 0
    reader.goto(status)
    assert reader.locator("[data-state]").get_attribute("data-state") == "held"
