"""A moderator decides on the queue card itself (issue 20, item 5): with JavaScript the card's
decision is sent without a page load and focus lands on the next card; without JavaScript the
queue comes back scrolled to the next card. The queue with its cards does not scroll sideways
at 320 px."""

from __future__ import annotations

from tests.e2e.conftest import NewPage
from tests.e2e.helpers import INSULT, INSULT_WITH_NUMBER, PNR, login, reference, send_reply
from tests.e2e.test_layout import OVERFLOW
from tests.e2e.test_moderation_journeys import choose_by_keyboard, press_j_until, queue_row


def _held(new_page: NewPage, body: str) -> tuple[int, str]:
    citizen = new_page()
    status = send_reply(citizen, body)
    return reference(citizen), status


def test_cards_decide_without_a_page_load_and_focus_the_next(new_page: NewPage) -> None:
    masked, masked_status = _held(new_page, INSULT_WITH_NUMBER + " Kort ett.")
    rejected, rejected_status = _held(new_page, INSULT + " Kort två.")
    page = new_page()
    login(page, "moderator@e2e.se")
    page.goto("/moderation")
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    press_j_until(page, masked)
    button = page.locator(f"#card-{masked} [data-card-action=redact]")
    assert button.inner_text() == f"Godkänn och dölj {PNR}"
    page.keyboard.press("e")
    page.wait_for_selector(f"#card-{masked}", state="detached")
    assert queue_row(page) is not None, "focus did not land on a card"
    press_j_until(page, rejected)
    page.keyboard.press("r")
    choose_by_keyboard(page, f"#card-{rejected} [data-reason]", "DECENCY-INSULT")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#card-{rejected}", state="detached")
    assert loads == [], f"page loads while deciding on cards: {loads}"
    assert page.locator("[data-card-status]").inner_text() == "Beslutet är sparat."
    status = new_page()
    status.goto(masked_status)
    assert PNR not in status.locator("body").inner_text()
    status.goto(rejected_status)
    assert "Inte publicerad" in status.locator("body").inner_text()


def test_without_javascript_the_queue_returns_at_the_next_card(new_page: NewPage) -> None:
    first, _ = _held(new_page, INSULT + " Utan skript ett.")
    page = new_page(javascript=False)
    login(page, "moderator@e2e.se")
    page.goto("/moderation")
    cards = page.locator("[data-queue-item]")
    ids = [int(cards.nth(i).get_attribute("data-queue-item") or 0) for i in range(cards.count())]
    index = ids.index(first)
    page.click(f"#card-{first} [data-card-action=approve]")
    page.wait_for_load_state()
    assert page.locator("[data-flash]").inner_text().strip() == "Beslutet är sparat."
    if len(ids) > 1:
        after = ids[index + 1] if index + 1 < len(ids) else ids[index - 1]
        assert page.url.endswith(f"#card-{after}")
    assert page.locator(f"#card-{first}").count() == 0


def test_the_queue_with_cards_fits_320_px(new_page: NewPage) -> None:
    _held(new_page, INSULT_WITH_NUMBER + " Smal skärm.")
    page = new_page()
    page.set_viewport_size({"width": 320, "height": 900})
    login(page, "moderator@e2e.se")
    for path in ("/moderation", "/moderation?tab=decided", "/moderation?tab=appeals"):
        page.goto(path)
        assert page.evaluate(OVERFLOW) is None, path
        if path == "/moderation":
            assert page.locator("[data-card-form]").count() >= 1
