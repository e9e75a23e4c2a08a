"""The loop closed (issue 19): staff answer a proposal and its author reads the answer; a
closed consultation's results page; the status page masks a personal number and copies its
link; a support pressed while signed out is recorded after the login. axe-core checks each
new page, and each is saved as a picture under tests/e2e/artifacts/pages/."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from debate.core.models import utcnow
from tests.e2e.conftest import PASSWORD, NewPage
from tests.e2e.helpers import PNR, axe_violations, login, shoot

ANSWER = "Tack! Regionen tar med nattbussar i agendan för 2027 och återkommer om tidtabellen."
REASON = "Förslaget stämmer med regionens mål för kollektivtrafiken."
AGENDA = "https://region.example.se/agenda-2027"


def checked(page: Any, name: str) -> list[str]:
    """A picture of the page and its serious or critical axe violations."""
    shoot(page, name)
    return axe_violations(page)


def send_proposal(page: Any, consultation: str, title: str, body: str, topic: str = "") -> str:
    """An anonymous proposal; returns its status link."""
    page.goto(f"/consultations/{consultation}")
    page.click("[data-action=new-proposal]")
    page.fill("#f-title", title)
    page.fill("#f-body", body)
    if topic:
        page.select_option("#f-topic", label=topic)
    page.click("form[data-form=proposal] button[type=submit]")
    page.wait_for_url("**/status/**")
    return str(page.locator("[data-status-link]").input_value())


def answer_chosen(staff: Any, title: str, state: str, *, consultation: str = "") -> None:
    """From the staff page to the list, tick the proposal and answer it with the bulk form."""
    staff.goto("/staff")
    staff.click("[data-answer-link]")
    if consultation:
        staff.select_option("#filter-consultation", label=consultation)
        staff.click("form[data-filter-form] button[type=submit]")
    staff.get_by_label(f"Välj ”{title}”").check()
    staff.select_option("#f-new_state", state)
    staff.fill("#f-reason", REASON)
    staff.fill("#f-answer", ANSWER)
    staff.click("[data-action=answer-chosen]")
    staff.wait_for_selector("[data-flash=success]")
    assert "1 förslag har fått nytt läge eller svar." in staff.locator("[data-flash]").inner_text()


def test_9_staff_answer_a_proposal_and_the_author_reads_it(new_page: NewPage) -> None:
    title = "Nattbussar mellan Umeå och Vännäs"
    author = new_page(bypass_csp=True)
    link = send_proposal(
        author, "regionens-agenda", title, "Låt nattbussar gå på fredagar och lördagar."
    )
    staff = new_page(bypass_csp=True)
    login(staff, "staff@e2e.se")
    staff.goto("/staff/proposals")
    violations = checked(staff, "staff-answer-list")
    answer_chosen(staff, title, "included")
    row = staff.locator("[data-proposal-row]", has_text=title)
    assert row.locator("[data-state]").get_attribute("data-state") == "included"
    row.get_by_role("link", name=title).click()
    staff.wait_for_selector("form[data-form=answer-proposal]")
    assert staff.locator("#f-answer").input_value() == ANSWER
    violations += checked(staff, "staff-answer-one")
    staff.fill("#f-reason", "")
    staff.click("[data-action=save-answer]")
    assert (
        staff.locator("[data-error-for=reason]")
        .inner_text()
        .endswith("Ange skälet till detta läge.")
    )
    violations += checked(staff, "staff-answer-errors")

    # The author follows the status link to the proposal and reads the answer.
    author.goto(link)
    author.click("[data-published-link]")
    state = author.locator("[data-proposal-state]")
    assert "Besvarat: med i agendan" in state.inner_text()
    assert author.locator("[data-state-reason]").inner_text() == REASON
    official = author.locator("[data-official-answer]")
    assert official.locator("[data-official]").inner_text() == "Regionens svar"
    assert official.locator(".text").inner_text() == ANSWER
    violations += checked(author, "proposal-with-answer")
    assert violations == [], "\n".join(violations)


def test_10_a_closed_consultation_shows_its_results(new_page: NewPage) -> None:
    staff = new_page(bypass_csp=True)
    login(staff, "staff@e2e.se")
    today = utcnow().date()
    staff.goto("/staff/consultations/new")
    staff.fill("#f-title", "Hur ska vården nå glesbygden?")
    staff.fill("#f-slug", "varden-glesbygd")
    staff.fill("#f-description", "Dialogen om vård på landsbygden.")
    staff.fill("#f-opens_at", (today - timedelta(days=30)).isoformat())
    staff.fill("#f-closes_at", (today + timedelta(days=30)).isoformat())
    staff.click("form[data-form=consultation] button[type=submit]")
    staff.wait_for_selector("form[data-form=topic]")
    staff.fill("form[data-form=topic] #f-name", "Vårdcentraler")
    staff.click("form[data-form=topic] button[type=submit]")
    staff.wait_for_selector("[data-staff-topics] input[value=Vårdcentraler]")

    citizen = new_page()
    title = "Mobil vårdcentral i inlandet"
    send_proposal(
        citizen, "varden-glesbygd", title, "En buss med sjuksköterska varje vecka.", "Vårdcentraler"
    )
    send_proposal(citizen, "varden-glesbygd", "Fler apotek", "Apotek i varje kommun.")
    answer_chosen(staff, title, "partly_included", consultation="Hur ska vården nå glesbygden?")

    # The input closed yesterday; analysis and answers come later; the agenda is linked.
    staff.goto("/staff")
    staff.get_by_role("link", name="Hur ska vården nå glesbygden?").click()
    staff.fill("#f-closes_at", (today - timedelta(days=1)).isoformat())
    staff.fill("#f-analysis_until", (today + timedelta(days=10)).isoformat())
    staff.fill("#f-answered_from", (today + timedelta(days=20)).isoformat())
    staff.fill("#f-agenda_url", AGENDA)
    violations = checked(staff, "staff-consultation-phases")
    staff.click("form[data-form=consultation] button[type=submit]")
    staff.wait_for_selector("[data-flash=success]")

    visitor = new_page(bypass_csp=True)
    visitor.goto("/")
    closed = visitor.locator("[data-closed-consultation=varden-glesbygd]")
    assert closed.locator("[data-results-link]").inner_text().startswith("Se resultaten")
    closed.locator("[data-results-link]").click()
    visitor.wait_for_selector("[data-results]")
    figures = {
        key: visitor.locator(f"[data-result={key}]").inner_text()
        for key in ("proposals", "replies", "supports", "answered")
    }
    assert figures == {"proposals": "2", "replies": "0", "supports": "0", "answered": "1"}
    assert visitor.locator("[data-result-topic]").inner_text() == "Vårdcentraler: 1 förslag"
    taken = visitor.locator("[data-taken-proposal]")
    assert taken.count() == 1
    assert taken.locator("h4").inner_text() == title
    assert taken.locator("[data-state]").inner_text() == "Besvarat: delvis med"
    assert ANSWER in taken.inner_text()
    assert visitor.locator("[data-agenda-link]").get_attribute("href") == AGENDA
    phases = visitor.locator("[data-phase]")
    assert [phases.nth(i).get_attribute("data-phase-state") for i in range(3)] == [
        "done",
        "current",
        "upcoming",
    ]
    assert visitor.locator("[aria-current=step]").get_attribute("data-phase") == "analysis"
    violations += checked(visitor, "consultation-results")
    visitor.goto("/")
    violations += checked(visitor, "home-with-results")
    assert violations == [], "\n".join(violations)


def test_11_the_status_page_masks_a_personal_number_and_copies_its_link(
    new_page: NewPage,
) -> None:
    page = new_page(bypass_csp=True)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    link = send_proposal(
        page, "regionens-agenda", "Ring mig om bussen", f"Mitt personnummer är {PNR}, ring mig."
    )
    body = page.locator("[data-original-body]")
    assert PNR not in page.content()
    assert body.locator("mark[data-masked='PII-PNR']").count() == 1
    copy = page.locator("[data-copy-link]")
    assert copy.is_visible()
    copy.click()
    page.wait_for_selector("[data-copy-result]:has-text('Länken är kopierad.')")
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    violations = checked(page, "status-masked")
    assert violations == [], "\n".join(violations)

    # Without JavaScript the button stays hidden: the link is in its field to copy by hand.
    plain = new_page(javascript=False)
    plain.goto(link)
    assert not plain.locator("[data-copy-link]").is_visible()
    assert PNR not in plain.content()


def test_12_a_support_pressed_while_signed_out_counts_after_the_login(new_page: NewPage) -> None:
    page = new_page()
    link = send_proposal(page, "regionens-agenda", "Cykelställ vid stationen", "Fler tak.")
    visitor = new_page()
    visitor.goto(link)
    visitor.click("[data-published-link]")
    visitor.click("[data-action=support]")
    visitor.wait_for_url("**/login**")
    visitor.fill("#f-email", "second@e2e.se")
    visitor.fill("#f-password", PASSWORD)
    visitor.click("form[data-form=login] button[type=submit]")
    visitor.wait_for_selector("[data-proposal]")
    assert visitor.locator(".support [data-supports]").get_attribute("data-supports") == "1"
    assert "Tack för ditt stöd." in visitor.locator("[data-flash=success]").all_inner_texts()
