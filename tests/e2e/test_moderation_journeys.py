"""Moderators at work: the queue by keyboard alone, a notice from the public decided, and an
author's appeal reversed by a second moderator."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import NewPage
from tests.e2e.helpers import (
    INSULT,
    INSULT_WITH_NUMBER,
    PNR,
    decide,
    in_thread,
    login,
    open_proposal,
    reference,
    send_reply,
    shoot,
)

CLEAN = "Bussarna borde gå oftare på kvällarna, särskilt till Vännäs och Hörnefors."


def queue_row(page: Any) -> int | None:
    """The queue item that holds the focus, if any."""
    value = page.evaluate(
        "() => { const li = document.activeElement.closest('[data-queue-item]');"
        " return li ? Number(li.dataset.queueItem) : null; }"
    )
    return None if value is None else int(value)


def press_j_until(page: Any, item: int) -> None:
    for _ in range(50):
        page.keyboard.press("j")
        if queue_row(page) == item:
            return
    raise AssertionError(f"j never reached INS-{item}")


def press_tab_until(page: Any, selector: str) -> None:
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def choose_by_keyboard(page: Any, selector: str, value: str) -> None:
    """A closed <select> with the focus: arrow down until the value is chosen."""
    for _ in range(40):
        if page.eval_on_selector(selector, "e => e.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} is not among the options of {selector}")


def test_3_a_moderator_works_the_queue_with_the_keyboard(new_page: NewPage) -> None:
    citizen = new_page()
    send_reply(citizen, INSULT_WITH_NUMBER)
    with_number = reference(citizen)
    send_reply(citizen, INSULT)
    insult = reference(citizen)

    page = new_page()
    login(page, "moderator@e2e.se")
    page.goto("/moderation")
    shoot(page, "moderator-queue")
    press_j_until(page, with_number)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/moderation/items/{with_number}")
    shoot(page, "moderator-item")
    assert page.locator("[data-suggested-span]").is_checked()  # the number, ticked
    # The insult is masked too, under its rule: typed into the field, then e outside the field.
    press_tab_until(page, "#f-reason")
    choose_by_keyboard(page, "#f-reason", "DECENCY-INSULT")
    press_tab_until(page, "[data-mask]")
    page.keyboard.type("idiot")
    page.keyboard.press("Tab")
    page.keyboard.press("e")
    page.wait_for_url(lambda url: f"/items/{with_number}" not in url)

    page.goto("/moderation")
    press_j_until(page, insult)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/moderation/items/{insult}")
    page.keyboard.press("r")
    assert page.evaluate("() => document.activeElement.id") == "f-reason"
    choose_by_keyboard(page, "#f-reason", "DECENCY-INSULT")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: f"/items/{insult}" not in url)

    reader = new_page()
    open_proposal(reader)
    redacted = in_thread(reader, with_number).locator(".text").inner_text()
    assert PNR not in redacted and "idiot" not in redacted
    assert "XXXXXXXX-XXXX" in redacted
    assert in_thread(reader, insult).count() == 0
    shoot(reader, "proposal-thread")


def report_and_hide(new_page: NewPage) -> tuple[Any, Any, int]:
    """A clean reply, reported through the notice form and hidden by a moderator; returns the
    author's status page, the notifier's reference page and the reply's number."""
    author = new_page()
    send_reply(author, CLEAN)
    reply = reference(author)
    assert author.locator("[data-state]").get_attribute("data-state") == "published"

    notifier = new_page()
    open_proposal(notifier)
    notifier.click(f"[data-report-link='{reply}']")
    shoot(notifier, "notice-form")
    notifier.select_option("#f-category", "rules:OFFTOPIC")
    notifier.fill("#f-explanation", "Svaret handlar inte om förslaget utan om något annat.")
    notifier.fill("#f-notifier_email", "anmalare@example.se")
    notifier.check("#f-good_faith")
    notifier.click("form[data-form=notice] button[type=submit]")
    notifier.wait_for_selector("[data-notice-reference]")
    assert notifier.locator("[data-notice-state]").get_attribute("data-notice-state") == "open"

    moderator = new_page()
    login(moderator, "moderator@e2e.se")
    moderator.goto("/moderation?tab=reported")
    assert moderator.locator(f"[data-queue-item='{reply}']").count() == 1
    decide(moderator, reply, "reject", reason="OFFTOPIC", note="Svaret rör inte förslaget.")
    return author, notifier, reply


def test_4_a_notice_is_decided_and_the_notifier_sees_the_outcome(new_page: NewPage) -> None:
    _author, notifier, reply = report_and_hide(new_page)
    notifier.reload()
    outcome = notifier.locator("[data-notice-outcome]")
    assert outcome.get_attribute("data-notice-outcome") == "action_taken"
    assert outcome.inner_text().startswith("Vi har gjort något åt innehållet som du anmälde.")
    assert notifier.locator("[data-reported-item-hidden]").count() == 1
    shoot(notifier, "notice-outcome")
    reader = new_page()
    open_proposal(reader)
    assert in_thread(reader, reply).count() == 0


def test_5_the_author_appeals_and_a_second_moderator_reverses(new_page: NewPage) -> None:
    author, _notifier, reply = report_and_hide(new_page)
    author.reload()
    assert author.locator("[data-state]").get_attribute("data-state") == "hidden"
    assert author.locator("[data-statement]").count() == 1
    author.fill("[data-form=appeal] #f-grounds", "Svaret handlar om kvällsbussarna i förslaget.")
    author.click("[data-form=appeal] button[type=submit]")
    author.wait_for_selector("[data-appeal-reference]")
    shoot(author, "status-appealed")

    first = new_page()
    login(first, "moderator@e2e.se")
    first.goto("/moderation?tab=appeals")
    row = first.locator(f"[data-queue-item='{reply}']")
    assert row.locator("[data-own-decision]").count() == 1  # not the one who decided

    second = new_page()
    login(second, "second@e2e.se")
    second.goto("/moderation?tab=appeals")
    row = second.locator(f"[data-queue-item='{reply}']")
    row.locator("input[value=reverse]").check()
    row.locator("textarea[name=reason]").fill("Svaret rör förslaget.")
    row.locator("[data-appeal-form] button[type=submit]").click()
    second.wait_for_load_state()

    reader = new_page()
    open_proposal(reader)
    assert CLEAN in in_thread(reader, reply).inner_text()
    author.reload()
    assert author.locator("[data-state]").get_attribute("data-state") == "restored"
    assert author.locator("[data-appeal-outcome]").count() == 1
